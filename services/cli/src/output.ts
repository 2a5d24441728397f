import { isLeakWatchError } from '@leakwatch/errors';

/**
 * Everything the CLI prints goes through here: human text and JSON lines on stdout, problems
 * on stderr. Keeping it in one place keeps `--json` output free of stray lines.
 */
export function print(text: string): void {
  process.stdout.write(`${text}\n`);
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

export function printError(text: string): void {
  process.stderr.write(`${text}\n`);
}

/** One line for an operator: stable code and message for our errors, the stack otherwise. */
export function describeError(error: unknown): string {
  if (isLeakWatchError(error)) return `error ${error.code}: ${error.message}`;
  return `error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
}

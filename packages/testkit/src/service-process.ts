import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { findWorkspaceRoot } from '@leakwatch/config';

const tsxLoader = createRequire(import.meta.url).resolve('tsx');

/**
 * A service's `main.ts` run as its own process (through tsx, from the workspace root) in its own
 * process group, so a test can kill it and everything it started. `env` is all it sees besides
 * PATH, NODE_ENV=test and LOG_LEVEL=warn. Its output goes to the test's, unless `output: 'pipe'`
 * hands it to a test that reads its log lines (and must then consume both streams).
 */
export function spawnService(
  entry: string,
  env: Record<string, string>,
  options: { output?: 'inherit' | 'pipe' } = {},
): ChildProcess {
  const output = options.output ?? 'inherit';
  return spawn(process.execPath, ['--import', tsxLoader, entry], {
    cwd: findWorkspaceRoot(),
    env: { PATH: process.env['PATH'], NODE_ENV: 'test', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', output, output],
    detached: true,
  });
}

/** Resolves once `child` has exited (at once if it already has). */
export function exited(child: ChildProcess): Promise<void> {
  return new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else
      child.once('exit', () => {
        resolve();
      });
  });
}

/** Signals `child`'s whole process group (unless it is gone already) and waits until it exits. */
export async function stopProcessGroup(
  child: ChildProcess,
  signal: NodeJS.Signals = 'SIGKILL',
): Promise<void> {
  if (child.pid !== undefined && child.exitCode === null && child.signalCode === null)
    process.kill(-child.pid, signal);
  await exited(child);
}

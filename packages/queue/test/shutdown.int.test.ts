import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const child = fileURLToPath(new URL('./fixtures/shutdown-child.ts', import.meta.url));
const tsx = import.meta.resolve('tsx');

/** Runs the child and sends `signal` each time its output reaches one of `triggers`. */
function run(triggers: string[], signal: NodeJS.Signals, timeoutMs: number) {
  const proc = spawn(process.execPath, ['--import', tsx, child, String(timeoutMs)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  const pending = [...triggers];
  const started = Date.now();
  return new Promise<{ output: string; code: number | null; ms: number }>((resolve) => {
    proc.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      while (pending[0] !== undefined && output.includes(pending[0])) {
        pending.shift();
        proc.kill(signal);
      }
    });
    proc.on('exit', (code) => {
      resolve({ output, code, ms: Date.now() - started });
    });
  });
}

describe('installGracefulShutdown', () => {
  it('closes steps in order on SIGTERM, bounding a step that hangs by the overall timeout', async () => {
    const result = await run(['ready\n'], 'SIGTERM', 1_500);
    expect(result.output).toBe('ready\nclosing workers\nclosing hangs\nclosing connections\n');
    expect(result.code).toBe(0);
    expect(result.ms).toBeLessThan(10_000);
  });

  it('stops at once on a second signal', async () => {
    const result = await run(['ready\n', 'closing hangs\n'], 'SIGINT', 30_000);
    expect(result.code).toBe(130);
    expect(result.output).not.toContain('closing connections');
    expect(result.ms).toBeLessThan(10_000);
  });
});

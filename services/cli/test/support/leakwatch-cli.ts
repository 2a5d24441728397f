import { spawn } from 'node:child_process';
import path from 'node:path';
import { childProcessEnv, findWorkspaceRoot } from '@leakwatch/config';

const root = findWorkspaceRoot();
const bin = path.join(root, 'services/cli/bin/leakwatch.js');

export interface CliRun {
  code: number | null;
  lines: Record<string, unknown>[];
  stdout: string;
  stderr: string;
}

/** Runs the CLI as operators do, with the given environment, and parses its JSON lines. */
export function runLeakwatch(
  env: Record<string, string | undefined>,
  args: string[],
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: root,
      env: childProcessEnv(env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const lines = args.includes('--json')
        ? stdout
            .split('\n')
            .filter((line) => line.trim().length > 0)
            .map((line) => JSON.parse(line) as Record<string, unknown>)
        : [];
      resolve({ code, lines, stdout, stderr });
    });
  });
}

/** The CLI bound to one test database and data folder, as a test file uses it. */
export function cliAgainst(
  databaseUrl: () => string,
  redisUrl: string,
  dataDir: () => string,
): (...args: string[]) => Promise<CliRun> {
  return (...args) =>
    runLeakwatch(
      {
        DATABASE_URL: databaseUrl(),
        REDIS_URL: redisUrl,
        LEAKWATCH_DATA_DIR: dataDir(),
        LOG_LEVEL: 'warn',
      },
      args,
    );
}

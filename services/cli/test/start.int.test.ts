import { spawn } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import getPort from 'get-port';
import { afterAll, describe, expect, it } from 'vitest';
import { childProcessEnv, findWorkspaceRoot } from '@leakwatch/config';
import { listProcesses, processTree, type ProcessInfo } from '@leakwatch/testkit';

const root = findWorkspaceRoot();
let dataDir = '';

afterAll(async () => {
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

function alive(pids: number[]): ProcessInfo[] {
  const running = listProcesses();
  return running.filter(
    (p) => pids.includes(p.pid) || (dataDir !== '' && p.cmdline.includes(dataDir)),
  );
}

describe.skipIf(process.platform !== 'linux')('pnpm start', () => {
  // Starts embedded PostgreSQL, Redis and every service: 49 s in a full run on this two-core
  // machine, too close to the default 60 s.
  it('comes up with nothing configured (embedded PostgreSQL, local Redis) and Ctrl-C leaves no process behind', async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'lw-start-'));
    // As root, PostgreSQL runs as the postgres user, which must be able to enter the folder.
    await chmod(dataDir, 0o755);
    const apiPort = await getPort();
    const demoPort = await getPort();
    const env = childProcessEnv({
      DATABASE_URL: undefined,
      REDIS_URL: undefined,
      LEAKWATCH_DATA_DIR: dataDir,
      // Nothing listens there: LeakWatch must start its own Redis, as on a bare machine.
      LEAKWATCH_PROBE_REDIS_URL: `redis://127.0.0.1:${await getPort()}`,
      API_PORT: String(apiPort),
      DEMO_SIMULATOR_PORT: String(demoPort),
      LOG_LEVEL: 'warn',
      NODE_ENV: 'development',
    });
    // Its own process group, like a terminal's foreground job, so the test can "press Ctrl-C".
    const pnpm = spawn('pnpm', ['start'], {
      cwd: root,
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    pnpm.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    pnpm.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => {
      pnpm.on('exit', (code) => {
        resolve(code);
      });
    });
    const pid = pnpm.pid ?? 0;

    try {
      const deadline = Date.now() + 120_000;
      while (
        !output.includes('LeakWatch is running.') &&
        Date.now() < deadline &&
        pnpm.exitCode === null
      ) {
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      expect(output).toContain('LeakWatch is running.');
      expect(output).toContain(`Dashboard:  http://127.0.0.1:${apiPort}/`);
      expect(output).toMatch(
        /PostgreSQL: postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres \(started by LeakWatch\)/,
      );
      expect(output).toMatch(/Redis: +redis:\/\/127\.0\.0\.1:\d+ \(started by LeakWatch\)/);

      const ready = await fetch(`http://127.0.0.1:${apiPort}/readyz`);
      expect(ready.status).toBe(200);

      // A brand-new installation prints its first admin once, and that account signs in.
      const email = /Email: +(\S+)/.exec(output)?.[1];
      const password = /Password: +(\S+)/.exec(output)?.[1];
      expect(email).toBe('admin@leakwatch.local');
      const signIn = await fetch(`http://127.0.0.1:${apiPort}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password }),
      });
      expect(signIn.status).toBe(200);

      // Nothing configured: a demo source is watched on the simulated Facebook it started.
      expect(output).toContain(
        `Demo:       watching a simulated Facebook group, http://127.0.0.1:${demoPort}/groups/`,
      );
      const cookie = signIn.headers
        .getSetCookie()
        .map((c) => c.split(';')[0])
        .join('; ');
      const listed = await fetch(`http://127.0.0.1:${apiPort}/api/sources`, {
        headers: { cookie },
      });
      expect(listed.status).toBe(200);
      const { sources } = (await listed.json()) as { sources: { url: string; state: string }[] };
      expect(sources.map((source) => source.url)).toEqual([
        `http://127.0.0.1:${demoPort}/groups/demo-cong-dong-lam-dong`,
      ]);
      const demoGroup = await fetch(sources[0]?.url ?? '');
      expect(demoGroup.status).toBe(200);
      expect(await demoGroup.text()).toContain('data-sjs');

      // The databases run in their own sessions; their pid files say which processes they are.
      const redisPid = Number(await readFile(path.join(dataDir, 'redis', 'redis.pid'), 'utf8'));
      const everything = listProcesses();
      const started = [
        ...processTree(pid, everything),
        ...everything.filter((p) => p.cmdline.includes(dataDir)),
        ...processTree(redisPid, everything),
      ];
      const pids = [...new Set(started.map((p) => p.pid))];
      for (const entry of [
        'services/api/src/server.ts',
        'services/worker/src/main.ts',
        'services/crawler/src/main.ts',
        'services/demo/src/main.ts',
        'services/notifier/src/main.ts',
      ])
        expect(
          started.some((p) => p.cmdline.includes(entry)),
          entry,
        ).toBe(true);
      expect(
        started.some((p) => p.cmdline.includes('postgres') && p.cmdline.includes(dataDir)),
      ).toBe(true);
      expect(started.some((p) => p.cmdline.includes('redis-server'))).toBe(true);

      process.kill(-pid, 'SIGINT');
      await exited;
      const stopDeadline = Date.now() + 15_000;
      while (alive(pids).length > 0 && Date.now() < stopDeadline) {
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(alive(pids)).toEqual([]);
      expect(output).toContain('LeakWatch stopped.');
      await expect(fetch(`http://127.0.0.1:${apiPort}/healthz`)).rejects.toThrow();
    } finally {
      // On failure, leave nothing running: the group, and the databases in their own sessions.
      if (pnpm.exitCode === null && pnpm.signalCode === null) process.kill(-pid, 'SIGKILL');
      const redisPid = Number(
        await readFile(path.join(dataDir, 'redis', 'redis.pid'), 'utf8').catch(() => '0'),
      );
      for (const leftover of alive(redisPid > 0 ? [redisPid] : []))
        process.kill(leftover.pid, 'SIGKILL');
    }
  }, 180_000);
});

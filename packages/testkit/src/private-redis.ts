import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { probeRedis, resolveRedisServerBin } from '@leakwatch/local-stack';
import { freePort } from './free-port.js';
import { exited } from './service-process.js';

/** A redis-server of the test's own, which it can stop and start again at will. */
export interface PrivateRedis {
  url: string;
  /** The running server's pid (undefined while stopped). */
  readonly pid: number | undefined;
  /** Signals the server and waits until it exits; SIGTERM writes the append-only file out. */
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
  /** Starts it again on the same port with the same data, read back from the append-only file. */
  start(): Promise<void>;
}

/**
 * A redis-server child of the test process on a free port, with its append-only file in `dir`
 * (appendonly yes, appendfsync everysec, noeviction, as infra/compose.yaml runs it), for tests
 * that stop and restart Redis without touching the server other test files share.
 * packages/local-stack's starter does not fit: it daemonizes and picks a new port on a restart
 * within seconds (get-port holds back the ports it handed out).
 */
export async function startPrivateRedis(dir: string): Promise<PrivateRedis> {
  const bin = await resolveRedisServerBin('redis-server');
  await mkdir(dir, { recursive: true });
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    dir,
    '--logfile',
    path.join(dir, 'redis.log'),
    '--appendonly',
    'yes',
    '--appendfsync',
    'everysec',
    '--maxmemory-policy',
    'noeviction',
  ];
  let child: ChildProcess | undefined;

  const start = async () => {
    if (child) throw new Error(`the private Redis on port ${port} is running already`);
    const started = spawn(bin, args, { stdio: 'ignore' });
    child = started;
    for (let attempt = 0; attempt < 100; attempt += 1) {
      if (await probeRedis(url, 500)) return;
      if (started.exitCode !== null) break;
      await sleep(100);
    }
    throw new Error(`the private Redis did not answer on port ${port}; see ${dir}/redis.log`);
  };
  await start();

  return {
    url,
    get pid() {
      return child?.pid;
    },
    async stop(signal = 'SIGTERM') {
      const running = child;
      if (!running) return;
      child = undefined;
      if (running.exitCode === null && running.signalCode === null) running.kill(signal);
      await exited(running);
    },
    start,
  };
}

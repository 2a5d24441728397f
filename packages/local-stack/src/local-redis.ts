import { mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import getPort, { portNumbers } from 'get-port';
import { Redis } from 'ioredis';
import lockfile from 'proper-lockfile';
import { LeakWatchError } from '@leakwatch/errors';
import type { LogSink } from '@leakwatch/observability';
import type { LocalServer } from './local-server.js';
import { ownedByAnotherLiveProcess, readOwner, writeOwner } from './ownership.js';
import { probeRedis } from './probe.js';
import {
  findExecutable,
  isProcessAlive,
  readLogTail,
  run,
  sleep,
  waitForExit,
} from './processes.js';

export interface LocalRedisOptions {
  /** Folder for the append-only file, pid file, log and owner record. */
  dir: string;
  /** The redis-server program: a name looked up on PATH, or a path. */
  serverBin: string;
  log: LogSink;
  /** Append-only persistence, as production runs it; off for throw-away test servers. */
  durable: boolean;
}

const firstPreferredPort = 56380;

export const redisInstallHint = [
  'install Redis 7 and run LeakWatch again:',
  '  Debian/Ubuntu: sudo apt-get install redis-server',
  '  macOS (Homebrew): brew install redis',
  '  Docker: docker compose -f infra/compose.yaml up -d redis, then REDIS_URL=redis://127.0.0.1:6379',
  'or set REDIS_URL to a Redis server you already run (LEAKWATCH_REDIS_SERVER_BIN names another program).',
].join('\n');

/** Fails fast (before anything slow starts) when no redis-server can be found. */
export async function resolveRedisServerBin(serverBin: string): Promise<string> {
  const found = await findExecutable(serverBin);
  if (!found) {
    throw new LeakWatchError('LW_REDIS_SERVER_MISSING', {
      params: { hint: `\n${redisInstallHint}` },
    });
  }
  return found;
}

function urlFor(port: number): string {
  return `redis://127.0.0.1:${port}`;
}

async function readPid(file: string): Promise<number | undefined> {
  try {
    const pid = Number((await readFile(file, 'utf8')).trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Starts (or attaches to) a redis-server bound to 127.0.0.1 on a free port, with its data in
 * `dir`. It daemonizes into its own session, so Ctrl-C reaches LeakWatch, which stops it last.
 */
export async function startLocalRedis(options: LocalRedisOptions): Promise<LocalServer> {
  const { dir, log, durable } = options;
  const bin = await resolveRedisServerBin(options.serverBin);
  await mkdir(dir, { recursive: true });
  const pidFile = path.join(dir, 'redis.pid');
  const release = await lockfile.lock(dir, {
    retries: { retries: 60, minTimeout: 250, maxTimeout: 500 },
    stale: 30_000,
  });
  try {
    const owner = await readOwner(dir);
    const runningPid = await readPid(pidFile);
    if (
      owner &&
      runningPid &&
      isProcessAlive(runningPid) &&
      (await probeRedis(urlFor(owner.port), 1000))
    ) {
      const owned = !ownedByAnotherLiveProcess(owner);
      if (owned) await writeOwner(dir, { pid: process.pid, port: owner.port });
      log.info({ port: owner.port, owned }, 'using the local Redis that is already running');
      return server(owner.port, runningPid, owned, log);
    }
    await rm(pidFile, { force: true });
    const port = await getPort({
      port: [
        owner?.port ?? firstPreferredPort,
        ...portNumbers(firstPreferredPort, firstPreferredPort + 79),
      ],
    });
    const args = [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--protected-mode',
      'yes',
      '--dir',
      dir,
      '--pidfile',
      pidFile,
      '--logfile',
      path.join(dir, 'redis.log'),
      '--daemonize',
      'yes',
      '--save',
      '',
      '--appendonly',
      durable ? 'yes' : 'no',
      // BullMQ needs keys never evicted.
      '--maxmemory-policy',
      'noeviction',
    ];
    const started = await run(bin, args);
    if (started.code !== 0) {
      throw new LeakWatchError('LW_REDIS_START_FAILED', {
        params: {
          reason: started.stderr.trim() || started.stdout.trim() || `exit code ${started.code}`,
        },
      });
    }
    for (let attempt = 0; attempt < 100; attempt += 1) {
      if (await probeRedis(urlFor(port), 500)) {
        const pid = await readPid(pidFile);
        await writeOwner(dir, { pid: process.pid, port });
        log.info({ port }, 'local Redis started');
        return server(port, pid, true, log);
      }
      await sleep(100);
    }
    const logTail = await readLogTail(path.join(dir, 'redis.log'), 5);
    throw new LeakWatchError('LW_REDIS_START_FAILED', {
      params: { reason: `no answer on port ${port}\n${logTail}` },
    });
  } finally {
    await release();
  }
}

function server(port: number, pid: number | undefined, owned: boolean, log: LogSink): LocalServer {
  let stopped = false;
  return {
    kind: 'redis',
    url: urlFor(port),
    owned,
    async stop() {
      if (!owned || stopped) return;
      stopped = true;
      const client = new Redis(urlFor(port), {
        lazyConnect: true,
        maxRetriesPerRequest: 0,
        retryStrategy: () => null,
      });
      client.on('error', () => undefined);
      try {
        await client.connect();
        // SHUTDOWN flushes the append-only file; the connection closing is the expected answer.
        await client.shutdown().catch(() => undefined);
      } catch {
        if (pid) process.kill(pid, 'SIGTERM');
      } finally {
        client.disconnect();
      }
      if (pid && !(await waitForExit(pid, 10_000))) {
        process.kill(pid, 'SIGKILL');
        log.warn({ port }, 'local Redis did not stop in 10 s and was killed');
      } else {
        log.info({ port }, 'local Redis stopped');
      }
    },
  };
}

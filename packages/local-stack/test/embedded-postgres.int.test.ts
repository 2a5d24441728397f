import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDatabase, createRepositories, migrateDatabase } from '@leakwatch/db';
import { createLogger } from '@leakwatch/observability';
import { isProcessAlive, probePostgres, startEmbeddedPostgres } from '../src/index.js';

const log = createLogger({ name: 'embedded-postgres-test', level: 'silent' });
const dirs: string[] = [];

afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('embedded PostgreSQL (binaries from the npm registry)', () => {
  it('initialises, starts on a free port, migrates, answers queries and stops', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'lw-embedded-pg-'));
    dirs.push(dir);
    const server = await startEmbeddedPostgres({ dir, log, durable: false });
    expect(server.owned).toBe(true);
    const port = Number(new URL(server.url).port);
    expect(port).toBeGreaterThan(1024);
    const postmasterPid = Number(
      (await readFile(path.join(dir, 'pgdata', 'postmaster.pid'), 'utf8')).split('\n')[0],
    );
    try {
      await migrateDatabase(server.url);
      const handle = createDatabase(server.url, { max: 1 });
      const repos = createRepositories(handle.db);
      const { source } = await repos.sources.upsert({
        kind: 'page',
        url: 'https://www.facebook.com/baolamdong',
        canonicalKey: 'page:baolamdong',
      });
      expect((await repos.sources.findById(source.id))?.canonicalKey).toBe('page:baolamdong');
      expect((await repos.health.migrationStatus()).upToDate).toBe(true);
      const version = await handle.pool.query<{ server_version_num: string }>(
        'show server_version_num',
      );
      expect(Number(version.rows[0]?.server_version_num)).toBeGreaterThanOrEqual(150000);
      await handle.close();

      // A second process attaches to the running cluster instead of starting another.
      const attached = await startEmbeddedPostgres({ dir, log, durable: false });
      expect(attached.url).toBe(server.url);
    } finally {
      await server.stop();
    }
    expect(isProcessAlive(postmasterPid)).toBe(false);
    expect(await probePostgres(server.url, 500)).toBe(false);
  });
});

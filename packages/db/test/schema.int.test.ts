import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { useTestDatabase, withDatabase } from '@leakwatch/testkit';
import { createDatabase, createRepositories, migrateDatabase } from '../src/index.js';

const testDb = useTestDatabase();

describe('schema and repositories', () => {
  it('reports the template clone as fully migrated', async () => {
    const status = await testDb().repos.health.migrationStatus();
    expect(status.expected).toBeGreaterThan(0);
    expect(status).toEqual({ expected: status.expected, applied: status.expected, upToDate: true });
  });

  it('stores a source once per canonical key', async () => {
    const { sources } = testDb().repos;
    const first = await sources.upsert({
      kind: 'group',
      url: 'https://www.facebook.com/groups/congdongdalat',
      canonicalKey: 'group:congdongdalat',
      cadenceSeconds: 900,
    });
    const second = await sources.upsert({
      kind: 'group',
      url: 'https://facebook.com/groups/congdongdalat/',
      canonicalKey: 'group:congdongdalat',
    });
    expect(first.created).toBe(true);
    expect(second.created).toBe(false);
    expect(second.source.id).toBe(first.source.id);
    expect(second.source.cadenceSeconds).toBe(900);
    expect(second.source.state).toBe('pending');
  });

  it('refuses a second alert for the same image and verdict, even without a document', async () => {
    const { pool } = testDb().handle;
    const imageId = randomUUID();
    await pool.query(
      `insert into images (id, sha256, byte_size, blob_key) values ($1, $2, 10, 'blobs/x')`,
      [imageId, 'a'.repeat(64)],
    );
    const insertAlert = () =>
      pool.query(
        `insert into alerts (image_id, kind, dedup_key) values ($1, 'sensitive_unregistered', 'k')`,
        [imageId],
      );
    await insertAlert();
    await expect(insertAlert()).rejects.toMatchObject({ code: '23505' });
  });
});

describe('migrateDatabase', () => {
  it('lets concurrent processes migrate an empty database exactly once', async () => {
    const { databaseUrl, runId } = inject('leakwatch');
    const name = `lwt_${runId}_concurrent_${randomUUID().slice(0, 8)}`;
    const admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    await admin.query(`create database ${admin.escapeIdentifier(name)}`);
    const url = withDatabase(databaseUrl, name);
    try {
      await Promise.all([migrateDatabase(url), migrateDatabase(url), migrateDatabase(url)]);
      const handle = createDatabase(url, { max: 1 });
      const status = await createRepositories(handle.db).health.migrationStatus();
      const recorded = await handle.pool.query(
        'select count(*)::int as n from drizzle.__drizzle_migrations',
      );
      await handle.close();
      expect(status.upToDate).toBe(true);
      expect(recorded.rows[0]).toEqual({ n: status.expected });
    } finally {
      await admin.query(`drop database if exists ${admin.escapeIdentifier(name)} with (force)`);
      await admin.end();
    }
  });
});

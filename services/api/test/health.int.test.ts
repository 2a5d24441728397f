import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { parseConfig } from '@leakwatch/config';
import { createDatabase, createRepositories } from '@leakwatch/db';
import { createLogger } from '@leakwatch/observability';
import { createRedisConnection } from '@leakwatch/queue';
import { useTestDatabase, withDatabase } from '@leakwatch/testkit';
import { buildApp } from '../src/index.js';

const testDb = useTestDatabase();
const log = createLogger({ name: 'api-test', level: 'silent' });
const config = parseConfig({});

describe('health endpoints', () => {
  it('/healthz answers while /readyz checks PostgreSQL, Redis and the schema', async () => {
    const redis = createRedisConnection(inject('leakwatch').redisUrl, 'producer');
    const app = await buildApp({ config, repos: testDb().repos, redis, log });
    try {
      const health = await app.inject({ url: '/healthz' });
      expect(health.json()).toEqual({ status: 'ok' });
      const ready = await app.inject({ url: '/readyz' });
      expect(ready.statusCode).toBe(200);
      expect(ready.json()).toMatchObject({
        status: 'ready',
        checks: { postgres: { ok: true }, redis: { ok: true }, migrations: { ok: true } },
      });
    } finally {
      await app.close();
      redis.disconnect();
    }
  });

  it('/readyz answers 503 problem+json when the schema is not migrated', async () => {
    const { databaseUrl, runId } = inject('leakwatch');
    const name = `lwt_${runId}_empty_${randomUUID().slice(0, 8)}`;
    const admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    await admin.query(`create database ${admin.escapeIdentifier(name)}`);
    const handle = createDatabase(withDatabase(databaseUrl, name), { max: 2 });
    const redis = createRedisConnection(inject('leakwatch').redisUrl, 'producer');
    const app = await buildApp({ config, repos: createRepositories(handle.db), redis, log });
    try {
      const ready = await app.inject({ url: '/readyz' });
      expect(ready.statusCode).toBe(503);
      expect(ready.headers['content-type']).toContain('application/problem+json');
      expect(ready.json()).toMatchObject({
        status: 503,
        code: 'LW_SERVICE_UNAVAILABLE',
        checks: { postgres: { ok: true }, migrations: { ok: false } },
      });
    } finally {
      await app.close();
      redis.disconnect();
      await handle.close();
      await admin.query(`drop database if exists ${admin.escapeIdentifier(name)} with (force)`);
      await admin.end();
    }
  });
});

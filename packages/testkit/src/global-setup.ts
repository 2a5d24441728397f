import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { getConfig } from '@leakwatch/config';
import { migrateDatabase } from '@leakwatch/db';
import { resolveServices } from '@leakwatch/local-stack';
import { createLogger } from '@leakwatch/observability';
import { withDatabase, type ProvidedServices } from './provided.js';

/** Databases of runs older than this are assumed abandoned (killed runs) and dropped. */
const staleAfterSeconds = 6 * 3600;

export const testDatabasePrefix = 'lwt_';

async function withAdmin<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, application_name: 'leakwatch-test-setup' });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

async function dropDatabases(client: pg.Client, names: string[]): Promise<void> {
  for (const name of names) {
    await client.query(`drop database if exists ${client.escapeIdentifier(name)} with (force)`);
  }
}

/**
 * Integration-test services, resolved the same way `pnpm start` resolves them (running servers
 * when their URLs answer, embedded ones otherwise), plus one migrated template database that
 * each test file clones.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const config = getConfig();
  const log = createLogger({
    name: 'test-setup',
    level: config.log.level === 'info' ? 'warn' : config.log.level,
  });
  const services = await resolveServices({ config, mode: 'test', log });
  const now = Math.floor(Date.now() / 1000);
  const runId = `${now}_${randomBytes(3).toString('hex')}`;
  const templateDatabase = `${testDatabasePrefix}${runId}_template`;

  await withAdmin(services.databaseUrl, async (client) => {
    const existing = await client.query<{ datname: string }>(
      'select datname from pg_database where datname like $1',
      [`${testDatabasePrefix}%`],
    );
    const stale = existing.rows
      .map((row) => row.datname)
      .filter(
        (name) =>
          Number(name.slice(testDatabasePrefix.length).split('_')[0]) < now - staleAfterSeconds,
      );
    await dropDatabases(client, stale);
    await client.query(`create database ${client.escapeIdentifier(templateDatabase)}`);
  });
  await migrateDatabase(withDatabase(services.databaseUrl, templateDatabase));

  const provided: ProvidedServices = {
    databaseUrl: services.databaseUrl,
    redisUrl: services.redisUrl,
    templateDatabase,
    runId,
    origin: services.origin,
  };
  project.provide('leakwatch', provided);
  // One line in the test log saying which servers the integration tests use.
  process.stderr.write(
    `integration services: PostgreSQL ${services.origin.postgres}, Redis ${services.origin.redis}\n`,
  );

  return async () => {
    await withAdmin(services.databaseUrl, async (client) => {
      const mine = await client.query<{ datname: string }>(
        'select datname from pg_database where datname like $1',
        [`${testDatabasePrefix}${runId}%`],
      );
      await dropDatabases(
        client,
        mine.rows.map((row) => row.datname),
      );
    });
    await services.stop();
  };
}

import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, inject } from 'vitest';
import {
  createDatabase,
  createRepositories,
  type DatabaseHandle,
  type Repositories,
} from '@leakwatch/db';
import { withDatabase } from './provided.js';
import { testDatabasePrefix } from './global-setup.js';

export interface TestDatabase {
  url: string;
  name: string;
  handle: DatabaseHandle;
  repos: Repositories;
}

/**
 * Gives the calling test file its own database, cloned from the migrated template, so files
 * run in parallel without seeing each other's rows. Call at the top of a test file.
 */
export function useTestDatabase(): () => TestDatabase {
  let current: TestDatabase | undefined;
  const services = inject('leakwatch');

  beforeAll(async () => {
    const name = `${testDatabasePrefix}${services.runId}_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: services.databaseUrl });
    await admin.connect();
    try {
      await admin.query(
        `create database ${admin.escapeIdentifier(name)} template ${admin.escapeIdentifier(services.templateDatabase)}`,
      );
    } finally {
      await admin.end();
    }
    const url = withDatabase(services.databaseUrl, name);
    const handle = createDatabase(url, { max: 5, applicationName: 'leakwatch-test' });
    current = { url, name, handle, repos: createRepositories(handle.db) };
  });

  afterAll(async () => {
    if (!current) return;
    await current.handle.close();
    const admin = new pg.Client({ connectionString: services.databaseUrl });
    await admin.connect();
    try {
      await admin.query(
        `drop database if exists ${admin.escapeIdentifier(current.name)} with (force)`,
      );
    } finally {
      await admin.end();
    }
  });

  return () => {
    if (!current)
      throw new Error('useTestDatabase(): the database exists only inside tests and hooks');
    return current;
  };
}

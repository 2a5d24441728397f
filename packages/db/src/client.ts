import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import type { LogSink } from '@leakwatch/observability';
import * as schema from './schema/index.js';

export type Database = NodePgDatabase<typeof schema>;

/** Column names are snake_case in SQL and camelCase in TypeScript, everywhere. */
export const casing = 'snake_case';

export interface DatabaseHandle {
  db: Database;
  pool: pg.Pool;
  close(): Promise<void>;
}

export interface CreateDatabaseOptions {
  /** Pool size; a worker needs few connections, the API more. */
  max?: number;
  applicationName?: string;
  log?: LogSink;
}

// BIGINT (shingle hashes, audit ids) and NUMERIC stay exact: they come back as strings unless
// a column says otherwise; COUNT(*) results are parsed where they are read.
export function createDatabase(url: string, options: CreateDatabaseOptions = {}): DatabaseHandle {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    application_name: options.applicationName ?? 'leakwatch',
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
  });
  // An idle client losing its connection (database restart) must not crash the process;
  // the pool replaces it on the next checkout. Only its message and code are logged: pg-pool
  // hangs the whole client, connection parameters included, on the error.
  pool.on('error', (error: Error & { code?: string }) =>
    options.log?.warn(
      { err: { message: error.message, code: error.code } },
      'idle PostgreSQL connection failed',
    ),
  );
  // Neither does a checked-out client losing it between two queries (inside a transaction):
  // the pool listens only to idle clients. Its next query fails instead, and the pool drops
  // the client when it is released.
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
  });
  const db = drizzle({ client: pool, schema, casing });
  return {
    db,
    pool,
    close: async () => {
      await pool.end();
    },
  };
}

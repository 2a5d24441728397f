import { fileURLToPath } from 'node:url';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import pg from 'pg';
import { LeakWatchError } from '@leakwatch/errors';
import type { LogSink } from '@leakwatch/observability';
import { casing } from './client.js';

export const migrationsFolder = fileURLToPath(new URL('../drizzle', import.meta.url));

/** Arbitrary constant: the advisory lock that serialises migrations across processes. */
const migrationLockKey = 0x1ea4_a7c5;

/**
 * Applies pending migrations. Every service and CLI command calls this on start, so several
 * processes may race: a session advisory lock lets exactly one migrate while the rest wait.
 */
export async function migrateDatabase(url: string, log?: LogSink): Promise<void> {
  const client = new pg.Client({ connectionString: url, application_name: 'leakwatch-migrate' });
  try {
    await client.connect();
    await client.query('select pg_advisory_lock($1)', [migrationLockKey]);
    const started = Date.now();
    await migrate(drizzle({ client, casing }), { migrationsFolder });
    log?.debug({ ms: Date.now() - started }, 'migrations applied');
  } catch (error) {
    throw new LeakWatchError('LW_MIGRATION_FAILED', {
      params: { reason: error instanceof Error ? error.message : String(error) },
      cause: error,
    });
  } finally {
    await client.end().catch(() => undefined);
  }
}

export interface MigrationStatus {
  expected: number;
  applied: number;
  upToDate: boolean;
}

/** The migrations this code ships, newest last (read once: they do not change at run time). */
let shipped: ReturnType<typeof readMigrationFiles> | undefined;
export function shippedMigrations(): ReturnType<typeof readMigrationFiles> {
  shipped ??= readMigrationFiles({ migrationsFolder });
  return shipped;
}

import { sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { shippedMigrations, type MigrationStatus } from '../migrate.js';

export class HealthRepository {
  constructor(private readonly db: Database) {}

  async ping(): Promise<void> {
    await this.db.execute(sql`select 1`);
  }

  /** Compares the migrations this code ships with those recorded in the database. */
  async migrationStatus(): Promise<MigrationStatus> {
    const expected = shippedMigrations();
    const table = await this.db.execute<{ exists: boolean }>(
      sql`select to_regclass('drizzle.__drizzle_migrations') is not null as exists`,
    );
    let appliedHashes = new Set<string>();
    if (table.rows[0]?.exists) {
      const rows = await this.db.execute<{ hash: string }>(
        sql`select hash from drizzle.__drizzle_migrations`,
      );
      appliedHashes = new Set(rows.rows.map((row) => row.hash));
    }
    const applied = expected.filter((migration) => appliedHashes.has(migration.hash)).length;
    return { expected: expected.length, applied, upToDate: applied === expected.length };
  }
}

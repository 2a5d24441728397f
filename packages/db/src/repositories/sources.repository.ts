import { asc, eq } from 'drizzle-orm';
import type { Database } from '../client.js';
import { sources } from '../schema/index.js';

export type Source = typeof sources.$inferSelect;
export type NewSource = typeof sources.$inferInsert;

export class SourcesRepository {
  constructor(private readonly db: Database) {}

  /** Adds a source, or returns the existing row with the same canonical key. */
  async upsert(source: NewSource): Promise<{ source: Source; created: boolean }> {
    const inserted = await this.db
      .insert(sources)
      .values(source)
      .onConflictDoNothing({ target: sources.canonicalKey })
      .returning();
    if (inserted[0]) return { source: inserted[0], created: true };
    const existing = await this.findByCanonicalKey(source.canonicalKey);
    if (!existing) throw new Error(`source ${source.canonicalKey} vanished during upsert`);
    return { source: existing, created: false };
  }

  async findByCanonicalKey(canonicalKey: string): Promise<Source | undefined> {
    const rows = await this.db.select().from(sources).where(eq(sources.canonicalKey, canonicalKey));
    return rows[0];
  }

  async findById(id: string): Promise<Source | undefined> {
    const rows = await this.db.select().from(sources).where(eq(sources.id, id));
    return rows[0];
  }

  async list(): Promise<Source[]> {
    return this.db.select().from(sources).orderBy(asc(sources.createdAt));
  }
}

import { and, asc, countDistinct, desc, eq, isNull, lte, or, sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { imageSightings, posts, sources } from '../schema/index.js';

export type Source = typeof sources.$inferSelect;
export type NewSource = typeof sources.$inferInsert;
export type SourceState = Source['state'];

/** What an operator may change on a source. */
export interface SourcePatch {
  name?: string | null;
  cadenceSeconds?: number;
  paused?: boolean;
  accountId?: string | null;
}

/** What crawling a source has found so far: its posts, and the distinct images in them. */
export interface SourceFindings {
  posts: number;
  images: number;
}

/** The result of one crawl, as `@leakwatch/crawl-policy` planned it. */
export interface CrawlRecord {
  state: Exclude<SourceState, 'pending'>;
  failureCount: number;
  nextCrawlAt: Date | null;
  blockedUntil: Date | null;
  lastError: string | null;
  crawledAt: Date;
}

export class SourcesRepository {
  constructor(private readonly db: Database) {}

  /**
   * Adds a source, or returns the existing row with the same canonical key. A removed source
   * given again comes back (with its history) and is crawled soon.
   */
  async upsert(source: NewSource): Promise<{ source: Source; created: boolean }> {
    const inserted = await this.db
      .insert(sources)
      .values(source)
      .onConflictDoNothing({ target: sources.canonicalKey })
      .returning();
    if (inserted[0]) return { source: inserted[0], created: true };
    const restored = await this.db
      .update(sources)
      .set({ removedAt: null, paused: false, nextCrawlAt: source.nextCrawlAt ?? new Date() })
      .where(
        and(eq(sources.canonicalKey, source.canonicalKey), sql`${sources.removedAt} is not null`),
      )
      .returning();
    if (restored[0]) return { source: restored[0], created: true };
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

  /** Sources in the order they were added; removed ones only when asked for. */
  async list(options: { includeRemoved?: boolean } = {}): Promise<Source[]> {
    return this.db
      .select()
      .from(sources)
      .where(options.includeRemoved ? undefined : isNull(sources.removedAt))
      .orderBy(asc(sources.createdAt));
  }

  /**
   * Posts and distinct images found per source (an image reposted within a source counts once);
   * sources with nothing found are absent from the map.
   */
  async findings(): Promise<Map<string, SourceFindings>> {
    const rows = await this.db
      .select({
        sourceId: posts.sourceId,
        posts: countDistinct(posts.id),
        images: countDistinct(imageSightings.imageId),
      })
      .from(posts)
      .leftJoin(imageSightings, eq(imageSightings.postId, posts.id))
      .groupBy(posts.sourceId);
    return new Map(rows.map((row) => [row.sourceId, { posts: row.posts, images: row.images }]));
  }

  async update(id: string, patch: SourcePatch): Promise<Source | undefined> {
    const rows = await this.db
      .update(sources)
      .set({ ...patch, updatedAt: new Date() })
      .where(and(eq(sources.id, id), isNull(sources.removedAt)))
      .returning();
    return rows[0];
  }

  /** Makes a source due now, or at `at` (a block still holds: `due` skips blocked sources). */
  async dueNow(id: string, at = new Date()): Promise<void> {
    await this.db
      .update(sources)
      .set({ nextCrawlAt: at, updatedAt: new Date() })
      .where(and(eq(sources.id, id), isNull(sources.removedAt)));
  }

  /** Stops watching a source; its posts, images and evidence stay. */
  async remove(id: string): Promise<{ source: Source; changed: boolean } | undefined> {
    const rows = await this.db
      .update(sources)
      .set({ removedAt: new Date(), nextCrawlAt: null, updatedAt: new Date() })
      .where(and(eq(sources.id, id), isNull(sources.removedAt)))
      .returning();
    if (rows[0]) return { source: rows[0], changed: true };
    const existing = await this.findById(id);
    return existing ? { source: existing, changed: false } : undefined;
  }

  /** Sources whose next crawl time has come (not paused, removed, or blocked), oldest first. */
  async due(now: Date, limit: number): Promise<Source[]> {
    return this.db
      .select()
      .from(sources)
      .where(
        and(
          eq(sources.paused, false),
          isNull(sources.removedAt),
          lte(sources.nextCrawlAt, now),
          or(isNull(sources.blockedUntil), lte(sources.blockedUntil, now)),
        ),
      )
      .orderBy(asc(sources.nextCrawlAt))
      .limit(limit);
  }

  async recordCrawl(id: string, record: CrawlRecord): Promise<Source | undefined> {
    const rows = await this.db
      .update(sources)
      .set({
        state: record.state,
        failureCount: record.failureCount,
        // A removed source keeps no schedule, whatever the crawl in flight concluded.
        nextCrawlAt: sql`case when ${sources.removedAt} is null then ${record.nextCrawlAt?.toISOString() ?? null}::timestamptz end`,
        blockedUntil: record.blockedUntil,
        lastError: record.lastError,
        lastCrawledAt: record.crawledAt,
        updatedAt: new Date(),
      })
      .where(eq(sources.id, id))
      .returning();
    return rows[0];
  }

  /** Facebook ids of the source's most recent posts: a feed page of only these means caught up. */
  async recentPostIds(sourceId: string, limit = 500): Promise<Set<string>> {
    const rows = await this.db
      .select({ fbPostId: posts.fbPostId })
      .from(posts)
      .where(eq(posts.sourceId, sourceId))
      .orderBy(desc(posts.lastSeenAt))
      .limit(limit);
    return new Set(rows.map((row) => row.fbPostId));
  }
}

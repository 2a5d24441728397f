import { and, asc, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import {
  evidenceBlobs,
  imageFetchFailures,
  imageSightings,
  images,
  posts,
} from '../schema/index.js';
import { lockBlobsShared } from './blob-locks.js';

export type StoredPost = typeof posts.$inferSelect;
export type StoredImage = typeof images.$inferSelect;

export interface CrawledPost {
  fbPostId: string;
  permalink: string | null;
  authorName: string | null;
  authorId: string | null;
  postedAt: Date | null;
  text: string | null;
  reach: { reactions?: number; comments?: number; shares?: number } | null;
  sharedFbPostId: string | null;
}

export interface CrawledImage {
  sha256: string;
  byteSize: number;
  mimeType: string | null;
  width: number | null;
  height: number | null;
  blobKey: string;
}

/** An image seen on a crawled post, with the evidence that records its bytes as shown. */
export interface CrawledSighting {
  fbPostId: string;
  imageId: string;
  position: number;
  cdnKey: string | null;
  sourceUrl: string | null;
  evidence: Omit<typeof evidenceBlobs.$inferInsert, 'postId' | 'imageId' | 'kind'>;
}

async function upsertPostsIn(
  db: Pick<Database, 'insert'>,
  sourceId: string,
  crawled: readonly CrawledPost[],
): Promise<Map<string, { id: string; created: boolean }>> {
  const result = new Map<string, { id: string; created: boolean }>();
  if (crawled.length === 0) return result;
  const rows = await db
    .insert(posts)
    .values(crawled.map((post) => ({ ...post, sourceId, reach: post.reach ?? null })))
    .onConflictDoUpdate({
      target: posts.fbPostId,
      // A post seen again is still there: refresh what may have changed, keep first-seen.
      set: {
        lastSeenAt: sql`now()`,
        goneAt: null,
        text: sql`coalesce(excluded.text, ${posts.text})`,
        reach: sql`coalesce(excluded.reach, ${posts.reach})`,
      },
    })
    .returning({
      id: posts.id,
      fbPostId: posts.fbPostId,
      created: sql<boolean>`(xmax = 0)`,
    });
  for (const row of rows) result.set(row.fbPostId, { id: row.id, created: row.created });
  return result;
}

/**
 * What crawls store: posts once per Facebook id, images once per content hash, a sighting per
 * (post, image), and evidence blobs. Every write is idempotent, so a re-crawl or a retried job
 * never duplicates anything.
 */
export class CrawlResultsRepository {
  constructor(private readonly db: Database) {}

  /** Inserts new posts and refreshes seen ones; returns each post's row id and whether it is new. */
  async upsertPosts(
    sourceId: string,
    crawled: readonly CrawledPost[],
  ): Promise<Map<string, { id: string; created: boolean }>> {
    return upsertPostsIn(this.db, sourceId, crawled);
  }

  /**
   * Posts with the images seen on them (and each new sighting's image evidence), in one
   * transaction. The next crawl stops at posts it has stored; stored without their sightings by
   * a crawl killed part-way, their images would never be read again. Returns the posts as
   * `upsertPosts` does and the sightings that are new.
   */
  async storePostsWithSightings(
    sourceId: string,
    crawled: readonly CrawledPost[],
    sightings: readonly CrawledSighting[],
  ): Promise<{
    posts: Map<string, { id: string; created: boolean }>;
    sighted: CrawledSighting[];
  }> {
    return this.db.transaction(async (tx) => {
      const stored = await upsertPostsIn(tx, sourceId, crawled);
      const sighted: CrawledSighting[] = [];
      for (const sighting of sightings) {
        const postId = stored.get(sighting.fbPostId)?.id;
        if (!postId) continue;
        const rows = await tx
          .insert(imageSightings)
          .values({
            imageId: sighting.imageId,
            postId,
            position: sighting.position,
            cdnKey: sighting.cdnKey,
            sourceUrl: sighting.sourceUrl,
          })
          .onConflictDoNothing({ target: [imageSightings.postId, imageSightings.imageId] })
          .returning({ id: imageSightings.id });
        if (rows.length === 0) continue;
        sighted.push(sighting);
        await tx
          .insert(evidenceBlobs)
          .values({ ...sighting.evidence, postId, imageId: sighting.imageId, kind: 'image' });
      }
      return { posts: stored, sighted };
    });
  }

  /**
   * Runs `use` while these blob keys are held against the retention run (shared advisory locks
   * in a transaction of their own, on one pooled connection; `use` queries on others). Wrap
   * everything from writing the bytes to committing the sightings that make them wanted again:
   * a run that deleted them meanwhile would leave the new sightings pointing at nothing.
   */
  async withBlobsInUse<T>(keys: readonly string[], use: () => Promise<T>): Promise<T> {
    if (keys.length === 0) return use();
    return this.db.transaction(async (tx) => {
      await tx.execute(lockBlobsShared(keys));
      return use();
    });
  }

  /** An image by content; `created` says whether this crawl brought it first. */
  async upsertImage(image: CrawledImage): Promise<{ image: StoredImage; created: boolean }> {
    const inserted = await this.db
      .insert(images)
      .values(image)
      .onConflictDoNothing({ target: images.sha256 })
      .returning();
    if (inserted[0]) return { image: inserted[0], created: true };
    // Bytes the retention run removed are stored again by the crawl that brought them back.
    const restored = await this.db
      .update(images)
      .set({ blobRemovedAt: null })
      .where(and(eq(images.sha256, image.sha256), isNotNull(images.blobRemovedAt)))
      .returning();
    if (restored[0]) return { image: restored[0], created: false };
    const existing = await this.db.select().from(images).where(eq(images.sha256, image.sha256));
    if (!existing[0]) throw new Error(`image ${image.sha256} vanished during upsert`);
    return { image: existing[0], created: false };
  }

  async addSighting(sighting: {
    imageId: string;
    postId: string;
    position: number;
    cdnKey: string | null;
    sourceUrl: string | null;
  }): Promise<boolean> {
    const rows = await this.db
      .insert(imageSightings)
      .values(sighting)
      .onConflictDoNothing({ target: [imageSightings.postId, imageSightings.imageId] })
      .returning({ id: imageSightings.id });
    return rows.length > 0;
  }

  /** CDN keys already stored for these posts: their images need no second download. */
  async knownCdnKeys(cdnKeys: readonly string[]): Promise<Set<string>> {
    if (cdnKeys.length === 0) return new Set();
    const rows = await this.db
      .select({ cdnKey: imageSightings.cdnKey })
      .from(imageSightings)
      .where(inArray(imageSightings.cdnKey, [...cdnKeys]));
    return new Set(rows.flatMap((row) => (row.cdnKey ? [row.cdnKey] : [])));
  }

  async addEvidence(evidence: typeof evidenceBlobs.$inferInsert): Promise<void> {
    await this.db.insert(evidenceBlobs).values(evidence);
  }

  /** Evidence captured for a post, or (walls and blocks) for a source, oldest first. */
  async evidenceOf(
    owner: { postId: string } | { sourceId: string },
  ): Promise<(typeof evidenceBlobs.$inferSelect)[]> {
    return this.db
      .select()
      .from(evidenceBlobs)
      .where(
        'postId' in owner
          ? eq(evidenceBlobs.postId, owner.postId)
          : eq(evidenceBlobs.sourceId, owner.sourceId),
      )
      .orderBy(asc(evidenceBlobs.capturedAt));
  }

  async imageBySha256(sha256: string): Promise<StoredImage | undefined> {
    const rows = await this.db.select().from(images).where(eq(images.sha256, sha256)).limit(1);
    return rows[0];
  }

  async imageById(id: string): Promise<StoredImage | undefined> {
    const rows = await this.db.select().from(images).where(eq(images.id, id));
    return rows[0];
  }

  /** Posts of a source, as stored (tests, re-visits). */
  async postsOf(sourceId: string): Promise<StoredPost[]> {
    return this.db.select().from(posts).where(eq(posts.sourceId, sourceId));
  }

  /** Every sighting on a source's posts: the image, the post it was seen on and its CDN key. */
  async imagesOfSource(
    sourceId: string,
  ): Promise<{ image: StoredImage; postId: string; cdnKey: string | null }[]> {
    return this.db
      .select({ image: images, postId: imageSightings.postId, cdnKey: imageSightings.cdnKey })
      .from(imageSightings)
      .innerJoin(images, eq(images.id, imageSightings.imageId))
      .innerJoin(posts, eq(posts.id, imageSightings.postId))
      .where(eq(posts.sourceId, sourceId));
  }

  /** An image that cannot be processed (undecodable, missing…): it stays, marked with why. */
  async markImageFailed(imageId: string, failureCode: string): Promise<void> {
    await this.db
      .update(images)
      .set({ status: 'failed', failureCode })
      .where(and(eq(images.id, imageId), eq(images.status, 'pending')));
  }

  async recordFetchFailures(
    failures: readonly (typeof imageFetchFailures.$inferInsert)[],
  ): Promise<void> {
    if (failures.length > 0) await this.db.insert(imageFetchFailures).values([...failures]);
  }

  async fetchFailuresOf(sourceId: string): Promise<(typeof imageFetchFailures.$inferSelect)[]> {
    return this.db
      .select()
      .from(imageFetchFailures)
      .where(eq(imageFetchFailures.sourceId, sourceId))
      .orderBy(asc(imageFetchFailures.createdAt));
  }

  /** Records that a re-visit found a post gone (deleted or hidden). */
  async markGone(fbPostId: string): Promise<boolean> {
    const rows = await this.db
      .update(posts)
      .set({ goneAt: new Date() })
      .where(and(eq(posts.fbPostId, fbPostId), isNull(posts.goneAt)))
      .returning({ id: posts.id });
    return rows.length > 0;
  }
}

import { and, asc, eq, gt, sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { alerts, imageFingerprints } from '../schema/index.js';

export type ImageFingerprintRow = typeof imageFingerprints.$inferSelect;
export type ImageHashes = Omit<typeof imageFingerprints.$inferInsert, 'imageId'>;

/**
 * The insert that stores an image's hashes, doing nothing when they are stored already. A query
 * to run, or to put inside a verdict's transaction or statement (AlertsRepository).
 */
export function insertImageHashes(
  db: Pick<Database, 'insert'>,
  imageId: string,
  hashes: ImageHashes,
) {
  return db
    .insert(imageFingerprints)
    .values({ imageId, ...hashes })
    .onConflictDoNothing({ target: imageFingerprints.imageId });
}

/** Hamming distance between two 64-hex-digit PDQ hashes, computed in PostgreSQL. */
export function pdqDistanceSql(column: unknown, pdqHex: string) {
  return sql<number>`bit_count(('x' || ${column})::bit(256) # ('x' || ${pdqHex})::bit(256))`;
}

/**
 * Perceptual hashes of crawled images, kept so later decisions can recognise the same picture
 * re-encoded or resized: near-identical reposts of an unregistered leak group together, and a
 * dismissed false match stays dismissed for them.
 */
export class ImageFingerprintsRepository {
  constructor(private readonly db: Database) {}

  /** Stores an image's hashes (the same image hashed again changes nothing). */
  async save(imageId: string, hashes: ImageHashes): Promise<void> {
    await insertImageHashes(this.db, imageId, hashes);
  }

  async of(imageId: string): Promise<ImageFingerprintRow | undefined> {
    const rows = await this.db
      .select()
      .from(imageFingerprints)
      .where(eq(imageFingerprints.imageId, imageId));
    return rows[0];
  }

  /**
   * The group key of the earliest unregistered-leak alert whose image is within `maxDistance`
   * of this PDQ hash (the same picture reposted, recompressed or resized), if any, among alerts
   * of the last `days` days. The scan is over unregistered-leak alerts only, a small set.
   */
  async nearIdenticalSensitiveKey(
    pdqHex: string,
    maxDistance: number,
    days = 90,
  ): Promise<string | undefined> {
    const since = new Date(Date.now() - days * 86_400_000);
    const rows = await this.db
      .select({ dedupKey: alerts.dedupKey })
      .from(alerts)
      .innerJoin(imageFingerprints, eq(imageFingerprints.imageId, alerts.imageId))
      .where(
        and(
          eq(alerts.kind, 'sensitive_unregistered'),
          gt(alerts.createdAt, since),
          sql`${imageFingerprints.pdq} is not null`,
          sql`${pdqDistanceSql(imageFingerprints.pdq, pdqHex)} <= ${maxDistance}`,
        ),
      )
      .orderBy(asc(alerts.createdAt))
      .limit(1);
    return rows[0]?.dedupKey;
  }
}

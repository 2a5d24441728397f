import { desc, eq, or, sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import {
  documentPages,
  documents,
  imageFingerprints,
  images,
  matchDismissals,
} from '../schema/index.js';
import { pdqDistanceSql } from './image-fingerprints.repository.js';

export type MatchDismissal = typeof matchDismissals.$inferSelect;
export type NewMatchDismissal = typeof matchDismissals.$inferInsert;

export class MatchDismissalsRepository {
  constructor(private readonly db: Database) {}

  /** Records that an image is not a page; dismissing the same pair again changes nothing. */
  async dismiss(
    dismissal: NewMatchDismissal,
  ): Promise<{ dismissal: MatchDismissal; created: boolean }> {
    const inserted = await this.db
      .insert(matchDismissals)
      .values(dismissal)
      .onConflictDoNothing({ target: [matchDismissals.imageSha256, matchDismissals.pageId] })
      .returning();
    if (inserted[0]) return { dismissal: inserted[0], created: true };
    const existing = await this.db
      .select()
      .from(matchDismissals)
      .where(eq(matchDismissals.imageSha256, dismissal.imageSha256));
    const same = existing.find((row) => row.pageId === dismissal.pageId);
    if (!same) throw new Error('dismissal vanished during insert');
    return { dismissal: same, created: false };
  }

  /**
   * The registered pages an image must not be matched to any more: those an officer dismissed
   * for this exact image, or for a near-identical one (PDQ within `near.maxDistance`: the same
   * picture re-encoded, resized or lightly cropped, as reposts are).
   */
  async dismissedPages(
    imageSha256: string,
    near?: { pdq: string; maxDistance: number },
  ): Promise<Set<string>> {
    const exact = eq(matchDismissals.imageSha256, imageSha256);
    const rows = await this.db
      .selectDistinct({ pageId: matchDismissals.pageId })
      .from(matchDismissals)
      .leftJoin(images, eq(images.sha256, matchDismissals.imageSha256))
      .leftJoin(imageFingerprints, eq(imageFingerprints.imageId, images.id))
      .where(
        near
          ? or(
              exact,
              sql`(${imageFingerprints.pdq} is not null and ${pdqDistanceSql(imageFingerprints.pdq, near.pdq)} <= ${near.maxDistance})`,
            )
          : exact,
      );
    return new Set(rows.map((row) => row.pageId));
  }

  /** The negative bank as administrators review it: each entry with its document and page. */
  async listWithPages(
    limit = 500,
  ): Promise<
    (MatchDismissal & { documentId: string; documentTitle: string; pageNumber: number })[]
  > {
    const rows = await this.db
      .select({
        dismissal: matchDismissals,
        documentId: documents.id,
        documentTitle: documents.title,
        pageNumber: documentPages.pageNumber,
      })
      .from(matchDismissals)
      .innerJoin(documentPages, eq(documentPages.id, matchDismissals.pageId))
      .innerJoin(documents, eq(documents.id, documentPages.documentId))
      .orderBy(desc(matchDismissals.createdAt))
      .limit(limit);
    return rows.map(({ dismissal, ...page }) => ({ ...dismissal, ...page }));
  }

  /** Takes an entry out of the negative bank: the image may match that page again. */
  async remove(id: string): Promise<MatchDismissal | undefined> {
    const [row] = await this.db
      .delete(matchDismissals)
      .where(eq(matchDismissals.id, id))
      .returning();
    return row;
  }

  /** Labelled negatives, newest first (for re-calibrating the decision thresholds). */
  async list(limit = 1_000): Promise<MatchDismissal[]> {
    return this.db
      .select()
      .from(matchDismissals)
      .orderBy(desc(matchDismissals.createdAt))
      .limit(limit);
  }
}

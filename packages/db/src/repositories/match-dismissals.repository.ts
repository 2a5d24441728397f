import { desc, eq } from 'drizzle-orm';
import type { Database } from '../client.js';
import { matchDismissals } from '../schema/index.js';

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

  /** The registered pages an image must not be matched to any more. */
  async dismissedPages(imageSha256: string): Promise<Set<string>> {
    const rows = await this.db
      .select({ pageId: matchDismissals.pageId })
      .from(matchDismissals)
      .where(eq(matchDismissals.imageSha256, imageSha256));
    return new Set(rows.map((row) => row.pageId));
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

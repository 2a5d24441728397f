import { and, asc, eq, sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { alerts, imageFingerprints, images, jobCompletions } from '../schema/index.js';
import { insertImageHashes, type ImageHashes } from './image-fingerprints.repository.js';
import {
  lockPageForFloodGuard,
  recordGuardedMatchAlert,
  type FloodGuardPolicy,
} from './flood-holds.repository.js';

export type Alert = typeof alerts.$inferSelect;
export type NewAlert = Omit<typeof alerts.$inferInsert, 'imageId'>;

interface ImageVerdictInput {
  jobKey: string;
  queue: string;
  imageId: string;
  alerts: readonly NewAlert[];
  outcome: Record<string, unknown>;
  /** The image's perceptual hashes, kept for recognising it re-encoded later. */
  hashes?: ImageHashes;
  floodGuard?: FloodGuardPolicy;
}

export class AlertsRepository {
  constructor(private readonly db: Database) {}

  /**
   * Writes an image's verdict exactly once: the job's completion record, its alerts and the
   * image's status in one transaction. A re-delivered job finds its completion and changes
   * nothing; alerts are unique per (image, kind, document) besides. With a flood guard, a match
   * alert of a page that is flooding goes into quarantine instead of triage. The image's hashes
   * are stored with it (the same image hashed again changes nothing).
   */
  async recordImageVerdict(input: ImageVerdictInput): Promise<
    | { alreadyDone: true; alertsCreated: 0 }
    | {
        alreadyDone: false;
        alertsCreated: number;
        alertsQuarantined: number;
        /** Holds this verdict opened (each told the administrators). */
        floodHoldsOpened: string[];
      }
  > {
    if (input.alerts.length === 0) return this.recordQuietVerdict(input);
    return this.db.transaction(async (tx) => {
      const completed = await tx
        .insert(jobCompletions)
        .values({ jobKey: input.jobKey, queue: input.queue, outcome: input.outcome })
        .onConflictDoNothing({ target: jobCompletions.jobKey })
        .returning({ jobKey: jobCompletions.jobKey });
      if (completed.length === 0) return { alreadyDone: true, alertsCreated: 0 };
      if (input.hashes) await insertImageHashes(tx, input.imageId, input.hashes);
      const policy = input.floodGuard;
      const guardedPages = policy
        ? [
            ...new Set(
              input.alerts.flatMap((alert) =>
                alert.kind === 'match' && alert.pageId ? [alert.pageId] : [],
              ),
            ),
          ].sort()
        : [];
      for (const pageId of guardedPages) await lockPageForFloodGuard(tx, pageId);
      let alertsCreated = 0;
      let alertsQuarantined = 0;
      const floodHoldsOpened: string[] = [];
      for (const alert of input.alerts) {
        const row = { ...alert, imageId: input.imageId };
        if (policy && row.kind === 'match' && row.pageId) {
          const outcome = await recordGuardedMatchAlert(tx, { ...row, pageId: row.pageId }, policy);
          if (outcome.status !== 'duplicate') alertsCreated += 1;
          if (outcome.status === 'quarantined') {
            alertsQuarantined += 1 + (outcome.alsoQuarantined ?? 0);
            if (outcome.holdOpened) floodHoldsOpened.push(outcome.holdOpened);
          }
          continue;
        }
        const rows = await tx
          .insert(alerts)
          .values(row)
          .onConflictDoNothing()
          .returning({ id: alerts.id });
        alertsCreated += rows.length;
      }
      await tx
        .update(images)
        .set({ status: 'processed', processedAt: new Date(), failureCode: null })
        .where(eq(images.id, input.imageId));
      return { alreadyDone: false, alertsCreated, alertsQuarantined, floodHoldsOpened };
    });
  }

  /**
   * The verdict of an image that raises no alert — nearly every crawled image — as one
   * statement: completion record, hashes and status in data-modifying CTEs, atomic without a
   * transaction's extra round trips (workers write one of these per image).
   */
  private async recordQuietVerdict(
    input: ImageVerdictInput,
  ): Promise<
    | { alreadyDone: true; alertsCreated: 0 }
    | { alreadyDone: false; alertsCreated: 0; alertsQuarantined: 0; floodHoldsOpened: [] }
  > {
    const done = this.db
      .$with('done')
      .as(
        this.db
          .insert(jobCompletions)
          .values({ jobKey: input.jobKey, queue: input.queue, outcome: input.outcome })
          .onConflictDoNothing({ target: jobCompletions.jobKey })
          .returning({ jobKey: jobCompletions.jobKey }),
      );
    const processed = this.db.$with('processed').as(
      this.db
        .update(images)
        .set({ status: 'processed', processedAt: new Date(), failureCode: null })
        .where(and(eq(images.id, input.imageId), sql`exists (select 1 from ${done})`))
        .returning({ id: images.id }),
    );
    const hashed = input.hashes
      ? this.db.$with('hashed').as(
          insertImageHashes(this.db, input.imageId, input.hashes).returning({
            imageId: imageFingerprints.imageId,
          }),
        )
      : undefined;
    const [row] = await this.db
      .with(done, processed, ...(hashed ? [hashed] : []))
      .select({ completed: sql<number>`count(*)::int` })
      .from(done);
    return (row?.completed ?? 0) === 0
      ? { alreadyDone: true, alertsCreated: 0 }
      : { alreadyDone: false, alertsCreated: 0, alertsQuarantined: 0, floodHoldsOpened: [] };
  }

  async forImage(imageId: string): Promise<Alert[]> {
    return this.db
      .select()
      .from(alerts)
      .where(eq(alerts.imageId, imageId))
      .orderBy(asc(alerts.createdAt));
  }

  async list(limit = 100): Promise<Alert[]> {
    return this.db.select().from(alerts).orderBy(asc(alerts.createdAt)).limit(limit);
  }
}

import { asc, eq } from 'drizzle-orm';
import type { Database } from '../client.js';
import { alerts, images, jobCompletions } from '../schema/index.js';
import {
  lockPageForFloodGuard,
  recordGuardedMatchAlert,
  type FloodGuardPolicy,
} from './flood-holds.repository.js';

export type Alert = typeof alerts.$inferSelect;
export type NewAlert = Omit<typeof alerts.$inferInsert, 'imageId'>;

export class AlertsRepository {
  constructor(private readonly db: Database) {}

  /**
   * Writes an image's verdict exactly once: the job's completion record, its alerts and the
   * image's status in one transaction. A re-delivered job finds its completion and changes
   * nothing; alerts are unique per (image, kind, document) besides. With a flood guard, a match
   * alert of a page that is flooding goes into quarantine instead of triage.
   */
  async recordImageVerdict(input: {
    jobKey: string;
    queue: string;
    imageId: string;
    alerts: readonly NewAlert[];
    outcome: Record<string, unknown>;
    floodGuard?: FloodGuardPolicy;
  }): Promise<
    | { alreadyDone: true; alertsCreated: 0 }
    | {
        alreadyDone: false;
        alertsCreated: number;
        alertsQuarantined: number;
        /** Holds this verdict opened (each told the administrators). */
        floodHoldsOpened: string[];
      }
  > {
    return this.db.transaction(async (tx) => {
      const completed = await tx
        .insert(jobCompletions)
        .values({ jobKey: input.jobKey, queue: input.queue, outcome: input.outcome })
        .onConflictDoNothing({ target: jobCompletions.jobKey })
        .returning({ jobKey: jobCompletions.jobKey });
      if (completed.length === 0) return { alreadyDone: true, alertsCreated: 0 };
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

import { asc, eq } from 'drizzle-orm';
import type { Database } from '../client.js';
import { alerts, images, jobCompletions } from '../schema/index.js';

export type Alert = typeof alerts.$inferSelect;
export type NewAlert = Omit<typeof alerts.$inferInsert, 'imageId'>;

export class AlertsRepository {
  constructor(private readonly db: Database) {}

  /**
   * Writes an image's verdict exactly once: the job's completion record, its alerts and the
   * image's status in one transaction. A re-delivered job finds its completion and changes
   * nothing; alerts are unique per (image, kind, document) besides.
   */
  async recordImageVerdict(input: {
    jobKey: string;
    queue: string;
    imageId: string;
    alerts: readonly NewAlert[];
    outcome: Record<string, unknown>;
  }): Promise<{ alreadyDone: boolean; alertsCreated: number }> {
    return this.db.transaction(async (tx) => {
      const completed = await tx
        .insert(jobCompletions)
        .values({ jobKey: input.jobKey, queue: input.queue, outcome: input.outcome })
        .onConflictDoNothing({ target: jobCompletions.jobKey })
        .returning({ jobKey: jobCompletions.jobKey });
      if (completed.length === 0) return { alreadyDone: true, alertsCreated: 0 };
      let alertsCreated = 0;
      for (const alert of input.alerts) {
        const rows = await tx
          .insert(alerts)
          .values({ ...alert, imageId: input.imageId })
          .onConflictDoNothing()
          .returning({ id: alerts.id });
        alertsCreated += rows.length;
      }
      await tx
        .update(images)
        .set({ status: 'processed', processedAt: new Date(), failureCode: null })
        .where(eq(images.id, input.imageId));
      return { alreadyDone: false, alertsCreated };
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

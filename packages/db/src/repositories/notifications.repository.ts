import { and, asc, eq, isNull, lte } from 'drizzle-orm';
import type { Database } from '../client.js';
import { incidentEvents, notificationOutbox, routingTargets } from '../schema/index.js';

export type Notification = typeof notificationOutbox.$inferSelect;
export type RoutingTargetRow = typeof routingTargets.$inferSelect;

/**
 * The notification outbox, as the notifier works through it. A row is claimed by pushing its
 * next attempt out by a lease: a notifier that dies after sending and before recording leaves
 * the row to be sent again when the lease ends — with the same Message-ID and idempotency key,
 * so receivers recognise the repeat.
 */
export class NotificationsRepository {
  constructor(private readonly db: Database) {}

  /**
   * Claims one row for its `attempt`-th delivery: only if it is pending, due, and that attempt
   * was not made yet (a job for an attempt already made, or made by another notifier holding
   * the lease, claims nothing).
   */
  async claimOne(
    id: string,
    attempt: number,
    leaseMs: number,
    now = new Date(),
  ): Promise<{ row: Notification; target: RoutingTargetRow | null } | undefined> {
    const [row] = await this.db
      .update(notificationOutbox)
      .set({ attempts: attempt, nextAttemptAt: new Date(now.getTime() + leaseMs) })
      .where(
        and(
          eq(notificationOutbox.id, id),
          eq(notificationOutbox.status, 'pending'),
          eq(notificationOutbox.attempts, attempt - 1),
          lte(notificationOutbox.nextAttemptAt, now),
        ),
      )
      .returning();
    if (!row) return undefined;
    const [target] = row.targetId
      ? await this.db.select().from(routingTargets).where(eq(routingTargets.id, row.targetId))
      : [];
    return { row, target: target ?? null };
  }

  /** Pending rows whose next attempt is due, oldest first: what the relay queues. */
  async dueAttempts(limit: number, now = new Date()): Promise<{ id: string; attempts: number }[]> {
    return this.db
      .select({ id: notificationOutbox.id, attempts: notificationOutbox.attempts })
      .from(notificationOutbox)
      .where(
        and(eq(notificationOutbox.status, 'pending'), lte(notificationOutbox.nextAttemptAt, now)),
      )
      .orderBy(asc(notificationOutbox.nextAttemptAt))
      .limit(limit);
  }

  /** Records an attempt's outcome, and puts it on the incident's timeline. */
  async recordAttempt(
    row: Notification,
    outcome:
      | { delivered: true; detail: string }
      | { delivered: false; error: string; retryAt: Date | null },
  ): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx
        .update(notificationOutbox)
        .set(
          outcome.delivered
            ? { status: 'delivered', deliveredAt: new Date(), lastError: null }
            : outcome.retryAt
              ? { lastError: outcome.error, nextAttemptAt: outcome.retryAt }
              : { status: 'failed', lastError: outcome.error },
        )
        .where(eq(notificationOutbox.id, row.id));
      if (row.incidentId)
        await tx.insert(incidentEvents).values({
          incidentId: row.incidentId,
          type: outcome.delivered ? 'notification_delivered' : 'notification_failed',
          actorId: null,
          data: {
            notificationId: row.id,
            targetId: row.targetId,
            channel: row.channel,
            event: row.event,
            attempt: row.attempts,
            ...(outcome.delivered
              ? { detail: outcome.detail }
              : { error: outcome.error, willRetry: outcome.retryAt !== null }),
          },
        });
    });
  }

  async ofIncident(incidentId: string): Promise<Notification[]> {
    return this.db
      .select()
      .from(notificationOutbox)
      .where(eq(notificationOutbox.incidentId, incidentId))
      .orderBy(asc(notificationOutbox.createdAt));
  }

  /** An incident's notifications with the name of the organisation each went to. */
  async ofIncidentWithTargets(
    incidentId: string,
  ): Promise<{ row: Notification; targetName: string | null }[]> {
    return this.db
      .select({ row: notificationOutbox, targetName: routingTargets.name })
      .from(notificationOutbox)
      .leftJoin(routingTargets, eq(routingTargets.id, notificationOutbox.targetId))
      .where(eq(notificationOutbox.incidentId, incidentId))
      .orderBy(asc(notificationOutbox.createdAt));
  }

  async findById(
    id: string,
  ): Promise<{ row: Notification; target: RoutingTargetRow | null } | undefined> {
    const [found] = await this.db
      .select({ row: notificationOutbox, target: routingTargets })
      .from(notificationOutbox)
      .leftJoin(routingTargets, eq(routingTargets.id, notificationOutbox.targetId))
      .where(eq(notificationOutbox.id, id));
    return found;
  }

  /**
   * Records that the receiver acknowledged a notification, once: a second acknowledgement keeps
   * the first time and name (`first` is false). The first one joins the incident's timeline in
   * the same transaction.
   */
  async acknowledge(
    id: string,
    by: { name: string; actorId: string | null; via: 'link' | 'api' },
    now = new Date(),
  ): Promise<{ row: Notification; first: boolean } | undefined> {
    return this.db.transaction(async (tx) => {
      const [acknowledged] = await tx
        .update(notificationOutbox)
        .set({ acknowledgedAt: now, acknowledgedBy: by.name })
        .where(and(eq(notificationOutbox.id, id), isNull(notificationOutbox.acknowledgedAt)))
        .returning();
      if (!acknowledged) {
        const [existing] = await tx
          .select()
          .from(notificationOutbox)
          .where(eq(notificationOutbox.id, id));
        return existing ? { row: existing, first: false } : undefined;
      }
      if (acknowledged.incidentId)
        await tx.insert(incidentEvents).values({
          incidentId: acknowledged.incidentId,
          type: 'notification_acknowledged',
          actorId: by.actorId,
          data: {
            notificationId: acknowledged.id,
            targetId: acknowledged.targetId,
            channel: acknowledged.channel,
            event: acknowledged.event,
            acknowledgedBy: by.name,
            via: by.via,
          },
        });
      return { row: acknowledged, first: true };
    });
  }
}

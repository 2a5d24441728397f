import { and, desc, eq, gte, isNull, sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import {
  alerts,
  documentPages,
  documents,
  floodHolds,
  notificationOutbox,
  users,
} from '../schema/index.js';

export type FloodHold = typeof floodHolds.$inferSelect;
type NewAlertRow = typeof alerts.$inferInsert;
type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];

/** A hold as administrators review it: the page it concerns and the alerts it still holds. */
export interface FloodHoldView extends FloodHold {
  documentTitle: string | null;
  pageNumber: number | null;
  quarantinedAlerts: number;
}

/** What a new hold tells the administrators (the `flood_hold` e-mail's facts). */
export interface FloodHoldFacts {
  id: string;
  pageId: string;
  documentId: string | null;
  documentTitle: string | null;
  pageNumber: number | null;
  triggerCount: number;
  baselinePerHour: number;
  startedAt: Date;
}

/**
 * The flood guard's settings and pure rules (`@leakwatch/incidents`), handed to the verdict
 * transaction by the worker: the repository counts, the rule decides.
 */
export interface FloodGuardPolicy {
  windowMinutes: number;
  baselineDays: number;
  decide(counts: { recentAlerts: number; baselineAlerts: number }): {
    hold: boolean;
    baselinePerHour: number;
  };
  /** The payload of the one e-mail to the active administrators about a new hold. */
  notification(hold: FloodHoldFacts, recipients: string[]): Record<string, unknown>;
}

export type FloodGuardOutcome =
  | { status: 'duplicate' }
  | { status: 'new' }
  | { status: 'quarantined'; holdOpened?: string; alsoQuarantined?: number };

/**
 * Serialises the flood guard's read-count-decide per page across workers until the transaction
 * ends, so a hold opens once and no alert slips in as 'new' beside it. Callers lock pages in
 * sorted order (no deadlocks between images matching several pages).
 */
export async function lockPageForFloodGuard(tx: Transaction, pageId: string): Promise<void> {
  await tx.execute(
    sql`select pg_advisory_xact_lock(hashtextextended(${`flood-guard:${pageId}`}, 0))`,
  );
}

/**
 * Records one match alert under the flood guard (the page is locked by the caller): into
 * quarantine while its page has an open hold; otherwise as 'new', and if the page's recent
 * alerts now trip the rule, a hold opens, the window's undecided alerts join it, and one e-mail
 * to the administrators is queued in the same transaction.
 */
export async function recordGuardedMatchAlert(
  tx: Transaction,
  alert: NewAlertRow & { pageId: string },
  policy: FloodGuardPolicy,
): Promise<FloodGuardOutcome> {
  const [latest] = await tx
    .select({ id: floodHolds.id, endedAt: floodHolds.endedAt })
    .from(floodHolds)
    .where(eq(floodHolds.pageId, alert.pageId))
    .orderBy(desc(floodHolds.startedAt))
    .limit(1);
  if (latest?.endedAt === null) {
    const held = await tx
      .insert(alerts)
      .values({ ...alert, status: 'quarantined' })
      .onConflictDoNothing()
      .returning({ id: alerts.id });
    return held.length > 0 ? { status: 'quarantined' } : { status: 'duplicate' };
  }
  const [inserted] = await tx
    .insert(alerts)
    .values({ ...alert, status: 'new' })
    .onConflictDoNothing()
    .returning({ id: alerts.id });
  if (!inserted) return { status: 'duplicate' };

  const windowStart = sql`now() - make_interval(mins => ${policy.windowMinutes})`;
  // What an administrator already decided on (a hold that ended) does not count again.
  const recentFrom = latest?.endedAt
    ? sql`greatest(${windowStart}, ${latest.endedAt.toISOString()}::timestamptz)`
    : windowStart;
  const [counts] = await tx
    .select({
      recent: sql<number>`count(*) filter (where ${alerts.createdAt} >= ${recentFrom})`.mapWith(
        Number,
      ),
      baseline: sql<number>`count(*) filter (where ${alerts.createdAt} < ${windowStart})`.mapWith(
        Number,
      ),
    })
    .from(alerts)
    .where(
      and(
        // A page's match alerts share its dedup key (`match:<pageId>`), whose index keeps this
        // cheap; the page and kind conditions keep it exact.
        eq(alerts.dedupKey, alert.dedupKey),
        eq(alerts.pageId, alert.pageId),
        eq(alerts.kind, 'match'),
        gte(alerts.createdAt, sql`${windowStart} - make_interval(days => ${policy.baselineDays})`),
      ),
    );
  const recentAlerts = counts?.recent ?? 0;
  const decision = policy.decide({ recentAlerts, baselineAlerts: counts?.baseline ?? 0 });
  if (!decision.hold) return { status: 'new' };

  const [hold] = await tx
    .insert(floodHolds)
    .values({
      pageId: alert.pageId,
      documentId: alert.documentId ?? null,
      triggerCount: recentAlerts,
      baselinePerHour: decision.baselinePerHour,
    })
    .onConflictDoNothing()
    .returning();
  if (!hold) {
    // Another transaction opened it first (only without the page lock): this alert joins it.
    await tx.update(alerts).set({ status: 'quarantined' }).where(eq(alerts.id, inserted.id));
    return { status: 'quarantined' };
  }
  const quarantined = await tx
    .update(alerts)
    .set({ status: 'quarantined' })
    .where(
      and(
        eq(alerts.status, 'new'),
        gte(alerts.createdAt, recentFrom),
        eq(alerts.pageId, alert.pageId),
        eq(alerts.kind, 'match'),
      ),
    )
    .returning({ id: alerts.id });
  await queueHoldNotice(tx, hold, policy);
  return {
    status: 'quarantined',
    holdOpened: hold.id,
    alsoQuarantined: quarantined.filter((row) => row.id !== inserted.id).length,
  };
}

async function queueHoldNotice(
  tx: Transaction,
  hold: FloodHold,
  policy: FloodGuardPolicy,
): Promise<void> {
  const admins = await tx
    .select({ email: users.email })
    .from(users)
    .where(and(eq(users.role, 'admin'), isNull(users.disabledAt)));
  // Nobody to tell: the hold still shows at GET /api/flood-holds.
  if (admins.length === 0) return;
  const [page] = await tx
    .select({ pageNumber: documentPages.pageNumber, documentTitle: documents.title })
    .from(documentPages)
    .innerJoin(documents, eq(documents.id, documentPages.documentId))
    .where(eq(documentPages.id, hold.pageId));
  const payload = policy.notification(
    {
      id: hold.id,
      pageId: hold.pageId,
      documentId: hold.documentId,
      documentTitle: page?.documentTitle ?? null,
      pageNumber: page?.pageNumber ?? null,
      triggerCount: hold.triggerCount,
      baselinePerHour: hold.baselinePerHour,
      startedAt: hold.startedAt,
    },
    admins.map((admin) => admin.email),
  );
  await tx
    .insert(notificationOutbox)
    .values({
      incidentId: null,
      targetId: null,
      channel: 'email',
      event: 'flood_hold',
      payload,
      idempotencyKey: `flood-hold:${hold.id}`,
    })
    .onConflictDoNothing();
}

/** Flood holds as administrators see and end them. */
export class FloodHoldsRepository {
  constructor(private readonly db: Database) {}

  /** Open holds first, then the most recently started. */
  async list(limit = 100): Promise<FloodHoldView[]> {
    return this.views(undefined, limit);
  }

  async findById(id: string): Promise<FloodHoldView | undefined> {
    const [view] = await this.views(id, 1);
    return view;
  }

  /**
   * Ends an open hold: its quarantined alerts go back to triage ('release') or are dismissed
   * with `reason` ('dismiss'). Undefined when there is no such hold; `ended: false` when it had
   * already ended (the alerts are left alone).
   */
  async end(
    id: string,
    decision:
      | { action: 'release'; userId: string | null }
      | {
          action: 'dismiss';
          userId: string | null;
          reason: NonNullable<NewAlertRow['dismissReason']>;
        },
  ): Promise<{ hold: FloodHold; ended: boolean; alerts: number } | undefined> {
    return this.db.transaction(async (tx) => {
      const [found] = await tx
        .select({ pageId: floodHolds.pageId })
        .from(floodHolds)
        .where(eq(floodHolds.id, id));
      if (!found) return undefined;
      // Taken before the hold row, in the worker's order: no alert is quarantined after this.
      await lockPageForFloodGuard(tx, found.pageId);
      const [hold] = await tx.select().from(floodHolds).where(eq(floodHolds.id, id)).for('update');
      if (!hold) return undefined;
      if (hold.endedAt !== null) return { hold, ended: false, alerts: 0 };
      const held = and(eq(alerts.status, 'quarantined'), eq(alerts.pageId, hold.pageId));
      const changed =
        decision.action === 'release'
          ? await tx.update(alerts).set({ status: 'new' }).where(held).returning({ id: alerts.id })
          : await tx
              .update(alerts)
              .set({
                status: 'dismissed',
                dismissReason: decision.reason,
                decidedAt: new Date(),
                decidedBy: decision.userId,
              })
              .where(held)
              .returning({ id: alerts.id });
      const [ended] = await tx
        .update(floodHolds)
        .set({
          // The database's clock, which the worker counts recent alerts by.
          endedAt: sql`now()`,
          endedBy: decision.userId,
          resolution: decision.action === 'release' ? 'released' : 'dismissed',
        })
        .where(eq(floodHolds.id, id))
        .returning();
      if (!ended) throw new Error('flood hold vanished');
      return { hold: ended, ended: true, alerts: changed.length };
    });
  }

  private async views(id: string | undefined, limit: number): Promise<FloodHoldView[]> {
    const rows = await this.db
      .select({
        hold: floodHolds,
        documentTitle: documents.title,
        pageNumber: documentPages.pageNumber,
        // Alerts are quarantined only while their page's hold is open.
        quarantinedAlerts: sql<number>`case when ${floodHolds.endedAt} is null then (
          select count(*) from ${alerts}
          where ${alerts.status} = 'quarantined' and ${alerts.pageId} = ${floodHolds.pageId}
        ) else 0 end`.mapWith(Number),
      })
      .from(floodHolds)
      .leftJoin(documentPages, eq(documentPages.id, floodHolds.pageId))
      .leftJoin(documents, eq(documents.id, floodHolds.documentId))
      .where(id ? eq(floodHolds.id, id) : undefined)
      .orderBy(sql`${floodHolds.endedAt} is null desc`, desc(floodHolds.startedAt))
      .limit(limit);
    return rows.map(({ hold, ...view }) => ({ ...hold, ...view }));
  }
}

import { and, asc, desc, eq, gte, inArray, isNotNull, isNull, max } from 'drizzle-orm';
import type { Database } from '../client.js';
import {
  alerts,
  documents,
  imageSightings,
  incidentEvents,
  incidents,
  notificationOutbox,
  posts,
  takedownChecks,
} from '../schema/index.js';
import type { Incident, NewNotification } from './triage.repository.js';

export type TakedownCheck = typeof takedownChecks.$inferSelect;
export type TakedownOutcome = TakedownCheck['outcome'];
type DocumentRow = typeof documents.$inferSelect;
type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];

/** An incident awaiting removal, with its last check pass since the request. */
export interface TakedownSubject {
  incidentId: string;
  status: Incident['status'];
  takedownRequestedAt: Date | null;
  lastCheckedAt: Date | null;
}

/** A post an incident's images were seen in, and what this takedown round found there so far. */
export interface TakedownPost {
  postId: string;
  fbPostId: string;
  sourceId: string;
  permalink: string | null;
  goneAt: Date | null;
  /** The latest check since the request; null before the first. */
  lastOutcome: TakedownOutcome | null;
}

export interface NewTakedownCheck {
  postId: string;
  url: string | null;
  outcome: TakedownOutcome;
  detail: string | null;
  checkedAt: Date;
}

export interface TakedownCounts {
  /** Posts the incident's images were seen in. */
  posts: number;
  /** Posts visited in this pass, and what was found. */
  checked: number;
  present: number;
  gone: number;
  unreachable: number;
  /** Posts found gone by an earlier pass of this round (not visited again). */
  alreadyGone: number;
}

export type TakedownPassResult =
  | { recorded: false; reason: string }
  | { recorded: true; counts: TakedownCounts; removed: Incident | null };

/**
 * Takedown verification: which incidents await removal, what their posts looked like at each
 * re-visit (`takedown_checks`), and the pass that records a round of re-visits — with the move
 * to `removed` and its notifications when every post is gone — in one transaction.
 */
export class TakedownChecksRepository {
  constructor(private readonly db: Database) {}

  /** Incidents in `takedown_requested`, oldest request first. */
  async awaitingRemoval(limit = 500): Promise<TakedownSubject[]> {
    return this.subjects(undefined, limit);
  }

  async subject(incidentId: string): Promise<TakedownSubject | undefined> {
    const [row] = await this.subjects(incidentId, 1);
    return row;
  }

  private async subjects(incidentId: string | undefined, limit: number) {
    return this.db
      .select({
        incidentId: incidents.id,
        status: incidents.status,
        takedownRequestedAt: incidents.takedownRequestedAt,
        lastCheckedAt: max(incidentEvents.createdAt),
      })
      .from(incidents)
      .leftJoin(
        incidentEvents,
        and(
          eq(incidentEvents.incidentId, incidents.id),
          eq(incidentEvents.type, 'takedown_checked'),
          gte(incidentEvents.createdAt, incidents.takedownRequestedAt),
        ),
      )
      .where(
        incidentId
          ? eq(incidents.id, incidentId)
          : and(
              eq(incidents.status, 'takedown_requested'),
              isNotNull(incidents.takedownRequestedAt),
            ),
      )
      .groupBy(incidents.id)
      .orderBy(asc(incidents.takedownRequestedAt))
      .limit(limit);
  }

  /** The posts of an incident's sightings, with the latest outcome since `since` (the request). */
  async postsOf(incidentId: string, since: Date): Promise<TakedownPost[]> {
    return postsWithOutcomes(this.db, incidentId, since);
  }

  /** Every check of an incident, oldest first. */
  async checksOf(incidentId: string): Promise<TakedownCheck[]> {
    return this.db
      .select()
      .from(takedownChecks)
      .where(eq(takedownChecks.incidentId, incidentId))
      .orderBy(asc(takedownChecks.checkedAt));
  }

  /**
   * Records one pass: its checks, `posts.goneAt`, a `takedown_checked` timeline entry with the
   * counts and, when every post of the incident is now gone, the move to `removed` with the
   * notifications `notifyRemoved` plans — all or nothing. Nothing is written when the incident
   * left `takedown_requested` meanwhile, was requested again (a new round), or another pass was
   * recorded since this one started.
   */
  async recordPass(
    incidentId: string,
    pass: { requestedAt: Date; startedAt: Date; checks: readonly NewTakedownCheck[] },
    notifyRemoved: (
      incident: Incident,
      document: Pick<DocumentRow, 'ownerDepartment' | 'classification'> | null,
    ) => NewNotification[],
  ): Promise<TakedownPassResult> {
    return this.db.transaction(async (tx) => {
      const [incident] = await tx
        .select()
        .from(incidents)
        .where(eq(incidents.id, incidentId))
        .for('update');
      if (!incident) return { recorded: false, reason: 'the incident no longer exists' };
      if (incident.status !== 'takedown_requested')
        return { recorded: false, reason: `the incident is ${incident.status} now` };
      if (incident.takedownRequestedAt?.getTime() !== pass.requestedAt.getTime())
        return { recorded: false, reason: 'the takedown was requested again meanwhile' };
      const [newer] = await tx
        .select({ id: incidentEvents.id })
        .from(incidentEvents)
        .where(
          and(
            eq(incidentEvents.incidentId, incidentId),
            eq(incidentEvents.type, 'takedown_checked'),
            gte(incidentEvents.createdAt, pass.startedAt),
          ),
        )
        .limit(1);
      if (newer) return { recorded: false, reason: 'another pass was recorded meanwhile' };

      const before = await postsWithOutcomes(tx, incidentId, pass.requestedAt);
      if (pass.checks.length > 0)
        await tx
          .insert(takedownChecks)
          .values(pass.checks.map((check) => ({ ...check, incidentId })));
      const ids = (outcome: TakedownOutcome) =>
        pass.checks.filter((check) => check.outcome === outcome).map((check) => check.postId);
      // The first time a post is found gone is kept; a post found up again lost its goneAt
      // (the content came back), and is gone again from the next time it is found gone.
      if (ids('gone').length > 0)
        await tx
          .update(posts)
          .set({ goneAt: new Date() })
          .where(and(inArray(posts.id, ids('gone')), isNull(posts.goneAt)));
      if (ids('present').length > 0)
        await tx
          .update(posts)
          .set({ goneAt: null })
          .where(and(inArray(posts.id, ids('present')), isNotNull(posts.goneAt)));

      const after = await postsWithOutcomes(tx, incidentId, pass.requestedAt);
      const visited = new Set(pass.checks.map((check) => check.postId));
      const counts: TakedownCounts = {
        posts: after.length,
        checked: pass.checks.length,
        present: ids('present').length,
        gone: ids('gone').length,
        unreachable: ids('unreachable').length,
        alreadyGone: before.filter(
          (post) => post.lastOutcome === 'gone' && !visited.has(post.postId),
        ).length,
      };
      await tx.insert(incidentEvents).values({
        incidentId,
        type: 'takedown_checked',
        actorId: null,
        data: { ...counts },
      });
      // A post added to the incident during the pass has no check yet: not gone.
      const allGone = after.length > 0 && after.every((post) => post.lastOutcome === 'gone');
      if (!allGone) return { recorded: true, counts, removed: null };

      const [removed] = await tx
        .update(incidents)
        .set({ status: 'removed', closedAt: null, updatedAt: new Date() })
        .where(eq(incidents.id, incidentId))
        .returning();
      if (!removed) throw new Error('incident vanished');
      await tx.insert(incidentEvents).values({
        incidentId,
        type: 'status_removed',
        actorId: null,
        data: { from: incident.status, to: 'removed', by: 'takedown-check' },
      });
      const [document] = incident.documentId
        ? await tx
            .select({
              ownerDepartment: documents.ownerDepartment,
              classification: documents.classification,
            })
            .from(documents)
            .where(eq(documents.id, incident.documentId))
        : [];
      const notifications = notifyRemoved(removed, document ?? null);
      if (notifications.length > 0)
        await tx.insert(notificationOutbox).values(notifications).onConflictDoNothing();
      return { recorded: true, counts, removed };
    });
  }
}

async function postsWithOutcomes(
  db: Database | Transaction,
  incidentId: string,
  since: Date,
): Promise<TakedownPost[]> {
  const sighted = await db
    .selectDistinct({
      postId: posts.id,
      fbPostId: posts.fbPostId,
      sourceId: posts.sourceId,
      permalink: posts.permalink,
      goneAt: posts.goneAt,
    })
    .from(alerts)
    .innerJoin(imageSightings, eq(imageSightings.imageId, alerts.imageId))
    .innerJoin(posts, eq(posts.id, imageSightings.postId))
    .where(eq(alerts.incidentId, incidentId));
  const latest = await db
    .selectDistinctOn([takedownChecks.postId], {
      postId: takedownChecks.postId,
      outcome: takedownChecks.outcome,
    })
    .from(takedownChecks)
    .where(and(eq(takedownChecks.incidentId, incidentId), gte(takedownChecks.checkedAt, since)))
    .orderBy(takedownChecks.postId, desc(takedownChecks.checkedAt));
  const outcomes = new Map(latest.map((row) => [row.postId, row.outcome]));
  return sighted
    .map((post) => ({ ...post, lastOutcome: outcomes.get(post.postId) ?? null }))
    .sort((a, b) => a.fbPostId.localeCompare(b.fbPostId));
}

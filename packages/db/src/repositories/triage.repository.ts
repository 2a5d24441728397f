import {
  and,
  asc,
  count,
  desc,
  eq,
  exists,
  gte,
  inArray,
  lt,
  max,
  min,
  ne,
  sql,
} from 'drizzle-orm';
import type { Database } from '../client.js';
import {
  alerts,
  documentPages,
  documents,
  imageSightings,
  images,
  incidentEvents,
  incidents,
  matchDismissals,
  notificationOutbox,
  posts,
  sources,
} from '../schema/index.js';

export type NewNotification = typeof notificationOutbox.$inferInsert;

type AlertRow = typeof alerts.$inferSelect;
type DocumentRow = typeof documents.$inferSelect;
export type Incident = typeof incidents.$inferSelect;
export type IncidentEvent = typeof incidentEvents.$inferSelect;
export type DismissReason = NonNullable<AlertRow['dismissReason']>;
export type IncidentSeverity = Incident['severity'];

export interface AlertGroup {
  dedupKey: string;
  kind: AlertRow['kind'];
  documentId: string | null;
  documentTitle: string | null;
  pageId: string | null;
  alerts: number;
  /** The strongest alert's score (match score, or risk for an unregistered leak). */
  maxScore: number | null;
  /** Distinct posts and places (groups, pages) the group's images were seen in. */
  sightings: number;
  places: number;
  firstAt: Date;
  lastAt: Date;
}

export interface AlertGroupFilter {
  /** Alerts whose image was seen in a post of this source. */
  sourceId?: string;
  documentId?: string;
  minScore?: number;
  /** Created at or after `from`, before `to`. */
  from?: Date;
  to?: Date;
}

export interface AlertDetail {
  alert: AlertRow;
  image: {
    id: string;
    width: number | null;
    height: number | null;
    mimeType: string | null;
    sha256: string;
  };
  document: {
    id: string;
    title: string;
    classification: DocumentRow['classification'];
    status: DocumentRow['status'];
  } | null;
  page: {
    id: string;
    pageNumber: number;
    width: number;
    height: number;
    hasThumbnail: boolean;
  } | null;
  sightings: {
    postId: string;
    permalink: string | null;
    text: string | null;
    postedAt: Date | null;
    firstSeenAt: Date;
    goneAt: Date | null;
    reach: (typeof posts.$inferSelect)['reach'];
    source: { id: string; kind: string; url: string; name: string | null };
  }[];
}

export interface Spread {
  sightings: number;
  places: number;
  firstSeenAt: Date | null;
  lastSeenAt: Date | null;
}

const severityRank: Record<IncidentSeverity, number> = { low: 0, medium: 1, high: 2, critical: 3 };

/**
 * Triage and incidents: grouping alerts for officers, their decisions (each with who and
 * when), the negative bank a false match feeds, and incidents that gather confirmed alerts.
 * Every decision is one transaction with the timeline entry it causes.
 */
export class TriageRepository {
  constructor(private readonly db: Database) {}

  /**
   * Alerts of a status grouped by their dedup key (the same page, or the same image): the
   * strongest and most widely spread first, then the largest and most recent.
   */
  async groups(
    status: AlertRow['status'],
    filter: AlertGroupFilter = {},
    limit = 200,
  ): Promise<AlertGroup[]> {
    const conditions = [eq(alerts.status, status)];
    if (filter.documentId) conditions.push(eq(alerts.documentId, filter.documentId));
    if (filter.minScore !== undefined) conditions.push(gte(alerts.score, filter.minScore));
    if (filter.from) conditions.push(gte(alerts.createdAt, filter.from));
    if (filter.to) conditions.push(lt(alerts.createdAt, filter.to));
    if (filter.sourceId)
      conditions.push(
        exists(
          this.db
            .select({ one: sql`1` })
            .from(imageSightings)
            .innerJoin(posts, eq(posts.id, imageSightings.postId))
            .where(
              and(eq(imageSightings.imageId, alerts.imageId), eq(posts.sourceId, filter.sourceId)),
            ),
        ),
      );
    const spread = this.db
      .select({
        imageId: imageSightings.imageId,
        postId: imageSightings.postId,
        sourceId: posts.sourceId,
      })
      .from(imageSightings)
      .innerJoin(posts, eq(posts.id, imageSightings.postId))
      .as('spread');
    const sightings = sql<number>`count(distinct ${spread.postId})::int`;
    const topScore = max(alerts.score);
    const rows = await this.db
      .select({
        dedupKey: alerts.dedupKey,
        kind: sql<AlertRow['kind']>`min(${alerts.kind}::text)`,
        documentId: sql<string | null>`min(${alerts.documentId}::text)`,
        documentTitle: sql<string | null>`min(${documents.title})`,
        pageId: sql<string | null>`min(${alerts.pageId}::text)`,
        alerts: sql<number>`count(distinct ${alerts.id})::int`,
        maxScore: topScore,
        sightings,
        places: sql<number>`count(distinct ${spread.sourceId})::int`,
        firstAt: min(alerts.createdAt),
        lastAt: max(alerts.createdAt),
      })
      .from(alerts)
      .leftJoin(documents, eq(documents.id, alerts.documentId))
      .leftJoin(spread, eq(spread.imageId, alerts.imageId))
      .where(and(...conditions))
      .groupBy(alerts.dedupKey)
      .orderBy(
        sql`${topScore} desc nulls last`,
        desc(sightings),
        desc(sql`count(distinct ${alerts.id})`),
        desc(max(alerts.createdAt)),
      )
      .limit(limit);
    return rows.map((row) => ({
      ...row,
      firstAt: row.firstAt ?? new Date(0),
      lastAt: row.lastAt ?? new Date(0),
    }));
  }

  /** What the triage filters can offer: the sources and documents among alerts of a status. */
  async facets(status: AlertRow['status']): Promise<{
    sources: { id: string; name: string | null; url: string; alerts: number }[];
    documents: { id: string; title: string; alerts: number }[];
  }> {
    const [sourceRows, documentRows] = await Promise.all([
      this.db
        .select({
          id: sources.id,
          name: sources.name,
          url: sources.url,
          alerts: sql<number>`count(distinct ${alerts.id})::int`,
        })
        .from(alerts)
        .innerJoin(imageSightings, eq(imageSightings.imageId, alerts.imageId))
        .innerJoin(posts, eq(posts.id, imageSightings.postId))
        .innerJoin(sources, eq(sources.id, posts.sourceId))
        .where(eq(alerts.status, status))
        .groupBy(sources.id)
        .orderBy(desc(sql`count(distinct ${alerts.id})`))
        .limit(200),
      this.db
        .select({
          id: documents.id,
          title: documents.title,
          alerts: sql<number>`count(*)::int`,
        })
        .from(alerts)
        .innerJoin(documents, eq(documents.id, alerts.documentId))
        .where(eq(alerts.status, status))
        .groupBy(documents.id)
        .orderBy(desc(count()))
        .limit(200),
    ]);
    return { sources: sourceRows, documents: documentRows };
  }

  /**
   * One alert with what an officer needs beside it: the posted image's size, the matched
   * document and page, and every post (with its text) the same image was seen in.
   */
  async alertDetail(id: string): Promise<AlertDetail | undefined> {
    const [row] = await this.db
      .select({
        alert: alerts,
        image: {
          id: images.id,
          width: images.width,
          height: images.height,
          mimeType: images.mimeType,
          sha256: images.sha256,
        },
        document: {
          id: documents.id,
          title: documents.title,
          classification: documents.classification,
          status: documents.status,
        },
        page: {
          id: documentPages.id,
          pageNumber: documentPages.pageNumber,
          width: documentPages.width,
          height: documentPages.height,
          hasThumbnail: sql<boolean>`${documentPages.thumbnailCiphertext} is not null`,
        },
      })
      .from(alerts)
      .innerJoin(images, eq(images.id, alerts.imageId))
      .leftJoin(documents, eq(documents.id, alerts.documentId))
      .leftJoin(documentPages, eq(documentPages.id, alerts.pageId))
      .where(eq(alerts.id, id));
    if (!row) return undefined;
    const seen = await this.db
      .select({
        postId: posts.id,
        permalink: posts.permalink,
        text: posts.text,
        postedAt: posts.postedAt,
        firstSeenAt: posts.firstSeenAt,
        goneAt: posts.goneAt,
        reach: posts.reach,
        source: { id: sources.id, kind: sources.kind, url: sources.url, name: sources.name },
      })
      .from(imageSightings)
      .innerJoin(posts, eq(posts.id, imageSightings.postId))
      .innerJoin(sources, eq(sources.id, posts.sourceId))
      .where(eq(imageSightings.imageId, row.alert.imageId))
      .orderBy(asc(posts.firstSeenAt))
      .limit(200);
    // A left join gives an object of nulls where nothing matched.
    return {
      alert: row.alert,
      image: row.image,
      document: row.document?.id ? row.document : null,
      page: row.page?.id ? row.page : null,
      sightings: seen,
    };
  }

  async alertsWithKey(dedupKey: string, status?: AlertRow['status']): Promise<AlertRow[]> {
    return this.db
      .select()
      .from(alerts)
      .where(
        status
          ? and(eq(alerts.dedupKey, dedupKey), eq(alerts.status, status))
          : eq(alerts.dedupKey, dedupKey),
      )
      .orderBy(asc(alerts.createdAt));
  }

  async alertsByIds(ids: readonly string[]): Promise<AlertRow[]> {
    if (ids.length === 0) return [];
    return this.db
      .select()
      .from(alerts)
      .where(inArray(alerts.id, [...ids]));
  }

  /**
   * Dismisses undecided alerts. A false match also enters the negative bank: that image is never
   * matched to that page again (and the pair is labelled data for calibration).
   */
  async dismiss(
    ids: readonly string[],
    decision: { reason: DismissReason; note?: string | null; userId: string | null },
  ): Promise<AlertRow[]> {
    return this.db.transaction(async (tx) => {
      const decided = await tx
        .update(alerts)
        .set({
          status: 'dismissed',
          dismissReason: decision.reason,
          decidedAt: new Date(),
          decidedBy: decision.userId,
        })
        .where(and(inArray(alerts.id, [...ids]), inArray(alerts.status, ['new', 'quarantined'])))
        .returning();
      if (decision.reason === 'false_match') {
        for (const alert of decided) {
          if (alert.kind !== 'match' || !alert.pageId) continue;
          const [image] = await tx
            .select({ sha256: images.sha256 })
            .from(images)
            .where(eq(images.id, alert.imageId));
          if (!image) continue;
          await tx
            .insert(matchDismissals)
            .values({
              imageSha256: image.sha256,
              pageId: alert.pageId,
              reason: 'false_match',
              note: decision.note ?? null,
              signals: alert.signals,
              dismissedBy: decision.userId,
            })
            .onConflictDoNothing();
        }
      }
      return decided;
    });
  }

  /**
   * Assigns alerts. `notify` is given the alerts whose assignee this changes, and the e-mail it
   * returns is queued in the same transaction (outbox): an assignment and its notice stand or
   * fall together.
   */
  async assign(
    ids: readonly string[],
    assigneeId: string | null,
    notify?: (newlyAssigned: AlertRow[]) => NewNotification[],
  ): Promise<AlertRow[]> {
    return this.db.transaction(async (tx) => {
      const before = await tx
        .select({ id: alerts.id, assigneeId: alerts.assigneeId })
        .from(alerts)
        .where(inArray(alerts.id, [...ids]))
        .for('update');
      const assigned = await tx
        .update(alerts)
        .set({ assigneeId })
        .where(inArray(alerts.id, [...ids]))
        .returning();
      const changed = new Set(
        before.filter((alert) => alert.assigneeId !== assigneeId).map((alert) => alert.id),
      );
      const notifications = notify?.(assigned.filter((alert) => changed.has(alert.id))) ?? [];
      if (notifications.length > 0)
        await tx.insert(notificationOutbox).values(notifications).onConflictDoNothing();
      return assigned;
    });
  }

  /**
   * Confirms undecided alerts as leaks. Each joins the open incident of its document, or opens
   * one (a sensitive unregistered image opens its own); the incident's detection time is its
   * earliest alert's, the start of the legal clock.
   */
  async confirm(
    ids: readonly string[],
    decision: {
      userId: string | null;
      /** The severity from the document, the personal data seen and the spread so far. */
      severityFor: (input: {
        classification: (typeof documents.$inferSelect)['classification'];
        findings: { kind: string; count: number }[];
        sightings?: number;
        places?: number;
      }) => IncidentSeverity;
      /** Notifications of an incident whose severity rose as more sightings joined it. */
      notifyEscalated?: (
        incident: Incident,
        document: Pick<DocumentRow, 'ownerDepartment' | 'classification'> | null,
        occurrence: string,
      ) => NewNotification[];
      /** Notifications an opened incident causes, queued in the same transaction (outbox). */
      notifyOpened?: (
        incident: Incident,
        document: Pick<DocumentRow, 'ownerDepartment' | 'classification'> | null,
      ) => NewNotification[];
    },
  ): Promise<{ alert: AlertRow; incident: Incident; opened: boolean }[]> {
    return this.db.transaction(async (tx) => {
      const pending = await tx
        .select()
        .from(alerts)
        .where(and(inArray(alerts.id, [...ids]), inArray(alerts.status, ['new', 'quarantined'])))
        .orderBy(asc(alerts.createdAt))
        .for('update');
      const results: { alert: AlertRow; incident: Incident; opened: boolean }[] = [];
      for (const alert of pending) {
        let incident: Incident | undefined;
        let opened = false;
        if (alert.documentId) {
          [incident] = await tx
            .select()
            .from(incidents)
            .where(and(eq(incidents.documentId, alert.documentId), ne(incidents.status, 'closed')))
            .orderBy(asc(incidents.createdAt))
            .limit(1)
            .for('update');
        }
        if (!incident) {
          const [document] = alert.documentId
            ? await tx.select().from(documents).where(eq(documents.id, alert.documentId))
            : [];
          const findings = (alert.findings ?? []) as { kind: string; count: number }[];
          [incident] = await tx
            .insert(incidents)
            .values({
              documentId: alert.documentId,
              title: document
                ? `Lộ lọt: ${document.title}`
                : 'Lộ lọt tài liệu chưa đăng ký có dữ liệu cá nhân',
              severity: decision.severityFor({
                classification: document?.classification ?? 'thuong',
                findings,
                ...(await this.imageSpread(tx, alert.imageId)),
              }),
              detectedAt: alert.createdAt,
              createdBy: decision.userId,
            })
            .returning();
          if (!incident) throw new Error('incident not created');
          opened = true;
          await tx.insert(incidentEvents).values({
            incidentId: incident.id,
            type: 'opened',
            actorId: decision.userId,
            data: { alertId: alert.id, severity: incident.severity },
          });
          const notifications = decision.notifyOpened?.(incident, document ?? null) ?? [];
          if (notifications.length > 0)
            await tx.insert(notificationOutbox).values(notifications).onConflictDoNothing();
        } else if (alert.createdAt < incident.detectedAt) {
          // An earlier sighting confirmed later moves the clock back: detection is the first.
          [incident] = await tx
            .update(incidents)
            .set({ detectedAt: alert.createdAt, updatedAt: new Date() })
            .where(eq(incidents.id, incident.id))
            .returning();
          if (!incident) throw new Error('incident vanished');
        }
        const [confirmed] = await tx
          .update(alerts)
          .set({
            status: 'confirmed',
            incidentId: incident.id,
            decidedAt: new Date(),
            decidedBy: decision.userId,
          })
          .where(eq(alerts.id, alert.id))
          .returning();
        await tx.insert(incidentEvents).values({
          incidentId: incident.id,
          type: 'alert_confirmed',
          actorId: decision.userId,
          data: { alertId: alert.id, imageId: alert.imageId },
        });
        results.push({ alert: confirmed ?? alert, incident, opened });
      }
      // Spread raises severity: an incident that now has more sightings, places or personal
      // data than when it was assessed is re-assessed (never lowered, never over an officer's
      // own assessment), and a rise is an escalation the routing rules may route.
      const reassessed = new Map<string, Incident>();
      for (const { incident } of results) {
        if (reassessed.has(incident.id) || incident.severityOverridden) continue;
        // The departments were told of an incident opened just now a moment ago: a rise within
        // the same decision is recorded, not announced again.
        const openedNow = results.some((r) => r.opened && r.incident.id === incident.id);
        const raised = await this.reassess(
          tx,
          incident,
          openedNow ? { ...decision, notifyEscalated: undefined } : decision,
        );
        reassessed.set(incident.id, raised ?? incident);
      }
      return results.map((result) => ({
        ...result,
        incident: reassessed.get(result.incident.id) ?? result.incident,
      }));
    });
  }

  /** Posts and distinct groups or pages one image was seen in. */
  private async imageSpread(
    tx: Parameters<Parameters<Database['transaction']>[0]>[0],
    imageId: string,
  ): Promise<{ sightings: number; places: number }> {
    const [row] = await tx
      .select({
        sightings: sql<number>`count(distinct ${posts.id})::int`,
        places: sql<number>`count(distinct ${posts.sourceId})::int`,
      })
      .from(imageSightings)
      .innerJoin(posts, eq(posts.id, imageSightings.postId))
      .where(eq(imageSightings.imageId, imageId));
    return { sightings: Math.max(1, row?.sightings ?? 1), places: Math.max(1, row?.places ?? 1) };
  }

  private async reassess(
    tx: Parameters<Parameters<Database['transaction']>[0]>[0],
    incident: Incident,
    decision: {
      userId: string | null;
      severityFor: Parameters<TriageRepository['confirm']>[1]['severityFor'];
      notifyEscalated?: Parameters<TriageRepository['confirm']>[1]['notifyEscalated'] | undefined;
    },
  ): Promise<Incident | undefined> {
    const [spread] = await tx
      .select({
        sightings: sql<number>`count(distinct ${posts.id})::int`,
        places: sql<number>`count(distinct ${posts.sourceId})::int`,
      })
      .from(alerts)
      .innerJoin(imageSightings, eq(imageSightings.imageId, alerts.imageId))
      .innerJoin(posts, eq(posts.id, imageSightings.postId))
      .where(eq(alerts.incidentId, incident.id));
    const confirmed = await tx
      .select({ findings: alerts.findings })
      .from(alerts)
      .where(eq(alerts.incidentId, incident.id));
    // The largest count of each kind in any one image: the same list photographed twice
    // exposes the same people, not twice as many.
    const largest = new Map<string, number>();
    for (const { findings } of confirmed)
      for (const finding of (findings ?? []) as { kind: string; count: number }[])
        largest.set(finding.kind, Math.max(largest.get(finding.kind) ?? 0, finding.count));
    const [document] = incident.documentId
      ? await tx.select().from(documents).where(eq(documents.id, incident.documentId))
      : [];
    const severity = decision.severityFor({
      classification: document?.classification ?? 'thuong',
      findings: [...largest].map(([kind, count]) => ({ kind, count })),
      sightings: spread?.sightings ?? 1,
      places: spread?.places ?? 1,
    });
    if (severityRank[severity] <= severityRank[incident.severity]) return undefined;
    const [raised] = await tx
      .update(incidents)
      .set({ severity, updatedAt: new Date() })
      .where(eq(incidents.id, incident.id))
      .returning();
    if (!raised) return undefined;
    await tx.insert(incidentEvents).values({
      incidentId: incident.id,
      type: 'severity_raised',
      actorId: decision.userId,
      data: {
        severityFrom: incident.severity,
        severityTo: severity,
        sightings: spread?.sightings ?? 0,
        places: spread?.places ?? 0,
      },
    });
    const notifications =
      decision.notifyEscalated?.(raised, document ?? null, raised.updatedAt.toISOString()) ?? [];
    if (notifications.length > 0)
      await tx.insert(notificationOutbox).values(notifications).onConflictDoNothing();
    return raised;
  }

  /**
   * Changes an incident and records what changed in its timeline, in one transaction. The caller
   * has checked the change against the incident rules (`@leakwatch/incidents`).
   */
  async changeIncident(
    id: string,
    change: {
      status?: Incident['status'];
      resolution?: string | null;
      assigneeId?: string | null;
      severity?: IncidentSeverity;
      tags?: string[];
    },
    event: { type: string; actorId: string | null; data: Record<string, unknown> },
    notify?: (incident: Incident) => NewNotification[],
  ): Promise<Incident | undefined> {
    return this.db.transaction(async (tx) => {
      const [updated] = await tx
        .update(incidents)
        .set({
          ...change,
          ...(change.severity ? { severityOverridden: true } : {}),
          ...(change.status === 'closed' ? { closedAt: new Date() } : {}),
          ...(change.status && change.status !== 'closed' ? { closedAt: null } : {}),
          // Re-visits of the sightings and deadlines counted from the request start here.
          ...(change.status === 'takedown_requested' ? { takedownRequestedAt: new Date() } : {}),
          updatedAt: new Date(),
        })
        .where(eq(incidents.id, id))
        .returning();
      if (!updated) return undefined;
      await tx.insert(incidentEvents).values({ incidentId: id, ...event });
      const notifications = notify?.(updated) ?? [];
      if (notifications.length > 0)
        await tx.insert(notificationOutbox).values(notifications).onConflictDoNothing();
      return updated;
    });
  }

  async addIncidentEvent(
    id: string,
    event: { type: string; actorId: string | null; data: Record<string, unknown> },
  ): Promise<IncidentEvent> {
    const [row] = await this.db
      .insert(incidentEvents)
      .values({ incidentId: id, ...event })
      .returning();
    if (!row) throw new Error('event not recorded');
    return row;
  }

  /**
   * Queues a deadline reminder (an e-mail to people, not to a routing target) with its timeline
   * entry, once: the reminder's key is the outbox row's idempotency key.
   */
  async queueReminder(
    incidentId: string,
    reminder: {
      key: string;
      covers: string[];
      payload: Record<string, unknown>;
      /** The same reminder to routing targets the `deadline_near` rules select. */
      toTargets?: NewNotification[];
    },
  ): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const inserted = await tx
        .insert(notificationOutbox)
        .values({
          incidentId,
          targetId: null,
          channel: 'email',
          event: 'deadline_near',
          payload: reminder.payload,
          idempotencyKey: reminder.key,
        })
        .onConflictDoNothing()
        .returning({ id: notificationOutbox.id });
      if (inserted.length === 0) return false;
      if (reminder.toTargets && reminder.toTargets.length > 0)
        await tx.insert(notificationOutbox).values(reminder.toTargets).onConflictDoNothing();
      await tx.insert(incidentEvents).values({
        incidentId,
        type: 'reminder_sent',
        actorId: null,
        data: { key: reminder.key, covers: reminder.covers },
      });
      return true;
    });
  }

  async incidentById(id: string): Promise<Incident | undefined> {
    const rows = await this.db.select().from(incidents).where(eq(incidents.id, id));
    return rows[0];
  }

  /**
   * Incidents, most recently detected first; `routedTo` keeps those a routing target was
   * notified of (what a department's liaison may see).
   */
  async incidents(
    filter: { status?: Incident['status']; routedTo?: string } = {},
    limit = 200,
  ): Promise<Incident[]> {
    return this.db
      .select()
      .from(incidents)
      .where(
        and(
          filter.status ? eq(incidents.status, filter.status) : undefined,
          filter.routedTo
            ? sql`exists (select 1 from ${notificationOutbox} where ${notificationOutbox.incidentId} = ${incidents.id} and ${notificationOutbox.targetId} = ${filter.routedTo})`
            : undefined,
        ),
      )
      .orderBy(desc(incidents.detectedAt))
      .limit(limit);
  }

  async eventsOf(incidentId: string): Promise<IncidentEvent[]> {
    return this.db
      .select()
      .from(incidentEvents)
      .where(eq(incidentEvents.incidentId, incidentId))
      .orderBy(asc(incidentEvents.createdAt));
  }

  async alertsOf(incidentId: string): Promise<AlertRow[]> {
    return this.db
      .select()
      .from(alerts)
      .where(eq(alerts.incidentId, incidentId))
      .orderBy(asc(alerts.createdAt));
  }

  /** Every sighting of an incident's images: the image's blob and the post it was seen in. */
  async sightingsOf(incidentId: string): Promise<
    {
      alertId: string;
      pageId: string | null;
      imageId: string;
      imageBlobKey: string;
      imageMimeType: string | null;
      imageSha256: string;
      imageByteSize: number;
      /** Set when the retention run deleted the image's bytes. */
      imageBlobRemovedAt: Date | null;
      postId: string;
      permalink: string | null;
      sourceUrl: string | null;
      seenAt: Date;
    }[]
  > {
    return this.db
      .select({
        alertId: alerts.id,
        pageId: alerts.pageId,
        imageId: images.id,
        imageBlobKey: images.blobKey,
        imageMimeType: images.mimeType,
        imageSha256: images.sha256,
        imageByteSize: images.byteSize,
        imageBlobRemovedAt: images.blobRemovedAt,
        postId: posts.id,
        permalink: posts.permalink,
        sourceUrl: imageSightings.sourceUrl,
        seenAt: posts.firstSeenAt,
      })
      .from(alerts)
      .innerJoin(images, eq(images.id, alerts.imageId))
      .innerJoin(imageSightings, eq(imageSightings.imageId, alerts.imageId))
      .innerJoin(posts, eq(posts.id, imageSightings.postId))
      .where(eq(alerts.incidentId, incidentId))
      .orderBy(asc(posts.firstSeenAt));
  }

  /**
   * Each post an incident's images were seen in, once, with its group or page, when it was
   * posted and first seen, its reach when Facebook showed it, and whether it is gone.
   */
  async postsOf(incidentId: string): Promise<
    {
      postId: string;
      permalink: string | null;
      postedAt: Date | null;
      firstSeenAt: Date;
      lastSeenAt: Date;
      goneAt: Date | null;
      reach: (typeof posts.$inferSelect)['reach'];
      images: number;
      source: { id: string; kind: string; url: string; name: string | null };
    }[]
  > {
    const rows = await this.db
      .select({
        postId: posts.id,
        permalink: posts.permalink,
        postedAt: posts.postedAt,
        firstSeenAt: posts.firstSeenAt,
        lastSeenAt: posts.lastSeenAt,
        goneAt: posts.goneAt,
        reach: posts.reach,
        images: sql<number>`count(distinct ${alerts.imageId})::int`,
        sourceId: sources.id,
        sourceKind: sources.kind,
        sourceUrl: sources.url,
        sourceName: sources.name,
      })
      .from(alerts)
      .innerJoin(imageSightings, eq(imageSightings.imageId, alerts.imageId))
      .innerJoin(posts, eq(posts.id, imageSightings.postId))
      .innerJoin(sources, eq(sources.id, posts.sourceId))
      .where(eq(alerts.incidentId, incidentId))
      .groupBy(posts.id, sources.id)
      .orderBy(asc(posts.firstSeenAt));
    return rows.map(({ sourceId, sourceKind, sourceUrl, sourceName, ...post }) => ({
      ...post,
      source: { id: sourceId, kind: sourceKind, url: sourceUrl, name: sourceName },
    }));
  }

  /** Where an incident's images were seen: posts, distinct sources, first and latest sighting. */
  async spreadOf(incidentId: string): Promise<Spread> {
    const [row] = await this.db
      .select({
        sightings: sql<number>`count(distinct ${posts.id})::int`,
        places: sql<number>`count(distinct ${posts.sourceId})::int`,
        firstSeenAt: min(posts.firstSeenAt),
        lastSeenAt: max(posts.lastSeenAt),
      })
      .from(alerts)
      .innerJoin(imageSightings, eq(imageSightings.imageId, alerts.imageId))
      .innerJoin(posts, eq(posts.id, imageSightings.postId))
      .where(eq(alerts.incidentId, incidentId));
    return {
      sightings: row?.sightings ?? 0,
      places: row?.places ?? 0,
      firstSeenAt: row?.firstSeenAt ?? null,
      lastSeenAt: row?.lastSeenAt ?? null,
    };
  }
}

import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Alert } from '@leakwatch/db';
import { LeakWatchError } from '@leakwatch/errors';
import { alertAssignmentRows, assignmentNeedsNotice, computeSeverity } from '@leakwatch/incidents';
import { standardProblems } from '../../http/problem.js';
import { notificationsFor } from '../../incident-notifications.js';
import { isoDate } from '../../http/schemas.js';

const statusSchema = z.enum(['new', 'confirmed', 'dismissed', 'quarantined']);

const alertSchema = z
  .object({
    id: z.uuid(),
    kind: z.enum(['match', 'sensitive_unregistered']),
    status: statusSchema,
    imageId: z.uuid(),
    documentId: z.uuid().nullable(),
    pageId: z.uuid().nullable(),
    score: z.number().nullable(),
    findings: z.array(z.object({ kind: z.string(), count: z.number() })),
    dedupKey: z.string(),
    assigneeId: z.uuid().nullable(),
    incidentId: z.uuid().nullable(),
    dismissReason: z.string().nullable(),
    createdAt: z.string(),
    decidedAt: z.string().nullable(),
  })
  .meta({ id: 'Alert' });

function alertView(alert: Alert): z.infer<typeof alertSchema> {
  return {
    id: alert.id,
    kind: alert.kind,
    status: alert.status,
    imageId: alert.imageId,
    documentId: alert.documentId,
    pageId: alert.pageId,
    score: alert.score,
    findings: (alert.findings ?? []) as { kind: string; count: number }[],
    dedupKey: alert.dedupKey,
    assigneeId: alert.assigneeId,
    incidentId: alert.incidentId,
    dismissReason: alert.dismissReason,
    createdAt: alert.createdAt.toISOString(),
    decidedAt: isoDate(alert.decidedAt),
  };
}

const pointSchema = z.object({ x: z.number(), y: z.number() });

/** The matcher's explanation as stored with the alert (packages/matcher MatchedPage.signals). */
const explanationSchema = z
  .object({
    rules: z.array(z.string()),
    agreed: z.array(z.string()),
    pdqDistance: z.number().nullable(),
    text: z
      .object({
        containment: z.number(),
        discriminativeContainment: z.number(),
        discriminativeHits: z.number(),
        anchorHits: z.number(),
      })
      .nullable(),
    geometry: z.object({ inliers: z.number(), matches: z.number() }).nullable(),
  })
  .meta({ id: 'MatchExplanation' });

const regionSchema = z
  .object({ inImage: z.array(pointSchema), inPage: z.array(pointSchema).nullable() })
  .meta({ id: 'MatchRegion' });

const alertDetailSchema = z
  .object({
    alert: alertSchema,
    /** Null for an unregistered leak, or an alert stored before explanations were kept. */
    explanation: explanationSchema.nullable(),
    region: regionSchema.nullable(),
    image: z.object({
      id: z.uuid(),
      width: z.number().int().nullable(),
      height: z.number().int().nullable(),
      mimeType: z.string().nullable(),
      sha256: z.string(),
    }),
    document: z
      .object({ id: z.uuid(), title: z.string(), classification: z.string(), status: z.string() })
      .nullable(),
    page: z
      .object({
        id: z.uuid(),
        pageNumber: z.number().int(),
        width: z.number().int(),
        height: z.number().int(),
        hasThumbnail: z.boolean(),
      })
      .nullable(),
    sightings: z.array(
      z.object({
        postId: z.uuid(),
        permalink: z.string().nullable(),
        text: z.string().nullable(),
        postedAt: z.string().nullable(),
        firstSeenAt: z.string(),
        goneAt: z.string().nullable(),
        reach: z
          .object({
            reactions: z.number().optional(),
            comments: z.number().optional(),
            shares: z.number().optional(),
          })
          .nullable(),
        source: z.object({
          id: z.uuid(),
          kind: z.string(),
          url: z.string(),
          name: z.string().nullable(),
        }),
      }),
    ),
  })
  .meta({ id: 'AlertDetail' });

/** Stored JSON read back defensively: an older or partial shape shows as "no explanation". */
function explanationOf(stored: unknown): z.infer<typeof explanationSchema> | null {
  const parsed = explanationSchema.safeParse(stored);
  return parsed.success ? parsed.data : null;
}

function regionOf(stored: unknown): z.infer<typeof regionSchema> | null {
  const parsed = regionSchema.safeParse(stored);
  return parsed.success ? parsed.data : null;
}

const decisionSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('confirm'), alertIds: z.array(z.uuid()).min(1).max(500) }),
  z.object({
    action: z.literal('dismiss'),
    alertIds: z.array(z.uuid()).min(1).max(500),
    reason: z.enum(['false_match', 'already_known', 'not_sensitive', 'duplicate']),
    note: z.string().trim().max(2_000).optional(),
  }),
  z.object({
    action: z.literal('assign'),
    alertIds: z.array(z.uuid()).min(1).max(500),
    assigneeId: z.uuid().nullable(),
  }),
]);

/**
 * Triage: alerts grouped by what they show (the same registered page, or the same image), so a
 * reposted leak is decided once; confirm, dismiss or assign one or many at a time.
 */
export const alertRoutes: FastifyPluginAsyncZod = (app) => {
  const { repos } = app.deps;

  app.get(
    '/groups',
    {
      schema: {
        tags: ['triage'],
        summary:
          'Alerts grouped by dedup key (same page or same image), strongest and most widely spread first',
        querystring: z
          .object({
            status: statusSchema.default('new'),
            sourceId: z.uuid().optional(),
            documentId: z.uuid().optional(),
            minScore: z.coerce.number().min(0).max(1).optional(),
            from: z.iso.date().optional(),
            to: z.iso.date().optional(),
          })
          .refine((query) => !query.from || !query.to || query.from <= query.to, {
            message: '"from" must not be after "to"',
            path: ['from'],
          }),
        response: {
          200: z.object({
            groups: z.array(
              z.object({
                dedupKey: z.string(),
                kind: z.string(),
                documentId: z.string().nullable(),
                documentTitle: z.string().nullable(),
                pageId: z.string().nullable(),
                alerts: z.number().int(),
                maxScore: z.number().nullable(),
                sightings: z.number().int(),
                places: z.number().int(),
                firstAt: z.string(),
                lastAt: z.string(),
              }),
            ),
          }),
          ...standardProblems,
        },
      },
    },
    async (request) => {
      const { status, sourceId, documentId, minScore, from, to } = request.query;
      const groups = await repos.triage.groups(status, {
        ...(sourceId ? { sourceId } : {}),
        ...(documentId ? { documentId } : {}),
        ...(minScore !== undefined ? { minScore } : {}),
        ...(from ? { from: new Date(`${from}T00:00:00Z`) } : {}),
        // The whole of the last day: `to` is inclusive for people picking dates.
        ...(to ? { to: new Date(Date.parse(`${to}T00:00:00Z`) + 86_400_000) } : {}),
      });
      return {
        groups: groups.map((group) => ({
          ...group,
          firstAt: group.firstAt.toISOString(),
          lastAt: group.lastAt.toISOString(),
        })),
      };
    },
  );

  app.get(
    '/facets',
    {
      schema: {
        tags: ['triage'],
        summary: 'The sources and documents among alerts of a status (for triage filters)',
        querystring: z.object({ status: statusSchema.default('new') }),
        response: {
          200: z.object({
            sources: z.array(
              z.object({
                id: z.uuid(),
                name: z.string().nullable(),
                url: z.string(),
                alerts: z.number().int(),
              }),
            ),
            documents: z.array(
              z.object({ id: z.uuid(), title: z.string(), alerts: z.number().int() }),
            ),
          }),
          ...standardProblems,
        },
      },
    },
    async (request) => repos.triage.facets(request.query.status),
  );

  app.get(
    '/:id',
    {
      schema: {
        tags: ['triage'],
        summary:
          'One alert with the match explanation, regions, document page and every post its image was seen in',
        params: z.object({ id: z.uuid() }),
        response: { 200: alertDetailSchema, ...standardProblems },
      },
    },
    async (request) => {
      const detail = await repos.triage.alertDetail(request.params.id);
      if (!detail) throw new LeakWatchError('LW_NOT_FOUND', { params: { what: 'The alert' } });
      return {
        alert: alertView(detail.alert),
        explanation: explanationOf(detail.alert.signals),
        region: regionOf(detail.alert.region),
        image: detail.image,
        document: detail.document,
        page: detail.page,
        sightings: detail.sightings.map((sighting) => ({
          ...sighting,
          postedAt: isoDate(sighting.postedAt),
          firstSeenAt: sighting.firstSeenAt.toISOString(),
          goneAt: isoDate(sighting.goneAt),
          reach: sighting.reach ?? null,
        })),
      };
    },
  );

  app.get(
    '',
    {
      schema: {
        tags: ['triage'],
        summary: 'The alerts of one group',
        querystring: z.object({
          dedupKey: z.string().min(1).max(200),
          status: statusSchema.optional(),
        }),
        response: { 200: z.object({ alerts: z.array(alertSchema) }), ...standardProblems },
      },
    },
    async (request) => ({
      alerts: (await repos.triage.alertsWithKey(request.query.dedupKey, request.query.status)).map(
        alertView,
      ),
    }),
  );

  app.post(
    '/decisions',
    {
      schema: {
        tags: ['triage'],
        summary: 'Confirm, dismiss or assign alerts (one or many); decided alerts are left alone',
        body: decisionSchema,
        response: {
          200: z.object({
            decided: z.array(z.uuid()),
            incidents: z.array(z.object({ id: z.uuid(), opened: z.boolean() })),
          }),
          ...standardProblems,
        },
      },
    },
    async (request) => {
      const identity = request.identity;
      const userId = identity?.kind === 'user' ? identity.user.id : null;
      const body = request.body;
      const known = await repos.triage.alertsByIds(body.alertIds);
      if (known.length !== new Set(body.alertIds).size)
        throw new LeakWatchError('LW_NOT_FOUND', { params: { what: 'One of the alerts' } });
      if (body.action === 'assign') {
        const assignee = body.assigneeId ? await repos.users.findById(body.assigneeId) : undefined;
        if (body.assigneeId && !assignee)
          throw new LeakWatchError('LW_NOT_FOUND', { params: { what: 'The assignee' } });
        // Someone else given alerts hears of it by e-mail, once for this act, queued with it.
        const documentIds = [
          ...new Set(known.flatMap((alert) => (alert.documentId ? [alert.documentId] : []))),
        ];
        const titles = new Map<string, string>();
        if (assignee && assignee.id !== userId)
          for (const id of documentIds.slice(0, 20)) {
            const document = await repos.documents.findById(id);
            if (document) titles.set(id, document.title);
          }
        const actId = `alerts-${randomUUID()}`;
        const assigned = await repos.triage.assign(body.alertIds, body.assigneeId, (changed) =>
          assignee && assignmentNeedsNotice(assignee.id, userId, null)
            ? alertAssignmentRows(
                changed,
                [
                  ...new Set(
                    changed.flatMap((alert) => {
                      const title = alert.documentId ? titles.get(alert.documentId) : undefined;
                      return title ? [title] : [];
                    }),
                  ),
                ],
                {
                  assignee: {
                    email: assignee.email,
                    displayName: assignee.displayName,
                    disabled: assignee.disabledAt !== null,
                  },
                  assignedBy: identity?.kind === 'user' ? identity.user.displayName : null,
                  actId,
                },
                app.deps.config.api.publicUrl,
              )
            : [],
        );
        await request.audit({
          action: 'alert.assigned',
          targetType: 'alert',
          targetId: body.alertIds.join(',').slice(0, 200),
          details: { alerts: assigned.length, assigneeId: body.assigneeId },
        });
        return { decided: assigned.map((alert) => alert.id), incidents: [] };
      }
      if (body.action === 'dismiss') {
        const dismissed = await repos.triage.dismiss(body.alertIds, {
          reason: body.reason,
          note: body.note ?? null,
          userId,
        });
        await request.audit({
          action: 'alert.dismissed',
          targetType: 'alert',
          targetId: body.alertIds.join(',').slice(0, 200),
          details: { alerts: dismissed.length, reason: body.reason },
        });
        return { decided: dismissed.map((alert) => alert.id), incidents: [] };
      }
      const confirmed = await repos.triage.confirm(body.alertIds, {
        userId,
        notifyOpened: await notificationsFor(repos, 'opened', app.deps.config.api.publicUrl),
        notifyEscalated: await notificationsFor(repos, 'escalated', app.deps.config.api.publicUrl),
        // Re-assessed with the spread each time alerts join the incident (raised, never lowered).
        severityFor: ({ classification, findings, sightings, places }) =>
          computeSeverity({
            classification,
            findings,
            sightings: sightings ?? 1,
            places: places ?? 1,
          }).severity,
      });
      const incidents = new Map<string, boolean>();
      for (const { incident, opened } of confirmed)
        incidents.set(incident.id, (incidents.get(incident.id) ?? false) || opened);
      await request.audit({
        action: 'alert.confirmed',
        targetType: 'alert',
        targetId: body.alertIds.join(',').slice(0, 200),
        details: { alerts: confirmed.length, incidents: [...incidents.keys()] },
      });
      return {
        decided: confirmed.map(({ alert }) => alert.id),
        incidents: [...incidents].map(([id, opened]) => ({ id, opened })),
      };
    },
  );
  return Promise.resolve();
};

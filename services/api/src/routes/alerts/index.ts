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
        summary: 'Alerts grouped by dedup key (same page or same image), largest groups first',
        querystring: z.object({ status: statusSchema.default('new') }),
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
                firstAt: z.string(),
                lastAt: z.string(),
              }),
            ),
          }),
          ...standardProblems,
        },
      },
    },
    async (request) => ({
      groups: (await repos.triage.groups(request.query.status)).map((group) => ({
        ...group,
        firstAt: group.firstAt.toISOString(),
        lastAt: group.lastAt.toISOString(),
      })),
    }),
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

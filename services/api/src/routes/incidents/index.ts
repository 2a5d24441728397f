import type { FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { openBlobStore } from '@leakwatch/blob-store';
import type { Incident, Notification } from '@leakwatch/db';
import {
  streamEvidencePackage,
  type EvidenceSource,
  type RemovedEvidenceFile,
} from '@leakwatch/evidence';
import { LeakWatchError } from '@leakwatch/errors';
import {
  assignmentNeedsNotice,
  checkTransition,
  deadlineRuleSchema,
  deadlinesOf,
  happenedOf,
  incidentAssignmentRows,
  incidentReportHtml,
  isEscalation,
  tasksOf,
  type IncidentEventName,
  incidentStatuses,
} from '@leakwatch/incidents';
import { problemSchema, standardProblems } from '../../http/problem.js';
import { notificationsFor } from '../../incident-notifications.js';
import { acknowledgementSchema, idParamsSchema, isoDate } from '../../http/schemas.js';

const incidentSchema = z
  .object({
    id: z.uuid(),
    documentId: z.uuid().nullable(),
    title: z.string(),
    severity: z.enum(['low', 'medium', 'high', 'critical']),
    status: z.enum(incidentStatuses),
    assigneeId: z.uuid().nullable(),
    detectedAt: z.string(),
    createdAt: z.string(),
    closedAt: z.string().nullable(),
  })
  .meta({ id: 'Incident' });

function incidentView(incident: Incident): z.infer<typeof incidentSchema> {
  return {
    id: incident.id,
    documentId: incident.documentId,
    title: incident.title,
    severity: incident.severity,
    status: incident.status,
    assigneeId: incident.assigneeId,
    detectedAt: incident.detectedAt.toISOString(),
    createdAt: incident.createdAt.toISOString(),
    closedAt: isoDate(incident.closedAt),
  };
}

const notificationSchema = z
  .object({
    id: z.uuid(),
    event: z.string(),
    targetId: z.uuid().nullable(),
    /** The receiving organisation; null for e-mails to people (reminders, assignments). */
    target: z.string().nullable(),
    channel: z.enum(['email', 'webhook']),
    status: z.enum(['pending', 'delivered', 'failed']),
    attempts: z.number().int(),
    lastError: z.string().nullable(),
    deliveredAt: z.string().nullable(),
    acknowledgedAt: z.string().nullable(),
    acknowledgedBy: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'IncidentNotification' });

const sightingSchema = z
  .object({
    postId: z.uuid(),
    permalink: z.string().nullable(),
    postedAt: z.string().nullable(),
    firstSeenAt: z.string(),
    lastSeenAt: z.string(),
    goneAt: z.string().nullable(),
    reach: z
      .object({
        reactions: z.number().optional(),
        comments: z.number().optional(),
        shares: z.number().optional(),
      })
      .nullable(),
    images: z.number().int(),
    source: z.object({
      id: z.uuid(),
      kind: z.string(),
      url: z.string(),
      name: z.string().nullable(),
    }),
  })
  .meta({ id: 'IncidentSighting' });

const taskSchema = z
  .object({
    id: z.uuid(),
    title: z.string(),
    assigneeId: z.string().nullable(),
    dueAt: z.string().nullable(),
    done: z.boolean(),
    doneAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'IncidentTask' });

function notificationView({
  row,
  targetName,
}: {
  row: Notification;
  targetName: string | null;
}): z.infer<typeof notificationSchema> {
  return {
    id: row.id,
    event: row.event,
    targetId: row.targetId,
    target: targetName,
    channel: row.channel,
    status: row.status,
    attempts: row.attempts,
    lastError: row.lastError,
    deliveredAt: isoDate(row.deliveredAt),
    acknowledgedAt: isoDate(row.acknowledgedAt),
    acknowledgedBy: row.acknowledgedBy,
    createdAt: row.createdAt.toISOString(),
  };
}

function extensionOf(mimeType: string | null): string {
  return { 'image/png': 'png', 'image/webp': 'webp', 'image/gif': 'gif' }[mimeType ?? ''] ?? 'jpg';
}

/**
 * Whose view this is: `undefined` for people who may read every incident, the routing target
 * of a department's liaison, or `null` for a liaison not attached to any department.
 */
function liaisonTarget(identity: FastifyRequest['identity']): string | null | undefined {
  if (!identity || identity.permissions.has('incidents:read')) return undefined;
  return identity.kind === 'user' ? identity.user.routingTargetId : null;
}

/** The course of an incident a receiving department may follow. */
function liaisonSees(
  event: { type: string; data: unknown },
  ownNotifications: Set<string>,
): boolean {
  if (event.type === 'opened' || event.type.startsWith('status_') || event.type === 'notice_sent')
    return true;
  const notificationId = (event.data as { notificationId?: unknown }).notificationId;
  return typeof notificationId === 'string' && ownNotifications.has(notificationId);
}

/** Incidents: confirmed leaks of one document, with their spread, deadlines and timeline. */
export const incidentRoutes: FastifyPluginAsyncZod = (app) => {
  const { repos, config } = app.deps;
  // One store for the process (an S3 client keeps its connections), not one per export.
  const blobs = openBlobStore(config.blobs);

  app.get(
    '',
    {
      schema: {
        tags: ['incidents'],
        summary: 'Incidents, most recently detected first',
        querystring: z.object({ status: z.enum(incidentStatuses).optional() }),
        response: { 200: z.object({ incidents: z.array(incidentSchema) }), ...standardProblems },
      },
    },
    async (request) => {
      const routedTo = liaisonTarget(request.identity);
      // A liaison without a department sees nothing rather than everything.
      if (routedTo === null) return { incidents: [] };
      return {
        incidents: (
          await repos.triage.incidents({
            ...(request.query.status ? { status: request.query.status } : {}),
            ...(routedTo ? { routedTo } : {}),
          })
        ).map(incidentView),
      };
    },
  );

  app.get(
    '/:id',
    {
      schema: {
        tags: ['incidents'],
        summary: 'One incident: spread, deadlines (time left), alerts and timeline',
        params: idParamsSchema,
        response: {
          200: z.object({
            incident: incidentSchema,
            spread: z.object({
              sightings: z.number().int(),
              places: z.number().int(),
              firstSeenAt: z.string().nullable(),
              lastSeenAt: z.string().nullable(),
            }),
            deadlines: z.array(
              z.object({
                rule: z.string(),
                label: z.string(),
                dueAt: z.string(),
                secondsLeft: z.number().int(),
                met: z.boolean(),
                overdue: z.boolean(),
              }),
            ),
            alerts: z.array(z.object({ id: z.uuid(), imageId: z.uuid(), createdAt: z.string() })),
            /** Every post the incident's images were seen in: where, when, reach, whether gone. */
            sightings: z.array(sightingSchema),
            tasks: z.array(taskSchema),
            timeline: z.array(
              z.object({
                type: z.string(),
                actorId: z.uuid().nullable(),
                at: z.string(),
                data: z.record(z.string(), z.unknown()),
              }),
            ),
            /** Who was told, how, whether it arrived, and whether the receiver acknowledged it. */
            notifications: z.array(notificationSchema),
          }),
          404: problemSchema,
          ...standardProblems,
        },
      },
    },
    async (request) => {
      const incident = await repos.triage.incidentById(request.params.id);
      if (!incident) throw new LeakWatchError('LW_NOT_FOUND', { params: { what: 'The incident' } });
      const routedTo = liaisonTarget(request.identity);
      const [spread, alerts, events, deadlineRules, notifications, sightings] = await Promise.all([
        repos.triage.spreadOf(incident.id),
        repos.triage.alertsOf(incident.id),
        repos.triage.eventsOf(incident.id),
        repos.rules.deadlineRules({ active: true }),
        repos.notifications.ofIncidentWithTargets(incident.id),
        repos.triage.postsOf(incident.id),
      ]);
      // A liaison sees incidents their department was told of, and only what concerns it:
      // its own notifications and the incident's public course, not officers' notes.
      const mine = notifications.filter(({ row }) => row.targetId === routedTo);
      if (routedTo !== undefined && mine.length === 0)
        throw new LeakWatchError('LW_NOT_FOUND', { params: { what: 'The incident' } });
      const happened = happenedOf(incident, events);
      const shownEvents =
        routedTo === undefined
          ? events
          : events.filter((event) => liaisonSees(event, new Set(mine.map(({ row }) => row.id))));
      return {
        incident: incidentView(incident),
        spread: {
          ...spread,
          firstSeenAt: isoDate(spread.firstSeenAt),
          lastSeenAt: isoDate(spread.lastSeenAt),
        },
        deadlines: deadlinesOf(
          deadlineRules.map((rule) => deadlineRuleSchema.parse(rule)),
          happened,
          new Date(),
        ).map((deadline) => ({
          ...deadline,
          dueAt: deadline.dueAt.toISOString(),
        })),
        alerts: (routedTo === undefined ? alerts : []).map((alert) => ({
          id: alert.id,
          imageId: alert.imageId,
          createdAt: alert.createdAt.toISOString(),
        })),
        timeline: shownEvents.map((event) => ({
          type: event.type,
          actorId: routedTo === undefined ? event.actorId : null,
          at: event.createdAt.toISOString(),
          data: routedTo === undefined ? (event.data as Record<string, unknown>) : {},
        })),
        notifications: (routedTo === undefined ? notifications : mine).map(notificationView),
        sightings: sightings.map((sighting) => ({
          ...sighting,
          postedAt: isoDate(sighting.postedAt),
          firstSeenAt: sighting.firstSeenAt.toISOString(),
          lastSeenAt: sighting.lastSeenAt.toISOString(),
          goneAt: isoDate(sighting.goneAt),
          reach: sighting.reach ?? null,
        })),
        tasks: routedTo === undefined ? tasksOf(events) : [],
      };
    },
  );
  app.patch(
    '/:id',
    {
      schema: {
        tags: ['incidents'],
        summary:
          'Move an incident on (closing needs a resolution), assign it, override its severity (with a reason), tag it',
        params: idParamsSchema,
        body: z
          .object({
            status: z.enum(incidentStatuses).optional(),
            resolution: z.string().trim().min(3).max(4_000).optional(),
            assigneeId: z.uuid().nullable().optional(),
            severity: z.enum(['low', 'medium', 'high', 'critical']).optional(),
            severityReason: z.string().trim().min(3).max(2_000).optional(),
            tags: z.array(z.string().trim().min(1).max(50)).max(30).optional(),
            /** The breach notice went to the data-protection agency: how, and when. */
            noticeSent: z
              .object({
                channel: z.string().trim().min(2).max(200),
                at: z.iso.datetime({ offset: true }).optional(),
              })
              .optional(),
          })
          .refine((body) => Object.keys(body).length > 0, 'nothing to change')
          .refine(
            (body) => body.severity === undefined || body.severityReason !== undefined,
            'overriding the severity needs a severityReason',
          ),
        response: {
          200: z.object({ incident: incidentSchema }),
          404: problemSchema,
          409: problemSchema,
          ...standardProblems,
        },
      },
    },
    async (request) => {
      const incident = await repos.triage.incidentById(request.params.id);
      if (!incident) throw new LeakWatchError('LW_NOT_FOUND', { params: { what: 'The incident' } });
      const body = request.body;
      if (body.status) {
        const check = checkTransition(incident.status, body.status, {
          resolution: body.resolution ?? null,
        });
        if (!check.ok) throw new LeakWatchError('LW_CONFLICT', { message: check.reason });
      }
      const assignee = body.assigneeId ? await repos.users.findById(body.assigneeId) : undefined;
      if (body.assigneeId && !assignee)
        throw new LeakWatchError('LW_NOT_FOUND', { params: { what: 'The assignee' } });
      const actorId = request.identity?.kind === 'user' ? request.identity.user.id : null;
      // Someone else given the incident hears of it by e-mail, queued with the assignment.
      const assignmentNotice =
        assignee && assignmentNeedsNotice(assignee.id, actorId, incident.assigneeId)
          ? {
              assignee: {
                email: assignee.email,
                displayName: assignee.displayName,
                disabled: assignee.disabledAt !== null,
              },
              assignedBy:
                request.identity?.kind === 'user' ? request.identity.user.displayName : null,
              actId: `incident-${incident.id}-${randomUUID()}`,
            }
          : undefined;
      const type = body.noticeSent
        ? 'notice_sent'
        : body.status
          ? `status_${body.status}`
          : body.severity
            ? 'severity_overridden'
            : body.assigneeId !== undefined
              ? 'assigned'
              : 'changed';
      // Routing rules decide who hears of these; the outbox rows join the change's transaction.
      const notifiedEvents: IncidentEventName[] = [
        ...(body.status === 'removed' || body.status === 'closed' ? [body.status] : []),
        ...(body.severity && isEscalation(incident.severity, body.severity)
          ? (['escalated'] as const)
          : []),
      ];
      const notifiers = await Promise.all(
        notifiedEvents.map((event) => notificationsFor(repos, event, config.api.publicUrl)),
      );
      const document =
        notifiers.length > 0 && incident.documentId
          ? ((await repos.documents.findById(incident.documentId)) ?? null)
          : null;
      const updated = await repos.triage.changeIncident(
        incident.id,
        {
          ...(body.status ? { status: body.status } : {}),
          ...(body.resolution ? { resolution: body.resolution } : {}),
          ...(body.assigneeId !== undefined ? { assigneeId: body.assigneeId } : {}),
          ...(body.severity ? { severity: body.severity } : {}),
          ...(body.tags ? { tags: body.tags } : {}),
        },
        {
          type,
          actorId,
          data: {
            ...(body.status ? { from: incident.status, to: body.status } : {}),
            ...(body.resolution ? { resolution: body.resolution } : {}),
            ...(body.severity
              ? {
                  severityFrom: incident.severity,
                  severityTo: body.severity,
                  reason: body.severityReason,
                }
              : {}),
            ...(body.assigneeId !== undefined ? { assigneeId: body.assigneeId } : {}),
            ...(body.tags ? { tags: body.tags } : {}),
            ...(body.noticeSent
              ? {
                  channel: body.noticeSent.channel,
                  at: body.noticeSent.at ?? new Date().toISOString(),
                }
              : {}),
          },
        },
        (updated) => [
          ...notifiers.flatMap((notify) =>
            notify(updated, document, updated.updatedAt.toISOString()),
          ),
          ...(assignmentNotice
            ? incidentAssignmentRows(updated, assignmentNotice, config.api.publicUrl)
            : []),
        ],
      );
      if (!updated) throw new LeakWatchError('LW_NOT_FOUND', { params: { what: 'The incident' } });
      await request.audit({
        action: 'incident.changed',
        targetType: 'incident',
        targetId: incident.id,
        details: { type, fields: Object.keys(body) },
      });
      return { incident: incidentView(updated) };
    },
  );

  app.get(
    '/:id/evidence.zip',
    {
      schema: {
        tags: ['incidents'],
        summary:
          'Evidence package: images, post screenshots and HTML, response bodies, and a manifest (SHA-256, capture times, sources, matched document and page, exporter); audited',
        params: idParamsSchema,
        // A zip file (application/zip), streamed as it is written.
        response: { 200: z.unknown(), 404: problemSchema, ...standardProblems },
      },
    },
    async (request, reply) => {
      const incident = await repos.triage.incidentById(request.params.id);
      if (!incident) throw new LeakWatchError('LW_NOT_FOUND', { params: { what: 'The incident' } });
      const sightings = await repos.triage.sightingsOf(incident.id);
      const document = incident.documentId
        ? await repos.documents.findById(incident.documentId)
        : undefined;
      const pages = document ? await repos.documents.pagesOf(document.id) : [];
      const files: EvidenceSource[] = [];
      // Bytes the retention run deleted are listed as such rather than failing the export.
      const removedByRetention: RemovedEvidenceFile[] = [];
      const add = (file: EvidenceSource, removedAt: Date | null) => {
        if (!removedAt) files.push(file);
        else {
          const { read: _unread, ...described } = file;
          removedByRetention.push({
            ...described,
            removedAt: removedAt.toISOString(),
            reason: 'retention',
          });
        }
      };
      const matches: { imagePath: string; pageNumber: number | null }[] = [];
      const seenImages = new Set<string>();
      const seenPosts = new Set<string>();
      for (const sighting of sightings) {
        if (!seenImages.has(sighting.imageId)) {
          seenImages.add(sighting.imageId);
          const path = `files/image-${sighting.imageId}.${extensionOf(sighting.imageMimeType)}`;
          // Hash and size as stored; the bytes are read (and checked) when the zip gets there.
          add(
            {
              path,
              kind: 'image',
              sha256: sighting.imageSha256,
              bytes: sighting.imageByteSize,
              read: () => blobs.get(sighting.imageBlobKey),
              capturedAt: sighting.seenAt.toISOString(),
              sourceUrl: sighting.sourceUrl,
              postPermalink: sighting.permalink,
            },
            sighting.imageBlobRemovedAt,
          );
          matches.push({
            imagePath: path,
            pageNumber: pages.find((page) => page.id === sighting.pageId)?.pageNumber ?? null,
          });
        }
        // A post showing several of the incident's images is read once.
        if (seenPosts.has(sighting.postId)) continue;
        seenPosts.add(sighting.postId);
        for (const captured of await repos.crawlResults.evidenceOf({ postId: sighting.postId })) {
          if (captured.kind === 'image') continue;
          add(
            {
              path: `files/${captured.kind}-${captured.id}.${captured.kind === 'screenshot' ? 'png' : captured.kind === 'html' ? 'html' : 'txt'}`,
              kind: captured.kind,
              sha256: captured.sha256,
              bytes: captured.byteSize,
              read: () => blobs.get(captured.blobKey),
              capturedAt: captured.capturedAt.toISOString(),
              sourceUrl: sighting.permalink,
              postPermalink: sighting.permalink,
            },
            captured.blobRemovedAt,
          );
        }
      }
      const exportedBy =
        request.identity?.kind === 'user' ? request.identity.user.email : 'integration token';
      const built = streamEvidencePackage(
        {
          incident: {
            id: incident.id,
            title: incident.title,
            severity: incident.severity,
            status: incident.status,
            detectedAt: incident.detectedAt.toISOString(),
          },
          document: document
            ? { id: document.id, title: document.title, numberSymbol: document.numberSymbol }
            : null,
          matches,
          exportedAt: new Date().toISOString(),
          exportedBy,
          removedByRetention,
        },
        files,
      );
      await request.audit({
        action: 'evidence.exported',
        targetType: 'incident',
        targetId: incident.id,
        details: {
          manifestSha256: built.manifestSha256,
          files: files.length,
          removedByRetention: removedByRetention.length,
        },
      });
      return reply
        .type('application/zip')
        .header(
          'content-disposition',
          `attachment; filename="leakwatch-evidence-${incident.id}.zip"`,
        )
        .header('x-manifest-sha256', built.manifestSha256)
        .send(built.stream);
    },
  );

  app.get(
    '/:id/report',
    {
      schema: {
        tags: ['incidents'],
        summary:
          'Print-ready report in Vietnamese, pre-filled for the personal-data breach notice (Decree 356/2025, Mẫu số 08)',
        params: idParamsSchema,
        response: { 200: z.string(), 404: problemSchema, ...standardProblems },
      },
    },
    async (request, reply) => {
      const incident = await repos.triage.incidentById(request.params.id);
      if (!incident) throw new LeakWatchError('LW_NOT_FOUND', { params: { what: 'The incident' } });
      const [alerts, sightings, events] = await Promise.all([
        repos.triage.alertsOf(incident.id),
        repos.triage.sightingsOf(incident.id),
        repos.triage.eventsOf(incident.id),
      ]);
      const document = incident.documentId
        ? await repos.documents.findById(incident.documentId)
        : undefined;
      // The same list leaked five times exposes the same people: the largest count per kind.
      const findings = new Map<string, number>();
      for (const alert of alerts)
        for (const finding of (alert.findings ?? []) as { kind: string; count: number }[])
          findings.set(finding.kind, Math.max(findings.get(finding.kind) ?? 0, finding.count));
      const places = new Map<string, Date>();
      for (const sighting of sightings) {
        const url = sighting.permalink ?? sighting.sourceUrl ?? '';
        if (url && !places.has(url)) places.set(url, sighting.seenAt);
      }
      const html = incidentReportHtml({
        incident,
        document: document
          ? {
              title: document.title,
              numberSymbol: document.numberSymbol,
              classification: document.classification,
            }
          : null,
        findings: [...findings].map(([kind, count]) => ({ kind, count })),
        places: [...places].map(([url, firstSeenAt]) => ({ url, firstSeenAt })),
        timeline: events.map((event) => ({ type: event.type, at: event.createdAt })),
        generatedAt: new Date(),
      });
      return reply.type('text/html; charset=utf-8').send(html);
    },
  );

  app.post(
    '/:id/comments',
    {
      schema: {
        tags: ['incidents'],
        summary: 'Comment on an incident (it joins the timeline)',
        params: idParamsSchema,
        body: z.object({ text: z.string().trim().min(1).max(8_000) }),
        response: { 201: z.object({ at: z.string() }), 404: problemSchema, ...standardProblems },
      },
    },
    async (request, reply) => {
      const incident = await repos.triage.incidentById(request.params.id);
      if (!incident) throw new LeakWatchError('LW_NOT_FOUND', { params: { what: 'The incident' } });
      const actorId = request.identity?.kind === 'user' ? request.identity.user.id : null;
      const event = await repos.triage.addIncidentEvent(incident.id, {
        type: 'comment',
        actorId,
        data: { text: request.body.text },
      });
      return reply.code(201).send({ at: event.createdAt.toISOString() });
    },
  );

  app.post(
    '/:id/tasks',
    {
      schema: {
        tags: ['incidents'],
        summary: 'Add a task to an incident (who does what by when); it joins the timeline',
        params: idParamsSchema,
        body: z.object({
          title: z.string().trim().min(3).max(500),
          assigneeId: z.uuid().nullable().default(null),
          dueAt: z.iso.datetime({ offset: true }).nullable().default(null),
        }),
        response: { 201: z.object({ task: taskSchema }), 404: problemSchema, ...standardProblems },
      },
    },
    async (request, reply) => {
      const incident = await repos.triage.incidentById(request.params.id);
      if (!incident) throw new LeakWatchError('LW_NOT_FOUND', { params: { what: 'The incident' } });
      if (request.body.assigneeId && !(await repos.users.findById(request.body.assigneeId)))
        throw new LeakWatchError('LW_NOT_FOUND', { params: { what: 'The assignee' } });
      const taskId = randomUUID();
      const added = await repos.triage.addIncidentEvent(incident.id, {
        type: 'task_added',
        actorId: request.identity?.kind === 'user' ? request.identity.user.id : null,
        data: {
          taskId,
          title: request.body.title,
          assigneeId: request.body.assigneeId,
          dueAt: request.body.dueAt ? new Date(request.body.dueAt).toISOString() : null,
        },
      });
      const [task] = tasksOf([added]);
      if (!task) throw new Error('task not recorded');
      return reply.code(201).send({ task });
    },
  );

  app.patch(
    '/:id/tasks/:taskId',
    {
      schema: {
        tags: ['incidents'],
        summary: 'Mark a task done, or open it again',
        params: z.object({ id: z.uuid(), taskId: z.uuid() }),
        body: z.object({ done: z.boolean() }),
        response: { 200: z.object({ task: taskSchema }), 404: problemSchema, ...standardProblems },
      },
    },
    async (request) => {
      const incident = await repos.triage.incidentById(request.params.id);
      if (!incident) throw new LeakWatchError('LW_NOT_FOUND', { params: { what: 'The incident' } });
      const timeline = await repos.triage.eventsOf(incident.id);
      const current = tasksOf(timeline).find((t) => t.id === request.params.taskId);
      if (!current) throw new LeakWatchError('LW_NOT_FOUND', { params: { what: 'The task' } });
      // Marking a done task done again records nothing.
      if (current.done !== request.body.done)
        timeline.push(
          await repos.triage.addIncidentEvent(incident.id, {
            type: request.body.done ? 'task_done' : 'task_reopened',
            actorId: request.identity?.kind === 'user' ? request.identity.user.id : null,
            data: { taskId: current.id, title: current.title },
          }),
        );
      const task = tasksOf(timeline).find((t) => t.id === current.id);
      if (!task) throw new Error('task vanished');
      return { task };
    },
  );

  app.post(
    '/:id/notifications/:notificationId/acknowledge',
    {
      schema: {
        tags: ['incidents'],
        summary:
          'Acknowledge receipt of a notification of the incident, as the signed-in person (liaisons: their own department’s); the first acknowledgement stands',
        params: z.object({ id: z.uuid(), notificationId: z.uuid() }),
        response: { 200: acknowledgementSchema, 404: problemSchema, ...standardProblems },
      },
    },
    async (request) => {
      const identity = request.identity;
      if (identity?.kind !== 'user') throw new LeakWatchError('LW_UNAUTHENTICATED');
      const found = await repos.notifications.findById(request.params.notificationId);
      // A liaison sees only what was sent to their own department; the rest does not exist
      // for them, as for an incident of another department.
      const visible =
        found?.row.incidentId === request.params.id &&
        (identity.permissions.has('incidents:manage') ||
          (found.row.targetId !== null && found.row.targetId === identity.user.routingTargetId));
      if (!found || !visible)
        throw new LeakWatchError('LW_NOT_FOUND', { params: { what: 'The notification' } });
      const result = await repos.notifications.acknowledge(found.row.id, {
        name: `${identity.user.displayName} <${identity.user.email}>`,
        actorId: identity.user.id,
        via: 'api',
      });
      if (!result)
        throw new LeakWatchError('LW_NOT_FOUND', { params: { what: 'The notification' } });
      if (result.first)
        await request.audit({
          action: 'notification.acknowledged',
          targetType: 'notification',
          targetId: found.row.id,
          details: { via: 'api', incidentId: request.params.id },
        });
      return {
        notificationId: result.row.id,
        acknowledgedAt: result.row.acknowledgedAt?.toISOString() ?? '',
        acknowledgedBy: result.row.acknowledgedBy ?? '',
        recorded: result.first,
      };
    },
  );
  return Promise.resolve();
};

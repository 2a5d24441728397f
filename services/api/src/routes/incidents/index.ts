import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Incident } from '@leakwatch/db';
import { LeakWatchError } from '@leakwatch/errors';
import { deadlinesOf, defaultDeadlineRules, incidentStatuses } from '@leakwatch/incidents';
import { problemSchema, standardProblems } from '../../http/problem.js';
import { idParamsSchema, isoDate } from '../../http/schemas.js';

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

/** Incidents: confirmed leaks of one document, with their spread, deadlines and timeline. */
export const incidentRoutes: FastifyPluginAsyncZod = (app) => {
  const { repos } = app.deps;

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
    async (request) => ({
      incidents: (
        await repos.triage.incidents(request.query.status ? { status: request.query.status } : {})
      ).map(incidentView),
    }),
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
            timeline: z.array(
              z.object({
                type: z.string(),
                actorId: z.uuid().nullable(),
                at: z.string(),
                data: z.record(z.string(), z.unknown()),
              }),
            ),
          }),
          404: problemSchema,
          ...standardProblems,
        },
      },
    },
    async (request) => {
      const incident = await repos.triage.incidentById(request.params.id);
      if (!incident) throw new LeakWatchError('LW_NOT_FOUND', { params: { what: 'The incident' } });
      const [spread, alerts, events] = await Promise.all([
        repos.triage.spreadOf(incident.id),
        repos.triage.alertsOf(incident.id),
        repos.triage.eventsOf(incident.id),
      ]);
      const happened: Record<string, Date | undefined> = {
        detected: incident.detectedAt,
        opened: incident.createdAt,
      };
      for (const event of events) happened[event.type] ??= event.createdAt;
      return {
        incident: incidentView(incident),
        spread: {
          ...spread,
          firstSeenAt: isoDate(spread.firstSeenAt),
          lastSeenAt: isoDate(spread.lastSeenAt),
        },
        deadlines: deadlinesOf(defaultDeadlineRules, happened, new Date()).map((deadline) => ({
          ...deadline,
          dueAt: deadline.dueAt.toISOString(),
        })),
        alerts: alerts.map((alert) => ({
          id: alert.id,
          imageId: alert.imageId,
          createdAt: alert.createdAt.toISOString(),
        })),
        timeline: events.map((event) => ({
          type: event.type,
          actorId: event.actorId,
          at: event.createdAt.toISOString(),
          data: event.data as Record<string, unknown>,
        })),
      };
    },
  );
  return Promise.resolve();
};

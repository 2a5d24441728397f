import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { FloodHoldView } from '@leakwatch/db';
import { LeakWatchError } from '@leakwatch/errors';
import { problemSchema, standardProblems } from '../../http/problem.js';
import { idParamsSchema, isoDate } from '../../http/schemas.js';

const floodHoldSchema = z
  .object({
    id: z.uuid(),
    pageId: z.uuid(),
    documentId: z.uuid().nullable(),
    documentTitle: z.string().nullable(),
    pageNumber: z.number().int().nullable(),
    /** Alerts in the window that tripped the guard, and the page's usual hourly rate then. */
    triggerCount: z.number().int(),
    baselinePerHour: z.number(),
    /** Alerts held now (0 once the hold has ended). */
    quarantinedAlerts: z.number().int(),
    startedAt: z.string(),
    endedAt: z.string().nullable(),
    endedBy: z.uuid().nullable(),
    resolution: z.enum(['released', 'dismissed']).nullable(),
  })
  .meta({ id: 'FloodHold' });

function holdView(hold: FloodHoldView): z.infer<typeof floodHoldSchema> {
  return {
    id: hold.id,
    pageId: hold.pageId,
    documentId: hold.documentId,
    documentTitle: hold.documentTitle,
    pageNumber: hold.pageNumber,
    triggerCount: hold.triggerCount,
    baselinePerHour: hold.baselinePerHour,
    quarantinedAlerts: hold.quarantinedAlerts,
    startedAt: hold.startedAt.toISOString(),
    endedAt: isoDate(hold.endedAt),
    endedBy: hold.endedBy,
    resolution: hold.resolution,
  };
}

/**
 * A held page's alerts were never reviewed one by one, so dismissing them does not feed the
 * negative bank ('false_match' would, per image, for good): they are closed as needing no action.
 */
const dismissReason = 'not_sensitive' as const;

/**
 * Flood holds: a registered page that suddenly matched far more images than usual has its new
 * alerts quarantined (see docs/operations.md). Administrators look at the page, then release
 * the alerts to triage or dismiss them all; either ends the hold and is audited.
 */
export const floodHoldRoutes: FastifyPluginAsyncZod = (app) => {
  const { repos } = app.deps;

  app.get(
    '',
    {
      schema: {
        tags: ['triage'],
        summary: 'Flood holds: open ones first, then the most recent',
        querystring: z.object({
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
        response: { 200: z.object({ holds: z.array(floodHoldSchema) }), ...standardProblems },
      },
    },
    async (request) => ({
      holds: (await repos.floodHolds.list(request.query.limit)).map(holdView),
    }),
  );

  app.post(
    '/:id/release',
    {
      schema: {
        tags: ['triage'],
        summary:
          'End a flood hold: its quarantined alerts back to triage (release) or all dismissed (dismiss)',
        params: idParamsSchema,
        body: z.object({
          action: z.enum(['release', 'dismiss']),
          note: z.string().trim().max(2_000).optional(),
        }),
        response: {
          200: z.object({ hold: floodHoldSchema, alerts: z.number().int() }),
          404: problemSchema,
          409: problemSchema,
          ...standardProblems,
        },
      },
    },
    async (request) => {
      const userId = request.identity?.kind === 'user' ? request.identity.user.id : null;
      const { action, note } = request.body;
      const outcome = await repos.floodHolds.end(
        request.params.id,
        action === 'release' ? { action, userId } : { action, userId, reason: dismissReason },
      );
      if (!outcome)
        throw new LeakWatchError('LW_NOT_FOUND', { params: { what: 'The flood hold' } });
      if (!outcome.ended)
        throw new LeakWatchError('LW_CONFLICT', {
          message: `The flood hold has already ended (${outcome.hold.resolution ?? 'ended'})`,
        });
      await request.audit({
        action: action === 'release' ? 'flood_hold.released' : 'flood_hold.dismissed',
        targetType: 'flood_hold',
        targetId: outcome.hold.id,
        details: {
          pageId: outcome.hold.pageId,
          documentId: outcome.hold.documentId,
          alerts: outcome.alerts,
          ...(action === 'dismiss' ? { reason: dismissReason } : {}),
          ...(note ? { note } : {}),
        },
      });
      const view = await repos.floodHolds.findById(outcome.hold.id);
      if (!view) throw new LeakWatchError('LW_NOT_FOUND', { params: { what: 'The flood hold' } });
      return { hold: holdView(view), alerts: outcome.alerts };
    },
  );
  return Promise.resolve();
};

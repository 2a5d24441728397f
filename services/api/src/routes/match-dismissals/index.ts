import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { LeakWatchError } from '@leakwatch/errors';
import { problemSchema, standardProblems } from '../../http/problem.js';
import { idParamsSchema } from '../../http/schemas.js';

const dismissalSchema = z
  .object({
    id: z.uuid(),
    imageSha256: z.string(),
    documentId: z.uuid(),
    documentTitle: z.string(),
    pageId: z.uuid(),
    pageNumber: z.number().int(),
    reason: z.string(),
    note: z.string().nullable(),
    dismissedBy: z.uuid().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'MatchDismissal' });

/**
 * The negative bank: pairs (image, registered page) an officer dismissed as a false match. The
 * matcher never reports such a pair again, nor the same picture re-encoded. Visible to those
 * who triage; an administrator can take an entry out when the dismissal was a mistake.
 */
export const matchDismissalRoutes: FastifyPluginAsyncZod = (app) => {
  const { repos } = app.deps;

  app.get(
    '',
    {
      schema: {
        tags: ['alerts'],
        summary: 'The negative bank: dismissed false matches, newest first',
        querystring: z.object({
          limit: z.coerce.number().int().min(1).max(2_000).default(500),
        }),
        response: {
          200: z.object({ dismissals: z.array(dismissalSchema) }),
          ...standardProblems,
        },
      },
    },
    async (request) => ({
      dismissals: (await repos.matchDismissals.listWithPages(request.query.limit)).map((row) => ({
        id: row.id,
        imageSha256: row.imageSha256,
        documentId: row.documentId,
        documentTitle: row.documentTitle,
        pageId: row.pageId,
        pageNumber: row.pageNumber,
        reason: row.reason,
        note: row.note,
        dismissedBy: row.dismissedBy,
        createdAt: row.createdAt.toISOString(),
      })),
    }),
  );

  app.delete(
    '/:id',
    {
      schema: {
        tags: ['alerts'],
        summary:
          'Take a dismissal out of the negative bank (that image may match that page again); audited',
        params: idParamsSchema,
        response: { 204: z.null(), 404: problemSchema, ...standardProblems },
      },
    },
    async (request, reply) => {
      const removed = await repos.matchDismissals.remove(request.params.id);
      if (!removed) throw new LeakWatchError('LW_NOT_FOUND', { params: { what: 'The dismissal' } });
      await request.audit({
        action: 'match_dismissal.removed',
        targetType: 'match_dismissal',
        targetId: removed.id,
        details: {
          imageSha256: removed.imageSha256,
          pageId: removed.pageId,
          reason: removed.reason,
        },
      });
      return reply.code(204).send(null);
    },
  );
  return Promise.resolve();
};

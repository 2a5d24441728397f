import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { standardProblems } from '../../http/problem.js';
import { auditEntrySchema } from '../../http/schemas.js';

/** The audit trail, newest first, and the check of its hash chain. */
export const auditRoutes: FastifyPluginAsyncZod = (app) => {
  const { repos } = app.deps;

  app.get(
    '',
    {
      schema: {
        tags: ['audit'],
        summary: 'Nhật ký kiểm toán — audit entries, newest first; page with `before`',
        querystring: z.object({
          action: z.string().max(100).optional(),
          actorId: z.string().max(100).optional(),
          targetId: z.string().max(100).optional(),
          before: z.coerce.number().int().positive().optional(),
          limit: z.coerce.number().int().min(1).max(1000).default(100),
        }),
        response: { 200: z.object({ entries: z.array(auditEntrySchema) }), ...standardProblems },
      },
    },
    async (request) => {
      const entries = await repos.audit.list(request.query);
      return {
        entries: entries.map((entry) => ({
          id: entry.id,
          at: entry.at.toISOString(),
          actorType: entry.actorType,
          actorId: entry.actorId,
          action: entry.action,
          targetType: entry.targetType,
          targetId: entry.targetId,
          requestId: entry.requestId,
          ip: entry.ip,
          details: entry.details,
          hash: entry.hash,
        })),
      };
    },
  );

  app.get(
    '/verify',
    {
      schema: {
        tags: ['audit'],
        summary: 'Checks the hash chain and names the first broken link',
        response: {
          200: z.object({
            ok: z.boolean(),
            rows: z.number().int(),
            headHash: z.string().optional(),
            broken: z.looseObject({ id: z.number().int(), reason: z.string() }).optional(),
          }),
          ...standardProblems,
        },
      },
    },
    async (request) => {
      const result = await repos.audit.verify();
      await request.audit({
        action: 'audit.verified',
        details: { ok: result.ok, rows: result.rows },
      });
      return result;
    },
  );
  return Promise.resolve();
};

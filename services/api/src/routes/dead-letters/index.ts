import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { LeakWatchError } from '@leakwatch/errors';
import { DeadLetters, queueNames } from '@leakwatch/queue';
import { problemSchema, standardProblems } from '../../http/problem.js';

const letterSchema = z.object({
  id: z.string(),
  queue: z.enum(queueNames),
  job: z.string(),
  jobId: z.string(),
  data: z.record(z.string(), z.unknown()),
  failure: z.string(),
  reason: z.string(),
  attempts: z.number().int(),
  failedAt: z.string(),
});
const letterParams = z.object({ id: z.string().regex(/^dead-[a-z]+-[A-Za-z0-9_.-]{1,200}$/) });

/**
 * Jobs that failed for good (an undecodable image, a payload no handler accepts, retries run
 * out), each with its failure class and reason. Operators retry them once the cause is fixed,
 * or discard them; both are audited.
 */
export const deadLetterRoutes: FastifyPluginAsyncZod = (app) => {
  const { redis, config } = app.deps;
  const letters = new DeadLetters(redis, config.queue.prefix);
  app.addHook('onClose', async () => {
    await letters.close();
  });

  app.get(
    '',
    {
      schema: {
        tags: ['operations'],
        summary: 'Dead letters, newest first',
        querystring: z.object({
          queue: z.enum(queueNames).optional(),
          limit: z.coerce.number().int().min(1).max(1000).default(100),
        }),
        response: {
          200: z.object({ total: z.number().int(), deadLetters: z.array(letterSchema) }),
          ...standardProblems,
        },
      },
    },
    async (request) => ({
      total: await letters.count(),
      deadLetters: await letters.list({
        limit: request.query.limit,
        ...(request.query.queue ? { queue: request.query.queue } : {}),
      }),
    }),
  );

  app.post(
    '/:id/retry',
    {
      schema: {
        tags: ['operations'],
        summary: 'Run the original job again (under its own id) and file the letter away',
        params: letterParams,
        response: {
          200: z.object({ status: z.literal('retried') }),
          404: problemSchema,
          409: problemSchema,
          ...standardProblems,
        },
      },
    },
    async (request) => {
      const letter = await letters.get(request.params.id);
      const outcome = await letters.retry(request.params.id);
      if (outcome === 'not-found' || !letter)
        throw new LeakWatchError('LW_NOT_FOUND', { params: { what: 'The dead letter' } });
      if (outcome === 'original-gone')
        throw new LeakWatchError('LW_CONFLICT', {
          message:
            'The original job is no longer kept (failed jobs are trimmed after 14 days); enqueue the work again',
        });
      await request.audit({
        action: 'dead_letter.retried',
        targetType: 'job',
        targetId: letter.jobId,
        details: { queue: letter.queue, failure: letter.failure },
      });
      return { status: outcome };
    },
  );

  app.delete(
    '/:id',
    {
      schema: {
        tags: ['operations'],
        summary: 'Discard a dead letter (the failure stays in the audit log)',
        params: letterParams,
        response: { 204: z.null(), 404: problemSchema, ...standardProblems },
      },
    },
    async (request, reply) => {
      const letter = await letters.get(request.params.id);
      if (!letter || !(await letters.discard(request.params.id)))
        throw new LeakWatchError('LW_NOT_FOUND', { params: { what: 'The dead letter' } });
      await request.audit({
        action: 'dead_letter.discarded',
        targetType: 'job',
        targetId: letter.jobId,
        details: { queue: letter.queue, failure: letter.failure, reason: letter.reason },
      });
      return reply.code(204).send(null);
    },
  );
  return Promise.resolve();
};

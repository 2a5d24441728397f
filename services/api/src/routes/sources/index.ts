import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Source } from '@leakwatch/db';
import { LeakWatchError } from '@leakwatch/errors';
import { QueueClient } from '@leakwatch/queue';
import {
  addSource,
  changeSource,
  removeSource,
  requestCrawl,
  sourceView,
  type SourceActor,
} from '@leakwatch/sources';
import type { FastifyRequest } from 'fastify';
import { actorOf } from '../../http/identity.js';
import { problemSchema, standardProblems } from '../../http/problem.js';
import { idParamsSchema, sourceSchema } from '../../http/schemas.js';

const cadenceMinutes = z.number().int().min(5).max(10_080);

/** The list adds what crawling found; the single-source answers keep the CLI's shape. */
const listedSourceSchema = sourceSchema
  .extend({
    postsFound: z.number().int(),
    imagesFound: z.number().int(),
  })
  .meta({ id: 'ListedSource' });

function actor(request: FastifyRequest): SourceActor {
  return { ...actorOf(request.identity), requestId: request.id, ip: request.ip };
}

/** Facebook pages, groups and single posts that LeakWatch watches (docs/crawling.md). */
export const sourceRoutes: FastifyPluginAsyncZod = (app) => {
  const { repos, config, redis } = app.deps;
  const queue = new QueueClient(redis, config.queue.prefix);
  app.addHook('onClose', async () => {
    await queue.close();
  });
  const extraOrigins = [config.crawl.facebookBaseUrl];
  const userId = (request: FastifyRequest) =>
    request.identity?.kind === 'user' ? request.identity.user.id : null;

  const add = async (request: FastifyRequest, body: { url: string } & Record<string, unknown>) => {
    const { source, created } = await addSource(
      repos,
      body,
      { ...actor(request), userId: userId(request) },
      { extraOrigins },
    );
    return { source: sourceView(source), created };
  };

  app.get(
    '',
    {
      schema: {
        tags: ['sources'],
        summary: 'Every watched source with its crawl state',
        querystring: z.object({ includeRemoved: z.stringbool().optional() }),
        response: {
          200: z.object({ sources: z.array(listedSourceSchema) }),
          ...standardProblems,
        },
      },
    },
    async (request) => {
      const [sources, findings] = await Promise.all([
        repos.sources.list({ includeRemoved: request.query.includeRemoved ?? false }),
        repos.sources.findings(),
      ]);
      return {
        sources: sources.map((source) => ({
          ...sourceView(source),
          postsFound: findings.get(source.id)?.posts ?? 0,
          imagesFound: findings.get(source.id)?.images ?? 0,
        })),
      };
    },
  );

  app.post(
    '',
    {
      schema: {
        tags: ['sources'],
        summary: 'Watch a Facebook page, group or post (the same address twice is one source)',
        body: z.object({
          url: z.string().trim().min(1).max(2_000),
          name: z.string().trim().min(1).max(200).optional(),
          cadenceMinutes: cadenceMinutes.optional(),
          paused: z.boolean().optional(),
        }),
        response: {
          200: z.object({ source: sourceSchema, created: z.literal(false) }),
          201: z.object({ source: sourceSchema, created: z.literal(true) }),
          ...standardProblems,
        },
      },
    },
    async (request, reply) => {
      const result = await add(request, request.body);
      return result.created
        ? reply.code(201).send({ source: result.source, created: true })
        : reply.code(200).send({ source: result.source, created: false });
    },
  );

  app.post(
    '/post',
    {
      schema: {
        tags: ['sources'],
        summary: 'An officer submits one post seen on Facebook; it is captured and matched once',
        body: z.object({ url: z.string().trim().min(1).max(2_000) }),
        response: {
          202: z.object({ source: sourceSchema, created: z.boolean(), jobId: z.string() }),
          ...standardProblems,
        },
      },
    },
    async (request, reply) => {
      const added = await addSource(
        repos,
        { url: request.body.url },
        { ...actor(request), userId: userId(request) },
        { extraOrigins },
      );
      if (added.source.kind !== 'post')
        throw new LeakWatchError('LW_SOURCE_URL_INVALID', {
          params: {
            reason: 'this is a page or group address; an administrator adds those as sources',
          },
        });
      const { jobId } = await requestCrawl(queue, added.source, 'manual');
      return reply
        .code(202)
        .send({ source: sourceView(added.source), created: added.created, jobId });
    },
  );

  const found = async (id: string): Promise<Source> => {
    const source = await repos.sources.findById(id);
    if (!source || source.removedAt)
      throw new LeakWatchError('LW_NOT_FOUND', { params: { what: 'The source' } });
    return source;
  };

  app.patch(
    '/:id',
    {
      schema: {
        tags: ['sources'],
        summary: 'Rename, pause, resume or change the cadence of a source',
        params: idParamsSchema,
        body: z
          .object({
            name: z.string().trim().min(1).max(200).nullable().optional(),
            cadenceMinutes: cadenceMinutes.optional(),
            paused: z.boolean().optional(),
            /** A monitoring account for a group that needs a login; null to crawl without. */
            accountId: z.uuid().nullable().optional(),
          })
          .refine((body) => Object.keys(body).length > 0, 'nothing to change'),
        response: {
          200: z.object({ source: sourceSchema }),
          404: problemSchema,
          ...standardProblems,
        },
      },
    },
    async (request) => {
      await found(request.params.id);
      const updated = await changeSource(repos, request.params.id, request.body, actor(request));
      return { source: sourceView(updated) };
    },
  );

  app.delete(
    '/:id',
    {
      schema: {
        tags: ['sources'],
        summary: 'Stop watching a source (its captured posts and evidence stay)',
        params: idParamsSchema,
        response: {
          200: z.object({ source: sourceSchema }),
          404: problemSchema,
          ...standardProblems,
        },
      },
    },
    async (request) => ({
      source: sourceView(await removeSource(repos, request.params.id, actor(request))),
    }),
  );

  app.post(
    '/:id/crawl',
    {
      schema: {
        tags: ['sources'],
        summary: 'Crawl a source now (never while it is blocked)',
        params: idParamsSchema,
        response: {
          202: z.object({ jobId: z.string() }),
          404: problemSchema,
          ...standardProblems,
        },
      },
    },
    async (request, reply) => {
      const source = await found(request.params.id);
      const { jobId } = await requestCrawl(queue, source, 'manual');
      await request.audit({
        action: 'source.crawl_requested',
        targetType: 'source',
        targetId: source.id,
      });
      return reply.code(202).send({ jobId });
    },
  );
  return Promise.resolve();
};

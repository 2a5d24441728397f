import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isDatabaseUnavailable } from '@leakwatch/db';

const timeoutMs = 2_000;

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) =>
      setTimeout(() => {
        reject(new Error(`${what} did not answer within ${timeoutMs} ms`));
      }, timeoutMs).unref(),
    ),
  ]);
}

type Check = { ok: true } | { ok: false; error: string };

async function check(run: () => Promise<unknown>): Promise<Check> {
  try {
    await run();
    return { ok: true };
  } catch (error) {
    // Not the driver's words (a failed query's text, the server's address): the state.
    if (isDatabaseUnavailable(error)) return { ok: false, error: 'PostgreSQL is unreachable' };
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/** `/healthz`: the process is up. `/readyz`: it can do its job (database, Redis, schema). */
const checkSchema = z.union([
  z.object({ ok: z.literal(true) }),
  z.object({ ok: z.literal(false), error: z.string() }),
]);
const checksSchema = z.object({
  postgres: checkSchema,
  redis: checkSchema,
  migrations: checkSchema,
});

export const healthRoutes: FastifyPluginAsyncZod = (app) => {
  app.get(
    '/healthz',
    {
      schema: {
        tags: ['health'],
        summary: 'The process is up',
        response: { 200: z.object({ status: z.literal('ok') }) },
      },
    },
    () => ({ status: 'ok' as const }),
  );

  app.get(
    '/readyz',
    {
      schema: {
        tags: ['health'],
        summary: 'PostgreSQL and Redis answer and the schema is migrated',
        response: {
          200: z.object({ status: z.literal('ready'), checks: checksSchema }),
          503: z.looseObject({ status: z.literal(503), code: z.string(), checks: checksSchema }),
        },
      },
    },
    async (_request, reply) => {
      const { repos, redis } = app.deps;
      const [postgres, redisCheck, migrations] = await Promise.all([
        check(() => withTimeout(repos.health.ping(), 'PostgreSQL')),
        check(() => withTimeout(redis.ping(), 'Redis')),
        check(async () => {
          const status = await withTimeout(repos.health.migrationStatus(), 'PostgreSQL');
          if (!status.upToDate)
            throw new Error(`${status.applied} of ${status.expected} migrations applied`);
        }),
      ]);
      const checks = { postgres, redis: redisCheck, migrations };
      const ready = Object.values(checks).every((c) => c.ok);
      if (ready) return { status: 'ready' as const, checks };
      return reply
        .code(503)
        .type('application/problem+json')
        .send({
          type: 'https://leakwatch.invalid/problems/LW_SERVICE_UNAVAILABLE',
          title: 'Not ready',
          status: 503 as const,
          code: 'LW_SERVICE_UNAVAILABLE',
          detail: 'A dependency of the API is unavailable',
          checks,
        });
    },
  );
  return Promise.resolve();
};

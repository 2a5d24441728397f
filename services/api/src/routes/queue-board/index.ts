import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { Queue } from 'bullmq';
import type { FastifyPluginAsync } from 'fastify';
import { isLeakWatchError } from '@leakwatch/errors';
import { deadLetterQueue, queueNames } from '@leakwatch/queue';
import { problemFor } from '../../http/problem.js';
import { queueBoardPrefix } from '../../authorization/route-policies.js';

/**
 * Bull Board, for operators: every queue with its jobs, payloads, errors and timings. Read-only:
 * retrying or discarding goes through /api/dead-letters, which is audited.
 */
export const queueBoardRoutes: FastifyPluginAsync = async (app) => {
  const { redis, config } = app.deps;
  const queues = [...queueNames, deadLetterQueue].map(
    (name) => new Queue(name, { connection: redis, prefix: config.queue.prefix }),
  );
  app.addHook('onClose', async () => {
    await Promise.all(queues.map((queue) => queue.close()));
  });
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(queueBoardPrefix);
  createBullBoard({
    queues: queues.map((queue) => new BullMQAdapter(queue, { readOnlyMode: true })),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'LeakWatch – hàng đợi' } },
  });
  // The board installs its own error handler for its routes; LeakWatch's refusals (401, 403)
  // must still answer as everywhere else, and nothing else leaks internals.
  serverAdapter.setErrorHandler((error) => {
    if (isLeakWatchError(error))
      // The board's typings list no 401, which it passes through to Fastify all the same.
      return { status: error.status as 403, body: problemFor(error.code, error.message) };
    app.log.error({ err: error }, 'queue board error');
    return { status: 500, body: problemFor('LW_INTERNAL', 'An internal error occurred') };
  });
  await app.register(serverAdapter.registerPlugin());
};

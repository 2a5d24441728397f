import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { User } from '@leakwatch/db';
import { LeakWatchError } from '@leakwatch/errors';
import { createLogger } from '@leakwatch/observability';
import { createRedisConnection, QueueClient, startWorker } from '@leakwatch/queue';
import { useTestDatabase } from '@leakwatch/testkit';
import { createUser, sessionHeaders, startApi } from './support/api-harness.js';

const testDb = useTestDatabase();
let api: { app: FastifyInstance; close: () => Promise<void> };
let admin: User;

beforeAll(async () => {
  api = await startApi(testDb().repos);
  admin = await createUser(testDb().repos, 'admin');
});
afterAll(async () => {
  await api.close();
});

describe('/api/dead-letters', () => {
  it('shows a job that failed for good with its class, and retries it once the cause is fixed', async () => {
    const { redis, config } = api.app.deps;
    const prefix = config.queue.prefix;
    const imageId = randomUUID();
    let fixed = false;
    const connection = createRedisConnection(inject('leakwatch').redisUrl, 'worker');
    const worker = startWorker({
      queue: 'images',
      prefix,
      connection,
      log: createLogger({ name: 'dlq-api-test', level: 'silent' }),
      handlers: [
        {
          name: 'process-image',
          handle: () => {
            if (!fixed)
              throw new LeakWatchError('LW_IMAGE_UNDECODABLE', { params: { reason: 'truncated' } });
            return Promise.resolve({ status: 'done' });
          },
        },
      ],
    });
    const queue = new QueueClient(redis, prefix);
    try {
      await queue.enqueue('process-image', { imageId });
      const headers = await sessionHeaders(testDb().repos, admin);
      const list = async () =>
        (
          await api.app.inject({ method: 'GET', url: '/api/dead-letters?queue=images', headers })
        ).json<{
          total: number;
          deadLetters: { id: string; failure: string; jobId: string; data: { imageId: string } }[];
        }>();
      await expect.poll(async () => (await list()).total, { timeout: 15_000 }).toBe(1);
      const [letter] = (await list()).deadLetters;
      expect(letter).toMatchObject({
        jobId: `process-image-${imageId}`,
        failure: 'image_undecodable',
        data: { imageId },
      });

      fixed = true;
      const retried = await api.app.inject({
        method: 'POST',
        url: `/api/dead-letters/${letter?.id}/retry`,
        headers: await sessionHeaders(testDb().repos, admin),
      });
      expect(retried.statusCode).toBe(200);
      await expect
        .poll(async () =>
          (await queue.queue('images').getJob(`process-image-${imageId}`))?.getState(),
        )
        .toBe('completed');
      expect((await list()).total).toBe(0);
      const audit = await testDb().repos.audit.list({ action: 'dead_letter.retried' });
      expect(audit.map((entry) => entry.targetId)).toEqual([`process-image-${imageId}`]);

      const again = await api.app.inject({
        method: 'POST',
        url: `/api/dead-letters/${letter?.id}/retry`,
        headers: await sessionHeaders(testDb().repos, admin),
      });
      expect(again.statusCode).toBe(404);
    } finally {
      await worker.close();
      await queue.close();
      connection.disconnect();
    }
  });
});

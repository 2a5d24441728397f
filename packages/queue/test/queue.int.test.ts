import { randomUUID } from 'node:crypto';
import { QueueEvents, type Job } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { useTestQueue } from '@leakwatch/testkit';
import { createLogger } from '@leakwatch/observability';
import { startWorker, type JobOutcome } from '../src/index.js';

const testQueue = useTestQueue();
const log = createLogger({ name: 'queue-test', level: 'silent' });

describe('QueueClient and startWorker against real Redis', () => {
  it('enqueues the same work once (deterministic job ids)', async () => {
    const { client } = testQueue();
    const imageId = randomUUID();
    const first = await client.enqueue('process-image', { imageId });
    const second = await client.enqueue('process-image', { imageId });
    expect(second.jobId).toBe(first.jobId);
    expect(await client.queue('images').getJobCounts('waiting')).toEqual({ waiting: 1 });
  });

  it('hands validated payloads to the handler and records its outcome', async () => {
    const { client, prefix, workerConnection, redisUrl } = testQueue();
    const seen: string[] = [];
    const events = new QueueEvents('images', { connection: { url: redisUrl }, prefix });
    await events.waitUntilReady();
    const worker = startWorker({
      queue: 'images',
      prefix,
      connection: workerConnection(),
      log,
      handlers: [
        {
          name: 'process-image',
          handle: (payload) => {
            seen.push(payload.imageId);
            return Promise.resolve({ status: 'done', alerts: 0 });
          },
        },
      ],
    });
    const imageId = randomUUID();
    const { jobId } = await client.enqueue('process-image', { imageId });
    const job = (await client.queue('images').getJob(jobId)) as Job;
    const result = (await job.waitUntilFinished(events, 10_000)) as JobOutcome;
    await worker.close();
    await events.close();
    expect(seen).toEqual([imageId]);
    expect(result).toEqual({ status: 'done', alerts: 0 });
  });

  it('fails a job with an invalid payload at once, without retries', async () => {
    const { client, prefix, workerConnection } = testQueue();
    let handled = 0;
    const worker = startWorker({
      queue: 'images',
      prefix,
      connection: workerConnection(),
      log,
      handlers: [
        {
          name: 'process-image',
          handle: () => {
            handled += 1;
            return Promise.resolve({ status: 'done' });
          },
        },
      ],
    });
    // Bypass the typed producer to plant a payload no current producer would write.
    await client
      .queue('images')
      .add('process-image', { imageId: 'not-a-uuid' }, { jobId: 'bad-payload', attempts: 5 });
    const failed = await new Promise<Job | undefined>((resolve) => {
      worker.on('failed', (job) => {
        resolve(job);
      });
    });
    await worker.close();
    expect(handled).toBe(0);
    expect(failed?.attemptsMade).toBe(1);
    expect(failed?.failedReason).toContain('imageId');
    expect(await failed?.getState()).toBe('failed');
  });
});

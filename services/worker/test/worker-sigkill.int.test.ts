import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  freePort,
  spawnService,
  stopProcessGroup,
  useTestDatabase,
  useTestQueue,
} from '@leakwatch/testkit';
import {
  registerLeakedDocument,
  storeCrawledImage,
  workerEnvironment,
} from './support/leaked-document.js';

// A real worker process, killed with SIGKILL while it holds a job: the job is not lost, and
// when another worker takes it over (BullMQ's stalled-job check) it raises its alert once.
const testDb = useTestDatabase();
const testQueue = useTestQueue();
let textKey: Buffer = Buffer.alloc(0);
let dataDir = '';
let leak: Buffer = Buffer.alloc(0);
let documentId = '';

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'lw-sigkill-'));
  ({ documentId, leak, textKey } = await registerLeakedDocument(testDb().repos, 'sigkill'));
}, 120_000);

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

function startWorkerProcess(metricsPort = 0): ChildProcess {
  const queue = testQueue();
  return spawnService('services/worker/src/main.ts', {
    DATABASE_URL: testDb().url,
    REDIS_URL: queue.redisUrl,
    QUEUE_PREFIX: queue.prefix,
    // The takeover waits for the dead worker's job lock to expire: 10 s instead of the default
    // 30 s keeps the test shorter, with the same path.
    QUEUE_JOB_LOCK_SECONDS: '10',
    ...workerEnvironment(dataDir, textKey, metricsPort),
  });
}

describe('a worker killed in the middle of a job', () => {
  it('loses nothing: the job completes in the next worker, with one alert', async () => {
    const { repos } = testDb();
    const queue = testQueue();
    const image = await storeCrawledImage(repos, dataDir, leak);
    await queue.client.enqueue('process-image', { imageId: image.id });
    const jobId = `process-image-${image.id}`;
    const images = queue.client.queue('images');

    const first = startWorkerProcess();
    try {
      // Killed as soon as it holds the job: it is matching, nothing is written yet.
      await expect
        .poll(async () => (await images.getJob(jobId))?.getState(), {
          timeout: 60_000,
          interval: 20,
        })
        .toBe('active');
      await stopProcessGroup(first);
    } finally {
      await stopProcessGroup(first);
    }
    expect(first.signalCode).toBe('SIGKILL');
    expect((await repos.crawlResults.imageById(image.id))?.status).toBe('pending');
    expect(await images.getJob(jobId).then((job) => job?.getState())).toBe('active');

    const metricsPort = await freePort();
    const second = startWorkerProcess(metricsPort);
    try {
      // The dead worker's lock expires; the new worker's stalled-job check takes the job over.
      await expect
        .poll(async () => (await repos.crawlResults.imageById(image.id))?.status, {
          timeout: 150_000,
          interval: 500,
        })
        .toBe('processed');
      const alerts = await repos.alerts.forImage(image.id);
      expect(alerts).toHaveLength(1);
      expect(alerts[0]).toMatchObject({ kind: 'match', documentId });
      await expect
        .poll(async () => (await images.getJob(jobId))?.getState(), { timeout: 10_000 })
        .toBe('completed');
      // The worker's Prometheus endpoint counted the image, its alert and its stages.
      const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
      expect(metrics).toMatch(
        /^leakwatch_images_processed_total\{verdict="match",service="worker"\} 1$/m,
      );
      expect(metrics).toMatch(
        /^leakwatch_alerts_created_total\{kind="match",service="worker"\} 1$/m,
      );
      for (const stage of ['decode', 'hash', 'match'])
        expect(metrics).toMatch(
          new RegExp(
            `^leakwatch_stage_duration_seconds_count\\{service="worker",stage="${stage}"\\} 1$`,
            'm',
          ),
        );
      expect(metrics).toMatch(
        /^leakwatch_queue_jobs\{queue="images",state="active",service="worker"\} \d+$/m,
      );
    } finally {
      await stopProcessGroup(second, 'SIGTERM');
    }
    expect(await repos.alerts.forImage(image.id)).toHaveLength(1);
  }, 240_000);
});

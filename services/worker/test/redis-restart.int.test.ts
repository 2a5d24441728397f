import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDistractor } from '@leakwatch/corpus';
import { createRedisConnection, DeadLetters, QueueClient } from '@leakwatch/queue';
import {
  freePort,
  spawnService,
  type PrivateRedis,
  startPrivateRedis,
  stopProcessGroup,
  useTestDatabase,
} from '@leakwatch/testkit';
import {
  registerLeakedDocument,
  storeCrawledImage,
  workerEnvironment,
} from './support/leaked-document.js';

// Issue 12: Redis restarts (append-only persistence on, as infra/compose.yaml runs it) while a
// real worker process holds a job. The Redis server is this test's own: the one other test files
// share is never stopped. The worker reconnects by itself and every job completes, once.
const outageMs = 5_000;
const prefix = 'lwt-redis-restart';

const testDb = useTestDatabase();
let textKey: Buffer = Buffer.alloc(0);
let dataDir = '';
let redisDir = '';
let redis: PrivateRedis | undefined;
let worker: ChildProcess | undefined;
let producer: Redis | undefined;
let client: QueueClient | undefined;
let leak: Buffer = Buffer.alloc(0);
let photos: Buffer[] = [];
let documentId = '';

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'lw-redis-restart-'));
  redisDir = path.join(dataDir, 'redis');
  const prepared = await registerLeakedDocument(
    testDb().repos,
    'redis-restart',
    async (renderer, random) => {
      photos = [
        (await makeDistractor('photo', random.fork('p1'), renderer, 'p1')).bytes,
        (await makeDistractor('photo', random.fork('p2'), renderer, 'p2')).bytes,
      ];
    },
  );
  ({ documentId, leak, textKey } = prepared);
  redis = await startPrivateRedis(redisDir);
}, 120_000);

afterAll(async () => {
  if (worker) await stopProcessGroup(worker, 'SIGTERM');
  await client?.close().catch(() => undefined);
  producer?.disconnect();
  await redis?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('Redis restarted while a worker holds a job', () => {
  it('the same worker process reconnects and completes every job, with one alert', async () => {
    const { repos } = testDb();
    const server = redis!;
    const imageIds: string[] = [];
    for (const bytes of [leak, ...photos])
      imageIds.push((await storeCrawledImage(repos, dataDir, bytes)).id);
    const [leakId] = imageIds;
    producer = createRedisConnection(server.url, 'producer');
    // While Redis is away the producer reports errors; this test reads nothing then.
    producer.on('error', () => undefined);
    client = new QueueClient(producer, prefix);
    const images = client.queue('images');
    const metricsPort = await freePort();

    worker = spawnService(
      'services/worker/src/main.ts',
      {
        DATABASE_URL: testDb().url,
        REDIS_URL: server.url,
        QUEUE_PREFIX: prefix,
        ...workerEnvironment(dataDir, textKey, metricsPort),
        // One job at a time: one is held through the outage, the others wait in Redis.
        IMAGE_WORKER_CONCURRENCY: '1',
        LOG_LEVEL: 'info',
      },
      { output: 'pipe' },
    );
    const logLines: { msg?: string; connection?: string; downMs?: number }[] = [];
    let stderr = '';
    readline.createInterface({ input: worker.stdout! }).on('line', (line) => {
      try {
        logLines.push(JSON.parse(line) as (typeof logLines)[number]);
      } catch {
        stderr += `${line}\n`;
      }
    });
    worker.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const workerPid = worker.pid;
    const jobIds = (
      await client.enqueueBulk(
        'process-image',
        imageIds.map((imageId) => ({ imageId })),
      )
    ).map((enqueued) => enqueued.jobId);

    // Stopped as soon as the worker holds a job: it has not written its verdict yet.
    const startedAt = Date.now();
    await expect
      .poll(() => images.getActiveCount(), { timeout: 60_000, interval: 20 })
      .toBeGreaterThan(0);
    const [held] = await images.getActive();
    expect(held?.id).toBeDefined();
    const heldAfterMs = Date.now() - startedAt;
    expect(await images.getWorkers()).toHaveLength(1);
    // SIGTERM, as `docker compose stop` sends: Redis writes the append-only file out and exits.
    const redisPid = server.pid;
    await server.stop('SIGTERM');
    const stoppedAt = Date.now();
    const heldImageId = (held?.data as { imageId: string } | undefined)?.imageId ?? '';
    const heldStatusAtStop = (await repos.crawlResults.imageById(heldImageId))?.status;
    await sleep(outageMs);
    // The worker may finish the held image's work meanwhile; it cannot tell BullMQ so yet.
    const heldStatusAtRestart = (await repos.crawlResults.imageById(heldImageId))?.status;
    expect(worker.exitCode).toBeNull();
    expect(worker.signalCode).toBeNull();

    await server.start();
    const restartedAt = Date.now();
    expect(server.pid).not.toBe(redisPid);
    // Every job came back from the append-only file.
    for (const jobId of jobIds) expect(await images.getJob(jobId)).toBeDefined();

    // The worker registers itself again (a fresh server knows only clients that connected to it).
    await expect
      .poll(async () => (await images.getWorkers()).length, { timeout: 30_000, interval: 100 })
      .toBe(1);
    const reconnectedAfterMs = Date.now() - restartedAt;

    await expect
      .poll(
        async () =>
          Promise.all(jobIds.map(async (jobId) => (await images.getJob(jobId))?.getState())),
        { timeout: 120_000, interval: 250 },
      )
      .toEqual(jobIds.map(() => 'completed'));
    const completedAfterMs = Date.now() - restartedAt;
    for (const imageId of imageIds)
      expect((await repos.crawlResults.imageById(imageId))?.status).toBe('processed');
    const alerts = await repos.alerts.forImage(leakId!);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ kind: 'match', documentId });
    for (const imageId of imageIds.slice(1))
      expect(await repos.alerts.forImage(imageId)).toEqual([]);
    const deadLetters = new DeadLetters(producer, prefix);
    try {
      expect(await deadLetters.list()).toEqual([]);
    } finally {
      await deadLetters.close();
    }

    // Its log tells the outage in two lines, not one per reconnection attempt.
    const connectionLines = logLines.filter((line) => line.connection === 'worker');
    expect(connectionLines.map((line) => line.msg)).toEqual([
      'Redis connection lost, reconnecting',
      'Redis connection restored',
    ]);
    const downMs = connectionLines[1]?.downMs ?? 0;
    expect(downMs).toBeGreaterThanOrEqual(outageMs);
    expect(stderr).not.toMatch(/ECONNREFUSED/);

    // The same process did all of it: never restarted, each image counted once.
    expect(worker.pid).toBe(workerPid);
    expect(worker.exitCode).toBeNull();
    const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    expect(metrics).toMatch(
      /^leakwatch_images_processed_total\{verdict="match",service="worker"\} 1$/m,
    );
    expect(metrics).toMatch(/^leakwatch_alerts_created_total\{kind="match",service="worker"\} 1$/m);
    const processed = [...metrics.matchAll(/^leakwatch_images_processed_total\{.*\} (\d+)$/gm)];
    expect(processed.reduce((sum, match) => sum + Number(match[1]), 0)).toBe(3);
    // The queue gauges are read through the worker's other (producer) connection: it is back too.
    expect(metrics).toMatch(
      /^leakwatch_queue_jobs\{queue="images",state="waiting",service="worker"\} 0$/m,
    );

    const attempts = await Promise.all(
      jobIds.map(async (jobId) => (await images.getJob(jobId))?.attemptsMade),
    );
    process.stderr.write(
      `redis-restart: job held after ${heldAfterMs} ms; Redis down ${restartedAt - stoppedAt} ms; ` +
        `worker back ${reconnectedAfterMs} ms and all jobs completed ${completedAfterMs} ms ` +
        `after the restart (worker logged ${downMs} ms down); attempts ${attempts.join(', ')}; held image ` +
        `${heldStatusAtStop} when Redis stopped, ${heldStatusAtRestart} when it restarted\n`,
    );
    await stopProcessGroup(worker, 'SIGTERM');
    expect(worker.exitCode).toBe(0);
  }, 240_000);
});

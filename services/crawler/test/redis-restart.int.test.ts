import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import {
  expectedImageNames,
  FacebookSimulator,
  generateGroup,
  type SimGroup,
  type SimPost,
} from '@leakwatch/fb-sim';
import { createRedisConnection, DeadLetters, QueueClient } from '@leakwatch/queue';
import {
  spawnService,
  type PrivateRedis,
  startPrivateRedis,
  stopProcessGroup,
  useTestDatabase,
} from '@leakwatch/testkit';
import { addSource } from './support/crawl-rig.js';

// Issue 12: Redis restarts (append-only persistence on, as infra/compose.yaml runs it) while a
// real crawler process is in the middle of a crawl, once while the crawl queues its images'
// process-image jobs and once while it queues its next poll. The Redis server is this test's
// own: the one other test files share is never stopped. The crawler reconnects by itself,
// finishes the crawl and loses nothing.
const outageMs = 5_000;
const prefix = 'lwt-crawler-redis-restart';

const testDb = useTestDatabase();
// A crawler that has crawled before: its queues are open when Redis goes (a queue opened
// during the outage waits for Redis by itself, which would hide how an open one behaves).
const warmUp = generateGroup({ seed: 'crawler-redis-restart-warm-up', posts: 4 });
// Long enough a crawl (13 feed pages, 60 images, 20 posts captured) to restart Redis twice in it.
const group = generateGroup({ seed: 'crawler-redis-restart', posts: 40 });
const sim = new FacebookSimulator({ groups: [warmUp, group] });
let dataDir = '';
let redis: PrivateRedis | undefined;
let crawler: ChildProcess | undefined;
let producer: Redis | undefined;
let client: QueueClient | undefined;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'lw-crawler-redis-restart-'));
  await sim.listen();
  redis = await startPrivateRedis(path.join(dataDir, 'redis'));
}, 120_000);

afterAll(async () => {
  if (crawler) await stopProcessGroup(crawler);
  await client?.close().catch(() => undefined);
  producer?.disconnect();
  await redis?.stop();
  await sim.close();
  await rm(dataDir, { recursive: true, force: true });
});

interface LogLine {
  level?: number;
  msg?: string;
  connection?: string;
  downMs?: number;
}

/** Every post a group shows: its own, and those they share (and those share in turn). */
function plantedPosts(of: SimGroup): SimPost[] {
  const withShared = (post: SimPost): SimPost[] =>
    post.shared ? [post, ...withShared(post.shared)] : [post];
  return of.posts.flatMap(withShared);
}

const plantedImages = (of: SimGroup) => new Set(of.posts.flatMap(expectedImageNames));

describe('Redis restarted in the middle of a crawl', () => {
  it('the same crawler process reconnects, finishes the crawl and stores and queues everything once', async () => {
    const { repos, handle } = testDb();
    const server = redis!;
    expect(plantedImages(warmUp).size).toBeGreaterThan(0);
    producer = createRedisConnection(server.url, 'producer');
    // While Redis is away the producer reports errors; this test reads nothing then.
    producer.on('error', () => undefined);
    client = new QueueClient(producer, prefix);
    const crawl = client.queue('crawl');
    const images = client.queue('images');
    const count = async (sql: string, values: unknown[] = []) =>
      Number((await handle.pool.query<{ n: string }>(sql, values)).rows[0]?.n ?? 0);
    const imageRows = () => count('select count(*) as n from images');
    // A source is crawled by the job the dispatcher would build for its due time.
    const enqueueCrawl = async (source: Awaited<ReturnType<typeof addSource>>) => {
      const { jobId } = await client!.enqueue('crawl-source', {
        sourceId: source.id,
        reason: 'schedule',
        slot: source.nextCrawlAt?.getTime() ?? Date.now(),
      });
      return { jobId, stateOf: async () => (await crawl.getJob(jobId))?.getState() };
    };

    const crawlerStartedAt = Date.now();
    crawler = spawnService(
      'services/crawler/src/main.ts',
      {
        DATABASE_URL: testDb().url,
        REDIS_URL: server.url,
        QUEUE_PREFIX: prefix,
        LEAKWATCH_DATA_DIR: dataDir,
        TEXT_FINGERPRINT_KEY: randomBytes(32).toString('base64'),
        THUMBNAIL_KEYS: `t:${randomBytes(32).toString('base64')}`,
        CRAWLER_METRICS_PORT: '0',
        // The simulator's images are on loopback: listed, as an operator lists an internal host.
        IMAGE_FETCH_ALLOW: new URL(sim.origin).host,
        LOG_LEVEL: 'info',
        ...(process.env['CHROMIUM_PATH'] ? { CHROMIUM_PATH: process.env['CHROMIUM_PATH'] } : {}),
      },
      { output: 'pipe' },
    );
    const logLines: LogLine[] = [];
    const rawLog: string[] = [];
    let stderr = '';
    readline.createInterface({ input: crawler.stdout! }).on('line', (line) => {
      rawLog.push(line);
      try {
        logLines.push(JSON.parse(line) as LogLine);
      } catch {
        stderr += `${line}\n`;
      }
    });
    crawler.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const crawlerPid = crawler.pid;
    // A fault test that fails is read from the crawler's own account of it.
    onTestFailed(() => {
      process.stderr.write(`crawler log:\n${rawLog.join('\n')}\n${stderr}`);
    });

    const warmUpCrawl = await enqueueCrawl(await addSource(repos, sim, `/groups/${warmUp.vanity}`));
    await expect.poll(warmUpCrawl.stateOf, { timeout: 180_000, interval: 250 }).toBe('completed');
    const warmUpImages = plantedImages(warmUp).size;
    expect(await imageRows()).toBe(warmUpImages);
    expect(await images.getJobCountByTypes('waiting')).toBe(warmUpImages);

    const source = await addSource(repos, sim, `/groups/${group.vanity}`);
    const { jobId, stateOf } = await enqueueCrawl(source);
    const expectedImages = warmUpImages + plantedImages(group).size;

    /**
     * Stops Redis (SIGTERM, as `docker compose stop` sends: it writes the append-only file out
     * and exits), keeps it away until `reached` says the crawl has come to the write this
     * outage is for and `outageMs` more, and starts it again on the same port and data.
     */
    const restartRedis = async (reached: () => Promise<boolean>, jobStates: string[]) => {
      const redisPid = server.pid;
      await server.stop('SIGTERM');
      const stoppedAt = Date.now();
      await expect.poll(reached, { timeout: 120_000, interval: 50 }).toBe(true);
      const reachedAfterMs = Date.now() - stoppedAt;
      await sleep(outageMs);
      expect(crawler!.exitCode).toBeNull();
      expect(crawler!.signalCode).toBeNull();
      await server.start();
      const restartedAt = Date.now();
      expect(server.pid).not.toBe(redisPid);
      // The crawl job came back from the append-only file, and the crawler registers itself
      // again (a fresh server knows only clients that connected to it).
      expect(jobStates).toContain(await stateOf());
      await expect
        .poll(async () => (await crawl.getWorkers()).length, { timeout: 30_000, interval: 100 })
        .toBe(1);
      return {
        stoppedAt,
        reachedAfterMs,
        downMs: restartedAt - stoppedAt,
        backAfterMs: Date.now() - restartedAt,
      };
    };

    // Outage 1, at the first trace of storing: the crawl has read the feed and downloaded its
    // images and is putting them in PostgreSQL. Redis stays away until every image is stored:
    // the crawl is then queueing their jobs.
    await expect
      .poll(async () => (await stateOf()) === 'active' && (await imageRows()) > warmUpImages, {
        timeout: 240_000,
        interval: 10,
      })
      .toBe(true);
    const storingAfterMs = Date.now() - crawlerStartedAt;
    const first = await restartRedis(
      async () => (await imageRows()) === expectedImages,
      ['active'],
    );

    // Outage 2, as the crawl captures its last post (a screenshot and the page's HTML for each
    // new post with images). Redis stays away until the crawl is recorded on the source: the
    // crawl is then queueing its next poll and completing its job.
    await expect
      .poll(async () => (await repos.crawlResults.postsOf(source.id)).length, {
        timeout: 60_000,
        interval: 100,
      })
      .toBeGreaterThan(0);
    // The posts the crawl captures: new, with images, and whose own page answers (the
    // simulator serves no page for a share of a share).
    const sightedPostIds = new Set(
      (await repos.crawlResults.imagesOfSource(source.id)).map((row) => row.postId),
    );
    const capturable: string[] = [];
    for (const post of await repos.crawlResults.postsOf(source.id))
      if (sightedPostIds.has(post.id) && post.permalink && (await fetch(post.permalink)).ok)
        capturable.push(post.id);
    const postCaptures = () =>
      count(
        `select count(*) as n from evidence_blobs e join posts p on p.id = e.post_id
         where e.kind = 'html' and p.source_id = $1`,
        [source.id],
      );
    await expect
      .poll(async () => (await postCaptures()) >= capturable.length - 1, {
        timeout: 240_000,
        interval: 10,
      })
      .toBe(true);
    expect(await postCaptures()).toBe(capturable.length - 1);
    // The crawler may be back, and its job completed, before this test's own connection.
    const second = await restartRedis(
      async () => ((await repos.sources.findById(source.id))?.lastCrawledAt ?? null) !== null,
      ['active', 'completed'],
    );

    await expect.poll(stateOf, { timeout: 60_000, interval: 250 }).toBe('completed');
    const completedAfterMs = Date.now() - (second.stoppedAt + second.downMs);
    const job = await crawl.getJob(jobId);
    const planted = plantedPosts(group);
    expect(job?.returnvalue).toMatchObject({
      status: 'done',
      state: 'healthy',
      posts: group.posts.length,
      stored: {
        newPosts: planted.length,
        newImages: plantedImages(group).size,
        enqueued: plantedImages(group).size,
      },
    });
    // What the crawl reports capturing is what is stored: nothing written twice.
    expect(job?.returnvalue).toMatchObject({
      evidence: await count(
        `select count(*) as n from evidence_blobs e join posts p on p.id = e.post_id
         where e.kind <> 'image' and p.source_id = $1`,
        [source.id],
      ),
    });

    // Every planted post once, one sighting per (post, image), every planted image once.
    const posts = await repos.crawlResults.postsOf(source.id);
    expect(posts.map((post) => post.fbPostId).sort()).toEqual(
      planted.map((post) => post.id).sort(),
    );
    const sightings = await repos.crawlResults.imagesOfSource(source.id);
    const fbPostIdOf = new Map(posts.map((post) => [post.id, post.fbPostId]));
    expect(
      sightings.map((row) => `${fbPostIdOf.get(row.postId) ?? row.postId}/${row.cdnKey}`).sort(),
    ).toEqual(
      planted.flatMap((post) => post.photos.map((photo) => `${post.id}/${photo.name}`)).sort(),
    );
    expect(new Set(sightings.map((row) => row.image.sha256)).size).toBe(plantedImages(group).size);
    expect(await imageRows()).toBe(expectedImages);
    // Each captured post's screenshot and HTML once, none written twice across the outages.
    expect(await postCaptures()).toBe(capturable.length);

    // One process-image job per image, under its deterministic id, and no other; this crawl's
    // were queued while Redis was away (the crawl waited for it rather than failing).
    const imageIds = (await handle.pool.query<{ id: string }>('select id from images')).rows;
    const queued = await images.getJobs(['waiting', 'delayed', 'prioritized', 'active']);
    expect(queued.map((queuedJob) => queuedJob.id).sort()).toEqual(
      imageIds.map((row) => `process-image-${row.id}`).sort(),
    );
    const queuedAfterStopMs = queued
      .filter((queuedJob) =>
        sightings.some((row) => queuedJob.id === `process-image-${row.image.id}`),
      )
      .map((queuedJob) => queuedJob.timestamp - first.stoppedAt);
    expect(queuedAfterStopMs).toHaveLength(plantedImages(group).size);
    expect(Math.min(...queuedAfterStopMs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...queuedAfterStopMs)).toBeLessThan(first.downMs);

    // The next poll is queued, due at the source's next crawl time; it too was queued while
    // Redis was away.
    const after = await repos.sources.findById(source.id);
    expect(after).toMatchObject({ state: 'healthy', failureCount: 0, lastError: null });
    const nextCrawlAt = after?.nextCrawlAt?.getTime() ?? 0;
    expect(nextCrawlAt).toBeGreaterThan(Date.now());
    const nextPoll = await crawl.getJob(`crawl-source-${source.id}-${nextCrawlAt}`);
    expect(await nextPoll?.getState()).toBe('delayed');
    const nextPollAfterStopMs = (nextPoll?.timestamp ?? 0) - second.stoppedAt;
    expect(nextPollAfterStopMs).toBeGreaterThanOrEqual(0);
    expect(nextPollAfterStopMs).toBeLessThan(second.downMs);

    // Nothing failed, nothing dead-lettered.
    expect(await crawl.getJobCountByTypes('failed')).toBe(0);
    expect(await images.getJobCountByTypes('failed')).toBe(0);
    const deadLetters = new DeadLetters(producer, prefix);
    try {
      expect(await deadLetters.list()).toEqual([]);
    } finally {
      await deadLetters.close();
    }

    // Its log tells each outage in two lines per connection, not one per reconnection attempt,
    // and nothing else warns: no failed crawl or job, no error and no stack.
    for (const connection of ['worker', 'producer']) {
      const lines = logLines.filter((line) => line.connection === connection);
      expect(lines.map((line) => line.msg)).toEqual([
        'Redis connection lost, reconnecting',
        'Redis connection restored',
        'Redis connection lost, reconnecting',
        'Redis connection restored',
      ]);
      expect(lines[1]?.downMs).toBeGreaterThanOrEqual(first.downMs - 1_000);
      expect(lines[3]?.downMs).toBeGreaterThanOrEqual(second.downMs - 1_000);
    }
    const warnings = logLines.filter((line) => (line.level ?? 0) >= 40);
    expect(warnings.map((line) => `${line.connection}: ${line.msg}`).sort()).toEqual([
      'producer: Redis connection lost, reconnecting',
      'producer: Redis connection lost, reconnecting',
      'worker: Redis connection lost, reconnecting',
      'worker: Redis connection lost, reconnecting',
    ]);
    expect(rawLog.join('\n')).not.toMatch(/ECONNREFUSED|"stack"/);
    expect(stderr).not.toMatch(/ECONNREFUSED/);

    // The same process did all of it, and stops cleanly.
    expect(crawler.pid).toBe(crawlerPid);
    expect(crawler.exitCode).toBeNull();
    process.stderr.write(
      `crawler redis-restart: storing began ${storingAfterMs} ms after the crawler started; ` +
        `outage 1 ${first.downMs} ms (every image stored ${first.reachedAfterMs} ms in, their ` +
        `jobs queued ${Math.min(...queuedAfterStopMs)}-${Math.max(...queuedAfterStopMs)} ms in), ` +
        `crawler back ${first.backAfterMs} ms after the restart; outage 2 ${second.downMs} ms ` +
        `(crawl recorded ${second.reachedAfterMs} ms in, next poll queued ` +
        `${nextPollAfterStopMs} ms in), crawler back ` +
        `${second.backAfterMs} ms and the crawl completed ${completedAfterMs} ms after the ` +
        `restart; crawl attempts ${job?.attemptsMade}; ${sightings.length} images, ` +
        `${posts.length} posts, ${capturable.length} posts captured\n`,
    );
    await stopProcessGroup(crawler, 'SIGTERM');
    expect(crawler.exitCode).toBe(0);
  }, 600_000);
});

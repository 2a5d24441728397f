import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectedImageNames, FacebookSimulator, generateGroup } from '@leakwatch/fb-sim';
import {
  listProcesses,
  processTree,
  spawnService,
  stopProcessGroup,
  useTestDatabase,
  useTestQueue,
} from '@leakwatch/testkit';
import { addSource } from './support/crawl-rig.js';

// A real crawler process, killed with SIGKILL as it starts storing a crawl: its Chromium does
// not outlive it, the crawl job is not lost, a second crawler takes it over (BullMQ's
// stalled-job check, 10-20 s with the lock set below) and finishes it, and every post, image, sighting and
// process-image job exists exactly once.
const testDb = useTestDatabase();
const testQueue = useTestQueue();
const group = generateGroup({ seed: 'crawler-sigkill', posts: 24 });
const sim = new FacebookSimulator({ groups: [group] });
let dataDir = '';

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'lw-crawler-sigkill-'));
  await sim.listen();
});

afterAll(async () => {
  await sim.close();
  await rm(dataDir, { recursive: true, force: true });
});

function startCrawler(): ChildProcess {
  const queue = testQueue();
  return spawnService('services/crawler/src/main.ts', {
    DATABASE_URL: testDb().url,
    REDIS_URL: queue.redisUrl,
    QUEUE_PREFIX: queue.prefix,
    // The takeover waits for the dead crawler's job lock to expire: 10 s instead of the default
    // 30 s keeps the test shorter, with the same path.
    QUEUE_JOB_LOCK_SECONDS: '10',
    LEAKWATCH_DATA_DIR: dataDir,
    TEXT_FINGERPRINT_KEY: randomBytes(32).toString('base64'),
    THUMBNAIL_KEYS: `t:${randomBytes(32).toString('base64')}`,
    CRAWLER_METRICS_PORT: '0',
    // The simulator's images are on loopback: listed, as an operator lists an internal host.
    IMAGE_FETCH_ALLOW: new URL(sim.origin).host,
    ...(process.env['CHROMIUM_PATH'] ? { CHROMIUM_PATH: process.env['CHROMIUM_PATH'] } : {}),
  });
}

/** The Chromium processes started by `crawler` (its process tree). */
function chromiumOf(crawler: ChildProcess): number[] {
  return processTree(crawler.pid ?? -1)
    .filter((p) => /chrom/i.test(p.cmdline))
    .map((p) => p.pid);
}

describe('a crawler killed in the middle of a crawl', () => {
  it('loses nothing: the next crawler finishes the job, and nothing is stored or queued twice', async () => {
    const { repos } = testDb();
    const queue = testQueue();
    const source = await addSource(repos, sim, `/groups/${group.vanity}`);
    // The job the dispatcher would build for this source's due time: one id, however it comes.
    const { jobId } = await queue.client.enqueue('crawl-source', {
      sourceId: source.id,
      reason: 'schedule',
      slot: source.nextCrawlAt?.getTime() ?? Date.now(),
    });
    const crawl = queue.client.queue('crawl');
    const images = queue.client.queue('images');
    const stateOf = async () => (await crawl.getJob(jobId))?.getState();

    const first = startCrawler();
    const chromium = new Set<number>();
    try {
      // Killed at the first trace of storing, while the job is still running.
      await expect
        .poll(
          async () => {
            for (const pid of chromiumOf(first)) chromium.add(pid);
            const storing =
              (await images.getJobCountByTypes('waiting')) > 0 ||
              (await repos.crawlResults.postsOf(source.id)).length > 0;
            return storing && (await stateOf()) === 'active';
          },
          { timeout: 90_000, interval: 10 },
        )
        .toBe(true);
      for (const pid of chromiumOf(first)) chromium.add(pid);
    } finally {
      await stopProcessGroup(first);
    }
    expect(first.signalCode).toBe('SIGKILL');
    expect(chromium.size).toBeGreaterThan(0);
    // No Chromium of the dead crawler is left running. Playwright starts Chromium in a process
    // group of its own, so the kill misses it; it exits when the pipe to its crawler closes.
    const survivors = () => listProcesses().filter((p) => chromium.has(p.pid)).length;
    await expect.poll(survivors, { timeout: 20_000, interval: 100 }).toBe(0);
    expect(await stateOf()).toBe('active');

    const second = startCrawler();
    try {
      // The dead crawler's job lock expires; the new crawler's stalled-job check takes it over.
      await expect.poll(stateOf, { timeout: 150_000, interval: 250 }).toBe('completed');
      const job = await crawl.getJob(jobId);
      expect(job?.returnvalue).toMatchObject({ status: 'done', state: 'healthy' });
      expect(chromiumOf(second).length).toBeGreaterThan(0);
    } finally {
      await stopProcessGroup(second, 'SIGTERM');
    }

    // Every planted post once (shared posts are stored as posts too).
    const planted = group.posts.flatMap((post) => (post.shared ? [post, post.shared] : [post]));
    const posts = await repos.crawlResults.postsOf(source.id);
    expect(posts.map((post) => post.fbPostId).sort()).toEqual(
      planted.map((post) => post.id).sort(),
    );
    // One sighting per (post, image), every planted image once by content.
    const sightings = await repos.crawlResults.imagesOfSource(source.id);
    const expectedSightings = planted.flatMap((post) =>
      post.photos.map((photo) => `${post.id}/${photo.name}`),
    );
    const fbPostIdOf = new Map(posts.map((post) => [post.id, post.fbPostId]));
    expect(
      sightings.map((row) => `${fbPostIdOf.get(row.postId) ?? row.postId}/${row.cdnKey}`).sort(),
    ).toEqual(expectedSightings.sort());
    const plantedImages = new Set(group.posts.flatMap(expectedImageNames));
    const imageIds = new Set(sightings.map((row) => row.image.id));
    expect(imageIds.size).toBe(plantedImages.size);
    expect(new Set(sightings.map((row) => row.image.sha256)).size).toBe(plantedImages.size);

    // One process-image job per image: none lost in the kill, none added twice.
    const queued = (await images.getJobs(['waiting', 'delayed', 'prioritized', 'active'])).map(
      (job) => (job.data as { imageId: string }).imageId,
    );
    expect(queued).toHaveLength(imageIds.size);
    expect(new Set(queued)).toEqual(imageIds);
  }, 240_000);
});

import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Random } from '@leakwatch/corpus';
import type { StoredImage } from '@leakwatch/db';
import { parseSourceUrl } from '@leakwatch/facebook';
import { FacebookSimulator, generateGroup, photoName, photoPost } from '@leakwatch/fb-sim';
import { DeadLetters, type DeadLetterEntry } from '@leakwatch/queue';
import { sniffImageType } from '@leakwatch/safe-fetch';
import {
  loadHostileCorpus,
  spawnService,
  stopProcessGroup,
  useTestDatabase,
  useTestQueue,
  type HostileSample,
} from '@leakwatch/testkit';
import { registerLeakedDocument, workerEnvironment } from './support/leaked-document.js';

// Every hostile file of the corpus (packages/testkit/fixtures/hostile) posted as a photo in a
// simulated group, between ordinary community posts and before a real leak: a real crawler
// process downloads them (type sniffed from the bytes) and a real worker process handles what
// was stored. Each hostile file must end in a classified failure where the system records it
// (the crawler's image_fetch_failures, or the image marked failed with its dead letter), the
// good posts and the leak must go through as if the hostile ones were not there, and neither
// process may crash.
const testDb = useTestDatabase();
const testQueue = useTestQueue();
const corpus = loadHostileCorpus('image');
let dataDir = '';
let textKey: Buffer = Buffer.alloc(0);
let leak: Buffer = Buffer.alloc(0);
let documentId = '';
let sim: FacebookSimulator | undefined;

/**
 * What the worker records for each image code (services/worker/src/image-failures.ts), written
 * out here as the contract the test holds the worker to.
 */
const workerFailureOf: Record<string, string> = {
  LW_IMAGE_EMPTY: 'not_an_image',
  LW_IMAGE_TOO_LARGE: 'too_large',
  LW_IMAGE_UNDECODABLE: 'undecodable',
  LW_IMAGE_UNSUPPORTED: 'not_an_image',
};

/** Codes meaning "these bytes are not a usable picture": the download may refuse them already. */
const notAnImageCodes = new Set(['LW_IMAGE_EMPTY', 'LW_IMAGE_UNDECODABLE', 'LW_IMAGE_UNSUPPORTED']);

/** The type a careless or hostile server claims: the file's extension, or simply JPEG. */
function claimedType(file: string): string {
  const byExtension: Record<string, string> = {
    jpg: 'image/jpeg',
    png: 'image/png',
    gif: 'image/gif',
    webp: 'image/webp',
    tiff: 'image/tiff',
    avif: 'image/avif',
    heic: 'image/heic',
    svg: 'image/svg+xml',
  };
  return byExtension[path.extname(file).slice(1)] ?? 'image/jpeg';
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'lw-hostile-images-'));
  ({ documentId, leak, textKey } = await registerLeakedDocument(testDb().repos, 'hostile-images'));
}, 180_000);

afterAll(async () => {
  await sim?.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** A process's output, kept for the failure message if it dies. */
function spawnWithOutput(entry: string, env: Record<string, string>) {
  const child = spawnService(entry, env, { output: 'pipe' });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return { child, output: () => output };
}

function expectAlive(name: string, process: { child: ChildProcess; output: () => string }) {
  const { exitCode, signalCode } = process.child;
  expect({ name, exitCode, signalCode }, process.output()).toEqual({
    name,
    exitCode: null,
    signalCode: null,
  });
}

describe('hostile files posted as photos', () => {
  it('each ends in a classified failure; the good posts and a later leak go through; nothing crashes', async () => {
    expect(corpus.length).toBeGreaterThan(10);
    const { repos } = testDb();
    const queue = testQueue();
    const start = Math.floor(Date.now() / 1000);
    const group = generateGroup({ seed: 'hostile-images', posts: 8, startAt: start - 7_200 });
    // The community posts as generated (publishing below adds to the same list).
    const community = group.posts.flatMap((post) => (post.shared ? [post, post.shared] : [post]));
    sim = new FacebookSimulator({ groups: [group] });
    await sim.listen();

    // Newest first in the feed: the leak, then every hostile file, then the community posts.
    const random = new Random('hostile-images');
    const hostileByKey = new Map<string, HostileSample>();
    for (const [index, sample] of corpus.entries()) {
      const name = photoName(random);
      hostileByKey.set(name, sample);
      sim.publish(group.vanity, {
        id: String(3_000_000_000_000_000 + index),
        createdAt: start - 3_600 + index,
        authorId: '100064000777',
        authorName: 'Người Lạ',
        text: `Tài liệu ${index + 1}`,
        kind: 'photo',
        photos: [
          {
            name,
            width: 1200,
            height: 1600,
            raw: { bytes: sample.bytes, contentType: claimedType(sample.file) },
          },
        ],
      });
    }
    const { width, height } = await sharp(leak).metadata();
    const leakPost = photoPost({
      seed: 'hostile-images-leak',
      createdAt: start - 60,
      text: 'Quyết định cách ly, ai cần thì xem',
      photos: [{ bytes: leak, width, height }],
    });
    sim.publish(group.vanity, leakPost);
    const leakKey = leakPost.photos[0]?.name ?? '';

    const parsed = parseSourceUrl(`${sim.origin}/groups/${group.vanity}`, {
      extraOrigins: [sim.origin],
    });
    if (!parsed.ok) throw new Error(parsed.reason);
    const { source } = await repos.sources.upsert({ ...parsed.target, nextCrawlAt: new Date() });

    const services = {
      DATABASE_URL: testDb().url,
      REDIS_URL: queue.redisUrl,
      QUEUE_PREFIX: queue.prefix,
      ...workerEnvironment(dataDir, textKey, 0),
    };
    const crawler = spawnWithOutput('services/crawler/src/main.ts', {
      ...services,
      CRAWLER_METRICS_PORT: '0',
      // The simulator is on loopback: listed, as an operator lists an internal host.
      IMAGE_FETCH_ALLOW: new URL(sim.origin).host,
      ...(process.env['CHROMIUM_PATH'] ? { CHROMIUM_PATH: process.env['CHROMIUM_PATH'] } : {}),
    });
    const worker = spawnWithOutput('services/worker/src/main.ts', services);
    const deadLetters = new DeadLetters(queue.producer, queue.prefix);
    try {
      // The job the dispatcher would build for this source's due time: one id, however it comes.
      const startedAt = performance.now();
      const { jobId } = await queue.client.enqueue('crawl-source', {
        sourceId: source.id,
        reason: 'schedule',
        slot: source.nextCrawlAt?.getTime() ?? Date.now(),
      });
      const crawl = queue.client.queue('crawl');
      await expect
        // About four minutes here: every post's evidence is captured in Chromium, and a
        // pixel bomb's post makes the screenshot wait out its 10 s timeout.
        .poll(async () => (await crawl.getJob(jobId))?.getState(), {
          timeout: 540_000,
          interval: 500,
        })
        .toBe('completed');
      const crawlSeconds = (performance.now() - startedAt) / 1000;
      const crawled = (await crawl.getJob(jobId))?.returnvalue as Record<string, unknown>;
      expect(crawled).toMatchObject({ status: 'done', state: 'healthy' });

      // Every stored image is dealt with: matched, or failed with its class and dead-lettered
      // (the letter is filed just after the image is marked).
      const sightings = await repos.crawlResults.imagesOfSource(source.id);
      const imageIds = [...new Set(sightings.map((row) => row.image.id))];
      const images = new Map<string, StoredImage | undefined>();
      let letters = new Map<string, DeadLetterEntry>();
      await expect
        .poll(
          async () => {
            for (const id of imageIds) images.set(id, await repos.crawlResults.imageById(id));
            letters = new Map(
              (await deadLetters.list({ queue: 'images', limit: 1_000 })).map((letter) => [
                letter.jobId,
                letter,
              ]),
            );
            return [...images.values()].filter(
              (image) =>
                image?.status === 'pending' ||
                (image?.status === 'failed' && !letters.has(`process-image-${image.id}`)),
            ).length;
          },
          { timeout: 240_000, interval: 1_000 },
        )
        .toBe(0);
      const processSeconds = (performance.now() - startedAt) / 1000 - crawlSeconds;
      const imageOfKey = new Map(sightings.map((row) => [row.cdnKey, images.get(row.image.id)]));
      const fetchFailures = new Map(
        (await repos.crawlResults.fetchFailuresOf(source.id)).map((row) => [row.cdnKey, row]),
      );

      // Each hostile file: refused at the download as not an image, or stored and failed by
      // the worker with the corpus's code, dead-lettered once, with no alert.
      const outcomes: Record<string, string> = {};
      for (const [key, sample] of hostileByKey) {
        const expected = sample.expected.image ?? '';
        const stored = imageOfKey.get(key);
        const refused = fetchFailures.get(key);
        if (sniffImageType(sample.bytes) === undefined) {
          expect({ file: sample.file, stored: stored?.id }).toEqual({
            file: sample.file,
            stored: undefined,
          });
          expect(refused, sample.file).toMatchObject({ failure: 'not_an_image', transient: false });
          expect(notAnImageCodes.has(expected), `${sample.file}: ${expected}`).toBe(true);
          outcomes[sample.file] = `download: ${refused?.failure ?? '?'}`;
          continue;
        }
        expect(refused, sample.file).toBeUndefined();
        expect(stored, sample.file).toBeDefined();
        const letter = letters.get(`process-image-${stored?.id ?? ''}`);
        expect(
          { file: sample.file, status: stored?.status, failure: stored?.failureCode },
          letter?.reason,
        ).toEqual({ file: sample.file, status: 'failed', failure: workerFailureOf[expected] });
        expect(letter, sample.file).toMatchObject({
          failure: workerFailureOf[expected],
          attempts: 1,
        });
        // The reason starts with the stable code the corpus expects.
        expect(letter?.reason.split(':')[0], sample.file).toBe(expected);
        expect(await repos.alerts.forImage(stored?.id ?? ''), sample.file).toEqual([]);
        outcomes[sample.file] = `worker: ${stored?.failureCode ?? '?'}`;
      }
      const count = (stage: string) =>
        Object.values(outcomes).filter((outcome) => outcome.startsWith(stage)).length;
      console.info(
        `hostile images: ${corpus.length} files, ${count('download')} refused at the download, ` +
          `${count('worker')} failed in the worker; crawl ${crawlSeconds.toFixed(0)} s, ` +
          `processing after it ${processSeconds.toFixed(0)} s`,
        outcomes,
      );
      expect(crawled['downloadFailures']).toBe(fetchFailures.size);

      // The community posts were all stored, and every one of their images was matched.
      const storedPostsByFbId = new Map(
        (await repos.crawlResults.postsOf(source.id)).map((post) => [post.fbPostId, post.id]),
      );
      for (const post of community) expect(storedPostsByFbId.has(post.id), post.id).toBe(true);
      const goodKeys = community.flatMap((post) => post.photos.map((photo) => photo.name));
      expect(goodKeys.length).toBeGreaterThan(0);
      for (const key of goodKeys) expect(imageOfKey.get(key)?.status, key).toBe('processed');

      // The leak posted after the hostile files raised its alert, once.
      const leakImage = imageOfKey.get(leakKey);
      expect(leakImage?.status).toBe('processed');
      const alerts = await repos.alerts.forImage(leakImage?.id ?? '');
      expect(alerts).toHaveLength(1);
      expect(alerts[0]).toMatchObject({ kind: 'match', documentId });
      // And its post kept its evidence: a screenshot and the page's HTML.
      const leakPostId = storedPostsByFbId.get(leakPost.id) ?? '';
      const evidence = await repos.crawlResults.evidenceOf({ postId: leakPostId });
      expect(new Set(evidence.map((row) => row.kind))).toEqual(
        new Set(['html', 'image', 'response_body', 'screenshot']),
      );

      // Nothing else was dead-lettered: only the hostile files failed.
      const hostileImageIds = new Set(
        [...hostileByKey.keys()].flatMap((key) => imageOfKey.get(key)?.id ?? []),
      );
      const others = [...letters.values()].filter(
        (letter) => !hostileImageIds.has(String(letter.data['imageId'])),
      );
      expect(others).toEqual([]);

      expectAlive('crawler', crawler);
      expectAlive('worker', worker);
    } finally {
      await deadLetters.close();
      await Promise.all([
        stopProcessGroup(crawler.child, 'SIGTERM'),
        stopProcessGroup(worker.child, 'SIGTERM'),
      ]);
    }
    // Both shut down cleanly when asked.
    expect(crawler.child.exitCode, crawler.output()).toBe(0);
    expect(worker.child.exitCode, worker.output()).toBe(0);
  }, 900_000);
});

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalBlobStore } from '@leakwatch/blob-store';
import { launchChromium } from '@leakwatch/browser';
import {
  expectedImageNames,
  FacebookSimulator,
  generateGroup,
  photoName,
  type SimPost,
} from '@leakwatch/fb-sim';
import { useTestDatabase, useTestQueue } from '@leakwatch/testkit';
import { crawlFeed, downloadImages, imagesToFetch, storeCrawl } from '../src/index.js';
import { Random } from '@leakwatch/corpus';
import { fetcherFor } from './support/image-fetch.js';

const testDb = useTestDatabase();
const testQueue = useTestQueue();
let browser: Browser;
let dir = '';

beforeAll(async () => {
  browser = await launchChromium(process.env['CHROMIUM_PATH']);
  dir = await mkdtemp(path.join(tmpdir(), 'lw-crawl-store-'));
});
afterAll(async () => {
  await browser.close();
  await rm(dir, { recursive: true, force: true });
});

describe('storing a crawl', () => {
  it('stores posts and images once, queues each new image once, and re-crawls only what is new', async () => {
    const { repos } = testDb();
    const group = generateGroup({ seed: 'store-crawl', posts: 45 });
    const sim = new FacebookSimulator({ groups: [group] });
    await sim.listen();
    const context = await browser.newContext();
    try {
      const { source } = await repos.sources.upsert({
        kind: 'group',
        url: `${sim.origin}/groups/${group.vanity}`,
        canonicalKey: `group:${group.vanity}`,
      });
      const deps = { repos, blobs: new LocalBlobStore(dir), queue: testQueue().client };
      const crawlAndStore = async (seenPostIds?: ReadonlySet<string>) => {
        const outcome = await crawlFeed(await context.newPage(), source.url, {
          maxPosts: 1_000,
          pauseMs: [0, 5],
          ...(seenPostIds ? { seenPostIds } : {}),
        });
        expect(outcome.state).toBe('healthy');
        const wanted = imagesToFetch(outcome.posts);
        const known = await repos.crawlResults.knownCdnKeys(wanted.map((image) => image.key));
        const fetcher = fetcherFor(sim);
        const { downloaded, failed } = await downloadImages(fetcher, wanted, { skipKeys: known });
        await fetcher.close();
        expect(failed).toEqual([]);
        return {
          outcome,
          downloaded,
          summary: await storeCrawl(deps, source.id, outcome.posts, downloaded),
        };
      };

      const first = await crawlAndStore();
      const plantedImages = new Set(group.posts.flatMap(expectedImageNames));
      const sharedPosts = group.posts.filter((post) => post.shared).length;
      expect(first.summary).toMatchObject({
        posts: group.posts.length + sharedPosts,
        newPosts: group.posts.length + sharedPosts,
        images: plantedImages.size,
        newImages: plantedImages.size,
        enqueued: plantedImages.size,
      });
      const counts = await testQueue()
        .client.queue('images')
        .getJobCounts('waiting', 'delayed', 'prioritized');
      expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(plantedImages.size);

      // Someone posts a photo of a leaked page; the next visit stops at what it has seen.
      const leaked: SimPost = {
        id: '1999999999999999',
        createdAt: Date.UTC(2021, 6, 21) / 1000,
        authorId: '100064000009',
        authorName: 'Người đăng ẩn danh',
        text: 'Danh sách F1 của phường mình đây, ai có tên thì tự cách ly nhé',
        kind: 'photo',
        photos: [{ name: photoName(new Random('leak')), width: 1536, height: 2048 }],
      };
      sim.publish(group.vanity, leaked);
      const stored = new Set(
        (await repos.crawlResults.postsOf(source.id)).map((post) => post.fbPostId),
      );
      const second = await crawlAndStore(stored);
      expect(second.outcome.posts.length).toBeLessThan(10);
      expect(second.downloaded.map((download) => download.key)).toEqual([leaked.photos[0]?.name]);
      expect(second.summary).toMatchObject({ newPosts: 1, newImages: 1, enqueued: 1 });

      const posts = await repos.crawlResults.postsOf(source.id);
      // group.posts now includes the published post.
      expect(posts).toHaveLength(group.posts.length + sharedPosts);
      expect(new Set(posts.map((post) => post.fbPostId)).size).toBe(posts.length);
      const leakedRow = posts.find((post) => post.fbPostId === leaked.id);
      expect(leakedRow).toMatchObject({ text: leaked.text, authorName: 'Người đăng ẩn danh' });
      const images = await repos.crawlResults.imagesOfSource(source.id);
      expect(new Set(images.map((row) => row.image.sha256)).size).toBe(plantedImages.size + 1);
      const leakedImage = images.find((row) => row.cdnKey === leaked.photos[0]?.name);
      expect((await deps.blobs.get(leakedImage?.image.blobKey ?? '')).length).toBe(
        leakedImage?.image.byteSize,
      );
    } finally {
      await context.close();
      await sim.close();
    }
  }, 180_000);
});

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '@leakwatch/browser';
import {
  expectedImageNames,
  FacebookSimulator,
  generateGroup,
  generatePage,
} from '@leakwatch/fb-sim';
import { crawlFeed, downloadImages, imagesToFetch } from '../src/index.js';
import { fetcherFor } from './support/image-fetch.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium(process.env['CHROMIUM_PATH']);
});
afterAll(async () => {
  await browser.close();
});

async function withSimulator<T>(
  options: ConstructorParameters<typeof FacebookSimulator>[0],
  use: (sim: FacebookSimulator) => Promise<T>,
) {
  const sim = new FacebookSimulator(options);
  await sim.listen();
  try {
    return await use(sim);
  } finally {
    await sim.close();
  }
}

const fast = { pauseMs: [0, 5] as const, responseTimeoutMs: 10_000 };

describe('crawling a group feed on the simulator', () => {
  it('reads a 2,000-post group to the end: every post once, every image key found', async () => {
    const group = generateGroup({ seed: 'crawl-2000', posts: 2_000 });
    await withSimulator({ groups: [group], duplicateEvery: 5 }, async (sim) => {
      const context = await browser.newContext({ locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
      try {
        const page = await context.newPage();
        const started = performance.now();
        const outcome = await crawlFeed(page, `${sim.origin}/groups/${group.vanity}`, {
          maxPosts: 10_000,
          ...fast,
        });
        const seconds = (performance.now() - started) / 1000;
        expect(outcome.state).toBe('healthy');
        const ids = outcome.posts.map((post) => post.id);
        expect(new Set(ids).size).toBe(ids.length);
        expect(ids.sort()).toEqual(group.posts.map((post) => post.id).sort());
        // The feed repeated posts across pages; they were merged, not counted twice.
        expect(outcome.repeats).toBeGreaterThan(0);

        const planted = new Set(group.posts.flatMap(expectedImageNames));
        const found = new Set(imagesToFetch(outcome.posts).map((image) => image.key));
        const missing = [...planted].filter((name) => !found.has(name));
        expect(missing).toEqual([]);
        expect(found.size).toBe(planted.size);
        // Posts keep their text in full (the DOM shows "Xem thêm"), time and permalink.
        const sample = outcome.posts.find((post) => post.id === group.posts[10]?.id);
        expect(sample?.text).toBe(group.posts[10]?.text);
        expect(sample?.permalink).toBe(
          `${sim.origin}/groups/${group.vanity}/posts/${group.posts[10]?.id}/`,
        );
        console.info(
          `crawled ${outcome.posts.length} posts, ${found.size} image keys, ${outcome.pages} feed pages in ${seconds.toFixed(1)} s`,
        );
      } finally {
        await context.close();
      }
    });
  }, 300_000);

  it('recovers every photo of an album behind "+N" and downloads each file once', async () => {
    const group = generateGroup({ seed: 'crawl-albums', posts: 60 });
    const album = group.posts.find((post) => post.kind === 'album' && post.photos.length > 5);
    expect(album).toBeDefined();
    await withSimulator({ groups: [group] }, async (sim) => {
      const context = await browser.newContext();
      try {
        const outcome = await crawlFeed(
          await context.newPage(),
          `${sim.origin}/groups/${group.id}`,
          { maxPosts: 100, ...fast },
        );
        const post = outcome.posts.find((p) => p.id === album?.id);
        expect(post?.images.map((image) => image.key).sort()).toEqual(
          album?.photos.map((photo) => photo.name).sort(),
        );
        expect(post?.images.every((image) => image.width === 2048 || image.height === 2048)).toBe(
          true,
        );

        const images = imagesToFetch(outcome.posts);
        const fetcher = fetcherFor(sim);
        const { downloaded, failed } = await downloadImages(fetcher, images);
        await fetcher.close();
        expect(failed).toEqual([]);
        expect(downloaded.map((d) => d.key).sort()).toEqual(images.map((i) => i.key).sort());
        expect(new Set(downloaded.map((d) => d.sha256)).size).toBe(downloaded.length);
        // The page itself loads feed-size pictures; the crawler asks for each large file once.
        const large = sim.served.filter((served) => served.variant === 's2048x2048');
        expect(large.length).toBeGreaterThan(0);
        expect(new Set(large.map((served) => served.name)).size).toBe(large.length);
      } finally {
        await context.close();
      }
    });
  });
});

describe('walls and blocks', () => {
  it('names a login wall, a checkpoint and a block, and a deleted post', async () => {
    const group = generateGroup({ seed: 'crawl-walls', posts: 40 });
    await withSimulator({ groups: [group] }, async (sim) => {
      const context = await browser.newContext();
      try {
        const page = await context.newPage();
        const url = `${sim.origin}/groups/${group.vanity}`;

        sim.scenario.loginRequired = true;
        expect(await crawlFeed(page, url, { maxPosts: 100, ...fast })).toMatchObject({
          state: 'login_required',
          posts: [],
        });
        sim.scenario.loginRequired = false;

        sim.scenario.checkpoint = true;
        expect((await crawlFeed(page, url, { maxPosts: 100, ...fast })).state).toBe('checkpoint');
        sim.scenario.checkpoint = false;

        sim.scenario.blockAfterRequests = 3;
        sim.scenario.blockForMs = 60_000;
        const blocked = await crawlFeed(page, url, { maxPosts: 100, ...fast });
        expect(blocked.state).toBe('blocked');
        expect(blocked.detail).toContain('Rate limit');
        expect(blocked.posts.length).toBeGreaterThan(0); // what was read before the block is kept
        const again = await crawlFeed(page, url, { maxPosts: 100, ...fast });
        expect(again).toMatchObject({ state: 'blocked', detail: 'You’re Temporarily Blocked' });
      } finally {
        await context.close();
      }
    });
  });

  it('closes the "see more on Facebook" modal that stops a logged-out feed, and reads on', async () => {
    const group = generateGroup({ seed: 'crawl-modal', posts: 30 });
    await withSimulator({ groups: [group] }, async (sim) => {
      sim.scenario.loginModalAfterPosts = 9;
      const context = await browser.newContext();
      try {
        const outcome = await crawlFeed(
          await context.newPage(),
          `${sim.origin}/groups/${group.vanity}`,
          { maxPosts: 100, ...fast },
        );
        expect(outcome.state).toBe('healthy');
        expect(outcome.modalsDismissed).toBe(1);
        expect(outcome.posts.map((post) => post.id).sort()).toEqual(
          group.posts.map((post) => post.id).sort(),
        );
      } finally {
        await context.close();
      }
    });
  });

  it('answers the cookie-consent dialog with essential cookies only, and reads on', async () => {
    const group = generateGroup({ seed: 'crawl-consent', posts: 24 });
    await withSimulator({ groups: [group] }, async (sim) => {
      sim.scenario.cookieConsent = true;
      const context = await browser.newContext();
      try {
        const outcome = await crawlFeed(
          await context.newPage(),
          `${sim.origin}/groups/${group.vanity}`,
          { maxPosts: 100, ...fast },
        );
        expect(outcome.state).toBe('healthy');
        expect(outcome.modalsDismissed).toBe(1);
        expect(outcome.posts.map((post) => post.id).sort()).toEqual(
          group.posts.map((post) => post.id).sort(),
        );
        const cookies = await context.cookies(sim.origin);
        expect(cookies.find((cookie) => cookie.name === 'consent_choice')?.value).toBe('essential');
      } finally {
        await context.close();
      }
    });
  });

  it('is let in where the site turns bare HTTP clients away', async () => {
    const group = generateGroup({ seed: 'crawl-strict', posts: 60 });
    await withSimulator({ groups: [group] }, async (sim) => {
      sim.scenario.strictClients = true;
      const url = `${sim.origin}/groups/${group.vanity}`;
      // A script without a browser's Sec-Fetch-* headers is sent to the login page…
      const bare = await fetch(url, { redirect: 'manual' });
      expect(bare.status).toBe(302);
      expect(bare.headers.get('location')).toMatch(/^\/login\//);
      // …while the crawler's Chromium reads the feed.
      const context = await browser.newContext();
      try {
        const outcome = await crawlFeed(await context.newPage(), url, { maxPosts: 100, ...fast });
        expect(outcome.state).toBe('healthy');
        expect(outcome.posts).toHaveLength(group.posts.length);
        // Albums' hidden photos come from the media-set page, which is just as strict.
        const planted = new Set(group.posts.flatMap(expectedImageNames));
        const found = new Set(imagesToFetch(outcome.posts).map((image) => image.key));
        expect([...planted].filter((name) => !found.has(name))).toEqual([]);
      } finally {
        await context.close();
      }
    });
  });

  it("reads a news page's timeline, by its name and by profile.php?id=", async () => {
    const page = generatePage({ seed: 'crawl-news-page', posts: 40, vanity: 'baolamdong.test' });
    await withSimulator({ groups: [page] }, async (sim) => {
      const context = await browser.newContext();
      try {
        const tab = await context.newPage();
        for (const address of [`/${page.vanity}`, `/profile.php?id=${page.id}`]) {
          const outcome = await crawlFeed(tab, `${sim.origin}${address}`, {
            maxPosts: 100,
            ...fast,
          });
          expect(outcome.state).toBe('healthy');
          expect(outcome.posts.map((post) => post.id).sort()).toEqual(
            page.posts.map((post) => post.id).sort(),
          );
          const planted = new Set(page.posts.flatMap(expectedImageNames));
          const found = new Set(imagesToFetch(outcome.posts).map((image) => image.key));
          expect([...planted].filter((name) => !found.has(name))).toEqual([]);
          const sample = outcome.posts.find((post) => post.id === page.posts[5]?.id);
          expect(sample?.permalink).toBe(
            `${sim.origin}/${page.vanity}/posts/${page.posts[5]?.id}/`,
          );
          expect(sample?.author?.name).toBe('Tin tức Lâm Đồng');
        }
        // One post, by each address Facebook gives it (as an officer may paste it).
        const target = page.posts[7];
        for (const address of [
          `/${page.vanity}/posts/${target?.id}`,
          `/permalink.php?story_fbid=${target?.id}&id=${page.id}`,
        ]) {
          const one = await crawlFeed(tab, `${sim.origin}${address}`, { maxPosts: 1, ...fast });
          expect(one.state, address).toBe('healthy');
          expect(one.posts.map((post) => post.id)).toEqual([target?.id]);
        }
        // A page is not a group, and the other way round.
        const wrong = await crawlFeed(tab, `${sim.origin}/groups/${page.vanity}`, {
          maxPosts: 10,
          ...fast,
        });
        expect(wrong.state).toBe('not_found');
      } finally {
        await context.close();
      }
    });
  });

  it('notices a deleted post on a re-visit of its permalink', async () => {
    const group = generateGroup({ seed: 'crawl-deleted', posts: 10 });
    await withSimulator({ groups: [group] }, async (sim) => {
      const context = await browser.newContext();
      try {
        const page = await context.newPage();
        const target = group.posts[3]!;
        const permalink = `${sim.origin}/groups/${group.vanity}/posts/${target.id}/`;
        const before = await crawlFeed(page, permalink, { maxPosts: 1, ...fast });
        expect(before.posts.map((post) => post.id)).toEqual([target.id]);
        sim.delete(group.vanity, target.id);
        expect((await crawlFeed(page, permalink, { maxPosts: 1, ...fast })).state).toBe(
          'not_found',
        );
      } finally {
        await context.close();
      }
    });
  });
});

import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalBlobStore } from '@leakwatch/blob-store';
import { launchChromium } from '@leakwatch/browser';
import { CorpusRenderer } from '@leakwatch/corpus';
import { BrowserPool, crawlSource } from '@leakwatch/crawler';
import { parseSourceUrl } from '@leakwatch/facebook';
import { FacebookSimulator, generateGroup, photoPost, type SimPost } from '@leakwatch/fb-sim';
import { createMatcherService, type MatcherService } from '@leakwatch/matcher';
import { createLogger } from '@leakwatch/observability';
import { OcrEngine } from '@leakwatch/ocr';
import { registerDocument } from '@leakwatch/registry';
import { parseAllowList } from '@leakwatch/safe-fetch';
import { buildLeakScenario, type LeakScenario, type ScenarioImage } from '@leakwatch/scenarios';
import { useTestDatabase, useTestQueue } from '@leakwatch/testkit';
import { loadOpenCv } from '@leakwatch/vision';
import { startImageWorker } from '../src/index.js';

// The whole pipeline on the simulator: planted leaks are posted in two groups, the crawler reads
// both in Chromium, the image worker matches every image, and the alerts are compared with what
// was planted.
const testDb = useTestDatabase();
const testQueue = useTestQueue();
const log = createLogger({ name: 'pipeline-e2e', level: 'silent' });
const textKey = randomBytes(32);
let dir = '';
let scenario: LeakScenario;
const documentIds = new Map<string, string>();
let matcher: MatcherService;
let browsers: BrowserPool;
let sim: FacebookSimulator;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'lw-e2e-'));
  const renderer = await CorpusRenderer.open(process.env['CHROMIUM_PATH']);
  try {
    scenario = await buildLeakScenario(renderer, {
      seed: 'pipeline-e2e',
      documents: ['close-contact-list', 'quarantine-decision'],
      leaks: [
        { document: 0, page: 1, variant: 'phone-photo' },
        { document: 0, page: 1, variant: 'screenshot' },
        { document: 1, page: 1, variant: 'crop' },
        { document: 1, page: 1, variant: 'reencode' },
      ],
      lookAlikes: 2,
      ordinary: ['photo', 'meme', 'text-card', 'news-screenshot'],
    });
  } finally {
    await renderer.close();
  }
  let ocr: OcrEngine | undefined;
  try {
    for (const document of scenario.documents) {
      const registered = await registerDocument(
        {
          repos: testDb().repos,
          cv: await loadOpenCv(),
          ocr: async () =>
            (ocr ??= await OcrEngine.start({ model: 'best-int', workers: 1, timeoutMs: 60_000 })),
          textKey,
          textKeyId: 'e2e',
          thumbnailKey: { id: 't', key: randomBytes(32) },
          searchPath: '',
        },
        { bytes: document.pdf, fileName: document.fileName },
      );
      documentIds.set(document.key, registered.documentId);
    }
  } finally {
    await ocr?.close();
  }
  matcher = await createMatcherService({
    repos: testDb().repos,
    textKey,
    textKeyId: 'e2e',
    ocr: { model: 'best-int', workers: 2, timeoutMs: 60_000 },
    follow: false,
  });
  browsers = new BrowserPool({ launch: () => launchChromium(process.env['CHROMIUM_PATH']) });
}, 300_000);

afterAll(async () => {
  await sim.close();
  await browsers.close();
  await matcher.close();
  await rm(dir, { recursive: true, force: true });
});

const postOf = (image: ScenarioImage, seed: string, createdAt: number): SimPost =>
  photoPost({ seed, createdAt, text: image.caption, photos: [image] });

describe('from a planted post to its alert', () => {
  it('alerts exactly the planted leaks, with their document and page; reposts are sightings of one image', async () => {
    const start = Math.floor(Date.now() / 1000);
    const groupA = generateGroup({ seed: 'e2e-group-a', posts: 12, startAt: start - 3_600 });
    const groupB = generateGroup({ seed: 'e2e-group-b', posts: 8, startAt: start - 3_600 });
    // Group A: every leak, every look-alike and the ordinary images, between community posts.
    const planted = [...scenario.leaks, ...scenario.lookAlikes, ...scenario.ordinary];
    const namesByRole = new Map<string, ScenarioImage>();
    for (const [index, image] of planted.entries()) {
      const post = postOf(image, `a-${index}`, start - index * 60);
      for (const photo of post.photos) namesByRole.set(photo.name, image);
      groupA.posts.splice(1 + index * 2, 0, post);
    }
    // Group B reposts the first leak (a new upload of the same picture) and one ordinary image.
    const repostedLeak = scenario.leaks[0];
    const repostedPhoto = scenario.ordinary[0];
    if (!repostedLeak || !repostedPhoto) throw new Error('scenario incomplete');
    for (const [index, image] of [repostedLeak, repostedPhoto].entries()) {
      const post = postOf(image, `b-${index}`, start - 30 - index);
      for (const photo of post.photos) namesByRole.set(photo.name, image);
      groupB.posts.splice(2, 0, post);
    }
    sim = new FacebookSimulator({ groups: [groupA, groupB] });
    await sim.listen();

    const { repos } = testDb();
    const queue = testQueue();
    const sourceIds: string[] = [];
    for (const group of [groupA, groupB]) {
      const parsed = parseSourceUrl(`${sim.origin}/groups/${group.vanity}`, {
        extraOrigins: [sim.origin],
      });
      if (!parsed.ok) throw new Error(parsed.reason);
      const { source } = await repos.sources.upsert({ ...parsed.target, nextCrawlAt: new Date() });
      sourceIds.push(source.id);
    }

    const worker = startImageWorker({
      connection: queue.workerConnection(),
      prefix: queue.prefix,
      log,
      deps: { repos, blobs: new LocalBlobStore(dir), match: (bytes) => matcher.match(bytes) },
      concurrency: 2,
    });
    try {
      for (const sourceId of sourceIds) {
        const result = await crawlSource(
          {
            repos,
            blobs: new LocalBlobStore(dir),
            imageFetch: {
              allowList: parseAllowList([new URL(sim.origin).host]),
              maxBytes: 25 * 1024 * 1024,
              maxRedirects: 3,
              timeoutMs: 30_000,
            },
            queue: queue.client,
            browsers,
            log,
          },
          sourceId,
          { maxPosts: 200, pauseMs: [0, 5], responseTimeoutMs: 10_000, reason: 'schedule' },
        );
        expect(result).toMatchObject({ status: 'done', state: 'healthy' });
      }
      const sightings = (
        await Promise.all(sourceIds.map((id) => repos.crawlResults.imagesOfSource(id)))
      ).flat();
      const imageIds = [...new Set(sightings.map((row) => row.image.id))];
      await expect
        .poll(
          async () => {
            const rows = await Promise.all(imageIds.map((id) => repos.crawlResults.imageById(id)));
            return rows.filter((row) => row?.status !== 'processed').length;
          },
          { timeout: 240_000, interval: 1_000 },
        )
        .toBe(0);

      // Which stored image is which planted picture (by the CDN file name it was seen under).
      const roleOf = new Map<string, ScenarioImage>();
      for (const row of sightings) {
        const image = row.cdnKey ? namesByRole.get(row.cdnKey) : undefined;
        if (image) roleOf.set(row.image.id, image);
      }
      const alerts = (await Promise.all(imageIds.map((id) => repos.alerts.forImage(id)))).flat();
      const matchAlerts = alerts.filter((alert) => alert.kind === 'match');

      // Exactly one match alert per planted leak, naming its document and page.
      expect(matchAlerts).toHaveLength(scenario.leaks.length);
      for (const alert of matchAlerts) {
        const image = roleOf.get(alert.imageId);
        expect(image?.role).toBe('leak');
        const leakOf = image?.leakOf;
        expect(alert.documentId).toBe(documentIds.get(leakOf?.documentKey ?? ''));
        const pages = await repos.documents.pagesOf(alert.documentId ?? '');
        expect(pages.find((page) => page.id === alert.pageId)?.pageNumber).toBe(leakOf?.pageNumber);
      }
      // Ordinary pictures raise nothing; look-alikes never match a registered document (being
      // official papers full of personal data, they may be flagged sensitive-unregistered).
      for (const alert of alerts) {
        const role = roleOf.get(alert.imageId)?.role;
        if (role === 'ordinary' || role === undefined)
          throw new Error(`unexpected alert on a ${role ?? 'community'} image`);
        if (role === 'look-alike') expect(alert.kind).toBe('sensitive_unregistered');
      }

      // The reposted leak and photo are one stored image each, seen in both groups.
      const repostIds = [repostedLeak, repostedPhoto].map((image) =>
        [...roleOf.entries()].filter(([, planted]) => planted === image).map(([id]) => id),
      );
      for (const ids of repostIds) {
        expect(new Set(ids).size).toBe(1);
        const seenIn = sightings.filter((row) => row.image.id === ids[0]).length;
        expect(seenIn).toBe(2);
      }
      expect(alerts.filter((alert) => alert.imageId === repostIds[0]?.[0])).toHaveLength(1);
    } finally {
      await worker.close();
    }
  }, 600_000);
});

import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalBlobStore } from '@leakwatch/blob-store';
import {
  CorpusRenderer,
  documentHtml,
  healthDocument,
  loadPageImage,
  makeDistractor,
  makeVariant,
  Random,
} from '@leakwatch/corpus';
import { createMatcherService, type MatcherService } from '@leakwatch/matcher';
import { OcrEngine } from '@leakwatch/ocr';
import { registerDocument } from '@leakwatch/registry';
import { DeadLetters } from '@leakwatch/queue';
import { quietLog, useTestDatabase, useTestQueue } from '@leakwatch/testkit';
import { loadOpenCv } from '@leakwatch/vision';
import { processImage, startImageWorker } from '../src/index.js';

const testDb = useTestDatabase();
const testQueue = useTestQueue();
const textKey = randomBytes(32);
let dir = '';
let matcher: MatcherService;
let registeredId = '';
/** The registered page as rendered, for photographing it again. */
let registeredPage: Awaited<ReturnType<typeof loadPageImage>> | undefined;
const images: Record<'leak' | 'lookAlike' | 'feed', Buffer> = {
  leak: Buffer.alloc(0),
  lookAlike: Buffer.alloc(0),
  feed: Buffer.alloc(0),
};

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'lw-worker-'));
  const renderer = await CorpusRenderer.open(undefined);
  let ocr: OcrEngine | undefined;
  try {
    const render = async (seed: string) => {
      const random = new Random(seed);
      return renderer.renderDocument(
        documentHtml(healthDocument(random, 'close-contact-list', seed), random.fork('html')),
      );
    };
    const registered = await render('worker-registered');
    const lookAlike = await render('worker-look-alike');
    registeredId = (
      await registerDocument(
        {
          repos: testDb().repos,
          cv: await loadOpenCv(),
          ocr: async () =>
            (ocr ??= await OcrEngine.start({ model: 'best-int', workers: 1, timeoutMs: 60_000 })),
          textKey,
          textKeyId: 'worker-test',
          thumbnailKey: { id: 't', key: randomBytes(32) },
          searchPath: '',
        },
        { bytes: registered.pdf, fileName: 'danh-sach-f1.pdf' },
      )
    ).documentId;
    registeredPage = await loadPageImage(registered.pages[0]!);
    images.leak = (await makeVariant('phone-photo', [registeredPage], new Random('w1'))).bytes;
    images.lookAlike = (
      await makeVariant('phone-photo', [await loadPageImage(lookAlike.pages[0]!)], new Random('w2'))
    ).bytes;
    images.feed = (await makeDistractor('photo', new Random('w3'), renderer, 'w3')).bytes;
  } finally {
    await renderer.close();
    await ocr?.close();
  }
  matcher = await createMatcherService({
    repos: testDb().repos,
    textKey,
    textKeyId: 'worker-test',
    ocr: { model: 'best-int', workers: 1, timeoutMs: 60_000 },
    follow: false,
  });
});

afterAll(async () => {
  await matcher.close();
  await rm(dir, { recursive: true, force: true });
});

async function storeImage(bytes: Buffer) {
  const blobs = new LocalBlobStore(dir);
  const blob = await blobs.put(bytes, 'image');
  const { image } = await testDb().repos.crawlResults.upsertImage({
    sha256: blob.sha256,
    byteSize: blob.byteSize,
    mimeType: 'image/jpeg',
    width: null,
    height: null,
    blobKey: blob.key,
  });
  return image;
}

describe('process-image', () => {
  it('raises exactly the planted leak, once, and nothing for a look-alike or a feed photo', async () => {
    const { repos } = testDb();
    const deps = {
      repos,
      blobs: new LocalBlobStore(dir),
      match: (bytes: Uint8Array) => matcher.match(bytes),
    };
    const leak = await storeImage(images.leak);
    const lookAlike = await storeImage(images.lookAlike);
    const feed = await storeImage(images.feed);

    const result = await processImage(deps, leak.id, `process-image-${leak.id}`);
    expect(result).toMatchObject({ status: 'done', verdict: 'match', alertsCreated: 1 });
    const [alert] = await repos.alerts.forImage(leak.id);
    expect(alert).toMatchObject({ kind: 'match', documentId: registeredId, status: 'new' });
    expect(alert?.pageId).toBeTruthy();

    // Delivered again (the worker died after committing, before acknowledging): nothing new.
    expect(await processImage(deps, leak.id, `process-image-${leak.id}`)).toMatchObject({
      status: 'skipped',
    });
    expect(
      await repos.alerts.recordImageVerdict({
        jobKey: `process-image-${leak.id}`,
        queue: 'images',
        imageId: leak.id,
        alerts: [{ kind: 'match', documentId: registeredId, dedupKey: 'x' }],
        outcome: {},
      }),
    ).toEqual({ alreadyDone: true, alertsCreated: 0 });
    expect(await repos.alerts.forImage(leak.id)).toHaveLength(1);

    const lookAlikeResult = await processImage(deps, lookAlike.id, `process-image-${lookAlike.id}`);
    expect(lookAlikeResult.status).toBe('done');
    expect((await repos.alerts.forImage(lookAlike.id)).filter((a) => a.kind === 'match')).toEqual(
      [],
    );

    expect(await processImage(deps, feed.id, `process-image-${feed.id}`)).toMatchObject({
      status: 'done',
      verdict: 'no-match',
      alertsCreated: 0,
    });
    expect(await repos.alerts.forImage(feed.id)).toEqual([]);
    expect((await repos.crawlResults.imageById(feed.id))?.status).toBe('processed');
    // Hashes are kept with the verdict, whether it raised an alert (a transaction) or not (one
    // statement), so a re-encoded repost is recognised later.
    for (const image of [leak, feed])
      expect(await repos.imageFingerprints.of(image.id)).toMatchObject({
        pdq: expect.stringMatching(/^[0-9a-f]{64}$/) as unknown,
        phash: expect.stringMatching(/^[0-9a-f]{16}$/) as unknown,
      });
    // The quiet verdict delivered again finds its completion and writes nothing.
    expect(
      await repos.alerts.recordImageVerdict({
        jobKey: `process-image-${feed.id}`,
        queue: 'images',
        imageId: feed.id,
        alerts: [],
        outcome: {},
      }),
    ).toEqual({ alreadyDone: true, alertsCreated: 0 });
    // A quiet verdict under a new job key for an image not yet processed does the full write.
    const feedAgain = await storeImage(await sharp(images.feed).png().toBuffer());
    expect(
      await repos.alerts.recordImageVerdict({
        jobKey: `manual-${feedAgain.id}`,
        queue: 'images',
        imageId: feedAgain.id,
        alerts: [],
        outcome: { verdict: 'no-match' },
      }),
    ).toEqual({ alreadyDone: false, alertsCreated: 0, alertsQuarantined: 0, floodHoldsOpened: [] });
    expect((await repos.crawlResults.imageById(feedAgain.id))?.status).toBe('processed');
    expect(await repos.imageFingerprints.of(feedAgain.id)).toBeUndefined();
  }, 120_000);

  it('fails permanently, with a coded error, for an image that does not exist', async () => {
    const deps = {
      repos: testDb().repos,
      blobs: new LocalBlobStore(dir),
      match: (bytes: Uint8Array) => matcher.match(bytes),
    };
    await expect(
      processImage(deps, '00000000-0000-4000-8000-000000000000', 'x'),
    ).rejects.toMatchObject({ code: 'LW_NOT_FOUND' });
  });

  it('consumes process-image jobs from the queue and alerts once per image', async () => {
    const { repos } = testDb();
    const queue = testQueue();
    // The same photo re-encoded: another file, the same leak.
    const image = await storeImage(await sharp(images.leak).jpeg({ quality: 90 }).toBuffer());
    const worker = startImageWorker({
      connection: queue.workerConnection(),
      prefix: queue.prefix,
      log: quietLog,
      deps: { repos, blobs: new LocalBlobStore(dir), match: (bytes) => matcher.match(bytes) },
    });
    try {
      // Enqueued twice (a crawler retry): one job id, one alert.
      await queue.client.enqueue('process-image', { imageId: image.id });
      await queue.client.enqueue('process-image', { imageId: image.id });
      const deadline = Date.now() + 60_000;
      while (
        (await repos.crawlResults.imageById(image.id))?.status !== 'processed' &&
        Date.now() < deadline
      )
        await new Promise((resolve) => setTimeout(resolve, 250));
      expect((await repos.crawlResults.imageById(image.id))?.status).toBe('processed');
      expect(await repos.alerts.forImage(image.id)).toHaveLength(1);
    } finally {
      await worker.close();
    }
  }, 90_000);

  it('marks an undecodable image failed and files it in the dead letters, without retrying', async () => {
    const { repos } = testDb();
    const queue = testQueue();
    // JPEG magic, then nothing a decoder can use.
    const image = await storeImage(
      Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), randomBytes(200)]),
    );
    const worker = startImageWorker({
      connection: queue.workerConnection(),
      prefix: queue.prefix,
      log: quietLog,
      deps: { repos, blobs: new LocalBlobStore(dir), match: (bytes) => matcher.match(bytes) },
    });
    const letters = new DeadLetters(queue.producer, queue.prefix);
    try {
      await queue.client.enqueue('process-image', { imageId: image.id });
      await expect.poll(() => letters.count(), { timeout: 30_000 }).toBe(1);
      const [letter] = await letters.list();
      expect(letter).toMatchObject({
        queue: 'images',
        jobId: `process-image-${image.id}`,
        failure: 'undecodable',
        attempts: 1,
      });
      expect(await repos.crawlResults.imageById(image.id)).toMatchObject({
        status: 'failed',
        failureCode: 'undecodable',
      });
      expect(await repos.alerts.forImage(image.id)).toEqual([]);
    } finally {
      await worker.close();
      await letters.close();
    }
  });
});

describe('near-identical images', () => {
  it('keeps a false match dismissed for the same picture re-encoded and resized, not for another photo of the page', async () => {
    const { repos } = testDb();
    const deps = {
      repos,
      blobs: new LocalBlobStore(dir),
      match: (bytes: Uint8Array) => matcher.match(bytes),
    };
    const process = async (bytes: Buffer) => {
      const image = await storeImage(bytes);
      const result = await processImage(deps, image.id, `process-image-${image.id}`);
      return { image, result, alerts: await repos.alerts.forImage(image.id) };
    };
    const original = await process(
      await sharp(images.leak).jpeg({ quality: 95 }).withMetadata().toBuffer(),
    );
    const [alert] = original.alerts;
    expect(alert).toMatchObject({ kind: 'match', documentId: registeredId });
    // An officer says this picture is not that document.
    await repos.triage.dismiss([alert?.id ?? ''], { reason: 'false_match', userId: null });

    // Reposted: scaled down and recompressed — another file, the same picture.
    const metadata = await sharp(images.leak).metadata();
    const repost = await process(
      await sharp(images.leak)
        .resize({ width: Math.round(metadata.width * 0.7) })
        .jpeg({ quality: 70 })
        .toBuffer(),
    );
    expect(repost.image.sha256).not.toBe(original.image.sha256);
    expect(repost.alerts.filter((a) => a.kind === 'match')).toEqual([]);
    const fingerprints = await Promise.all(
      [original, repost].map(async ({ image }) => repos.imageFingerprints.of(image.id)),
    );
    expect(fingerprints.every((row) => row?.pdq?.length === 64)).toBe(true);

    // Another photograph of the same page is a new sighting: still matched.
    const [page] = await repos.documents.pagesOf(registeredId);
    if (!registeredPage) throw new Error('the registered page was not rendered');
    const other = await process(
      (await makeVariant('phone-photo', [registeredPage], new Random('w-other'))).bytes,
    );
    expect(other.alerts.filter((a) => a.kind === 'match').map((a) => a.pageId)).toEqual([page?.id]);
  }, 180_000);

  it('groups an unregistered leak with its near-identical reposts', async () => {
    const { repos } = testDb();
    const deps = {
      repos,
      blobs: new LocalBlobStore(dir),
      match: (bytes: Uint8Array) => matcher.match(bytes),
    };
    const keyOf = async (bytes: Buffer) => {
      const image = await storeImage(bytes);
      await processImage(deps, image.id, `process-image-${image.id}`);
      return (await repos.alerts.forImage(image.id)).find(
        (a) => a.kind === 'sensitive_unregistered',
      )?.dedupKey;
    };
    const first = await keyOf(images.lookAlike);
    expect(first).toMatch(/^sensitive:/);
    const repost = await keyOf(
      await sharp(images.lookAlike).resize({ width: 900 }).jpeg({ quality: 75 }).toBuffer(),
    );
    expect(repost).toBe(first);
  }, 180_000);
});

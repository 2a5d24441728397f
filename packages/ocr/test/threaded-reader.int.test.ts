import type { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CorpusRenderer,
  documentHtml,
  healthDocument,
  loadPageImage,
  makeVariant,
  Random,
} from '@leakwatch/corpus';
import { isLeakWatchError } from '@leakwatch/errors';
import { loadOpenCv } from '@leakwatch/vision';
import { OcrEngine, readDocument, ThreadedDocumentReader } from '../src/index.js';
import { greyImageOf } from './support/grey-image.js';

const engineOptions = { model: 'best-int', workers: 1, timeoutMs: 120_000 } as const;
let photo: Buffer;

/** The reading thread of a reader, to end it as a crash would. */
const threadOf = (reader: ThreadedDocumentReader) =>
  (reader as unknown as { thread: Worker | undefined }).thread;

beforeAll(async () => {
  const renderer = await CorpusRenderer.open(undefined);
  try {
    const random = new Random('threaded-reader');
    const rendered = await renderer.renderDocument(
      documentHtml(healthDocument(random, 'close-contact-list', 'doc-0'), random.fork('html')),
    );
    const page = await loadPageImage(rendered.pages[0] as Buffer);
    photo = (await makeVariant('phone-photo', [page], new Random('threaded-photo'))).bytes;
  } finally {
    await renderer.close();
  }
}, 120_000);

describe('reading documents on a thread of their own', () => {
  const readers: ThreadedDocumentReader[] = [];
  afterAll(async () => {
    await Promise.all(readers.map((reader) => reader.close()));
  });

  it('reads a phone photo exactly as reading on the calling thread does', async () => {
    const [engine, cv] = await Promise.all([OcrEngine.start(engineOptions), loadOpenCv()]);
    const inline = await readDocument(engine, cv, await greyImageOf(photo)).finally(() =>
      engine.close(),
    );
    const reader = await ThreadedDocumentReader.start(engineOptions);
    readers.push(reader);
    const image = await greyImageOf(photo);
    const threaded = await reader.read(image);
    // The pixels moved to the thread rather than being copied.
    expect(image.data.byteLength).toBe(0);
    expect(inline.text.length).toBeGreaterThan(500);
    expect(threaded.text).toBe(inline.text);
    expect(threaded.quad).toEqual(inline.quad);
    expect([threaded.quarterTurns, threaded.skewDegrees]).toEqual([
      inline.quarterTurns,
      inline.skewDegrees,
    ]);
    expect([threaded.image.width, threaded.image.height]).toEqual([
      inline.image.width,
      inline.image.height,
    ]);
    expect(Buffer.from(threaded.image.data).equals(Buffer.from(inline.image.data))).toBe(true);
    expect(threaded.page.lines.length).toBe(inline.page.lines.length);
  }, 180_000);

  it('fails the readings of a thread that died, then reads again on a new one', async () => {
    const reader = await ThreadedDocumentReader.start(engineOptions);
    readers.push(reader);
    const first = threadOf(reader);
    const inFlight = reader.read(await greyImageOf(photo));
    await first?.terminate();
    const error: unknown = await inFlight.catch((caught: unknown) => caught);
    expect(isLeakWatchError(error, 'LW_OCR_FAILED')).toBe(true);
    const again = await reader.read(await greyImageOf(photo));
    expect(again.text.length).toBeGreaterThan(500);
    expect(threadOf(reader)).toBeDefined();
    expect(threadOf(reader)).not.toBe(first);
  }, 180_000);

  it('passes the engine’s error codes through, and refuses to read once closed', async () => {
    // Too little time for any page: the engine's timeout comes back with its own code.
    const reader = await ThreadedDocumentReader.start({ ...engineOptions, timeoutMs: 1 });
    const timedOut: unknown = await reader
      .read(await greyImageOf(photo))
      .catch((caught: unknown) => caught);
    expect(isLeakWatchError(timedOut, 'LW_OCR_TIMEOUT')).toBe(true);
    await reader.close();
    expect(threadOf(reader)).toBeUndefined();
    const closed: unknown = await reader
      .read(await greyImageOf(photo))
      .catch((caught: unknown) => caught);
    expect(isLeakWatchError(closed, 'LW_OCR_FAILED')).toBe(true);
  }, 180_000);
});

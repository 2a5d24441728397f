import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
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
import {
  boilerplateKeys,
  characterErrorRate,
  featureHash,
  hashFeatures,
  pageSegments,
  TextIndex,
  textFeatures,
} from '@leakwatch/text';
import { findPageQuad, loadOpenCv, quadArea, type OpenCv, type Quad } from '@leakwatch/vision';
import { OcrEngine, readDocument } from '../src/index.js';
import { greyImageOf } from './support/grey-image.js';

interface RenderedPage {
  png: Buffer;
  truth: string[];
}

const fixture = fileURLToPath(new URL('./fixtures/read-offline.ts', import.meta.url));
const tsx = import.meta.resolve('tsx');
const key = new Uint8Array(32).fill(3);

let engine: OcrEngine;
let cv: OpenCv;
let dir: string;
const registered: RenderedPage[] = [];
let lookalike: RenderedPage;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'lw-ocr-'));
  const renderer = await CorpusRenderer.open(undefined);
  try {
    // Four registered documents (two close-contact lists, as a department registers many) and
    // an unregistered look-alike: another close-contact list on the same template.
    const kinds = [
      'close-contact-list',
      'official-letter',
      'quarantine-decision',
      'close-contact-list',
      'close-contact-list',
    ] as const;
    for (const [i, kind] of kinds.entries()) {
      const random = new Random(`ocr-test-${i}`);
      const rendered = await renderer.renderDocument(
        documentHtml(healthDocument(random, kind, `doc-${i}`), random.fork('html')),
      );
      const page = { png: rendered.pages[0] as Buffer, truth: rendered.texts[0] as string[] };
      if (i < 4) registered.push(page);
      else lookalike = page;
    }
  } finally {
    await renderer.close();
  }
  [engine, cv] = await Promise.all([
    OcrEngine.start({ model: 'best-int', workers: 2, timeoutMs: 120_000 }),
    loadOpenCv(),
  ]);
}, 180_000);

afterAll(async () => {
  await engine.close();
  await rm(dir, { recursive: true, force: true });
});

describe('Vietnamese OCR on generated documents', () => {
  it('reads clean pages with at most 1% character errors', async () => {
    let errors = 0;
    let characters = 0;
    for (const page of registered.slice(0, 3)) {
      const reading = await readDocument(engine, cv, await greyImageOf(page.png));
      const cer = characterErrorRate(page.truth, reading.text);
      errors += cer.errors;
      characters += cer.characters;
    }
    expect(characters).toBeGreaterThan(2000);
    expect(errors / characters).toBeLessThanOrEqual(0.01);
  }, 180_000);

  it('reads a phone photo saved at 1500 px with at most 4% character errors', async () => {
    const page = registered[0] as RenderedPage;
    const photo = await makeVariant(
      'phone-photo',
      [await loadPageImage(page.png)],
      new Random('ocr-photo'),
      { finalWidth: 1500 },
    );
    expect((await sharp(photo.bytes).metadata()).width).toBe(1500);
    const reading = await readDocument(engine, cv, await greyImageOf(photo.bytes));
    expect(reading.quad).toBeDefined();
    const cer = characterErrorRate(page.truth, reading.text);
    expect(cer.rate).toBeLessThanOrEqual(0.04);
  }, 180_000);

  it('reads the page shown on a photographed monitor, not the whole screen', async () => {
    const page = registered[0] as RenderedPage;
    // This seed's photo shows the PDF viewer's grey screen around the page: the first outline
    // found is the screen's (landscape), the page is the white portrait inside it.
    const photo = await makeVariant(
      'monitor-photo',
      [await loadPageImage(page.png)],
      new Random('ocr-monitor-3'),
    );
    const grey = await greyImageOf(photo.bytes);
    const screen = findPageQuad(cv, grey) as Quad;
    expect(screen).toBeDefined();
    const reading = await readDocument(engine, cv, grey);
    expect([reading.image.width, reading.image.height]).toEqual([1241, 1754]);
    const outline = reading.quad as Quad;
    expect(outline).toBeDefined();
    expect(quadArea(outline)).toBeLessThan(quadArea(screen) * 0.7);
    // Monitor photos read poorly (moiré, blur): most of the text still comes through.
    expect(characterErrorRate(page.truth, reading.text).rate).toBeLessThanOrEqual(0.4);
  }, 180_000);

  it('finds a 40% crop in its page by containment, and gives the look-alike nothing discriminative', async () => {
    const index = new TextIndex({
      boilerplate: new Set([...boilerplateKeys].map((k) => featureHash(k, key))),
    });
    registered.forEach((page, i) => {
      index.addPage(
        { pageId: `page-${i}`, documentId: `doc-${i}` },
        hashFeatures(textFeatures(page.truth.join('\n')), key),
      );
    });
    const source = await loadPageImage((registered[0] as RenderedPage).png);
    // A crop keeping 40% of the inked area, through the same path as any query image.
    const { content } = source;
    const height = Math.round(content.height * 0.4);
    const crop = await sharp(source.png)
      .extract({
        left: content.left,
        top: content.top + Math.round(content.height * 0.3),
        width: content.width,
        height,
      })
      .jpeg({ quality: 80 })
      .toBuffer();
    const cropReading = await readDocument(engine, cv, await greyImageOf(crop));
    const cropResult = index.query(
      hashFeatures(textFeatures(pageSegments(cropReading.page).join('\n')), key),
    ).candidates[0];
    expect(cropResult?.documentId).toBe('doc-0');
    expect(cropResult?.containment).toBeGreaterThanOrEqual(0.5);

    const twinReading = await readDocument(engine, cv, await greyImageOf(lookalike.png));
    const twin = index
      .query(hashFeatures(textFeatures(pageSegments(twinReading.page).join('\n')), key))
      .candidates.find((c) => c.documentId === 'doc-0');
    expect(twin?.discriminativeContainment ?? 0).toBeLessThanOrEqual(0.1);
  }, 180_000);

  it('reads a page posted upside down, and gives up turning a picture with no letter in it', async () => {
    const page = registered[2] as RenderedPage;
    const upsideDown = await sharp(page.png).rotate(180).png().toBuffer();
    const turned = await readDocument(engine, cv, await greyImageOf(upsideDown));
    expect(turned.quarterTurns).toBe(2);
    expect(turned.attempts).toBe(3);
    expect(characterErrorRate(page.truth, turned.text).rate).toBeLessThanOrEqual(0.02);

    // Light rings on a brown ground (a feed photo the gate lets through): neither upright nor
    // sideways reads a letter, so it is not turned over for a third reading.
    const rings = Buffer.from(
      `<svg xmlns="http://www.w3.org/2000/svg" width="1600" height="900">` +
        `<rect width="1600" height="900" fill="#846634"/>` +
        `<circle cx="380" cy="300" r="240" fill="#f3efe6"/><circle cx="380" cy="300" r="180" fill="#9c2222"/>` +
        `<circle cx="1160" cy="600" r="240" fill="#f3efe6"/><circle cx="1160" cy="600" r="170" fill="#a33a32"/>` +
        `</svg>`,
    );
    const picture = await readDocument(
      engine,
      cv,
      await greyImageOf(await sharp(rings).png().toBuffer()),
    );
    expect(picture.text.replace(/[^\p{L}\p{N}]/gu, '')).toBe('');
    expect(picture.attempts).toBe(2);
  }, 180_000);

  it('gives up on an image that takes too long, and keeps serving', async () => {
    const impatient = await OcrEngine.start({ model: 'best-int', workers: 1, timeoutMs: 1 });
    try {
      const error = await impatient
        .recognize(await greyImageOf((registered[1] as RenderedPage).png))
        .catch((e: unknown) => e);
      expect(isLeakWatchError(error, 'LW_OCR_TIMEOUT')).toBe(true);
    } finally {
      await impatient.close();
    }
    const result = await engine.recognize(await greyImageOf((registered[2] as RenderedPage).png));
    expect(result.text.length).toBeGreaterThan(100);
  }, 180_000);
});

describe('OCR without a network', () => {
  // A network namespace with no interfaces: any attempt to fetch language data or WebAssembly
  // from a CDN would fail. Needs unshare (util-linux) and the right to create the namespace.
  const probe = spawnSync('unshare', ['-n', 'true']);
  const canIsolate = probe.status === 0;

  it.skipIf(!canIsolate)(
    'reads a page with the network unavailable, with each model',
    async () => {
      const file = path.join(dir, 'page.png');
      await writeFile(file, (registered[1] as RenderedPage).png);
      for (const model of ['best-int', 'fast'] as const) {
        const child = spawnSync(
          'unshare',
          ['-n', process.execPath, '--import', tsx, fixture, file, model],
          { encoding: 'utf8', timeout: 150_000 },
        );
        expect(child.status, child.stderr).toBe(0);
        const { text } = JSON.parse(child.stdout) as { text: string };
        expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
      }
    },
    300_000,
  );
});

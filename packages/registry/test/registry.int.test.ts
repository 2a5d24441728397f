import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CorpusRenderer,
  documentHtml,
  healthDocument,
  Random,
  type DocumentSpec,
  type RenderedDocument,
} from '@leakwatch/corpus';
import { isLeakWatchError } from '@leakwatch/errors';
import { OcrEngine } from '@leakwatch/ocr';
import { useTestDatabase } from '@leakwatch/testkit';
import { foldDiacritics, hashFeatures, textFeatures } from '@leakwatch/text';
import { loadOpenCv, type OpenCv } from '@leakwatch/vision';
import {
  decryptThumbnail,
  OriginalStore,
  registerDocument,
  rotateThumbnails,
  thumbnailWidth,
  type RegistryContext,
  type ThumbnailKey,
} from '../src/index.js';

const testDb = useTestDatabase();
const textKey = randomBytes(32);
const thumbnailKey: ThumbnailKey = { id: 'test-1', key: randomBytes(32) };
let cv: OpenCv;
let engine: Promise<OcrEngine> | undefined;
let spec: DocumentSpec;
let rendered: RenderedDocument;

beforeAll(async () => {
  cv = await loadOpenCv();
  const renderer = await CorpusRenderer.open(undefined);
  try {
    const random = new Random('registry-test');
    spec = healthDocument(random, 'close-contact-list', 'reg-1');
    rendered = await renderer.renderDocument(documentHtml(spec, random.fork('html')));
  } finally {
    await renderer.close();
  }
});

afterAll(async () => {
  if (engine) await (await engine).close();
});

function context(overrides: Partial<RegistryContext> = {}): RegistryContext {
  return {
    repos: testDb().repos,
    cv,
    ocr: () => (engine ??= OcrEngine.start({ model: 'best-int', workers: 1, timeoutMs: 60_000 })),
    textKey,
    textKeyId: 'test-text-key',
    thumbnailKey,
    searchPath: process.env['PATH'] ?? '',
    ...overrides,
  };
}

/** Every row of every table, as PostgreSQL prints it (bytea as hex). */
async function wholeDatabaseAsText(): Promise<string> {
  const { pool } = testDb().handle;
  const tables = await pool.query<{ name: string }>(
    `select table_name as name from information_schema.tables where table_schema = 'public'`,
  );
  let text = '';
  for (const { name } of tables.rows) {
    const rows = await pool.query<{ row: string }>(`select t::text as row from "${name}" t`);
    for (const { row } of rows.rows) text += `${row}\n`;
  }
  return text;
}

async function storedFeatureHashes(documentId: string): Promise<Set<bigint>> {
  const { documents } = testDb().repos;
  const pages = await documents.pagesOf(documentId);
  const rows = await documents.shinglesOf(pages.map((page) => page.id));
  return new Set(rows.map((row) => row.hash));
}

describe('registering documents', () => {
  it('registers a PDF from its text layer, once, whatever the number of attempts', async () => {
    const input = { bytes: rendered.pdf, fileName: 'Danh sách F1 đợt 3.pdf' };
    const progress: number[] = [];
    const first = await registerDocument(context({ onPage: (done) => progress.push(done) }), input);
    expect(first).toMatchObject({
      title: 'Danh sách F1 đợt 3',
      pages: rendered.pages.length,
      status: 'registered',
    });
    expect(progress).toEqual(rendered.pages.map((_, i) => i + 1));
    const again = await registerDocument(context(), { ...input, fileName: 'copy.pdf' });
    expect(again).toEqual({ ...first, status: 'already-registered' });

    const { documents } = testDb().repos;
    expect(await documents.list()).toHaveLength(1);
    const pages = await documents.pagesOf(first.documentId);
    expect(pages.map((p) => [p.pageNumber, p.textSource])).toEqual(
      rendered.pages.map((_, i) => [i + 1, 'text_layer']),
    );
    // The identifiers printed on the first page are among the stored keyed features.
    const expected = hashFeatures(textFeatures(rendered.texts[0]!.join('\n')), textKey).filter(
      (f) => f.kind === 'anchor',
    );
    const stored = await storedFeatureHashes(first.documentId);
    const found = expected.filter((f) => stored.has(f.hash)).length;
    expect(expected.length).toBeGreaterThan(10);
    expect(found / expected.length).toBeGreaterThan(0.9);
  });

  it('keeps no personal data or page image in clear', async () => {
    const all = await wholeDatabaseAsText();
    const hex = (text: string) => Buffer.from(text, 'utf8').toString('hex');
    for (const person of spec.people.slice(0, 5)) {
      for (const secret of [person.name, foldDiacritics(person.name.toLowerCase()), person.cccd]) {
        expect(all.includes(secret), secret).toBe(false);
        expect(all.includes(hex(secret)), `${secret} (hex)`).toBe(false);
      }
      expect(all.includes(person.phone.replace(/\D/g, '')), person.phone).toBe(false);
    }
    expect(all.includes(hex(spec.numberSymbol))).toBe(false);
  });

  it('stores thumbnails sealed with the configured key', async () => {
    const [document] = await testDb().repos.documents.list();
    const [page] = await testDb().repos.documents.pagesOf(document!.id);
    const sealed = page!.thumbnailCiphertext!;
    expect(sealed.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff]))).toBe(false);
    await expect(sharp(sealed).metadata()).rejects.toThrow();
    const thumbnail = decryptThumbnail(sealed, page!.thumbnailKeyId!, [thumbnailKey]);
    const meta = await sharp(thumbnail).metadata();
    expect([meta.format, meta.width]).toEqual(['jpeg', thumbnailWidth]);

    const error = (work: () => unknown) => {
      try {
        work();
      } catch (caught) {
        return isLeakWatchError(caught) ? caught.code : String(caught);
      }
      return 'no error';
    };
    expect(error(() => decryptThumbnail(sealed, 'retired-key', [thumbnailKey]))).toBe(
      'LW_THUMBNAIL_KEY_MISSING',
    );
    const otherKey = { id: thumbnailKey.id, key: randomBytes(32) };
    expect(error(() => decryptThumbnail(sealed, thumbnailKey.id, [otherKey]))).toBe(
      'LW_THUMBNAIL_DAMAGED',
    );
    const tampered = Buffer.from(sealed);
    tampered[tampered.length - 1] = (tampered.at(-1) ?? 0) ^ 1;
    expect(error(() => decryptThumbnail(tampered, thumbnailKey.id, [thumbnailKey]))).toBe(
      'LW_THUMBNAIL_DAMAGED',
    );
  });

  it('reads a scanned multi-page TIFF with OCR and finds the same identifiers', async () => {
    const scans = rendered.pages.slice(0, 2);
    const tiff = await sharp(scans, { join: { animated: true } })
      .greyscale()
      .tiff({ compression: 'lzw' })
      .toBuffer();
    const result = await registerDocument(context(), {
      bytes: tiff,
      fileName: 'scan.tiff',
      metadata: { title: '  ', classification: 'mat', tags: ['scan'], numberSymbol: '7/BC-SYT' },
    });
    expect(result).toMatchObject({ title: 'scan', pages: scans.length, status: 'registered' });
    const { documents } = testDb().repos;
    const document = await documents.findById(result.documentId);
    expect(document).toMatchObject({
      classification: 'mat',
      tags: ['scan'],
      numberSymbol: '7/BC-SYT',
      mimeType: 'image/tiff',
    });
    const pages = await documents.pagesOf(result.documentId);
    expect(pages.map((p) => p.textSource)).toEqual(scans.map(() => 'ocr'));
    const expected = hashFeatures(textFeatures(rendered.texts[0]!.join('\n')), textKey).filter(
      (f) => f.kind === 'anchor',
    );
    const stored = await storedFeatureHashes(result.documentId);
    const found = expected.filter((f) => stored.has(f.hash)).length;
    // OCR misreads a few digits; most identifiers must still come through.
    expect(found / expected.length).toBeGreaterThan(0.85);
  });

  it.each([
    [
      'docx',
      'MS Word 2007 XML',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    ],
    ['odt', 'writer8', 'application/vnd.oasis.opendocument.text'],
  ] as const)(
    'converts a %s with LibreOffice and uses its text',
    async (extension, filter, mime) => {
      const person = spec.people[0]!;
      const paragraphs = [
        'SỞ Y TẾ TỈNH LÂM ĐỒNG',
        `Số: 311/QĐ-SYT (${extension})`,
        `Quyết định cách ly y tế tại nhà đối với ông/bà ${person.name}, sinh năm ${person.birthYear}`,
        `Số CCCD: ${person.cccd}, điện thoại: ${person.phone}`,
        `Địa chỉ: ${person.address}`,
      ];
      const office = await officeFileFromLibreOffice(paragraphs, extension, filter);
      const result = await registerDocument(context(), {
        bytes: office,
        fileName: `qd-cach-ly.${extension}`,
      });
      expect(result).toMatchObject({ pages: 1, status: 'registered', title: 'qd-cach-ly' });
      const document = await testDb().repos.documents.findById(result.documentId);
      expect(document?.mimeType).toBe(mime);
      const [page] = await testDb().repos.documents.pagesOf(result.documentId);
      expect(page?.textSource).toBe('text_layer');
      const anchors = hashFeatures(textFeatures(paragraphs.join('\n')), textKey).filter(
        (f) => f.kind === 'anchor',
      );
      const stored = await storedFeatureHashes(result.documentId);
      expect(anchors.length).toBeGreaterThanOrEqual(3);
      expect(anchors.filter((f) => stored.has(f.hash))).toEqual(anchors);
    },
  );

  it('reads a JPEG scan with OCR, once, by its bytes', async () => {
    const jpeg = await sharp(rendered.pages[0]).jpeg({ quality: 90 }).toBuffer();
    const result = await registerDocument(context(), { bytes: jpeg, fileName: 'trang-1.jpg' });
    expect(result).toMatchObject({ title: 'trang-1', pages: 1, status: 'registered' });
    const { documents } = testDb().repos;
    expect((await documents.findById(result.documentId))?.mimeType).toBe('image/jpeg');
    const [page] = await documents.pagesOf(result.documentId);
    expect(page?.textSource).toBe('ocr');
    const expected = hashFeatures(textFeatures(rendered.texts[0]!.join('\n')), textKey).filter(
      (f) => f.kind === 'anchor',
    );
    const stored = await storedFeatureHashes(result.documentId);
    expect(expected.filter((f) => stored.has(f.hash)).length / expected.length).toBeGreaterThan(
      0.85,
    );
    const again = await registerDocument(context(), { bytes: jpeg, fileName: 'ban-sao.jpeg' });
    expect(again).toEqual({ ...result, status: 'already-registered' });
  });

  it('registers a file anew after its registration was revoked, keeping the old row', async () => {
    const { documents } = testDb().repos;
    const input = { bytes: rendered.pdf, fileName: 'again.pdf' };
    const current = await registerDocument(context(), input);
    expect(current.status).toBe('already-registered');
    expect(await documents.revoke(current.documentId, null)).toBeDefined();
    const fresh = await registerDocument(context(), input);
    expect(fresh.status).toBe('registered');
    expect(fresh.documentId).not.toBe(current.documentId);
    expect((await documents.findById(current.documentId))?.status).toBe('revoked');
    expect((await registerDocument(context(), input)).documentId).toBe(fresh.documentId);
  });

  it('stores nothing when a page fails', async () => {
    const before = (await testDb().repos.documents.list()).length;
    const truncatedTiff = (await sharp(rendered.pages[0]).tiff().toBuffer()).subarray(0, 5000);
    await expect(
      registerDocument(context(), { bytes: truncatedTiff, fileName: 'broken.tiff' }),
    ).rejects.toThrow(/cannot be read|cannot be decoded/);
    expect(await testDb().repos.documents.list()).toHaveLength(before);
  });
});

describe('thumbnail key rotation', () => {
  it('re-seals every thumbnail under the new key, once, and reports stranded ones', async () => {
    const { documents } = testDb().repos;
    const pages = (
      await Promise.all((await documents.list()).map((d) => documents.pagesOf(d.id)))
    ).flat();
    expect(pages.length).toBeGreaterThan(2);
    const newKey: ThumbnailKey = { id: 'test-2', key: randomBytes(32) };
    const first = await rotateThumbnails(testDb().repos, [newKey, thumbnailKey]);
    expect(first).toEqual({
      resealed: pages.length,
      unreadable: {},
      originals: { resealed: 0, unreadable: {} },
    });
    for (const page of pages) {
      const [after] = (await documents.pagesOf(page.documentId)).filter((p) => p.id === page.id);
      expect(after?.thumbnailKeyId).toBe('test-2');
      const thumbnail = decryptThumbnail(after!.thumbnailCiphertext!, 'test-2', [newKey]);
      expect((await sharp(thumbnail).metadata()).width).toBe(thumbnailWidth);
    }
    expect(await rotateThumbnails(testDb().repos, [newKey])).toEqual({
      resealed: 0,
      unreadable: {},
      originals: { resealed: 0, unreadable: {} },
    });
    // Rotating again without the key that sealed them: nothing is touched, the count is told.
    const third: ThumbnailKey = { id: 'test-3', key: randomBytes(32) };
    expect(await rotateThumbnails(testDb().repos, [third])).toEqual({
      resealed: 0,
      unreadable: { 'test-2': pages.length },
      originals: { resealed: 0, unreadable: {} },
    });
  });

  it('keeps an original only when asked, sealed, and re-seals it with the thumbnails', async () => {
    const { mkdtemp, readdir, readFile, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const root = await mkdtemp(path.join(tmpdir(), 'lw-originals-'));
    try {
      const oldKey: ThumbnailKey = { id: 'orig-1', key: randomBytes(32) };
      const store = new OriginalStore(root, [oldKey]);
      const random = new Random('original-kept');
      const renderer = await CorpusRenderer.open(undefined);
      let pdf: Buffer;
      try {
        pdf = (
          await renderer.renderDocument(
            documentHtml(healthDocument(random, 'official-letter', 'kept'), random.fork('html')),
          )
        ).pdf;
      } finally {
        await renderer.close();
      }
      const { documentId } = await registerDocument(
        context({ keepOriginal: store.put.bind(store) }),
        { bytes: pdf, fileName: 'kept.pdf' },
      );
      const document = await testDb().repos.documents.findById(documentId);
      const blobKey = document?.originalBlobKey ?? '';
      expect(blobKey).toMatch(/^originals\/[0-9a-f]{64}\.orig-1\.sealed$/);
      const onDisk = await readFile(path.join(root, blobKey));
      expect(onDisk.includes(Buffer.from('%PDF'))).toBe(false);
      expect((await store.get(blobKey)).equals(pdf)).toBe(true);

      const newKey: ThumbnailKey = { id: 'orig-2', key: randomBytes(32) };
      const rotated = await rotateThumbnails(
        testDb().repos,
        [newKey, oldKey, thumbnailKey],
        undefined,
        new OriginalStore(root, [newKey, oldKey]),
      );
      expect(rotated.originals).toEqual({ resealed: 1, unreadable: {} });
      const renewed = (await testDb().repos.documents.findById(documentId))?.originalBlobKey ?? '';
      expect(renewed).toMatch(/\.orig-2\.sealed$/);
      expect((await new OriginalStore(root, [newKey]).get(renewed)).equals(pdf)).toBe(true);
      expect(await readdir(path.join(root, 'originals'))).toEqual([path.basename(renewed)]);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});

/** A real DOCX, written by LibreOffice from plain text, so the fixture is what Word users send. */
/** A text file converted by LibreOffice, as a word processor saves it (`filter` names the format). */
async function officeFileFromLibreOffice(
  paragraphs: readonly string[],
  extension: string,
  filter: string,
): Promise<Buffer> {
  const { mkdtemp, readFile, rm, writeFile } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const path = await import('node:path');
  const dir = await mkdtemp(path.join(tmpdir(), 'lw-docx-'));
  try {
    await writeFile(path.join(dir, 'letter.txt'), paragraphs.join('\n'));
    execFileSync(
      'soffice',
      [
        `-env:UserInstallation=file://${dir}/profile`,
        '--headless',
        '--convert-to',
        `${extension}:${filter}`,
        '--outdir',
        dir,
        path.join(dir, 'letter.txt'),
      ],
      { stdio: 'ignore', env: { ...process.env, HOME: dir }, timeout: 120_000 },
    );
    return await readFile(path.join(dir, `letter.${extension}`));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { isLeakWatchError } from '@leakwatch/errors';
import { detectDocumentFormat, extractDocument, type ExtractOptions } from '../src/index.js';
import { handmadePdf, handmadeZip, minimalDocx, pngClaiming } from '@leakwatch/testkit';

// No LibreOffice on this path: office files must be refused or converted before it matters.
const noConverter: ExtractOptions = { searchPath: '' };

async function allPages(bytes: Uint8Array, options: ExtractOptions = noConverter) {
  const document = await extractDocument(bytes, options);
  const pages = [];
  for await (const page of document.pages) pages.push(page);
  return { document, pages };
}

async function failureCode(work: Promise<unknown>): Promise<string> {
  try {
    await work;
  } catch (error) {
    return isLeakWatchError(error) ? error.code : `not a LeakWatchError: ${String(error)}`;
  }
  return 'no error';
}

describe('detectDocumentFormat', () => {
  it('tells formats from their bytes, not their names', async () => {
    const png = await sharp({
      create: { width: 4, height: 4, channels: 3, background: '#fff' },
    })
      .png()
      .toBuffer();
    expect(detectDocumentFormat(png)).toBe('png');
    expect(detectDocumentFormat(await sharp(png).jpeg().toBuffer())).toBe('jpeg');
    expect(detectDocumentFormat(await sharp(png).tiff().toBuffer())).toBe('tiff');
    expect(detectDocumentFormat(await sharp(png).webp().toBuffer())).toBe('webp');
    expect(detectDocumentFormat(handmadePdf({ pages: [['x']] }))).toBe('pdf');
    expect(detectDocumentFormat(minimalDocx(['x']))).toBe('office-zip');
    expect(detectDocumentFormat(Buffer.from('Hello, this is plain text'))).toBeUndefined();
  });
});

describe('extractDocument: PDF', () => {
  it('renders each page at 150 dpi and keeps the text layer in pixel coordinates', async () => {
    const pdf = handmadePdf({
      pages: [
        ['SO Y TE LAM DONG', 'So: 125/SYT-NVY'],
        ['Danh sach F1', 'Nguyen Van An 1985'],
      ],
    });
    const { document, pages } = await allPages(pdf);
    expect(document).toMatchObject({ format: 'pdf', mimeType: 'application/pdf' });
    expect(pages.map((p) => p.number)).toEqual([1, 2]);
    for (const page of pages) {
      // A4 (595 × 842 pt) at 150/72.
      expect([page.pixels.width, page.pixels.height]).toEqual([1240, 1755]);
      expect(page.pixels.data.length).toBe(1240 * 1755 * 3);
    }
    const lines = pages[0]?.textLayer?.lines ?? [];
    expect(lines.map((l) => l.text)).toEqual(['SO Y TE LAM DONG', 'So: 125/SYT-NVY']);
    // First line drawn at x = 72 pt, baseline 770 pt from the bottom.
    const firstWord = lines[0]?.words[0]?.box;
    expect(firstWord?.x0).toBeCloseTo(150, 0);
    expect(firstWord?.y1).toBeGreaterThan((842 - 770) * (150 / 72) - 5);
    expect(firstWord?.y0).toBeLessThan((842 - 770) * (150 / 72));
    expect(pages[1]?.textLayer?.lines.map((l) => l.text)).toContain('Nguyen Van An 1985');
    // The text is drawn, not only listed: dark pixels where the first line is.
    const page = pages[0]!;
    const y = Math.round((842 - 770) * (150 / 72)) - 8;
    let dark = 0;
    for (let x = 150; x < 450; x += 1) {
      if ((page.pixels.data[(y * page.pixels.width + x) * 3] ?? 255) < 128) dark += 1;
    }
    expect(dark).toBeGreaterThan(20);
  });

  it('refuses a password-protected PDF with its own code', async () => {
    expect(await failureCode(allPages(handmadePdf({ pages: [['secret']], encrypted: true })))).toBe(
      'LW_DOCUMENT_ENCRYPTED',
    );
  });

  it('refuses PDFs carrying JavaScript, at document or page level', async () => {
    const documentScript = handmadePdf({ pages: [['x']], openActionScript: 'app.alert(1)' });
    const pageScript = handmadePdf({ pages: [['x'], ['y']], pageScript: 'app.alert(2)' });
    expect(await failureCode(allPages(documentScript))).toBe('LW_DOCUMENT_ACTIVE_CONTENT');
    expect(await failureCode(allPages(pageScript))).toBe('LW_DOCUMENT_ACTIVE_CONTENT');
  });

  it('refuses a damaged PDF, an empty file and a file over the limits', async () => {
    const pdf = handmadePdf({ pages: [['x'], ['y'], ['z']] });
    expect(await failureCode(allPages(Buffer.from('%PDF-1.4\n garbage')))).toBe(
      'LW_DOCUMENT_UNREADABLE',
    );
    expect(await failureCode(allPages(new Uint8Array(0)))).toBe('LW_DOCUMENT_UNREADABLE');
    expect(await failureCode(allPages(pdf, { ...noConverter, limits: { maxPages: 2 } }))).toBe(
      'LW_DOCUMENT_TOO_LARGE',
    );
    expect(await failureCode(allPages(pdf, { ...noConverter, limits: { maxBytes: 100 } }))).toBe(
      'LW_DOCUMENT_TOO_LARGE',
    );
    expect(await failureCode(allPages(Buffer.from('just some text')))).toBe(
      'LW_DOCUMENT_UNSUPPORTED',
    );
  });
});

describe('extractDocument: images', () => {
  it('gives one page per TIFF page, in order, reduced to the side limit', async () => {
    const colours = ['#ff0000', '#00ff00', '#0000ff'];
    const frames = await Promise.all(
      colours.map((background) =>
        sharp({ create: { width: 2480, height: 3508, channels: 3, background } })
          .png()
          .toBuffer(),
      ),
    );
    const tiff = await sharp(frames, { join: { animated: true } })
      .tiff({ compression: 'lzw' })
      .toBuffer();
    const { document, pages } = await allPages(tiff);
    expect(document.format).toBe('tiff');
    expect(pages.map((p) => p.number)).toEqual([1, 2, 3]);
    pages.forEach((page, i) => {
      expect(Math.max(page.pixels.width, page.pixels.height)).toBe(2000);
      const red = page.pixels.data[0];
      const green = page.pixels.data[1];
      const blue = page.pixels.data[2];
      expect([red, green, blue], colours[i]).toEqual(
        [
          [255, 0, 0],
          [0, 255, 0],
          [0, 0, 255],
        ][i],
      );
      expect(page.textLayer).toBeUndefined();
    });
  });

  it('flattens transparency onto white and follows EXIF orientation', async () => {
    const transparent = await sharp({
      create: { width: 300, height: 200, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } },
    })
      .png()
      .toBuffer();
    const { pages } = await allPages(transparent);
    expect(Array.from(pages[0]!.pixels.data.subarray(0, 3))).toEqual([255, 255, 255]);
    const rotated = await sharp({
      create: { width: 300, height: 200, channels: 3, background: '#888' },
    })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const turned = await allPages(rotated);
    expect([turned.pages[0]!.pixels.width, turned.pages[0]!.pixels.height]).toEqual([200, 300]);
  });

  it('refuses a pixel bomb from its header, without decoding it', async () => {
    const started = performance.now();
    expect(await failureCode(allPages(pngClaiming(100_000, 100_000)))).toBe(
      'LW_DOCUMENT_TOO_LARGE',
    );
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('refuses a truncated image', async () => {
    const png = await sharp({
      create: { width: 400, height: 400, channels: 3, background: '#123456' },
    })
      .png()
      .toBuffer();
    expect(await failureCode(allPages(png.subarray(0, 60)))).toBe('LW_DOCUMENT_UNREADABLE');
  });
});

describe('extractDocument: office files', () => {
  it('refuses a zip bomb dressed as a DOCX before anything unpacks it', async () => {
    const bomb = minimalDocx(
      ['x'],
      [{ name: 'word/media/padding.bin', content: Buffer.alloc(64 * 1024 * 1024) }],
    );
    expect(bomb.length).toBeLessThan(200_000);
    expect(await failureCode(allPages(bomb))).toBe('LW_DOCUMENT_TOO_LARGE');
  });

  it('says how to install LibreOffice when it is missing', async () => {
    try {
      await allPages(minimalDocx(['Quyết định cách ly']));
      expect.unreachable('a DOCX without LibreOffice must fail');
    } catch (error) {
      expect(isLeakWatchError(error, 'LW_DOCUMENT_CONVERTER_MISSING')).toBe(true);
      expect((error as Error).message).toContain('apt-get install libreoffice-writer-nogui');
    }
  });

  it('refuses a ZIP that is no office document, and a damaged archive', async () => {
    const zip = handmadeZip([{ name: 'notes.txt', content: Buffer.from('hello') }]);
    expect(await failureCode(allPages(zip))).toBe('LW_DOCUMENT_UNSUPPORTED');
    expect(await failureCode(allPages(minimalDocx(['x']).subarray(0, 300)))).toBe(
      'LW_DOCUMENT_UNREADABLE',
    );
  });
});

import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import { LeakWatchError } from '@leakwatch/errors';
import type { PageText, TextLine } from '@leakwatch/text';
import type { ExtractedPage, ExtractionLimits } from './extracted-page.js';

/** Registered pages are rendered at 150 dpi, the resolution the matcher compares at. */
export const renderDpi = 150;

/** The part of a 2D canvas context used here. */
interface Canvas2d {
  fillStyle: string;
  fillRect(x: number, y: number, width: number, height: number): void;
  getImageData(x: number, y: number, width: number, height: number): { data: Uint8ClampedArray };
}

/** The fields of pdf.js text items this module reads. */
interface PositionedText {
  str: string;
  transform: number[];
  width: number;
  height: number;
}

const require = createRequire(import.meta.url);
// Standard fonts for PDFs that do not embed theirs, shipped in the npm package (no fetch).
const standardFontDataUrl = `${pathToFileURL(path.join(path.dirname(require.resolve('pdfjs-dist/package.json')), 'standard_fonts')).href}/`;

/**
 * The PDF's text items turned into lines of positioned words in image coordinates, the same
 * shape OCR produces, so that text-layer pages and photographed pages give the same segments.
 */
function textLayer(
  items: readonly PositionedText[],
  pageHeightPoints: number,
  scale: number,
): PageText {
  const words: { text: string; x0: number; x1: number; baseline: number; height: number }[] = [];
  for (const item of items) {
    if (item.str.trim().length === 0) continue;
    const [, , , , tx = 0, ty = 0] = item.transform;
    const fontHeight = Math.max(1, Math.abs(item.transform[3] ?? item.height)) * scale;
    const x = tx * scale;
    const baseline = (pageHeightPoints - ty) * scale;
    const width = item.width * scale;
    // Words inside one text run: positions spread by character count.
    const perChar = width / Math.max(1, item.str.length);
    for (const match of item.str.matchAll(/\S+/g)) {
      const start = match.index;
      words.push({
        text: match[0],
        x0: x + start * perChar,
        x1: x + (start + match[0].length) * perChar,
        baseline,
        height: fontHeight,
      });
    }
  }
  words.sort((a, b) => a.baseline - b.baseline || a.x0 - b.x0);
  const lines: TextLine[] = [];
  let current: typeof words = [];
  const flush = () => {
    if (current.length === 0) return;
    current.sort((a, b) => a.x0 - b.x0);
    lines.push({
      text: current.map((w) => w.text).join(' '),
      words: current.map((w) => ({
        text: w.text,
        box: {
          x0: w.x0,
          y0: w.baseline - w.height * 0.8,
          x1: w.x1,
          y1: w.baseline + w.height * 0.2,
        },
      })),
    });
    current = [];
  };
  for (const word of words) {
    const first = current[0];
    if (
      first &&
      Math.abs(word.baseline - first.baseline) > Math.min(first.height, word.height) * 0.4
    )
      flush();
    current.push(word);
  }
  flush();
  return { lines };
}

/**
 * Renders every page of a PDF with pdf.js (no script execution, no font loading from outside
 * the package) and reads its text layer. Encrypted PDFs and PDFs carrying JavaScript are
 * refused: internal documents have neither, and a hostile file should never be processed.
 */
export async function* pdfPages(
  bytes: Uint8Array,
  limits: ExtractionLimits,
): AsyncGenerator<ExtractedPage> {
  let document: pdfjs.PDFDocumentProxy;
  try {
    document = await pdfjs.getDocument({
      data: new Uint8Array(bytes),
      isEvalSupported: false,
      enableXfa: false,
      disableFontFace: true,
      useSystemFonts: false,
      standardFontDataUrl,
      stopAtErrors: true,
      verbosity: 0,
    }).promise;
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    if (name === 'PasswordException') {
      throw new LeakWatchError('LW_DOCUMENT_ENCRYPTED', {
        params: { hint: 'remove the password (print it to a new PDF) and register that copy' },
        cause: error,
      });
    }
    throw new LeakWatchError('LW_DOCUMENT_UNREADABLE', {
      params: {
        reason: `not a readable PDF (${error instanceof Error ? error.message : String(error)})`,
      },
      cause: error,
    });
  }
  try {
    const scripts = await document.getJSActions();
    if (scripts !== null && Object.keys(scripts).length > 0) {
      throw new LeakWatchError('LW_DOCUMENT_ACTIVE_CONTENT', {
        params: {
          what: 'JavaScript',
          hint: 'print it to a new PDF to drop the scripts, and register that copy',
        },
      });
    }
    if (document.numPages > limits.maxPages) {
      throw new LeakWatchError('LW_DOCUMENT_TOO_LARGE', {
        params: { reason: `${document.numPages} pages, more than the limit of ${limits.maxPages}` },
      });
    }
    for (let number = 1; number <= document.numPages; number += 1) {
      const page = await document.getPage(number);
      // Typed as always an object, but pdf.js answers null for a page without actions.
      const pageScripts: unknown = await page.getJSActions();
      if (
        typeof pageScripts === 'object' &&
        pageScripts !== null &&
        Object.keys(pageScripts).length > 0
      ) {
        throw new LeakWatchError('LW_DOCUMENT_ACTIVE_CONTENT', {
          params: {
            what: 'JavaScript',
            hint: 'print it to a new PDF to drop the scripts, and register that copy',
          },
        });
      }
      const natural = page.getViewport({ scale: 1 });
      // 150 dpi, but never beyond the size limit (a poster-sized page is shrunk to fit).
      const scale = Math.min(
        renderDpi / 72,
        limits.maxPageSide / Math.max(natural.width, natural.height),
      );
      const viewport = page.getViewport({ scale });
      const width = Math.ceil(viewport.width);
      const height = Math.ceil(viewport.height);
      // pdf.js in Node draws on @napi-rs/canvas through its own canvas factory.
      const { canvas, context } = (
        document as unknown as {
          canvasFactory: { create(w: number, h: number): { canvas: unknown; context: Canvas2d } };
        }
      ).canvasFactory.create(width, height);
      context.fillStyle = '#ffffff';
      context.fillRect(0, 0, width, height);
      // The factory's canvas is @napi-rs/canvas, which pdf.js's DOM-typed parameters do not name.
      await page.render({ canvasContext: context as never, viewport, canvas: canvas as never })
        .promise;
      const rgba = context.getImageData(0, 0, width, height).data;
      const rgb = new Uint8Array(width * height * 3);
      for (let i = 0, o = 0; i < rgb.length; i += 3, o += 4) {
        rgb[i] = rgba[o] as number;
        rgb[i + 1] = rgba[o + 1] as number;
        rgb[i + 2] = rgba[o + 2] as number;
      }
      const content = await page.getTextContent();
      const items: PositionedText[] = content.items.flatMap((item) =>
        'str' in item ? [item] : [],
      );
      const text = textLayer(items, natural.height, scale);
      page.cleanup();
      yield {
        number,
        pixels: { data: rgb, width, height },
        ...(text.lines.length > 0 ? { textLayer: text } : {}),
      };
    }
  } catch (error) {
    // A PDF that opens can still be damaged further in (a page tree pointing nowhere).
    if (error instanceof LeakWatchError) throw error;
    throw new LeakWatchError('LW_DOCUMENT_UNREADABLE', {
      params: {
        reason: `a damaged PDF (${error instanceof Error ? error.message : String(error)})`,
      },
      cause: error,
    });
  } finally {
    await document.destroy();
  }
}

import sharp from 'sharp';
import { LeakWatchError } from '@leakwatch/errors';
import type { ExtractedPage, ExtractionLimits } from './extracted-page.js';

/** Largest width × height of one page image (a 600 dpi A3 scan is ~70 MP). */
const maxInputPixels = 80_000_000;

/**
 * Pages of a scanned or photographed document: one for PNG/JPEG/WebP, one per page for a
 * multi-page TIFF. Each is oriented, flattened onto white, converted to sRGB and reduced to the
 * size limit (scans at 300 dpi and up are brought to about the 150 dpi pages are compared at).
 */
export async function* imagePages(
  bytes: Uint8Array,
  limits: ExtractionLimits,
): AsyncGenerator<ExtractedPage> {
  let pageCount: number;
  try {
    const metadata = await sharp(bytes, {
      limitInputPixels: maxInputPixels,
      failOn: 'error',
    }).metadata();
    pageCount = metadata.pages ?? 1;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/pixel limit/i.test(message)) {
      throw new LeakWatchError('LW_DOCUMENT_TOO_LARGE', {
        params: { reason: `a page larger than ${maxInputPixels} pixels` },
        cause: error,
      });
    }
    throw new LeakWatchError('LW_DOCUMENT_UNREADABLE', {
      params: { reason: `not a readable image (${message.split('\n')[0] ?? message})` },
      cause: error,
    });
  }
  if (pageCount > limits.maxPages) {
    throw new LeakWatchError('LW_DOCUMENT_TOO_LARGE', {
      params: { reason: `${pageCount} pages, more than the limit of ${limits.maxPages}` },
    });
  }
  for (let index = 0; index < pageCount; index += 1) {
    try {
      const { data, info } = await sharp(bytes, {
        page: index,
        pages: 1,
        limitInputPixels: maxInputPixels,
        failOn: 'error',
        autoOrient: true,
      })
        .flatten({ background: '#ffffff' })
        .resize({
          width: limits.maxPageSide,
          height: limits.maxPageSide,
          fit: 'inside',
          withoutEnlargement: true,
        })
        .toColourspace('srgb')
        .removeAlpha()
        .raw()
        .toBuffer({ resolveWithObject: true });
      yield {
        number: index + 1,
        pixels: { data: new Uint8Array(data), width: info.width, height: info.height },
      };
    } catch (error) {
      if (error instanceof LeakWatchError) throw error;
      const message = error instanceof Error ? error.message : String(error);
      throw new LeakWatchError('LW_DOCUMENT_UNREADABLE', {
        params: {
          reason: `page ${index + 1} cannot be decoded (${message.split('\n')[0] ?? message})`,
        },
        cause: error,
      });
    }
  }
}

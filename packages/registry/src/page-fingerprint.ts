import sharp from 'sharp';
import type { NewRegisteredPage } from '@leakwatch/db';
import type { ExtractedPage } from '@leakwatch/documents';
import { fingerprintImage } from '@leakwatch/fingerprint';
import { readDocument, type OcrEngine } from '@leakwatch/ocr';
import { hashFeatures, pageSegments, textFeatures, type PageText } from '@leakwatch/text';
import { detectKeypoints, packKeypoints, toGrey, type OpenCv } from '@leakwatch/vision';
import { encryptThumbnail, type ThumbnailKey } from './thumbnail-crypto.js';

export interface PageFingerprintContext {
  cv: OpenCv;
  /** Started on demand: only scanned pages (no text layer) need OCR. */
  ocr: () => Promise<OcrEngine>;
  textKey: Buffer;
  textKeyId: string;
  thumbnailKey: ThumbnailKey;
}

/** How feature kinds are stored (`page_shingles.kind`). */
export const featureKindCodes = { shingle: 0, anchor: 1, date: 2 } as const;

/** Reviewer thumbnails are small: enough to recognise a page, too small to read its data. */
export const thumbnailWidth = 480;

/**
 * Everything the registry keeps of one page: hashes computed exactly as for a crawled image
 * (the page is encoded and goes through `fingerprintImage`), keypoints for localisation, keyed
 * text features from the PDF's text layer or, for scans, from OCR, and an encrypted thumbnail.
 * The page's pixels and words are dropped when this returns.
 */
export async function fingerprintPage(
  page: ExtractedPage,
  context: PageFingerprintContext,
): Promise<NewRegisteredPage> {
  const { data, width, height } = page.pixels;
  const raw = { raw: { width, height, channels: 3 as const } };
  const hashes = await fingerprintImage(
    await sharp(data, raw).png({ compressionLevel: 1 }).toBuffer(),
  );
  const grey = toGrey(page.pixels);
  const keypoints = packKeypoints(detectKeypoints(context.cv, grey));
  let text: PageText | undefined = page.textLayer;
  let textSource: NewRegisteredPage['textSource'] = 'text_layer';
  if (!text) {
    const reading = await readDocument(await context.ocr(), context.cv, grey);
    text = reading.page;
    textSource = reading.page.lines.length > 0 ? 'ocr' : 'none';
  }
  const features = hashFeatures(textFeatures(pageSegments(text).join('\n')), context.textKey);
  const thumbnail = await sharp(data, raw)
    .resize({ width: thumbnailWidth })
    .jpeg({ quality: 70 })
    .toBuffer();
  return {
    pageNumber: page.number,
    width,
    height,
    textSource,
    thumbnailCiphertext: encryptThumbnail(thumbnail, context.thumbnailKey),
    thumbnailKeyId: context.thumbnailKey.id,
    pdq: hashes.pdq,
    pdqQuality: hashes.pdqQuality,
    phash: hashes.phash,
    dhash: hashes.dhash,
    blockhash: hashes.blockhash,
    keypoints,
    textKeyId: context.textKeyId,
    shingles: features.map((feature) => ({
      hash: feature.hash,
      kind: featureKindCodes[feature.kind],
    })),
  };
}

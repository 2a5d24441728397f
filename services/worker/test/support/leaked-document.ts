import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { LocalBlobStore } from '@leakwatch/blob-store';
import {
  CorpusRenderer,
  documentHtml,
  healthDocument,
  loadPageImage,
  makeVariant,
  Random,
} from '@leakwatch/corpus';
import type { Repositories, StoredImage } from '@leakwatch/db';
import { registerDocument } from '@leakwatch/registry';
import { keyId } from '@leakwatch/runtime';
import { loadOpenCv } from '@leakwatch/vision';

/** What the worker fault tests share: a registered decision, a leaked screenshot of its page. */
export interface LeakedDocument {
  documentId: string;
  /** A screenshot of the first page: the worker must raise exactly one match alert for it. */
  leak: Buffer;
  /** The text-fingerprint key it was registered with; the worker needs the same one. */
  textKey: Buffer;
}

/**
 * Renders a quarantine decision in Chromium, registers its PDF (text layer, no OCR) and makes a
 * screenshot of its first page. `more` runs with the same renderer and random stream, for tests
 * that need other pictures too.
 */
export async function registerLeakedDocument(
  repos: Repositories,
  seed: string,
  more?: (renderer: CorpusRenderer, random: Random) => Promise<void>,
): Promise<LeakedDocument> {
  const textKey = randomBytes(32);
  const renderer = await CorpusRenderer.open(process.env['CHROMIUM_PATH']);
  try {
    const random = new Random(seed);
    const rendered = await renderer.renderDocument(
      documentHtml(healthDocument(random, 'quarantine-decision', seed), random.fork('html')),
    );
    const { documentId } = await registerDocument(
      {
        repos,
        cv: await loadOpenCv(),
        ocr: () => Promise.reject(new Error('a PDF with a text layer needs no OCR')),
        textKey,
        textKeyId: keyId(textKey),
        thumbnailKey: { id: 't', key: randomBytes(32) },
        searchPath: '',
      },
      { bytes: rendered.pdf, fileName: 'quyet-dinh.pdf' },
    );
    const [firstPage] = rendered.pages;
    if (!firstPage) throw new Error('the rendered document has no page');
    const leak = (
      await makeVariant('screenshot', [await loadPageImage(firstPage)], random.fork('v'))
    ).bytes;
    await more?.(renderer, random);
    return { documentId, leak, textKey };
  } finally {
    await renderer.close();
  }
}

/** A crawled picture as the crawler leaves it: bytes in the data folder's blobs, a pending row. */
export async function storeCrawledImage(
  repos: Repositories,
  dataDir: string,
  bytes: Buffer,
): Promise<StoredImage> {
  const blob = await new LocalBlobStore(path.join(dataDir, 'blobs')).put(bytes, 'image');
  const { image } = await repos.crawlResults.upsertImage({
    sha256: blob.sha256,
    byteSize: blob.byteSize,
    mimeType: 'image/png',
    width: null,
    height: null,
    blobKey: blob.key,
  });
  return image;
}

/** The environment every worker process of these tests needs besides its database and Redis. */
export function workerEnvironment(
  dataDir: string,
  textKey: Buffer,
  metricsPort: number,
): Record<string, string> {
  return {
    LEAKWATCH_DATA_DIR: dataDir,
    TEXT_FINGERPRINT_KEY: textKey.toString('base64'),
    THUMBNAIL_KEYS: `t:${randomBytes(32).toString('base64')}`,
    OCR_WORKERS: '1',
    WORKER_METRICS_PORT: String(metricsPort),
  };
}

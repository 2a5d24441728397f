import { createHash } from 'node:crypto';
import { keepLargest, type ParsedImage, type ParsedPost } from '@leakwatch/facebook';
import type { FetchFailureClass, SafeFetcher } from '@leakwatch/safe-fetch';

export interface DownloadedImage {
  key: string;
  url: string;
  bytes: Buffer;
  sha256: string;
  contentType: string | null;
  downloadedAt: Date;
  /** How long the fetch took (the `fetch` stage of the metrics). */
  seconds: number;
}

export interface DownloadFailure {
  key: string;
  url: string;
  status: number | null;
  failure: FetchFailureClass;
  transient: boolean;
  error: string;
}

/** Every image of the posts (and of the posts they share), each file once, largest variant. */
export function imagesToFetch(posts: readonly ParsedPost[]): ParsedImage[] {
  const byKey = new Map<string, ParsedImage>();
  const visit = (post: ParsedPost) => {
    for (const image of post.images) keepLargest(byKey, image);
    if (post.shared) visit(post.shared);
  };
  posts.forEach(visit);
  return [...byKey.values()];
}

/**
 * Downloads images at once (CDN URLs are signed and expire within days, so a later retry would
 * find them dead) through the safe fetcher: the URLs come from pages anyone can post to. A
 * transient failure is tried once more after a pause; every failure comes back classified.
 */
export async function downloadImages(
  fetcher: Pick<SafeFetcher, 'fetchImage'>,
  images: readonly ParsedImage[],
  options: { concurrency?: number; skipKeys?: ReadonlySet<string>; retryPauseMs?: number } = {},
): Promise<{ downloaded: DownloadedImage[]; failed: DownloadFailure[] }> {
  const queue = images.filter((image) => !options.skipKeys?.has(image.key));
  const downloaded: DownloadedImage[] = [];
  const failed: DownloadFailure[] = [];
  const worker = async () => {
    for (let image = queue.shift(); image; image = queue.shift()) {
      const started = performance.now();
      let result = await fetcher.fetchImage(image.url);
      if (!result.ok && result.transient) {
        await new Promise((resolve) => setTimeout(resolve, options.retryPauseMs ?? 1_000));
        result = await fetcher.fetchImage(image.url);
      }
      if (!result.ok) {
        failed.push({
          key: image.key,
          url: image.url,
          status: result.status,
          failure: result.failure,
          transient: result.transient,
          error: result.detail,
        });
        continue;
      }
      downloaded.push({
        key: image.key,
        url: image.url,
        bytes: result.bytes,
        sha256: createHash('sha256').update(result.bytes).digest('hex'),
        contentType: result.contentType,
        downloadedAt: new Date(),
        seconds: (performance.now() - started) / 1000,
      });
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 4 }, worker));
  return { downloaded, failed };
}

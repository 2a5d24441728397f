import { createHash } from 'node:crypto';
import type { APIRequestContext } from 'playwright-core';
import { keepLargest, type ParsedImage, type ParsedPost } from '@leakwatch/facebook';

export interface DownloadedImage {
  key: string;
  url: string;
  bytes: Buffer;
  sha256: string;
  contentType: string | null;
  downloadedAt: Date;
}

export interface DownloadFailure {
  key: string;
  url: string;
  status: number | null;
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
 * Downloads images at once, through the browser context (same cookies and egress as the page):
 * CDN URLs are signed and expire within days, so a later retry would find them dead.
 */
export async function downloadImages(
  request: APIRequestContext,
  images: readonly ParsedImage[],
  options: { concurrency?: number; skipKeys?: ReadonlySet<string> } = {},
): Promise<{ downloaded: DownloadedImage[]; failed: DownloadFailure[] }> {
  const queue = images.filter((image) => !options.skipKeys?.has(image.key));
  const downloaded: DownloadedImage[] = [];
  const failed: DownloadFailure[] = [];
  const worker = async () => {
    for (let image = queue.shift(); image; image = queue.shift()) {
      try {
        const response = await request.get(image.url, { timeout: 30_000 });
        if (!response.ok()) {
          failed.push({
            key: image.key,
            url: image.url,
            status: response.status(),
            error: `HTTP ${response.status()}`,
          });
          continue;
        }
        const bytes = await response.body();
        downloaded.push({
          key: image.key,
          url: image.url,
          bytes,
          sha256: createHash('sha256').update(bytes).digest('hex'),
          contentType: response.headers()['content-type'] ?? null,
          downloadedAt: new Date(),
        });
      } catch (error) {
        failed.push({
          key: image.key,
          url: image.url,
          status: null,
          error: error instanceof Error ? error.message : String(error),
        });
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 4 }, worker));
  return { downloaded, failed };
}

import { blobKeyOfDigest, type BlobStore } from '@leakwatch/blob-store';
import type { CrawledPost, CrawledSighting, Repositories } from '@leakwatch/db';
import type { ParsedPost } from '@leakwatch/facebook';
import type { QueueClient } from '@leakwatch/queue';
import type { DownloadedImage } from './download-images.js';

export interface StoreCrawlDependencies {
  repos: Pick<Repositories, 'crawlResults'>;
  blobs: BlobStore;
  queue: Pick<QueueClient, 'enqueueBulk'>;
}

export interface StoreCrawlSummary {
  posts: number;
  newPosts: number;
  images: number;
  newImages: number;
  sightings: number;
  enqueued: number;
  /** Posts seen for the first time that carry images: they get screenshot and HTML evidence. */
  newPostsWithImages: { postId: string; fbPostId: string; permalink: string | null }[];
}

function toCrawledPost(post: ParsedPost): CrawledPost {
  return {
    fbPostId: post.id,
    permalink: post.permalink,
    authorName: post.author?.name ?? null,
    authorId: post.author?.id ?? null,
    postedAt: post.createdAt ? new Date(post.createdAt) : null,
    text: post.text,
    reach: post.reach
      ? {
          ...(post.reach.reactions === null ? {} : { reactions: post.reach.reactions }),
          ...(post.reach.comments === null ? {} : { comments: post.reach.comments }),
          ...(post.reach.shares === null ? {} : { shares: post.reach.shares }),
        }
      : null,
    sharedFbPostId: post.shared?.id ?? null,
  };
}

/**
 * Stores what one crawl found: each image once by content in the blob store and the database,
 * one `process-image` job per image not processed yet, then posts (and the posts they share)
 * with a sighting per post and image. Safe to repeat, and to be killed at any point: nothing is
 * duplicated, no job is enqueued twice (job ids are derived from the image), and nothing is
 * lost. Posts are stored with their sightings in one transaction, after the images' jobs are
 * queued: the next crawl stops at posts it has stored and skips images it has sighted, so
 * whatever a killed crawl left half-done must be neither.
 */
export async function storeCrawl(
  deps: StoreCrawlDependencies,
  sourceId: string,
  posts: readonly ParsedPost[],
  downloads: readonly DownloadedImage[],
): Promise<StoreCrawlSummary> {
  // Held from writing the bytes until their sightings are committed: a retention run deleting
  // the same bytes meanwhile would leave this crawl's new sightings pointing at nothing.
  // The download already carries its SHA-256: the bytes are not hashed again for the key.
  const keys = downloads.map((download) => blobKeyOfDigest(download.sha256, 'image'));
  return deps.repos.crawlResults.withBlobsInUse(keys, () =>
    storeHeld(deps, sourceId, posts, downloads),
  );
}

async function storeHeld(
  deps: StoreCrawlDependencies,
  sourceId: string,
  posts: readonly ParsedPost[],
  downloads: readonly DownloadedImage[],
): Promise<StoreCrawlSummary> {
  const all: ParsedPost[] = [];
  const collect = (post: ParsedPost) => {
    all.push(post);
    if (post.shared) collect(post.shared);
  };
  posts.forEach(collect);

  const summary: StoreCrawlSummary = {
    posts: 0,
    newPosts: 0,
    images: 0,
    newImages: 0,
    sightings: 0,
    enqueued: 0,
    newPostsWithImages: [],
  };
  const stored = new Map<string, { imageId: string; blob: StoredBlob }>();
  const bySha256 = new Map<string, { imageId: string; blob: StoredBlob }>();
  const pending: string[] = [];
  for (const download of downloads) {
    const blob = await deps.blobs.put(download.bytes, 'image');
    const seen = bySha256.get(blob.sha256);
    if (seen) {
      stored.set(download.key, seen);
      continue;
    }
    const dimensions = dimensionsOf(all, download.key);
    const { image, created } = await deps.repos.crawlResults.upsertImage({
      sha256: blob.sha256,
      byteSize: blob.byteSize,
      mimeType: download.contentType,
      width: dimensions?.width ?? null,
      height: dimensions?.height ?? null,
      blobKey: blob.key,
    });
    stored.set(download.key, { imageId: image.id, blob });
    bySha256.set(blob.sha256, { imageId: image.id, blob });
    summary.images += 1;
    if (created) summary.newImages += 1;
    // Still pending: new, or brought by a crawl killed before it recorded where it was seen.
    if (image.status === 'pending') pending.push(image.id);
  }
  if (pending.length > 0) {
    await deps.queue.enqueueBulk(
      'process-image',
      pending.map((imageId) => ({ imageId })),
    );
    summary.enqueued = pending.length;
  }

  const byKey = new Map(downloads.map((download) => [download.key, download]));
  const sightings: CrawledSighting[] = all.flatMap((post) =>
    post.images.flatMap((image, position) => {
      const download = byKey.get(image.key);
      const entry = stored.get(image.key);
      if (!download || !entry) return [];
      return [
        {
          fbPostId: post.id,
          imageId: entry.imageId,
          position,
          cdnKey: image.key,
          sourceUrl: download.url,
          // The original bytes as this post showed them, with when they were fetched.
          evidence: {
            blobKey: entry.blob.key,
            sha256: entry.blob.sha256,
            byteSize: entry.blob.byteSize,
            contentType: download.contentType ?? 'application/octet-stream',
            capturedAt: download.downloadedAt,
          },
        },
      ];
    }),
  );
  const { posts: rows, sighted } = await deps.repos.crawlResults.storePostsWithSightings(
    sourceId,
    all.map(toCrawledPost),
    sightings,
  );
  summary.posts = rows.size;
  summary.sightings = sighted.length;
  for (const entry of rows.values()) if (entry.created) summary.newPosts += 1;
  for (const post of all) {
    const row = rows.get(post.id);
    if (row?.created && post.images.some((image) => byKey.has(image.key)))
      summary.newPostsWithImages.push({
        postId: row.id,
        fbPostId: post.id,
        permalink: post.permalink,
      });
  }
  return summary;
}

type StoredBlob = Awaited<ReturnType<BlobStore['put']>>;

/** The size a post gave for the image at `key` (the first post that shows it). */
function dimensionsOf(
  posts: readonly ParsedPost[],
  key: string,
): { width: number | null; height: number | null } | undefined {
  for (const post of posts) {
    const image = post.images.find((candidate) => candidate.key === key);
    if (image) return image;
  }
  return undefined;
}

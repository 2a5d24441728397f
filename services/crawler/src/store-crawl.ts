import type { BlobStore } from '@leakwatch/blob-store';
import type { CrawledPost, Repositories } from '@leakwatch/db';
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
 * Stores what one crawl found: posts (and the posts they share), each image once by content in
 * the blob store and the database, a sighting per post and image, and one `process-image` job
 * per image seen for the first time. Safe to repeat: nothing is duplicated and no job is
 * enqueued twice (job ids are derived from the image).
 */
export async function storeCrawl(
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
  const stored = await deps.repos.crawlResults.upsertPosts(sourceId, all.map(toCrawledPost));

  const byKey = new Map(downloads.map((download) => [download.key, download]));
  const summary: StoreCrawlSummary = {
    posts: stored.size,
    newPosts: 0,
    images: 0,
    newImages: 0,
    sightings: 0,
    enqueued: 0,
    newPostsWithImages: [],
  };
  for (const entry of stored.values()) if (entry.created) summary.newPosts += 1;
  const fresh: string[] = [];
  const seenImages = new Set<string>();
  for (const post of all) {
    const row = stored.get(post.id);
    if (!row) continue;
    for (const [position, image] of post.images.entries()) {
      const download = byKey.get(image.key);
      if (!download) continue;
      const blob = await deps.blobs.put(download.bytes, 'image');
      const { image: imageRow, created } = await deps.repos.crawlResults.upsertImage({
        sha256: blob.sha256,
        byteSize: blob.byteSize,
        mimeType: download.contentType,
        width: image.width,
        height: image.height,
        blobKey: blob.key,
      });
      if (!seenImages.has(imageRow.id)) {
        seenImages.add(imageRow.id);
        summary.images += 1;
      }
      if (created) {
        summary.newImages += 1;
        fresh.push(imageRow.id);
      }
      const sighted = await deps.repos.crawlResults.addSighting({
        imageId: imageRow.id,
        postId: row.id,
        position,
        cdnKey: image.key,
        sourceUrl: download.url,
      });
      if (sighted) {
        summary.sightings += 1;
        // The original bytes as this post showed them, with when they were fetched.
        await deps.repos.crawlResults.addEvidence({
          postId: row.id,
          imageId: imageRow.id,
          kind: 'image',
          blobKey: blob.key,
          sha256: blob.sha256,
          byteSize: blob.byteSize,
          contentType: download.contentType ?? 'application/octet-stream',
          capturedAt: download.downloadedAt,
        });
      }
    }
    if (row.created && post.images.some((image) => byKey.has(image.key)))
      summary.newPostsWithImages.push({
        postId: row.id,
        fbPostId: post.id,
        permalink: post.permalink,
      });
  }
  if (fresh.length > 0) {
    await deps.queue.enqueueBulk(
      'process-image',
      fresh.map((imageId) => ({ imageId })),
    );
    summary.enqueued = fresh.length;
  }
  return summary;
}

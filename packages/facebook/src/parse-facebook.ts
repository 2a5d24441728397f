import { extractJsonDocuments } from './json-documents.js';
import { findStories, keepLargest, storyToPost, type ParsedPost } from './stories.js';

export interface ParsedResponse {
  posts: ParsedPost[];
  /** From a GraphQL feed page: where the next page starts, and whether there is one. */
  pageInfo: { endCursor: string | null; hasNextPage: boolean } | null;
  /** GraphQL `errors` (rate limits, "not found") as Facebook phrased them. */
  errors: string[];
}

/**
 * Parses one saved page or response body into posts. The same function serves the crawler (on
 * live responses) and `leakwatch parse-facebook` (on saved files), so a layout change shows up
 * in both at once. A post seen in several documents of the body is merged, keeping every image.
 */
export function parseFacebookBody(body: string): ParsedResponse {
  const documents = extractJsonDocuments(body);
  const posts = new Map<string, ParsedPost>();
  let pageInfo: ParsedResponse['pageInfo'] = null;
  const errors: string[] = [];
  for (const document of documents) {
    for (const story of findStories(document)) {
      const post = storyToPost(story);
      const existing = posts.get(post.id);
      posts.set(post.id, existing ? mergePosts(existing, post) : post);
    }
    const info = findPageInfo(document);
    if (info) pageInfo = info;
    errors.push(...findErrors(document));
  }
  return { posts: [...posts.values()], pageInfo, errors };
}

function mergePosts(a: ParsedPost, b: ParsedPost): ParsedPost {
  const images = new Map(a.images.map((image) => [image.key, image]));
  for (const image of b.images) keepLargest(images, image);
  return {
    ...a,
    permalink: a.permalink ?? b.permalink,
    createdAt: a.createdAt ?? b.createdAt,
    author: a.author ?? b.author,
    text: (b.text?.length ?? 0) > (a.text?.length ?? 0) ? b.text : a.text,
    images: [...images.values()],
    hiddenPhotos: Math.max(a.hiddenPhotos, b.hiddenPhotos),
    mediaSetUrl: a.mediaSetUrl ?? b.mediaSetUrl,
    shared: a.shared ?? b.shared,
    reach: a.reach ?? b.reach,
  };
}

function findPageInfo(document: unknown): ParsedResponse['pageInfo'] {
  let found: ParsedResponse['pageInfo'] = null;
  const walk = (value: unknown) => {
    if (found || typeof value !== 'object' || value === null) return;
    const record = value as Record<string, unknown>;
    const info = record['page_info'];
    if (typeof info === 'object' && info !== null && 'has_next_page' in info) {
      const { end_cursor: endCursor, has_next_page: hasNextPage } = info as Record<string, unknown>;
      found = {
        endCursor: typeof endCursor === 'string' ? endCursor : null,
        hasNextPage: hasNextPage === true,
      };
      return;
    }
    for (const child of Object.values(record)) walk(child);
  };
  walk(document);
  return found;
}

function findErrors(document: unknown): string[] {
  if (typeof document !== 'object' || document === null) return [];
  const errors = (document as Record<string, unknown>)['errors'];
  if (!Array.isArray(errors)) return [];
  return errors.map((error: unknown) => {
    const record = (typeof error === 'object' && error !== null ? error : {}) as Record<
      string,
      unknown
    >;
    const message = record['message'] ?? record['summary'] ?? record['description'];
    return typeof message === 'string' ? message : JSON.stringify(error);
  });
}

import { cdnKey, imageKindOf, isProfileOrUiImage, sizeFromUrl } from './cdn.js';

export interface ParsedImage {
  url: string;
  /** The CDN file name (stable across size variants and signatures), or the URL itself. */
  key: string;
  width: number | null;
  height: number | null;
  kind: 'photo' | 'video-thumb' | 'link-preview';
}

export interface ParsedPost {
  id: string;
  permalink: string | null;
  createdAt: string | null;
  author: { id: string | null; name: string | null } | null;
  text: string | null;
  images: ParsedImage[];
  /** An album shows fewer photos than it has: the rest must be read from the media set. */
  hiddenPhotos: number;
  mediaSetUrl: string | null;
  /** The post this one shares, if any. */
  shared: ParsedPost | null;
  reach: { reactions: number | null; comments: number | null; shares: number | null } | null;
}

type Json = Record<string, unknown>;

/**
 * Adds an image to a set keyed by CDN file name, keeping the largest rendition: size variants
 * of one photo share the key, and the crawler wants the biggest file once.
 */
export function keepLargest(images: Map<string, ParsedImage>, image: ParsedImage): void {
  const existing = images.get(image.key);
  if (!existing || (image.width ?? 0) > (existing.width ?? 0)) images.set(image.key, image);
}

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const get = (value: unknown, ...path: (string | number)[]): unknown => {
  let current: unknown = value;
  for (const step of path) {
    if (typeof step === 'number') current = Array.isArray(current) ? current[step] : undefined;
    else current = isObject(current) ? current[step] : undefined;
  }
  return current;
};

const asString = (value: unknown): string | null =>
  typeof value === 'string' && value.length > 0 ? value : null;
const asNumber = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) ? value : null;

/**
 * Finds stories by walking every object for `__typename: "Story"` with a `post_id`, not by fixed
 * paths: Facebook has moved them at least three times. A story nested in another (a shared post)
 * is read as part of its parent, not as a post of the feed.
 */
export function findStories(document: unknown): Json[] {
  const stories: Json[] = [];
  const walk = (value: unknown, insideStory: boolean) => {
    if (Array.isArray(value)) {
      for (const item of value) walk(item, insideStory);
      return;
    }
    if (!isObject(value)) return;
    const isStory = value['__typename'] === 'Story' && asString(value['post_id']) !== null;
    if (isStory && !insideStory) stories.push(value);
    for (const [key, child] of Object.entries(value)) {
      // attached_story is a shared post: part of this story. Other nested stories (comet
      // sections repeat the story itself) are the same post.
      walk(child, insideStory || isStory || key === 'attached_story');
    }
  };
  walk(document, false);
  return stories;
}

export function storyToPost(story: Json): ParsedPost {
  const id = asString(story['post_id']) ?? '';
  const images = new Map<string, ParsedImage>();
  let hiddenPhotos = 0;
  let mediaSetUrl: string | null = null;

  const addImage = (
    uri: unknown,
    width: unknown,
    height: unknown,
    kindHint?: ParsedImage['kind'],
  ) => {
    const url = asString(uri);
    if (!url || isProfileOrUiImage(url)) return;
    const key = cdnKey(url) ?? url;
    const declared = sizeFromUrl(url);
    const candidate: ParsedImage = {
      url,
      key,
      width: asNumber(width) ?? declared?.width ?? null,
      height: asNumber(height) ?? declared?.height ?? null,
      kind: kindHint ?? imageKindOf(url),
    };
    keepLargest(images, candidate);
  };

  const readMedia = (media: unknown) => {
    if (!isObject(media)) return;
    const typename = media['__typename'];
    if (typename === 'Video') {
      const poster = get(media, 'preferred_thumbnail', 'image') ?? get(media, 'thumbnailImage');
      addImage(get(poster, 'uri'), get(poster, 'width'), get(poster, 'height'), 'video-thumb');
      return;
    }
    // viewer_image is the large rendition (up to 2048 px); photo_image/image the feed size.
    for (const field of ['viewer_image', 'photo_image', 'image', 'large_share_image']) {
      const image = media[field];
      if (isObject(image)) addImage(image['uri'], image['width'], image['height']);
    }
  };

  const attachmentSources = [
    get(story, 'attachments'),
    get(story, 'comet_sections', 'content', 'story', 'attachments'),
  ];
  for (const attachments of attachmentSources) {
    if (!Array.isArray(attachments)) continue;
    for (const attachment of attachments as unknown[]) {
      const styled = get(attachment, 'styles', 'attachment') ?? attachment;
      readMedia(get(styled, 'media'));
      const subattachments = get(styled, 'all_subattachments');
      const nodes = get(subattachments, 'nodes');
      if (Array.isArray(nodes)) {
        for (const node of nodes) readMedia(get(node, 'media'));
        const count = asNumber(get(subattachments, 'count'));
        if (count !== null && count > nodes.length) {
          hiddenPhotos = Math.max(hiddenPhotos, count - nodes.length);
          mediaSetUrl =
            asString(get(styled, 'url')) ?? `https://www.facebook.com/media/set/?set=pcb.${id}`;
        }
      }
      // Link cards: the preview image of the linked page.
      const linkImage =
        get(styled, 'media', 'large_share_image') ?? get(styled, 'link_media', 'image');
      if (isObject(linkImage))
        addImage(linkImage['uri'], linkImage['width'], linkImage['height'], 'link-preview');
    }
  }

  const text =
    asString(get(story, 'message', 'text')) ??
    asString(get(story, 'comet_sections', 'content', 'story', 'message', 'text')) ??
    asString(
      get(
        story,
        'comet_sections',
        'content',
        'story',
        'comet_sections',
        'message',
        'story',
        'message',
        'text',
      ),
    );

  const creation =
    asNumber(story['creation_time']) ??
    asNumber(
      get(
        story,
        'comet_sections',
        'context_layout',
        'story',
        'comet_sections',
        'metadata',
        0,
        'story',
        'creation_time',
      ),
    ) ??
    asNumber(get(story, 'comet_sections', 'timestamp', 'story', 'creation_time'));

  const permalink =
    asString(get(story, 'comet_sections', 'timestamp', 'story', 'url')) ??
    asString(
      get(
        story,
        'comet_sections',
        'context_layout',
        'story',
        'comet_sections',
        'metadata',
        0,
        'story',
        'url',
      ),
    ) ??
    asString(story['wwwURL']) ??
    asString(story['url']) ??
    asString(story['permalink_url']);

  const actor =
    get(story, 'actors', 0) ??
    get(
      story,
      'comet_sections',
      'context_layout',
      'story',
      'comet_sections',
      'actor_photo',
      'story',
      'actors',
      0,
    );
  const attached =
    get(story, 'attached_story') ??
    get(story, 'comet_sections', 'attached_story', 'story', 'attached_story');

  const feedback =
    get(story, 'feedback') ??
    get(
      story,
      'comet_sections',
      'feedback',
      'story',
      'feedback_context',
      'feedback_target_with_context',
    );
  const reactions =
    asNumber(get(feedback, 'reaction_count', 'count')) ??
    asNumber(
      get(
        feedback,
        'comet_ufi_summary_and_actions_renderer',
        'feedback',
        'reaction_count',
        'count',
      ),
    );
  const comments =
    asNumber(get(feedback, 'comment_count', 'total_count')) ??
    asNumber(get(feedback, 'total_comment_count'));
  const shares = asNumber(get(feedback, 'share_count', 'count'));

  return {
    id,
    permalink,
    createdAt: creation === null ? null : new Date(creation * 1000).toISOString(),
    author: isObject(actor) ? { id: asString(actor['id']), name: asString(actor['name']) } : null,
    text,
    images: [...images.values()],
    hiddenPhotos,
    mediaSetUrl,
    shared: isObject(attached) && asString(attached['post_id']) ? storyToPost(attached) : null,
    reach:
      reactions === null && comments === null && shares === null
        ? null
        : { reactions, comments, shares },
  };
}

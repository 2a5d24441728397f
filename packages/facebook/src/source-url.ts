/** What an officer may give as a source: a page, a public group, or one post. */
export type SourceKind = 'page' | 'group' | 'post';

export interface SourceTarget {
  kind: SourceKind;
  /** `group:<id|vanity>`, `page:<id|vanity>` or `post:<id>`: one source per target. */
  canonicalKey: string;
  /** The address the crawler opens, rebuilt in one form whatever variant was given. */
  url: string;
}

export type SourceUrlResult = { ok: true; target: SourceTarget } | { ok: false; reason: string };

/** Hosts that serve the same content as www.facebook.com (mobile, basic, short domain). */
const facebookHosts = new Set([
  'facebook.com',
  'www.facebook.com',
  'm.facebook.com',
  'mbasic.facebook.com',
  'web.facebook.com',
  'touch.facebook.com',
  'fb.com',
  'www.fb.com',
]);

/** First path segments that are Facebook's own features, never a page's vanity name. */
const reservedSegments = new Set([
  'login',
  'login.php',
  'checkpoint',
  'watch',
  'marketplace',
  'events',
  'gaming',
  'help',
  'settings',
  'notifications',
  'messages',
  'friends',
  'search',
  'hashtag',
  'stories',
  'reel',
  'reels',
  'photo',
  'photo.php',
  'share',
  'sharer.php',
  'dialog',
  'policies',
  'privacy',
  'home.php',
  'bookmarks',
  'saved',
  'pages',
  'api',
  'ajax',
]);

const vanity = /^[A-Za-z0-9.\-_]{2,80}$/;
const numericId = /^\d{5,25}$/;
/** Post ids: numeric story ids or the opaque `pfbid…` form. */
const postId = /^(?:\d{5,25}|pfbid[0-9A-Za-z]{10,80})$/;

/**
 * Turns what an officer pastes (any Facebook host, tracking parameters, trailing slashes,
 * `profile.php?id=`, `permalink.php?story_fbid=`) into one canonical target, so the same page
 * given twice is one source. `extraOrigins` admits a configured stand-in such as the simulator.
 */
export function parseSourceUrl(
  input: string,
  options: { extraOrigins?: readonly string[] } = {},
): SourceUrlResult {
  const trimmed = input.trim();
  if (trimmed === '') return { ok: false, reason: 'the address is empty' };
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`);
  } catch {
    return { ok: false, reason: `"${trimmed}" is not a web address` };
  }
  const extraOrigins = new Set(options.extraOrigins?.map((origin) => new URL(origin).origin));
  let origin: string;
  if (extraOrigins.has(url.origin)) origin = url.origin;
  else if (facebookHosts.has(url.hostname.toLowerCase())) {
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
      return { ok: false, reason: `unsupported scheme ${url.protocol}` };
    origin = 'https://www.facebook.com';
  } else
    return {
      ok: false,
      reason: `${url.hostname} is not Facebook; give a facebook.com page, group or post address`,
    };

  const segments = url.pathname.split('/').filter((segment) => segment !== '');
  const query = url.searchParams;
  const make = (kind: SourceKind, key: string, path: string): SourceUrlResult => ({
    ok: true,
    target: { kind, canonicalKey: `${kind}:${key}`, url: `${origin}${path}` },
  });
  const first = segments[0]?.toLowerCase();

  if (first === 'profile.php') {
    const id = query.get('id') ?? '';
    if (!numericId.test(id)) return { ok: false, reason: 'profile.php needs a numeric ?id=' };
    return make('page', id, `/profile.php?id=${id}`);
  }
  if (first === 'permalink.php' || first === 'story.php') {
    const story = query.get('story_fbid') ?? '';
    const owner = query.get('id') ?? '';
    if (!postId.test(story)) return { ok: false, reason: `${first} needs ?story_fbid=` };
    const ownerPart = numericId.test(owner) ? `&id=${owner}` : '';
    return make('post', story, `/permalink.php?story_fbid=${story}${ownerPart}`);
  }
  if (first === 'groups') {
    const group = segments[1];
    if (!group || !vanity.test(group))
      return { ok: false, reason: 'a group address looks like facebook.com/groups/<id or name>' };
    if (segments[2] === 'posts' || segments[2] === 'permalink') {
      const post = segments[3] ?? '';
      if (!postId.test(post)) return { ok: false, reason: `"${post}" is not a post id` };
      return make('post', post, `/groups/${group}/posts/${post}/`);
    }
    return make('group', group.toLowerCase(), `/groups/${group}`);
  }
  if (!first) return { ok: false, reason: 'the address names no page, group or post' };
  const page = segments[0] ?? '';
  if (reservedSegments.has(first) || !vanity.test(page))
    return { ok: false, reason: `"${page}" is a Facebook feature, not a page` };
  if (segments[1] === 'posts') {
    const post = segments[2] ?? '';
    if (!postId.test(post)) return { ok: false, reason: `"${post}" is not a post id` };
    return make('post', post, `/${page}/posts/${post}`);
  }
  // Vanity names are case-insensitive on Facebook; keep the given spelling in the address.
  return make('page', page.toLowerCase(), `/${page}`);
}

import type {
  CrawlState,
  ListedSource,
  MonitoringAccount,
  Source,
  SourceKind,
} from '../api/types.js';

/*
 * The Sources page's decisions, kept out of React: what a crawl state means for the people
 * watching (badge and next step), what an address will become before the API is asked, when
 * the next crawl really happens, and the order of the list.
 */

/** How a source is shown: `error` reads as "backing off", the crawler retrying later. */
export type SourceStatus =
  'pending' | 'healthy' | 'backing_off' | 'login_required' | 'checkpoint' | 'blocked' | 'not_found';

export type Tone = 'ok' | 'neutral' | 'warning' | 'danger';

/** What someone should do about a source or an account in its state (translation key). */
export type NextStep =
  | 'waitFirstCrawl'
  | 'waitRetry'
  | 'assignAccount'
  | 'renewCookies'
  | 'resolveCheckpoint'
  | 'waitBlock'
  | 'checkAddress'
  | 'uploadCookies'
  | 'resume';

/**
 * How an account is shown: it is never "crawled", so pending reads as not used yet, and an
 * account without cookies says so.
 */
export type AccountStatus = Exclude<SourceStatus, 'pending'> | 'unused' | 'no_cookies';

/** A badge's text is `sourcesStatus.<status>`: never colour alone. */
export interface Badge<S extends string = SourceStatus> {
  status: S;
  tone: Tone;
  nextStep: NextStep | null;
}
export type SourceBadge = Badge;
export type AccountBadge = Badge<AccountStatus>;

const statusOf: Record<CrawlState, SourceStatus> = {
  pending: 'pending',
  healthy: 'healthy',
  error: 'backing_off',
  login_required: 'login_required',
  checkpoint: 'checkpoint',
  blocked: 'blocked',
  not_found: 'not_found',
};

const toneOf: Record<SourceStatus, Tone> = {
  pending: 'neutral',
  healthy: 'ok',
  backing_off: 'warning',
  login_required: 'warning',
  checkpoint: 'danger',
  blocked: 'danger',
  not_found: 'danger',
};

/**
 * The badge of a source and the step that would fix it. A login wall on a source without an
 * account asks for one; with an account, that account's cookies have expired. A paused source
 * keeps its last state (pausing does not fix anything), and its next step is to resume it once
 * nothing else is wrong.
 */
export function sourceBadge(source: Pick<Source, 'state' | 'paused' | 'accountId'>): SourceBadge {
  const status = statusOf[source.state];
  const tone = toneOf[status];
  let nextStep: NextStep | null;
  switch (status) {
    case 'pending':
      nextStep = 'waitFirstCrawl';
      break;
    case 'healthy':
      nextStep = null;
      break;
    case 'backing_off':
      nextStep = 'waitRetry';
      break;
    case 'login_required':
      nextStep = source.accountId ? 'renewCookies' : 'assignAccount';
      break;
    case 'checkpoint':
      nextStep = 'resolveCheckpoint';
      break;
    case 'blocked':
      nextStep = 'waitBlock';
      break;
    case 'not_found':
      nextStep = 'checkAddress';
      break;
  }
  if (
    source.paused &&
    (nextStep === null || nextStep === 'waitFirstCrawl' || nextStep === 'waitRetry')
  )
    nextStep = 'resume';
  return { status, tone, nextStep };
}

/** An account's badge: its state says whether the crawler can still sign in with it. */
export function accountBadge(
  account: Pick<MonitoringAccount, 'state' | 'hasStorageState'>,
): AccountBadge {
  if (!account.hasStorageState)
    return { status: 'no_cookies', tone: 'warning', nextStep: 'uploadCookies' };
  const status = statusOf[account.state];
  switch (status) {
    case 'pending':
      return { status: 'unused', tone: 'neutral', nextStep: null };
    case 'healthy':
    case 'not_found':
      // Not found is about a source, never the account (the crawler records it as healthy).
      return { status: 'healthy', tone: 'ok', nextStep: null };
    case 'backing_off':
      return { status, tone: toneOf[status], nextStep: 'waitRetry' };
    case 'login_required':
      return { status, tone: toneOf[status], nextStep: 'renewCookies' };
    case 'checkpoint':
      return { status, tone: toneOf[status], nextStep: 'resolveCheckpoint' };
    case 'blocked':
      return { status, tone: toneOf[status], nextStep: 'waitBlock' };
  }
}

/** Sources crawled with the account, by name or address. */
export function sourcesUsing<T extends Pick<Source, 'accountId'>>(
  accountId: string,
  sources: readonly T[],
): T[] {
  return sources.filter((source) => source.accountId === accountId);
}

export function sourceLabel(source: Pick<Source, 'name' | 'url'>): string {
  return source.name ?? source.url;
}

/*
 * Addresses, as packages/facebook/src/source-url.ts reads them (the API has the last word). A
 * copy, since the browser bundle imports no server package; test/source-url-parity.test.ts
 * checks that the two agree.
 */

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
const postId = /^(?:\d{5,25}|pfbid[0-9A-Za-z]{10,80})$/;

/** Why an address is refused (translation key under `sourceUrl.`). */
export type UrlProblem =
  | 'empty'
  | 'notUrl'
  | 'notFacebook'
  | 'scheme'
  | 'profileId'
  | 'storyId'
  | 'groupShape'
  | 'postId'
  | 'feature'
  | 'noTarget';

export type UrlCheck =
  | { ok: true; kind: SourceKind; canonicalKey: string }
  | { ok: false; problem: UrlProblem; value: string };

/**
 * Reads a pasted address as the API will, so most mistakes are explained before sending.
 * Another host is `notFacebook`, but only the API knows the configured stand-ins (the
 * simulator), so that one is left for the API to decide.
 */
export function checkSourceUrl(input: string): UrlCheck {
  const trimmed = input.trim();
  if (trimmed === '') return { ok: false, problem: 'empty', value: '' };
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`);
  } catch {
    return { ok: false, problem: 'notUrl', value: trimmed };
  }
  if (!facebookHosts.has(url.hostname.toLowerCase()))
    return { ok: false, problem: 'notFacebook', value: url.hostname };
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return { ok: false, problem: 'scheme', value: url.protocol };

  const segments = url.pathname.split('/').filter((segment) => segment !== '');
  const query = url.searchParams;
  const first = segments[0]?.toLowerCase();
  const target = (kind: SourceKind, key: string): UrlCheck => ({
    ok: true,
    kind,
    canonicalKey: `${kind}:${key}`,
  });

  if (first === 'profile.php') {
    const id = query.get('id') ?? '';
    return numericId.test(id) ? target('page', id) : { ok: false, problem: 'profileId', value: id };
  }
  if (first === 'permalink.php' || first === 'story.php') {
    const story = query.get('story_fbid') ?? '';
    return postId.test(story)
      ? target('post', story)
      : { ok: false, problem: 'storyId', value: story };
  }
  if (first === 'groups') {
    const group = segments[1];
    if (!group || !vanity.test(group))
      return { ok: false, problem: 'groupShape', value: group ?? '' };
    if (segments[2] === 'posts' || segments[2] === 'permalink') {
      const post = segments[3] ?? '';
      return postId.test(post)
        ? target('post', post)
        : { ok: false, problem: 'postId', value: post };
    }
    return target('group', group.toLowerCase());
  }
  if (!first) return { ok: false, problem: 'noTarget', value: '' };
  const page = segments[0] ?? '';
  if (reservedSegments.has(first) || !vanity.test(page))
    return { ok: false, problem: 'feature', value: page };
  if (segments[1] === 'posts') {
    const post = segments[2] ?? '';
    return postId.test(post) ? target('post', post) : { ok: false, problem: 'postId', value: post };
  }
  return target('page', page.toLowerCase());
}

/** Whether the form refuses to send: every problem but another host, which the API judges. */
export function blocksSubmit(check: UrlCheck): boolean {
  return !check.ok && check.problem !== 'notFacebook';
}

/** The watched source at the same target, however its address was spelt. */
export function findSameTarget<T extends Pick<Source, 'canonicalKey'>>(
  check: UrlCheck,
  sources: readonly T[],
): T | undefined {
  if (!check.ok) return undefined;
  return sources.find((source) => source.canonicalKey === check.canonicalKey);
}

/* Cadence: how often a page or group is read. */

/** The API's limits (five minutes to a week). */
export const cadenceLimits = { min: 5, max: 7 * 24 * 60 } as const;
export const defaultCadenceMinutes = 30;
const cadenceChoices = [15, 30, 60, 120, 360, 720, 1440] as const;

/** The usual choices, plus a source's own cadence when it was set to something else. */
export function cadenceOptions(current?: number): number[] {
  const options = new Set<number>(cadenceChoices);
  if (current !== undefined && current >= cadenceLimits.min && current <= cadenceLimits.max)
    options.add(current);
  return [...options].sort((a, b) => a - b);
}

/* Time. */

export type NextCrawl =
  { kind: 'paused' } | { kind: 'none' } | { kind: 'due' } | { kind: 'at'; at: string };

/**
 * When the dispatcher will crawl the source: never while paused or unscheduled (a single post
 * already read), not before a block ends even if its turn has come, and "due" once the time
 * has passed (it starts within the dispatcher's next tick).
 */
export function nextCrawl(
  source: Pick<Source, 'paused' | 'nextCrawlAt' | 'blockedUntil'>,
  now: number,
): NextCrawl {
  if (source.paused) return { kind: 'paused' };
  if (source.nextCrawlAt === null) return { kind: 'none' };
  const at =
    source.blockedUntil !== null && Date.parse(source.blockedUntil) > Date.parse(source.nextCrawlAt)
      ? source.blockedUntil
      : source.nextCrawlAt;
  return Date.parse(at) <= now ? { kind: 'due' } : { kind: 'at', at };
}

/** Whether "crawl now" would be refused by the crawler: a block is never cut short. */
export function isBlockedNow(source: Pick<Source, 'blockedUntil'>, now: number): boolean {
  return source.blockedUntil !== null && Date.parse(source.blockedUntil) > now;
}

export interface RelativeTime {
  value: number;
  unit: 'second' | 'minute' | 'hour' | 'day';
}

/** The largest whole unit between now and `iso`: negative in the past ("3 giờ trước"). */
export function relativeTime(iso: string, now: number): RelativeTime {
  const seconds = Math.round((Date.parse(iso) - now) / 1000);
  const magnitude = Math.abs(seconds);
  const whole = (size: number) => Math.trunc(seconds / size);
  if (magnitude < 60) return { value: seconds, unit: 'second' };
  if (magnitude < 3_600) return { value: whole(60), unit: 'minute' };
  if (magnitude < 86_400) return { value: whole(3_600), unit: 'hour' };
  return { value: whole(86_400), unit: 'day' };
}

const relativeFormatters = new Map<string, Intl.RelativeTimeFormat>();

/** "5 phút trước", "sau 2 giờ" / "5 minutes ago", "in 2 hours". */
export function formatRelative(iso: string, now: number, language: string): string {
  const locale = language === 'en' ? 'en-GB' : 'vi-VN';
  let formatter = relativeFormatters.get(locale);
  if (!formatter) {
    formatter = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
    relativeFormatters.set(locale, formatter);
  }
  const { value, unit } = relativeTime(iso, now);
  return formatter.format(value, unit);
}

/* Order of the list. */

export const sourceSorts = ['attention', 'name', 'lastCrawled', 'found'] as const;
export type SourceSort = (typeof sourceSorts)[number];

/** Most urgent first: what needs a person, then what waits, then what works. */
const attentionRank: Record<SourceStatus, number> = {
  login_required: 0,
  checkpoint: 0,
  blocked: 1,
  not_found: 1,
  backing_off: 2,
  pending: 3,
  healthy: 4,
};

function byName(a: Pick<Source, 'name' | 'url'>, b: Pick<Source, 'name' | 'url'>): number {
  return sourceLabel(a).localeCompare(sourceLabel(b), 'vi', { sensitivity: 'base' });
}

/**
 * The list in the chosen order; ties fall back to the name, so the order never jumps between
 * refreshes. Paused sources go after the active ones when sorting by attention: nobody is
 * waiting on them.
 */
export function sortSources(sources: readonly ListedSource[], sort: SourceSort): ListedSource[] {
  const lastCrawled = (source: ListedSource) =>
    source.lastCrawledAt === null ? Number.NEGATIVE_INFINITY : Date.parse(source.lastCrawledAt);
  const compare: (a: ListedSource, b: ListedSource) => number = {
    attention: (a: ListedSource, b: ListedSource) =>
      Number(a.paused) - Number(b.paused) ||
      attentionRank[statusOf[a.state]] - attentionRank[statusOf[b.state]],
    name: () => 0,
    lastCrawled: (a: ListedSource, b: ListedSource) => lastCrawled(b) - lastCrawled(a),
    found: (a: ListedSource, b: ListedSource) =>
      b.imagesFound - a.imagesFound || b.postsFound - a.postsFound,
  }[sort];
  return [...sources].sort((a, b) => compare(a, b) || byName(a, b));
}

/* Monitoring-account cookies (Playwright's storage state), checked before they are sent. */

export type StorageStateCheck =
  | { ok: true; state: { cookies: unknown[] } & Record<string, unknown>; cookies: number }
  | { ok: false; problem: 'notJson' | 'notStorageState' | 'noCookies' };

/**
 * The file Playwright's `storageState()` saves: JSON with a `cookies` list. The API checks
 * every cookie; this catches the wrong file before its contents leave the browser.
 */
export function checkStorageState(text: string): StorageStateCheck {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, problem: 'notJson' };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    return { ok: false, problem: 'notStorageState' };
  const cookies: unknown = (json as Record<string, unknown>)['cookies'];
  if (!Array.isArray(cookies)) return { ok: false, problem: 'notStorageState' };
  if (cookies.length === 0) return { ok: false, problem: 'noCookies' };
  return {
    ok: true,
    state: json as { cookies: unknown[] } & Record<string, unknown>,
    cookies: cookies.length,
  };
}

import type { Page, Response } from 'playwright-core';
import {
  describesUnavailableContent,
  keepLargest,
  parseFacebookBody,
  type ParsedPost,
} from '@leakwatch/facebook';

export type CrawlState =
  'healthy' | 'login_required' | 'checkpoint' | 'blocked' | 'not_found' | 'error';

export interface CrawlFeedOptions {
  /** Stop after this many posts. */
  maxPosts: number;
  /** Posts stored by earlier crawls: a page of only these means we have caught up. */
  seenPostIds?: ReadonlySet<string>;
  /** How long to wait for the feed's next GraphQL answer after a scroll. */
  responseTimeoutMs?: number;
  /** Pause between scrolls, drawn uniformly (jitter) — people do not scroll like a metronome. */
  pauseMs?: readonly [number, number];
  random?: () => number;
}

export interface CapturedBody {
  url: string;
  status: number;
  body: string;
  capturedAt: Date;
}

export interface CrawlFeedOutcome {
  state: CrawlState;
  /** Why the state is not `healthy`, in the site's words where it gave some. */
  detail: string | null;
  posts: ParsedPost[];
  /** The HTML and GraphQL bodies the posts came from (evidence and parser diagnosis). */
  captures: CapturedBody[];
  /** Feed pages read through GraphQL. */
  pages: number;
  /** Posts that arrived more than once (the feed repeats some across pages). */
  repeats: number;
  /** For each post id, the index in `captures` of the body it first arrived in (evidence). */
  cameFrom: Map<string, number>;
  /** Dialogs answered on the way: cookie consent, "see more on Facebook" (logged-out visits). */
  modalsDismissed: number;
}

const graphqlPath = '/api/graphql/';

/**
 * Reads one group or page feed the way a person's browser does: open it, let its own scripts
 * fetch further posts while scrolling, and read the JSON those requests return (network first;
 * the DOM changes with every deploy). Stops at the end of the feed, at `maxPosts`, when a page
 * brings only posts seen before, or at a wall, which it names rather than works around.
 */
export async function crawlFeed(
  page: Page,
  url: string,
  options: CrawlFeedOptions,
): Promise<CrawlFeedOutcome> {
  const posts = new Map<string, ParsedPost>();
  const captures: CapturedBody[] = [];
  const random = options.random ?? Math.random;
  let repeats = 0;
  let pages = 0;
  const cameFrom = new Map<string, number>();
  let modalsDismissed = 0;

  const absorb = (body: string, responseUrl: string, status: number) => {
    captures.push({ url: responseUrl, status, body, capturedAt: new Date() });
    const parsed = parseFacebookBody(body);
    for (const post of parsed.posts) {
      if (!cameFrom.has(post.id)) cameFrom.set(post.id, captures.length - 1);
      if (posts.has(post.id)) repeats += 1;
      posts.set(post.id, post);
    }
    return { parsed };
  };

  // Every feed answer is collected as it arrives, whoever triggered it (our scroll, or the
  // page's own handlers reacting to new content): waiting for "the next" response would miss
  // the ones fired in between.
  const arrived: Response[] = [];
  let notify: (() => void) | undefined;
  const onResponse = (response: Response) => {
    if (new URL(response.url()).pathname !== graphqlPath || response.request().method() !== 'POST')
      return;
    arrived.push(response);
    notify?.();
  };
  page.on('response', onResponse);
  // A function, not the expression: the array changes under our feet (response events).
  const nothingArrived = () => arrived.length === 0;
  const waitForArrival = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      notify = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  try {
    const first = await page.goto(url, { waitUntil: 'domcontentloaded' });
    const wall = await recogniseWall(page, first);
    if (wall) return { ...wall, posts: [], captures, pages, repeats, cameFrom, modalsDismissed };
    if (!first)
      return {
        state: 'error',
        detail: 'no response',
        posts: [],
        captures,
        pages,
        repeats,
        cameFrom,
        modalsDismissed,
      };
    const firstBody = await first.text();
    const initial = absorb(firstBody, first.url(), first.status());
    // Removed content is often answered 200 with a page saying so, titled just "Facebook".
    if (initial.parsed.posts.length === 0 && describesUnavailableContent(firstBody))
      return {
        state: 'not_found',
        detail: 'This content isn’t available right now',
        posts: [],
        captures,
        pages,
        repeats,
        cameFrom,
        modalsDismissed,
      };
    let pageInfo = initial.parsed.pageInfo ?? { endCursor: null, hasNextPage: true };
    const timeoutMs = options.responseTimeoutMs ?? 15_000;

    while (posts.size < options.maxPosts && pageInfo.hasNextPage) {
      const deadline = Date.now() + timeoutMs;
      // The feed ignores a scroll while it is still rendering the last page: scroll again
      // until its next request goes out, or give up at the deadline.
      while (nothingArrived() && Date.now() < deadline) {
        // Logged-out visitors get a modal that stops the feed (it has a close button); EU visitors
        // a cookie-consent dialog first, answered with the essential cookies only.
        if (await answerCookieConsent(page)) modalsDismissed += 1;
        if (await dismissLoginModal(page)) modalsDismissed += 1;
        // A string, evaluated in the page: this package is compiled without the DOM's types.
        await page.evaluate(
          'window.scrollTo(0, document.body.scrollHeight); window.dispatchEvent(new Event("scroll"))',
        );
        if (nothingArrived())
          await waitForArrival(Math.min(1_000, Math.max(1, deadline - Date.now())));
      }
      const response = arrived.shift();
      if (!response) {
        const blocked = await recogniseWall(page, null);
        if (blocked)
          return {
            ...blocked,
            posts: [...posts.values()],
            captures,
            pages,
            repeats,
            cameFrom,
            modalsDismissed,
          };
        return {
          state: 'error',
          detail: 'the feed stopped answering while scrolling',
          posts: [...posts.values()],
          captures,
          pages,
          repeats,
          cameFrom,
          modalsDismissed,
        };
      }
      pages += 1;
      const { parsed } = absorb(await response.text(), response.url(), response.status());
      if (parsed.errors.length > 0)
        return {
          state: 'blocked',
          detail: parsed.errors.join('; '),
          posts: [...posts.values()],
          captures,
          pages,
          repeats,
          cameFrom,
          modalsDismissed,
        };
      if (parsed.pageInfo) pageInfo = parsed.pageInfo;
      else pageInfo = { ...pageInfo, hasNextPage: false };
      // A whole page of posts stored by earlier crawls: everything below is older still.
      const caughtUp =
        options.seenPostIds !== undefined &&
        parsed.posts.length > 0 &&
        parsed.posts.every((post) => options.seenPostIds?.has(post.id));
      if (caughtUp) break;
      const [low, high] = options.pauseMs ?? [800, 2_500];
      await page.waitForTimeout(low + random() * (high - low));
    }
  } finally {
    page.off('response', onResponse);
  }

  // Albums show five photos; the rest are on the media-set page.
  for (const post of posts.values()) {
    if (post.hiddenPhotos === 0 || !post.mediaSetUrl) continue;
    // Sent as the browser's own navigation would be: the site turns header-less clients away.
    const response = await page.context().request.get(post.mediaSetUrl, {
      headers: navigationHeaders,
    });
    const body = await response.text();
    captures.push({
      url: post.mediaSetUrl,
      status: response.status(),
      body,
      capturedAt: new Date(),
    });
    const complete = parseFacebookBody(body).posts.find((candidate) => candidate.id === post.id);
    if (!complete) continue;
    const images = new Map(post.images.map((image) => [image.key, image]));
    for (const image of complete.images) keepLargest(images, image);
    posts.set(post.id, { ...post, images: [...images.values()], hiddenPhotos: 0 });
  }
  return {
    state: 'healthy',
    detail: null,
    posts: [...posts.values()].slice(0, Math.max(options.maxPosts, 0)),
    captures,
    pages,
    repeats,
    cameFrom,
    modalsDismissed,
  };
}

const navigationHeaders = {
  'sec-fetch-dest': 'document',
  'sec-fetch-mode': 'navigate',
  'sec-fetch-site': 'same-origin',
  'upgrade-insecure-requests': '1',
};

/** Declines optional cookies in the consent dialog if one is open; true when it did. */
async function answerCookieConsent(page: Page): Promise<boolean> {
  const decline = page
    .locator('[role=dialog] [role=button]')
    .filter({
      hasText:
        /Từ chối cookie không bắt buộc|Chỉ cho phép cookie thiết yếu|Decline optional cookies|Only allow essential cookies/i,
    })
    .first();
  if ((await decline.count()) === 0 || !(await decline.isVisible())) return false;
  await decline.click({ timeout: 5_000 });
  return true;
}

/** Closes the "see more on Facebook" dialog if one is open; true when it did. */
async function dismissLoginModal(page: Page): Promise<boolean> {
  const close = page
    .locator('[role=dialog]')
    .locator('[aria-label="Đóng"], [aria-label="Close"], [aria-label="Đóng hộp thoại"]')
    .first();
  if ((await close.count()) === 0 || !(await close.isVisible())) return false;
  await close.click({ timeout: 5_000 });
  return true;
}

/** Login redirects, checkpoints, block pages and missing content, recognised by URL and title. */
async function recogniseWall(
  page: Page,
  response: Response | null,
): Promise<{ state: CrawlState; detail: string } | null> {
  const path = new URL(page.url()).pathname;
  const title = (await page.title().catch(() => '')).trim();
  if (path.startsWith('/checkpoint')) return { state: 'checkpoint', detail: title || 'checkpoint' };
  if (path.startsWith('/login')) return { state: 'login_required', detail: title || 'login page' };
  if (/temporarily blocked|can.t use this feature/i.test(title))
    return { state: 'blocked', detail: title };
  if (response?.status() === 404 || /content not found|page not found|isn.t available/i.test(title))
    return { state: 'not_found', detail: title || `HTTP ${response?.status() ?? '?'}` };
  return null;
}

import { parseFacebookBody } from './parse-facebook.js';
import type { ParsedPost } from './stories.js';

/** What Facebook answered when a browser opened a post's permalink. */
export interface PermalinkAnswer {
  /** The post's Facebook id (`post_id` in its story). */
  fbPostId: string;
  /** HTTP status of the final response; null when nothing came back. */
  status: number | null;
  /** The address the browser ended on (after redirects). */
  url: string;
  /** The page's HTML as the browser had it. */
  html: string;
  /** Why nothing came back (network error, timeout). */
  error?: string;
}

/** Why a permalink could not be read: nothing about the post can be concluded from it. */
export type PermalinkWall = 'login_required' | 'checkpoint' | 'blocked' | 'error';

export type PermalinkVerdict =
  | { outcome: 'present'; detail: string }
  | { outcome: 'gone'; detail: string }
  | { outcome: 'unreachable'; wall: PermalinkWall; detail: string };

/**
 * Facebook's page for removed, deleted or hidden content. It answers HTTP 200 more often than
 * 404, so its words are what tell it apart (English and Vietnamese, the locale we browse in).
 */
const unavailablePhrases = [
  "this content isn't available right now",
  "this content isn't available at the moment",
  "this page isn't available",
  'content not found',
  'the link you followed may be broken, or the page may have been removed',
  'nội dung này hiện không hiển thị',
  'bạn hiện không xem được nội dung này',
  'trang này không hiển thị',
  'liên kết bạn theo dõi có thể bị hỏng hoặc trang có thể đã bị gỡ',
];

const blockedTitle =
  /temporarily blocked|can.t use this feature|tạm thời bị chặn|không dùng được tính năng này/i;

/** Visible text, lower-cased, with the apostrophes and entities Facebook varies between. */
function visibleText(html: string): string {
  return html
    .replace(/<script\b[\s\S]*?<\/script>/gi, ' ')
    .replace(/<style\b[\s\S]*?<\/style>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&(#39|#039|#x27|apos|rsquo);/gi, "'")
    .replace(/&nbsp;|&#160;/gi, ' ')
    .replace(/&amp;/gi, '&')
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .normalize('NFC')
    .toLocaleLowerCase('vi')
    .replace(/\s+/g, ' ');
}

/** True when the page is Facebook's "this content isn't available" page. */
export function describesUnavailableContent(html: string): boolean {
  const text = visibleText(html);
  return unavailablePhrases.some((phrase) => text.includes(phrase));
}

function titleOf(html: string): string {
  return (/<title[^>]*>([^<]*)<\/title>/i.exec(html)?.[1] ?? '').trim();
}

function hasPost(posts: readonly ParsedPost[], fbPostId: string): boolean {
  return posts.some(
    (post) => post.id === fbPostId || (post.shared !== null && hasPost([post.shared], fbPostId)),
  );
}

/**
 * Classifies a permalink re-visit for takedown verification. Only an answer that positively says
 * the post is not there counts as `gone`: a login wall, checkpoint, block, server error or
 * network failure says nothing about the post and is `unreachable`, never gone.
 */
export function classifyPermalinkAnswer(answer: PermalinkAnswer): PermalinkVerdict {
  if (answer.error !== undefined || answer.status === null)
    return { outcome: 'unreachable', wall: 'error', detail: answer.error ?? 'no response' };
  const path = safePath(answer.url);
  const title = titleOf(answer.html);
  if (path.startsWith('/checkpoint'))
    return { outcome: 'unreachable', wall: 'checkpoint', detail: title || 'checkpoint' };
  if (path.startsWith('/login'))
    return { outcome: 'unreachable', wall: 'login_required', detail: title || 'login page' };
  if (blockedTitle.test(title)) return { outcome: 'unreachable', wall: 'blocked', detail: title };
  const { status } = answer;
  if (status === 404 || status === 410)
    return { outcome: 'gone', detail: `HTTP ${status}${title ? ` (${title})` : ''}` };
  if (status === 429)
    return {
      outcome: 'unreachable',
      wall: 'blocked',
      detail: `HTTP 429${title ? ` (${title})` : ''}`,
    };
  if (status < 200 || status >= 300)
    return { outcome: 'unreachable', wall: 'error', detail: `HTTP ${status}` };

  // The post's own story in the page's data is the only proof it is still shown.
  if (hasPost(parseFacebookBody(answer.html).posts, answer.fbPostId))
    return { outcome: 'present', detail: 'the post renders' };
  if (describesUnavailableContent(answer.html))
    return { outcome: 'gone', detail: 'Facebook says the content is not available' };
  if (/id="login_form"|name="pass"/i.test(answer.html))
    return { outcome: 'unreachable', wall: 'login_required', detail: title || 'login form' };
  // A rendered page that never mentions the post: Facebook sent another page in its place.
  if (!answer.html.includes(answer.fbPostId))
    return {
      outcome: 'gone',
      detail: `the page${title ? ` "${title}"` : ''} does not show the post`,
    };
  // Mentioned but not readable (a layout change?): not proof of removal.
  return { outcome: 'present', detail: 'the post id is on the page, its story was not readable' };
}

function safePath(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return '';
  }
}

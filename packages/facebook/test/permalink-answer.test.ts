import { describe, expect, it } from 'vitest';
import { classifyPermalinkAnswer, describesUnavailableContent } from '../src/index.js';
import { cdnUrl, cometHtml, story } from './support/facebook-bodies.js';

// Answers built from shared/reference/facebook-surface.md: the permalink page carries its story
// as data-sjs JSON; walls are recognised by address and title; removed content gets Facebook's
// "isn't available" page, often with HTTP 200.
const postId = '1234567890123456';
const permalink = `https://www.facebook.com/groups/ytelamdong/posts/${postId}/`;
const photo = { uri: cdnUrl(), width: 640, height: 480 };

const page = (title: string, body: string) =>
  `<!DOCTYPE html><html lang="vi"><head><title>${title}</title></head><body><div role="main">${body}</div></body></html>`;

const answer = (overrides: {
  status?: number | null;
  url?: string;
  html?: string;
  error?: string;
}) =>
  classifyPermalinkAnswer({
    fbPostId: postId,
    status: 200,
    url: permalink,
    html: '',
    ...overrides,
  });

describe('classifyPermalinkAnswer', () => {
  it('finds the post present when its story is in the page', () => {
    expect(answer({ html: cometHtml([story({ postId, photos: [photo] })]) })).toMatchObject({
      outcome: 'present',
    });
    // Logged-out pages carry a login banner around the post: still present.
    const withBanner = cometHtml([story({ postId, photos: [photo] })]).replace(
      '</body>',
      '<form id="login_form"><input name="email"><input name="pass" type="password"></form></body>',
    );
    expect(answer({ html: withBanner }).outcome).toBe('present');
    // A post that quotes the removal message is still a post.
    const quoting = cometHtml([
      story({ postId, text: "Sao bài kia báo This content isn't available right now?" }),
    ]);
    expect(answer({ html: quoting }).outcome).toBe('present');
  });

  it("recognises Facebook's removed-content page, in English and Vietnamese, even with HTTP 200", () => {
    const english = page(
      'Facebook',
      '<span>This content isn&#039;t available right now</span><span>When this happens, it’s usually because the owner only shared it with a small group of people, changed who can see it or it’s been deleted.</span><a href="/">Go to News Feed</a>',
    );
    const vietnamese = page(
      'Facebook',
      '<span>Nội dung này hiện không hiển thị</span><span>Lỗi này thường do chủ sở hữu chỉ chia sẻ nội dung với một nhóm nhỏ, thay đổi người được xem hoặc đã xóa nội dung.</span>',
    );
    const curly = page('Facebook', '<h2>This content isn’t available at the moment</h2>');
    for (const html of [english, vietnamese, curly]) {
      expect(describesUnavailableContent(html)).toBe(true);
      expect(answer({ html })).toMatchObject({ outcome: 'gone' });
    }
    // Decomposed Vietnamese (NFD) reads the same.
    expect(answer({ html: vietnamese.normalize('NFD') }).outcome).toBe('gone');
  });

  it('counts HTTP 404 and 410 as gone', () => {
    const notFound = page('Content not found', '<p>This content isn’t available right now</p>');
    expect(answer({ status: 404, html: notFound })).toMatchObject({
      outcome: 'gone',
      detail: 'HTTP 404 (Content not found)',
    });
    expect(answer({ status: 410, html: '' }).outcome).toBe('gone');
  });

  it('counts a rendered page without the post as gone (Facebook sent another page instead)', () => {
    const otherPosts = cometHtml([
      story({ postId: '9999999999999991' }),
      story({ postId: '9999999999999992' }),
    ]);
    expect(
      answer({ url: 'https://www.facebook.com/groups/ytelamdong/', html: otherPosts }),
    ).toMatchObject({ outcome: 'gone' });
  });

  it('does not call a post gone when its id is on the page but its story cannot be read', () => {
    const changedLayout = page(
      'Y tế Lâm Đồng | Facebook',
      `<div role="article"><a href="/groups/ytelamdong/posts/${postId}/">2 giờ</a></div>`,
    );
    expect(answer({ html: changedLayout }).outcome).toBe('present');
  });

  it('never counts walls, blocks, server errors or network failures as gone', () => {
    const login = page(
      'Log in to Facebook',
      '<form id="login_form" method="post"><input name="email"><input name="pass" type="password"></form>',
    );
    const cases = [
      // Redirected to the login page.
      { url: `https://www.facebook.com/login/?next=${encodeURIComponent(permalink)}`, html: login },
      // A login form served in place, nothing of the post.
      { html: login },
      {
        url: 'https://www.facebook.com/checkpoint/?next=%2F',
        html: page('Security check', 'We suspended your account.'),
      },
      { html: page('You’re Temporarily Blocked', 'It looks like you were misusing this feature.') },
      { html: page('Bạn tạm thời bị chặn', 'Có vẻ như bạn đã dùng sai tính năng này.') },
      { status: 429, html: '' },
      { status: 500, html: page('Error', 'Sorry, something went wrong.') },
      { status: 503, html: '' },
      { status: 403, html: '' },
      { status: null, error: 'net::ERR_CONNECTION_REFUSED' },
      { status: null },
    ];
    for (const overrides of cases) {
      const verdict = answer(overrides);
      expect(verdict.outcome, JSON.stringify(overrides).slice(0, 120)).toBe('unreachable');
    }
    expect(answer(cases[0] ?? {})).toMatchObject({ wall: 'login_required' });
    expect(answer(cases[2] ?? {})).toMatchObject({ wall: 'checkpoint' });
    expect(answer(cases[3] ?? {})).toMatchObject({ wall: 'blocked' });
    expect(answer({ status: null, error: 'net::ERR_CONNECTION_REFUSED' })).toMatchObject({
      wall: 'error',
      detail: 'net::ERR_CONNECTION_REFUSED',
    });
  });

  it('finds a post shown as the share inside another post', () => {
    const sharer = story({
      postId: '5555555555555555',
      shared: story({ postId, photos: [photo] }),
    });
    expect(answer({ html: cometHtml([sharer]) }).outcome).toBe('present');
  });
});

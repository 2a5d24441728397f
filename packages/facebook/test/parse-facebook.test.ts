import { describe, expect, it } from 'vitest';
import { balancedJsonObjects, cdnKey, parseFacebookBody } from '../src/index.js';
import {
  ajaxBody,
  cdnUrl,
  cometHtml,
  graphqlFeedBody,
  scheduledApplyEachHtml,
  story,
} from './support/facebook-bodies.js';

describe('parse-facebook on GraphQL feed pages', () => {
  it('reads every streamed edge, unescapes URLs, and reports the next cursor', () => {
    const photo = cdnUrl();
    const body = graphqlFeedBody(
      [
        story({
          postId: '101',
          text: 'Danh sách F1 phường 2',
          photos: [{ uri: photo, width: 640, height: 853 }],
        }),
        story({ postId: '102', text: 'Thông báo lịch tiêm' }),
        story({
          postId: '103',
          text: 'Ảnh quyết định cách ly',
          photos: [{ uri: cdnUrl(), width: 480, height: 640 }],
        }),
      ],
      { endCursor: 'Q1VSU09SOjEyMzQ1Njc4OQ==', hasNextPage: true },
    );
    expect(body).toContain('\\/');
    expect(body.split('\r\n')).toHaveLength(5);
    const parsed = parseFacebookBody(body);
    expect(parsed.posts.map((p) => p.id)).toEqual(['101', '102', '103']);
    expect(parsed.pageInfo).toEqual({ endCursor: 'Q1VSU09SOjEyMzQ1Njc4OQ==', hasNextPage: true });
    const [first] = parsed.posts;
    expect(first).toMatchObject({
      permalink: 'https://www.facebook.com/groups/ytelamdong/posts/101/',
      createdAt: '2021-07-15T01:25:45.000Z',
      text: 'Danh sách F1 phường 2',
      author: { id: '100064', name: 'Nguyễn Văn Hùng' },
      reach: { reactions: 42, comments: 7, shares: 3 },
    });
    // The escaped URL comes back exactly; the profile picture is not a post image.
    expect(first!.images).toEqual([
      { url: photo, key: cdnKey(photo), width: 640, height: 853, kind: 'photo' },
    ]);
    expect(parsed.posts[1]!.images).toEqual([]);
  });

  it('reports GraphQL errors such as rate limits, with no posts', () => {
    const parsed = parseFacebookBody(
      JSON.stringify({
        errors: [{ message: 'Rate limit exceeded', code: 1675004, severity: 'CRITICAL' }],
        data: null,
      }),
    );
    expect(parsed).toEqual({ posts: [], pageInfo: null, errors: ['Rate limit exceeded'] });
  });
});

describe('parse-facebook on page HTML', () => {
  it('finds the inline first posts in 2024 data-sjs blocks, ignoring ordinary scripts', () => {
    const html = cometHtml([
      story({ postId: '201', text: 'Bài ghim: nội quy nhóm', permalinkAt: 'metadata' }),
      story({
        postId: '202',
        text: 'Ai biết văn bản này không?',
        photos: [{ uri: cdnUrl(), width: 640, height: 480 }],
      }),
    ]);
    const parsed = parseFacebookBody(html);
    expect(parsed.posts.map((p) => [p.id, p.text])).toEqual([
      ['201', 'Bài ghim: nội quy nhóm'],
      ['202', 'Ai biết văn bản này không?'],
    ]);
    expect(parsed.posts[0]!.permalink).toBe(
      'https://www.facebook.com/groups/ytelamdong/posts/201/',
    );
    expect(parsed.posts[1]!.images).toHaveLength(1);
  });

  it('reads the older ScheduledApplyEach script call and legacy attachment paths', () => {
    const uri = cdnUrl({ size: 'p720x720' });
    const html = scheduledApplyEachHtml([
      story({
        postId: '301',
        text: 'Báo cáo điều tra dịch tễ',
        photos: [{ uri, width: 720, height: 960 }],
        legacyAttachments: true,
        permalinkAt: 'wwwURL',
      }),
    ]);
    const [post] = parseFacebookBody(html).posts;
    expect(post).toMatchObject({
      id: '301',
      permalink: 'https://www.facebook.com/groups/ytelamdong/posts/301/',
    });
    expect(post!.images.map((image) => image.key)).toEqual([cdnKey(uri)]);
  });

  it('reads JSON inside the mobile site’s commented code blocks', () => {
    const inner = `<script type="application/json">${JSON.stringify({ data: { node: story({ postId: '401', text: 'Tin nhắn di động' }) } })}</script>`;
    const html = `<html><body><div id="m"><code id="u_0_1"><!--${inner}--></code></div></body></html>`;
    expect(parseFacebookBody(html).posts.map((p) => p.id)).toEqual(['401']);
  });
});

describe('parse-facebook on post shapes', () => {
  it('takes the largest rendition of album photos and counts the hidden "+N"', () => {
    const nodes = [1, 2, 3, 4].map(() => ({
      uri: cdnUrl({ size: 's2048x2048' }),
      width: 2048,
      height: 1536,
    }));
    const [post] = parseFacebookBody(
      ajaxBody({
        payload: {
          story: story({ postId: '501', text: 'Album 7 ảnh', album: { count: 7, nodes } }),
        },
      }),
    ).posts;
    expect(post!.images).toHaveLength(4);
    expect(
      post!.images.every((image) => image.width === 2048 && image.url.includes('s2048x2048')),
    ).toBe(true);
    expect(post!.hiddenPhotos).toBe(3);
    expect(post!.mediaSetUrl).toBe('https://www.facebook.com/media/set/?set=pcb.501');
  });

  it('keeps a shared post inside its sharer, and classifies video posters and link cards', () => {
    const sharedPhoto = cdnUrl();
    const inner = story({
      postId: '601',
      text: 'Bài gốc có ảnh công văn',
      photos: [{ uri: sharedPhoto, width: 640, height: 900 }],
    });
    const body = graphqlFeedBody(
      [
        story({ postId: '602', text: 'Chia sẻ', shared: inner }),
        story({
          postId: '603',
          text: 'Video',
          video: { poster: cdnUrl({ bucket: 't15.5256-10' }) },
        }),
        story({
          postId: '604',
          text: 'Đường link',
          link: {
            image:
              'https://external.xx.fbcdn.net/emg1/v/t13/123?url=https%3A%2F%2Fbaolamdong.vn%2Fa.jpg&w=476&h=249',
          },
        }),
      ],
      { endCursor: 'abc', hasNextPage: false },
    );
    const parsed = parseFacebookBody(body);
    expect(parsed.posts.map((p) => p.id)).toEqual(['602', '603', '604']);
    expect(parsed.posts[0]!.shared).toMatchObject({ id: '601', text: 'Bài gốc có ảnh công văn' });
    expect(parsed.posts[0]!.shared!.images.map((i) => i.url)).toEqual([sharedPhoto]);
    expect(parsed.posts[1]!.images.map((i) => i.kind)).toEqual(['video-thumb']);
    expect(parsed.posts[2]!.images.map((i) => i.kind)).toEqual(['link-preview']);
    expect(parsed.pageInfo).toEqual({ endCursor: 'abc', hasNextPage: false });
  });

  it('merges a post delivered twice, keeping every image once', () => {
    const a = cdnUrl();
    const b = cdnUrl();
    const body = graphqlFeedBody(
      [
        story({ postId: '701', text: 'Lặp', photos: [{ uri: a, width: 640, height: 480 }] }),
        story({
          postId: '701',
          text: 'Lặp lại đầy đủ hơn',
          photos: [{ uri: b, width: 640, height: 480 }],
        }),
      ],
      { endCursor: 'c', hasNextPage: true },
    );
    const { posts } = parseFacebookBody(body);
    expect(posts).toHaveLength(1);
    expect(posts[0]!.text).toBe('Lặp lại đầy đủ hơn');
    expect(posts[0]!.images.map((i) => i.url).sort()).toEqual([a, b].sort());
  });
});

describe('building blocks', () => {
  it('keys CDN images by file name, whatever the signature and size', () => {
    const name = '452112233_1029384756_1234567890123456789_n.jpg';
    expect(cdnKey(cdnUrl({ name, size: 's640x640' }))).toBe(name);
    expect(cdnKey(cdnUrl({ name, size: 'p720x720' }))).toBe(name);
    expect(cdnKey('https://www.facebook.com/rsrc.php/v3/icon.png')).toBeUndefined();
    expect(cdnKey('not a url')).toBeUndefined();
  });

  it('finds JSON objects in scripts, skipping JavaScript and braces inside strings', () => {
    expect(balancedJsonObjects('f({"a":"}{"}); g({b: 1}); h({"c":{"d":[1,2]}})')).toEqual([
      { a: '}{' },
      { c: { d: [1, 2] } },
    ]);
  });
});

import { parseSourceUrl } from '@leakwatch/facebook';
import { describe, expect, it } from 'vitest';
import { checkSourceUrl, type UrlProblem } from '../src/lib/sources.js';

/*
 * The form's reading of an address (src/lib/sources.ts) is a copy of the API's
 * (packages/facebook/src/source-url.ts): the browser bundle may not import server packages.
 * These cases keep the two in step: the same verdict, the same target, the same reason.
 */

/** How the API words each refusal the form names. */
const apiReason: Record<UrlProblem, RegExp> = {
  empty: /the address is empty/,
  notUrl: /is not a web address/,
  notFacebook: /is not Facebook/,
  scheme: /unsupported scheme/,
  profileId: /profile\.php needs a numeric \?id=/,
  storyId: /needs \?story_fbid=/,
  groupShape: /a group address looks like/,
  postId: /is not a post id/,
  feature: /is a Facebook feature, not a page/,
  noTarget: /names no page, group or post/,
};

const addresses = [
  'https://www.facebook.com/groups/CongDongDaLat/',
  'http://m.facebook.com/groups/congdongdalat?ref=share&mibextid=abc',
  'facebook.com/groups/congdongdalat',
  '  https://web.facebook.com/groups/CongDongDaLat/about  ',
  'https://www.facebook.com/groups/1234567890123/',
  'https://www.facebook.com/SoYTeLamDong/?locale=vi_VN',
  'HTTPS://WWW.FACEBOOK.COM/Groups/HoiNhungNguoiYeuDaLat',
  'https://facebook.com/profile.php?id=100064512345678&sk=photos',
  'https://www.facebook.com/groups/congdongdalat/posts/7788990011/',
  'https://www.facebook.com/groups/congdongdalat/permalink/7788990011/',
  'https://www.facebook.com/SoYTeLamDong/posts/pfbid02AbCdEfGhIjKlMnOpQrStUv',
  'https://m.facebook.com/permalink.php?story_fbid=123456789&id=100064512345678',
  'https://www.facebook.com/story.php?story_fbid=pfbid0abcdefghijk',
  'fb.com/TinNongBaoLoc',
  '',
  '   ',
  'http://[::1',
  'javascript:alert(1)',
  'https://zalo.me/g/abcdef',
  'http://127.0.0.1:4100/groups/demo',
  'ftp://facebook.com/groups/congdongdalat',
  'https://www.facebook.com/profile.php?id=abc',
  'https://www.facebook.com/profile.php',
  'https://www.facebook.com/permalink.php?story_fbid=',
  'https://www.facebook.com/story.php?story_fbid=12&id=100064512345678',
  'https://www.facebook.com/groups/',
  'https://www.facebook.com/groups/x/',
  'https://www.facebook.com/groups/cho%20da%20lat',
  'https://www.facebook.com/groups/x1/posts/<script>',
  'https://www.facebook.com/groups/congdongdalat/permalink/',
  'https://www.facebook.com/SoYTe/posts/xyz',
  'https://www.facebook.com/',
  'https://www.facebook.com/a',
  'https://www.facebook.com/Login.php',
];

// Every host the API accepts and some it does not, with every word Facebook keeps for itself
// (and a page named like one): written out as text so the lists are not a third copy.
const hosts =
  'facebook.com www.facebook.com m.facebook.com mbasic.facebook.com web.facebook.com touch.facebook.com fb.com www.fb.com FaceBook.com l.facebook.com facebook.com.vn';
const firstSegments =
  'login login.php checkpoint watch marketplace events gaming help settings notifications messages friends search hashtag stories reel reels photo photo.php share sharer.php dialog policies privacy home.php bookmarks saved pages api ajax watchers SoYTeLamDong';
for (const host of hosts.split(' '))
  for (const segment of firstSegments.split(' ')) addresses.push(`https://${host}/${segment}`);

describe('the form reads addresses as the API does', () => {
  it.each(addresses)('%j', (address) => {
    const api = parseSourceUrl(address);
    const form = checkSourceUrl(address);
    if (api.ok) {
      expect(form).toEqual({
        ok: true,
        kind: api.target.kind,
        canonicalKey: api.target.canonicalKey,
      });
    } else {
      expect(form.ok).toBe(false);
      if (!form.ok) expect(api.reason).toMatch(apiReason[form.problem]);
    }
  });

  it('covers every verdict and every refusal', () => {
    const seen = new Set(
      addresses.map((address) => {
        const form = checkSourceUrl(address);
        return form.ok ? form.kind : form.problem;
      }),
    );
    expect([...seen].sort()).toEqual([...Object.keys(apiReason), 'group', 'page', 'post'].sort());
  });
});

import { describe, expect, it } from 'vitest';
import { SimCdn } from '../src/index.js';

const photo = { name: '452112233_100000000001_1234567890_n.jpg', width: 2048, height: 1536 };

function parts(url: string) {
  const parsed = new URL(url);
  return {
    name: parsed.pathname.split('/').pop() ?? '',
    stp: parsed.searchParams.get('stp') ?? undefined,
    oh: parsed.searchParams.get('oh') ?? undefined,
    oe: parsed.searchParams.get('oe') ?? undefined,
  };
}

describe('the simulated CDN', () => {
  it('signs each size variant under the same file name and accepts only what it signed', () => {
    let now = Date.UTC(2021, 6, 20);
    const cdn = new SimCdn('http://127.0.0.1:1', 'secret', 3_600, () => now);
    const feed = parts(cdn.url(photo, 's640x640'));
    const large = parts(cdn.url(photo, 's2048x2048'));
    expect(feed.name).toBe(photo.name);
    expect(large.name).toBe(photo.name);
    expect(cdn.check(feed.name, feed.stp, feed.oh, feed.oe)).toBe('s640x640');
    expect(cdn.check(large.name, large.stp, large.oh, large.oe)).toBe('s2048x2048');
    // Editing the size segment (a classic scraper trick) breaks the signature.
    expect(cdn.check(feed.name, large.stp, feed.oh, feed.oe)).toBeNull();
    expect(cdn.check('other_1_1_n.jpg', feed.stp, feed.oh, feed.oe)).toBeNull();
    // And every URL dies at its expiry.
    now += 3_601_000;
    expect(cdn.check(feed.name, feed.stp, feed.oh, feed.oe)).toBeNull();
  });
});

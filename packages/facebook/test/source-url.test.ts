import { describe, expect, it } from 'vitest';
import { parseSourceUrl } from '../src/index.js';

function target(input: string, extraOrigins?: string[]) {
  const result = parseSourceUrl(input, extraOrigins ? { extraOrigins } : {});
  if (!result.ok) throw new Error(`expected ${input} to parse: ${result.reason}`);
  return result.target;
}

function reason(input: string) {
  const result = parseSourceUrl(input);
  if (result.ok) throw new Error(`expected ${input} to be refused`);
  return result.reason;
}

describe('parseSourceUrl', () => {
  it('gives every spelling of one group the same key and address', () => {
    const spellings = [
      'https://www.facebook.com/groups/CongDongDaLat/',
      'http://m.facebook.com/groups/congdongdalat?ref=share&mibextid=abc',
      'facebook.com/groups/congdongdalat',
      '  https://web.facebook.com/groups/CongDongDaLat/about  ',
    ];
    const keys = new Set(spellings.map((input) => target(input).canonicalKey));
    expect([...keys]).toEqual(['group:congdongdalat']);
    expect(target(spellings[1] ?? '').url).toBe('https://www.facebook.com/groups/congdongdalat');
    expect(target('https://www.facebook.com/groups/1234567890123/')).toEqual({
      kind: 'group',
      canonicalKey: 'group:1234567890123',
      url: 'https://www.facebook.com/groups/1234567890123',
    });
  });

  it('reads pages by vanity name and by profile.php id', () => {
    expect(target('https://www.facebook.com/SoYTeLamDong/?locale=vi_VN')).toMatchObject({
      kind: 'page',
      canonicalKey: 'page:soytelamdong',
      url: 'https://www.facebook.com/SoYTeLamDong',
    });
    expect(target('https://facebook.com/profile.php?id=100064512345678&sk=photos')).toEqual({
      kind: 'page',
      canonicalKey: 'page:100064512345678',
      url: 'https://www.facebook.com/profile.php?id=100064512345678',
    });
  });

  it('reads single posts in group, page and permalink.php form', () => {
    expect(target('https://www.facebook.com/groups/congdongdalat/posts/7788990011/')).toMatchObject(
      { kind: 'post', canonicalKey: 'post:7788990011' },
    );
    expect(
      target('https://www.facebook.com/SoYTeLamDong/posts/pfbid02AbCdEfGhIjKlMnOpQrStUv'),
    ).toMatchObject({ kind: 'post', canonicalKey: 'post:pfbid02AbCdEfGhIjKlMnOpQrStUv' });
    expect(
      target('https://m.facebook.com/permalink.php?story_fbid=123456789&id=100064512345678'),
    ).toEqual({
      kind: 'post',
      canonicalKey: 'post:123456789',
      url: 'https://www.facebook.com/permalink.php?story_fbid=123456789&id=100064512345678',
    });
  });

  it('admits a configured stand-in origin and keeps it in the address', () => {
    expect(target('http://127.0.0.1:4100/groups/demo', ['http://127.0.0.1:4100'])).toEqual({
      kind: 'group',
      canonicalKey: 'group:demo',
      url: 'http://127.0.0.1:4100/groups/demo',
    });
    expect(parseSourceUrl('http://127.0.0.1:4100/groups/demo').ok).toBe(false);
  });

  it('refuses other sites, Facebook features and malformed ids with a reason', () => {
    expect(reason('https://zalo.me/g/abcdef')).toMatch(/zalo\.me is not Facebook/);
    expect(reason('https://www.facebook.com/watch/?v=123')).toMatch(/Facebook feature/);
    expect(reason('https://www.facebook.com/login/')).toMatch(/Facebook feature/);
    expect(reason('https://www.facebook.com/')).toMatch(/names no page/);
    expect(reason('https://www.facebook.com/groups/')).toMatch(/groups\/<id or name>/);
    expect(reason('https://www.facebook.com/profile.php?id=abc')).toMatch(/numeric/);
    expect(reason('https://www.facebook.com/groups/x1/posts/<script>')).toMatch(/not a post id/);
    expect(reason('')).toMatch(/empty/);
    expect(reason('ftp://facebook.com/groups/abc')).toMatch(/scheme/);
  });
});

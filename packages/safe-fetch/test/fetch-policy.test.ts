import { describe, expect, it } from 'vitest';
import {
  addressVerdict,
  browserRequestVerdict,
  parseAllowList,
  sniffImageType,
  urlHostVerdict,
} from '../src/index.js';

describe('which addresses may be fetched', () => {
  const none = new Set<string>();
  it.each([
    ['127.0.0.1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.9', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'linkLocal'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['0.0.0.0', 'unspecified'],
    ['::1', 'loopback'],
    ['fd00::1', 'uniqueLocal'],
    ['fe80::1', 'linkLocal'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['224.0.0.1', 'multicast'],
  ])('refuses %s (%s)', (address, range) => {
    expect(addressVerdict(address, 443, none)).toEqual({ allowed: false, range });
  });

  it('allows public addresses, and private ones only on the allow-list, port included', () => {
    expect(addressVerdict('157.240.199.1', 443, none)).toEqual({ allowed: true });
    expect(addressVerdict('2a03:2880:f10e:83:face:b00c:0:25de', 443, none)).toEqual({
      allowed: true,
    });
    const allowList = parseAllowList(['127.0.0.1:4100', '[::1]:4100']);
    expect(addressVerdict('127.0.0.1', 4100, allowList)).toEqual({ allowed: true });
    expect(addressVerdict('::1', 4100, allowList)).toEqual({ allowed: true });
    expect(addressVerdict('127.0.0.1', 6379, allowList).allowed).toBe(false);
  });

  it('rejects allow-list entries that are not address:port', () => {
    expect(() => parseAllowList(['localhost:4100'])).toThrow(/not an address:port/);
    expect(() => parseAllowList(['127.0.0.1'])).toThrow(/not an address:port/);
    expect(() => parseAllowList(['999.1.1.1:80'])).toThrow(/not an IP address/);
  });
});

describe('which addresses can be refused as soon as they are entered', () => {
  const none = new Set<string>();
  it.each([
    ['http://127.0.0.1:8080/hook', 'loopback'],
    ['http://10.20.0.5:8080/hook', 'private'],
    ['http://169.254.169.254/latest/meta-data/', 'linkLocal'],
    ['http://[::1]:9000/', 'loopback'],
    ['http://[::ffff:10.0.0.1]/', 'private'],
    // Other spellings of an address are normalised by the URL parser first.
    ['http://2130706433/', 'loopback'],
    ['http://0x7f.1/', 'loopback'],
    ['http://localhost:3000/', 'loopback'],
    ['http://api.localhost/', 'loopback'],
  ])('refuses %s (%s)', (url, range) => {
    expect(urlHostVerdict(new URL(url), none)).toEqual({ allowed: false, range });
  });

  it('leaves names to be judged when resolved, and lets the allow-list through, port included', () => {
    expect(urlHostVerdict(new URL('https://hook.syt.lamdong.gov.vn/x'), none)).toEqual({
      allowed: true,
    });
    expect(urlHostVerdict(new URL('https://157.240.199.1/x'), none)).toEqual({ allowed: true });
    const allowList = parseAllowList(['10.20.0.5:8080']);
    expect(urlHostVerdict(new URL('http://10.20.0.5:8080/hook'), allowList)).toEqual({
      allowed: true,
    });
    expect(urlHostVerdict(new URL('http://10.20.0.5/hook'), allowList).allowed).toBe(false);
  });
});

describe('sniffing the real type', () => {
  it('recognises image formats by their bytes, not by what the server claims', () => {
    expect(sniffImageType(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0]))).toBe('image/jpeg');
    expect(sniffImageType(Buffer.from('89504e470d0a1a0a0000', 'hex'))).toBe('image/png');
    expect(sniffImageType(Buffer.from('RIFF\0\0\0\0WEBPVP8 '))).toBe('image/webp');
    expect(sniffImageType(Buffer.from('GIF89a……'))).toBe('image/gif');
    expect(sniffImageType(Buffer.from('\0\0\0\x1cftypavif\0\0'))).toBe('image/avif');
    expect(sniffImageType(Buffer.from('<!DOCTYPE html><html>'))).toBeUndefined();
    expect(sniffImageType(Buffer.alloc(0))).toBeUndefined();
  });
});

describe('what a crawled page may make the browser request', () => {
  const trusted = new Set(['127.0.0.1:4100']);
  const allowList = parseAllowList(['10.0.0.5:8080']);
  const verdict = (url: string, resolved?: string[]) =>
    browserRequestVerdict(new URL(url), trusted, allowList, resolved);

  it('lets the page the crawler opened load from its own host, and keeps in-browser schemes', () => {
    expect(verdict('http://127.0.0.1:4100/groups/1/photo.jpg')).toEqual({ allowed: true });
    expect(verdict('data:image/png;base64,AAAA')).toEqual({ allowed: true });
    expect(verdict('blob:http://127.0.0.1:4100/6f1c')).toEqual({ allowed: true });
    expect(verdict('https://scontent.xx.fbcdn.net/v/t1.jpg', ['157.240.199.1'])).toEqual({
      allowed: true,
    });
  });

  it.each([
    ['http://169.254.169.254/latest/meta-data/', 'linkLocal'],
    ['http://127.0.0.1:4101/', 'loopback'],
    ['http://[::1]:4100/', 'loopback'],
    ['http://localhost:4100/', 'loopback'],
    ['http://admin.localhost/', 'loopback'],
    ['http://0x7f.1/', 'loopback'],
    ['ws://192.168.1.1:9000/socket', 'private'],
    ['http://10.0.0.5:9090/', 'private'],
  ])('refuses %s inside the network (%s)', (url, range) => {
    expect(verdict(url)).toEqual({ allowed: false, reason: 'address', range });
  });

  it('judges a name by the addresses it resolves to, every one of them', () => {
    expect(verdict('https://cdn.example.vn/x.jpg', ['203.113.1.2', '10.9.9.9'])).toEqual({
      allowed: false,
      reason: 'address',
      range: 'private',
    });
    expect(verdict('http://metadata.example/', ['169.254.169.254'])).toEqual({
      allowed: false,
      reason: 'address',
      range: 'linkLocal',
    });
  });

  it('lets through only what the allow-list names, port included', () => {
    expect(verdict('http://10.0.0.5:8080/ok')).toEqual({ allowed: true });
    expect(verdict('http://intranet.example:8080/', ['10.0.0.5'])).toEqual({ allowed: true });
  });

  it.each(['file:///etc/passwd', 'ftp://203.113.1.2/x', 'chrome://settings/'])(
    'refuses the scheme of %s',
    (url) => {
      expect(verdict(url)).toMatchObject({ allowed: false, reason: 'scheme' });
    },
  );
});

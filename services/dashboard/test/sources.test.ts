import { describe, expect, it } from 'vitest';
import type { ListedSource } from '../src/api/types.js';
import {
  accountBadge,
  blocksSubmit,
  cadenceOptions,
  checkSourceUrl,
  checkStorageState,
  findSameTarget,
  formatRelative,
  isBlockedNow,
  nextCrawl,
  relativeTime,
  sortSources,
  sourceBadge,
  sourcesUsing,
} from '../src/lib/sources.js';

const now = Date.parse('2026-03-02T03:00:00Z');
const minutesFromNow = (minutes: number) => new Date(now + minutes * 60_000).toISOString();

let serial = 0;
function source(overrides: Partial<ListedSource> = {}): ListedSource {
  serial += 1;
  return {
    id: `00000000-0000-4000-8000-${String(serial).padStart(12, '0')}`,
    kind: 'group',
    url: `https://www.facebook.com/groups/nhom${serial}`,
    canonicalKey: `group:nhom${serial}`,
    name: null,
    cadenceMinutes: 30,
    state: 'healthy',
    paused: false,
    failureCount: 0,
    lastError: null,
    blockedUntil: null,
    lastCrawledAt: null,
    nextCrawlAt: null,
    accountId: null,
    createdAt: '2026-03-01T00:00:00Z',
    postsFound: 0,
    imagesFound: 0,
    ...overrides,
  };
}

describe('a source’s badge and next step', () => {
  it('reads a failing crawl as backing off, retried by itself', () => {
    expect(sourceBadge(source({ state: 'error' }))).toEqual({
      status: 'backing_off',
      tone: 'warning',
      nextStep: 'waitRetry',
    });
    expect(sourceBadge(source({ state: 'healthy' }))).toEqual({
      status: 'healthy',
      tone: 'ok',
      nextStep: null,
    });
  });

  it('asks for an account on a login wall, or for fresh cookies when it has one', () => {
    expect(sourceBadge(source({ state: 'login_required' })).nextStep).toBe('assignAccount');
    expect(sourceBadge(source({ state: 'login_required', accountId: 'a1' })).nextStep).toBe(
      'renewCookies',
    );
  });

  it('marks walls that need a person, blocks and vanished pages as dangers', () => {
    expect(sourceBadge(source({ state: 'checkpoint' }))).toMatchObject({
      tone: 'danger',
      nextStep: 'resolveCheckpoint',
    });
    expect(sourceBadge(source({ state: 'blocked' }))).toMatchObject({
      status: 'blocked',
      tone: 'danger',
      nextStep: 'waitBlock',
    });
    expect(sourceBadge(source({ state: 'not_found' })).nextStep).toBe('checkAddress');
  });

  it('keeps a paused source’s state, and suggests resuming only when nothing else is wrong', () => {
    expect(sourceBadge(source({ state: 'healthy', paused: true }))).toEqual({
      status: 'healthy',
      tone: 'ok',
      nextStep: 'resume',
    });
    expect(sourceBadge(source({ state: 'pending', paused: true })).nextStep).toBe('resume');
    expect(sourceBadge(source({ state: 'blocked', paused: true })).nextStep).toBe('waitBlock');
  });
});

describe('a monitoring account’s badge', () => {
  it('asks for cookies first, then follows the state the crawler recorded', () => {
    expect(accountBadge({ state: 'healthy', hasStorageState: false })).toEqual({
      status: 'no_cookies',
      tone: 'warning',
      nextStep: 'uploadCookies',
    });
    expect(accountBadge({ state: 'login_required', hasStorageState: true })).toEqual({
      status: 'login_required',
      tone: 'warning',
      nextStep: 'renewCookies',
    });
    expect(accountBadge({ state: 'checkpoint', hasStorageState: true }).nextStep).toBe(
      'resolveCheckpoint',
    );
    expect(accountBadge({ state: 'pending', hasStorageState: true })).toEqual({
      status: 'unused',
      tone: 'neutral',
      nextStep: null,
    });
    expect(accountBadge({ state: 'blocked', hasStorageState: true })).toMatchObject({
      tone: 'danger',
      nextStep: 'waitBlock',
    });
  });

  it('lists the sources crawled with it', () => {
    const withAccount = source({ accountId: 'acc-1' });
    const other = source({ accountId: 'acc-2' });
    expect(sourcesUsing('acc-1', [withAccount, other, source()])).toEqual([withAccount]);
  });
});

describe('an address checked before the API is asked', () => {
  it('reads pages, groups and posts the way the API does, whatever the spelling', () => {
    expect(checkSourceUrl('https://m.facebook.com/groups/CongDongBaoLoc/?ref=share')).toEqual({
      ok: true,
      kind: 'group',
      canonicalKey: 'group:congdongbaoloc',
    });
    expect(checkSourceUrl('  facebook.com/SoYTeLamDong ')).toEqual({
      ok: true,
      kind: 'page',
      canonicalKey: 'page:soytelamdong',
    });
    expect(checkSourceUrl('https://www.facebook.com/profile.php?id=100064512345678')).toEqual({
      ok: true,
      kind: 'page',
      canonicalKey: 'page:100064512345678',
    });
    expect(
      checkSourceUrl('https://www.facebook.com/groups/congdongdalat/posts/1234567890123/'),
    ).toEqual({ ok: true, kind: 'post', canonicalKey: 'post:1234567890123' });
    expect(
      checkSourceUrl('https://www.facebook.com/permalink.php?story_fbid=pfbid0abcdefghijk&id=1'),
    ).toMatchObject({ ok: true, kind: 'post' });
  });

  it('names what is wrong with a Facebook address', () => {
    expect(checkSourceUrl('   ')).toMatchObject({ ok: false, problem: 'empty' });
    expect(checkSourceUrl('https://facebook.com/groups/')).toMatchObject({
      ok: false,
      problem: 'groupShape',
    });
    expect(checkSourceUrl('https://www.facebook.com/watch')).toEqual({
      ok: false,
      problem: 'feature',
      value: 'watch',
    });
    expect(checkSourceUrl('https://www.facebook.com/profile.php?id=abc')).toMatchObject({
      problem: 'profileId',
    });
    expect(checkSourceUrl('https://www.facebook.com/SoYTe/posts/xyz')).toEqual({
      ok: false,
      problem: 'postId',
      value: 'xyz',
    });
    expect(checkSourceUrl('https://www.facebook.com/')).toMatchObject({ problem: 'noTarget' });
    expect(checkSourceUrl('http://[::1')).toMatchObject({ problem: 'notUrl' });
  });

  it('blocks the form for a wrong Facebook address but leaves other sites to the API', () => {
    const zalo = checkSourceUrl('https://zalo.me/g/xyz');
    expect(zalo).toEqual({ ok: false, problem: 'notFacebook', value: 'zalo.me' });
    // The API also admits its configured simulator, which the browser cannot know about.
    expect(blocksSubmit(zalo)).toBe(false);
    expect(blocksSubmit(checkSourceUrl('facebook.com/groups/'))).toBe(true);
    expect(blocksSubmit(checkSourceUrl('facebook.com/groups/hoidanbaoloc'))).toBe(false);
  });

  it('finds the watched source at the same target, however it was spelt', () => {
    const watched = source({ canonicalKey: 'group:congdongbaoloc' });
    const sources = [source(), watched];
    expect(findSameTarget(checkSourceUrl('m.facebook.com/groups/CONGDONGBAOLOC'), sources)).toBe(
      watched,
    );
    expect(
      findSameTarget(checkSourceUrl('facebook.com/groups/congdongdalat'), sources),
    ).toBeUndefined();
    expect(findSameTarget(checkSourceUrl(''), sources)).toBeUndefined();
  });
});

describe('cadence choices', () => {
  it('offers the usual intervals and keeps a source’s own one in order', () => {
    expect(cadenceOptions()).toEqual([15, 30, 60, 120, 360, 720, 1440]);
    expect(cadenceOptions(45)).toEqual([15, 30, 45, 60, 120, 360, 720, 1440]);
    expect(cadenceOptions(60)).toHaveLength(7);
    // Out of the API's range (a corrupted value) is not offered back.
    expect(cadenceOptions(2)).not.toContain(2);
  });
});

describe('the next crawl', () => {
  it('is nothing while paused or unscheduled, and due once its time has come', () => {
    expect(nextCrawl(source({ paused: true, nextCrawlAt: minutesFromNow(5) }), now)).toEqual({
      kind: 'paused',
    });
    expect(nextCrawl(source({ nextCrawlAt: null }), now)).toEqual({ kind: 'none' });
    expect(nextCrawl(source({ nextCrawlAt: minutesFromNow(-1) }), now)).toEqual({ kind: 'due' });
    expect(nextCrawl(source({ nextCrawlAt: minutesFromNow(20) }), now)).toEqual({
      kind: 'at',
      at: minutesFromNow(20),
    });
  });

  it('waits for a block to end even when the turn came earlier', () => {
    const blocked = source({
      state: 'blocked',
      nextCrawlAt: minutesFromNow(-10),
      blockedUntil: minutesFromNow(360),
    });
    expect(nextCrawl(blocked, now)).toEqual({ kind: 'at', at: minutesFromNow(360) });
    expect(isBlockedNow(blocked, now)).toBe(true);
    expect(isBlockedNow(source({ blockedUntil: minutesFromNow(-1) }), now)).toBe(false);
  });
});

describe('relative times', () => {
  it('uses the largest whole unit, in the past or the future', () => {
    expect(relativeTime(minutesFromNow(-3), now)).toEqual({ value: -3, unit: 'minute' });
    expect(relativeTime(minutesFromNow(-150), now)).toEqual({ value: -2, unit: 'hour' });
    expect(relativeTime(minutesFromNow(3 * 1440 + 60), now)).toEqual({ value: 3, unit: 'day' });
    expect(relativeTime(new Date(now - 20_000).toISOString(), now)).toEqual({
      value: -20,
      unit: 'second',
    });
  });

  it('reads naturally in Vietnamese and English', () => {
    expect(formatRelative(minutesFromNow(-5), now, 'vi')).toBe('5 phút trước');
    expect(formatRelative(minutesFromNow(120), now, 'vi')).toBe('sau 2 giờ nữa');
    expect(formatRelative(minutesFromNow(-5), now, 'en')).toBe('5 minutes ago');
    expect(formatRelative(minutesFromNow(-1440), now, 'en')).toBe('yesterday');
  });
});

describe('the order of the list', () => {
  const names = (list: ListedSource[]) => list.map((item) => item.name);

  it('puts what needs a person first and paused sources last', () => {
    const list = [
      source({ name: 'Chợ Đà Lạt', state: 'healthy' }),
      source({ name: 'Bảo Lộc', state: 'blocked' }),
      source({ name: 'Đức Trọng', state: 'login_required' }),
      source({ name: 'Anh Em Lâm Đồng', state: 'checkpoint', paused: true }),
      source({ name: 'Di Linh', state: 'error' }),
      source({ name: 'Lạc Dương', state: 'pending' }),
    ];
    expect(names(sortSources(list, 'attention'))).toEqual([
      'Đức Trọng',
      'Bảo Lộc',
      'Di Linh',
      'Lạc Dương',
      'Chợ Đà Lạt',
      'Anh Em Lâm Đồng',
    ]);
  });

  it('sorts by name the Vietnamese way, by latest crawl and by what was found', () => {
    const list = [
      source({ name: 'Đơn Dương', lastCrawledAt: minutesFromNow(-60), imagesFound: 2 }),
      source({ name: 'Bảo Lâm', lastCrawledAt: null, imagesFound: 9 }),
      source({ name: 'Di Linh', lastCrawledAt: minutesFromNow(-5), imagesFound: 2, postsFound: 7 }),
    ];
    expect(names(sortSources(list, 'name'))).toEqual(['Bảo Lâm', 'Di Linh', 'Đơn Dương']);
    expect(names(sortSources(list, 'lastCrawled'))).toEqual(['Di Linh', 'Đơn Dương', 'Bảo Lâm']);
    expect(names(sortSources(list, 'found'))).toEqual(['Bảo Lâm', 'Di Linh', 'Đơn Dương']);
    // The input is left as it was.
    expect(names(list)).toEqual(['Đơn Dương', 'Bảo Lâm', 'Di Linh']);
  });
});

describe('a storage-state file', () => {
  it('is accepted with its cookies and refused with a reason otherwise', () => {
    const good = checkStorageState(
      JSON.stringify({ cookies: [{ name: 'c_user', value: '1', domain: '.facebook.com' }] }),
    );
    expect(good).toMatchObject({ ok: true, cookies: 1 });
    expect(checkStorageState('c_user=1; xs=2')).toEqual({ ok: false, problem: 'notJson' });
    expect(checkStorageState('[1, 2]')).toEqual({ ok: false, problem: 'notStorageState' });
    expect(checkStorageState('{"origins": []}')).toEqual({
      ok: false,
      problem: 'notStorageState',
    });
    expect(checkStorageState('{"cookies": []}')).toEqual({ ok: false, problem: 'noCookies' });
  });
});

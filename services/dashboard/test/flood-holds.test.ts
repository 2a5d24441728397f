import type { i18n } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import type { FloodHold } from '../src/api/types.js';
import type { Translate } from '../src/lib/duration.js';
import {
  describeFloodHold,
  floodHoldState,
  holdSubject,
  linkedHold,
  usualRate,
} from '../src/lib/flood-holds.js';
import { translatorFor } from './support/locales.js';

let vi: Translate;
let en: Translate;

beforeAll(async () => {
  const translate =
    (instance: i18n): Translate =>
    (key, values) =>
      instance.t(key, values);
  vi = translate(await translatorFor('vi'));
  en = translate(await translatorFor('en'));
});

function hold(overrides: Partial<FloodHold> = {}): FloodHold {
  return {
    id: '3f9d2c1e-8b7a-4c6d-9e5f-0a1b2c3d4e5f',
    pageId: '7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d',
    documentId: '1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e',
    documentTitle: 'Danh sách F1 phường 3 — Đà Lạt',
    pageNumber: 2,
    triggerCount: 25,
    baselinePerHour: 0,
    quarantinedAlerts: 31,
    startedAt: '2026-03-02T01:15:00.000Z',
    endedAt: null,
    endedBy: null,
    resolution: null,
    ...overrides,
  };
}

describe('where a flood hold stands', () => {
  it('is open until it ends, then released or dismissed as decided', () => {
    expect(floodHoldState(hold())).toBe('open');
    const ended = '2026-03-02T03:00:00.000Z';
    expect(floodHoldState(hold({ endedAt: ended, resolution: 'released' }))).toBe('released');
    expect(floodHoldState(hold({ endedAt: ended, resolution: 'dismissed' }))).toBe('dismissed');
  });
});

describe('a page’s usual alert rate', () => {
  it('uses the unit in which the rate reads as a number people picture', () => {
    expect(usualRate(2.345)).toEqual({ per: 'hour', count: 2.3 });
    expect(usualRate(1)).toEqual({ per: 'hour', count: 1 });
    // Measured over a week before the surge: a few alerts a week is a fraction of one an hour.
    expect(usualRate(0.5)).toEqual({ per: 'day', count: 12 });
    expect(usualRate(1 / 24)).toEqual({ per: 'day', count: 1 });
    expect(usualRate(3 / 168)).toEqual({ per: 'week', count: 3 });
  });

  it('never rounds a rate down to nothing, and has none when the page had no alerts', () => {
    expect(usualRate(0.0001)).toEqual({ per: 'week', count: 0.1 });
    expect(usualRate(0)).toBeNull();
    expect(usualRate(Number.NaN)).toBeNull();
  });
});

describe('the sentence on why a hold opened', () => {
  it('compares the surge with the usual rate, in Vietnamese and in English', () => {
    const surge = hold({ baselinePerHour: 2.5 / 24 });
    expect(describeFloodHold(surge, vi, 'vi')).toBe(
      'Trong khoảng thời gian theo dõi, trang 2 của “Danh sách F1 phường 3 — Đà Lạt” có 25 cảnh báo khớp ảnh, trong khi bình thường chỉ khoảng 2,5 cảnh báo mỗi ngày.',
    );
    expect(describeFloodHold(surge, en, 'en')).toBe(
      'Within the watch window, page 2 of “Danh sách F1 phường 3 — Đà Lạt” had 25 matching alerts, where about 2.5 alerts a day is usual.',
    );
    expect(describeFloodHold(hold({ baselinePerHour: 1 }), en, 'en')).toContain(
      'where about 1 alert an hour is usual',
    );
  });

  it('says a page that had no alerts before had none', () => {
    expect(describeFloodHold(hold(), vi, 'vi')).toBe(
      'Trong khoảng thời gian theo dõi, trang 2 của “Danh sách F1 phường 3 — Đà Lạt” có 25 cảnh báo khớp ảnh, trong khi trước đó không có cảnh báo nào.',
    );
  });

  it('names the page even when its document or page number is unknown', () => {
    expect(holdSubject(hold({ documentTitle: null }), vi)).toBe(
      'trang 2 của một tài liệu không rõ tên',
    );
    expect(holdSubject(hold({ pageNumber: null }), en)).toBe('“Danh sách F1 phường 3 — Đà Lạt”');
  });
});

describe('the hold an e-mail links to', () => {
  const holds = [hold(), hold({ id: '0c4e1f2a-9b8d-4e7f-a6c5-d4e3f2a1b0c9', pageNumber: 1 })];

  it('is found in the list, whatever the case of the address', () => {
    expect(linkedHold(holds, '0C4E1F2A-9B8D-4E7F-A6C5-D4E3F2A1B0C9')).toEqual({
      status: 'found',
      hold: holds[1],
    });
  });

  it('is missing when the list does not have it, and absent when the address names none', () => {
    expect(linkedHold(holds, 'not-a-hold')).toEqual({ status: 'missing', id: 'not-a-hold' });
    expect(linkedHold([], holds[0]?.id)).toMatchObject({ status: 'missing' });
    expect(linkedHold(holds, undefined)).toEqual({ status: 'none' });
    expect(linkedHold(holds, ' ')).toEqual({ status: 'none' });
  });
});

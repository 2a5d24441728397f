import { beforeAll, describe, expect, it } from 'vitest';
import type { i18n } from 'i18next';
import {
  durationParts,
  formatCountdown,
  formatDuration,
  secondsUntil,
  type Translate,
} from '../src/lib/duration.js';
import { translatorFor } from './support/locales.js';

const minute = 60;
const hour = 3_600;
const day = 86_400;

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

describe('deadline countdown', () => {
  it('says the time left with the two largest units, in Vietnamese', () => {
    expect(formatCountdown(2 * day + 3 * hour + 40 * minute, vi)).toBe('còn 2 ngày 3 giờ');
    expect(formatCountdown(5 * hour + 10 * minute + 59, vi)).toBe('còn 5 giờ 10 phút');
    expect(formatCountdown(3 * day, vi)).toBe('còn 3 ngày');
    expect(formatCountdown(45 * minute, vi)).toBe('còn 45 phút');
    expect(formatCountdown(30, vi)).toBe('còn 0 phút');
  });

  it('says how late an overdue deadline is', () => {
    expect(formatCountdown(-(4 * hour + 5 * minute), vi)).toBe('quá hạn 4 giờ 5 phút');
    expect(formatCountdown(-(1 * day + 2 * hour), en)).toBe('1 day 2 hours overdue');
  });

  it('uses English plurals', () => {
    expect(formatCountdown(2 * day + 3 * hour, en)).toBe('2 days 3 hours left');
    expect(formatCountdown(1 * day + 1 * hour, en)).toBe('1 day 1 hour left');
    expect(formatDuration(1 * minute, en)).toBe('1 minute');
  });

  it('splits seconds into whole days, hours and minutes', () => {
    expect(durationParts(72 * hour - 1)).toEqual({ days: 2, hours: 23, minutes: 59 });
    expect(durationParts(-90 * minute)).toEqual({ days: 0, hours: 1, minutes: 30 });
  });

  it('counts from now to a due instant', () => {
    const now = Date.parse('2026-03-01T00:00:00Z');
    expect(secondsUntil('2026-03-03T03:00:00Z', now)).toBe(2 * day + 3 * hour);
    expect(secondsUntil('2026-02-28T23:00:00Z', now)).toBe(-hour);
  });
});

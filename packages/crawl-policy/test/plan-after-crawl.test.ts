import { describe, expect, it } from 'vitest';
import { isDue, planAfterCrawl, type PlanInput } from '../src/index.js';

const now = new Date('2026-11-23T08:00:00Z');
const hours = (date: Date | null) => (date ? (date.getTime() - now.getTime()) / 3_600_000 : null);

function plan(overrides: Partial<PlanInput>) {
  return planAfterCrawl({
    outcome: 'healthy',
    failuresBefore: 0,
    cadenceSeconds: 1800,
    oneOff: false,
    now,
    random: () => 0.5,
    ...overrides,
  });
}

describe('planAfterCrawl', () => {
  it('polls a healthy source on its cadence, jittered by at most a fifth', () => {
    const low = plan({ random: () => 0 });
    const high = plan({ random: () => 0.999_999 });
    expect(hours(low.nextCrawlAt)).toBeCloseTo(0.4, 5);
    expect(hours(high.nextCrawlAt)).toBeCloseTo(0.6, 4);
    expect(plan({ failuresBefore: 4 })).toMatchObject({ state: 'healthy', failureCount: 0 });
  });

  it('backs off blocks for hours, doubling per block in a row, capped at two days', () => {
    const blocks = [0, 1, 2, 3, 6].map((failuresBefore) =>
      hours(plan({ outcome: 'blocked', failuresBefore }).blockedUntil),
    );
    expect(blocks).toEqual([6, 12, 24, 48, 48]);
    const first = plan({ outcome: 'blocked' });
    expect(first.nextCrawlAt).toEqual(first.blockedUntil);
    expect(first.failureCount).toBe(1);
  });

  it('retries errors within minutes, then slower, never faster than five minutes', () => {
    const waits = [0, 1, 2, 10].map((failuresBefore) =>
      hours(plan({ outcome: 'error', failuresBefore }).nextCrawlAt),
    );
    expect(waits.map((h) => Math.round((h ?? 0) * 60))).toEqual([5, 10, 20, 360]);
    expect(plan({ outcome: 'error' }).blockedUntil).toBeNull();
  });

  it('waits for a person after a login wall or checkpoint, and never below the cadence', () => {
    expect(hours(plan({ outcome: 'login_required' }).nextCrawlAt)).toBe(6);
    expect(hours(plan({ outcome: 'checkpoint' }).nextCrawlAt)).toBe(12);
    const daily = plan({ outcome: 'login_required', cadenceSeconds: 86_400 * 2 });
    expect(hours(daily.nextCrawlAt)).toBe(48);
  });

  it('reads a one-off post once; a vanished one is an answer, not a failure to retry', () => {
    expect(plan({ oneOff: true }).nextCrawlAt).toBeNull();
    expect(plan({ oneOff: true, outcome: 'not_found' })).toMatchObject({
      state: 'not_found',
      nextCrawlAt: null,
    });
    expect(plan({ oneOff: true, outcome: 'error' }).nextCrawlAt).not.toBeNull();
  });
});

describe('isDue', () => {
  const earlier = new Date(now.getTime() - 1000);
  const later = new Date(now.getTime() + 1000);
  it('starts only unpaused, unblocked sources whose time has come', () => {
    expect(isDue({ paused: false, nextCrawlAt: earlier, blockedUntil: null }, now)).toBe(true);
    expect(isDue({ paused: true, nextCrawlAt: earlier, blockedUntil: null }, now)).toBe(false);
    expect(isDue({ paused: false, nextCrawlAt: later, blockedUntil: null }, now)).toBe(false);
    expect(isDue({ paused: false, nextCrawlAt: null, blockedUntil: null }, now)).toBe(false);
    expect(isDue({ paused: false, nextCrawlAt: earlier, blockedUntil: later }, now)).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { planTakedownCheck, takedownSlotDone } from '../src/index.js';

const requestedAt = new Date('2026-11-23T08:00:00Z');
const hour = 3_600_000;
const at = (ms: number) => new Date(requestedAt.getTime() + ms);

describe('planTakedownCheck', () => {
  it('checks at once after the request, its slot being the request time', () => {
    expect(
      planTakedownCheck({ requestedAt, lastCheckedAt: null, everyMs: hour, now: at(1_000) }),
    ).toEqual({ due: true, slot: requestedAt.getTime() });
  });

  it('checks again one interval after the previous pass, not before', () => {
    const lastCheckedAt = at(20_000);
    expect(planTakedownCheck({ requestedAt, lastCheckedAt, everyMs: hour, now: at(hour) })).toEqual(
      { due: false, at: at(20_000 + hour) },
    );
    expect(
      planTakedownCheck({ requestedAt, lastCheckedAt, everyMs: hour, now: at(2 * hour) }),
    ).toEqual({ due: true, slot: at(20_000 + hour).getTime() });
  });

  it('builds the same slot on every tick until a pass is recorded', () => {
    const lastCheckedAt = at(5 * 60_000);
    const slots = [hour + 6 * 60_000, hour + 7 * 60_000, 3 * hour].map((ms) =>
      planTakedownCheck({ requestedAt, lastCheckedAt, everyMs: hour, now: at(ms) }),
    );
    expect(new Set(slots.map((plan) => (plan.due ? plan.slot : null))).size).toBe(1);
  });

  it('starts a new round when the takedown is requested again (the content came back)', () => {
    const renewed = at(10 * hour);
    expect(
      planTakedownCheck({
        requestedAt: renewed,
        lastCheckedAt: at(9 * hour),
        everyMs: hour,
        now: at(10 * hour + 1),
      }),
    ).toEqual({ due: true, slot: renewed.getTime() });
  });

  it('follows TAKEDOWN_CHECK_MINUTES', () => {
    const lastCheckedAt = at(0);
    const plan = planTakedownCheck({
      requestedAt,
      lastCheckedAt,
      everyMs: 15 * 60_000,
      now: at(hour),
    });
    expect(plan).toEqual({ due: true, slot: at(15 * 60_000).getTime() });
  });
});

describe('takedownSlotDone', () => {
  it('says a slot is done once a pass was recorded at or after its time', () => {
    const slot = at(hour).getTime();
    expect(takedownSlotDone(slot, null)).toBe(false);
    expect(takedownSlotDone(slot, at(hour - 1))).toBe(false);
    expect(takedownSlotDone(slot, at(hour))).toBe(true);
    expect(takedownSlotDone(slot, at(hour + 5_000))).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { decideFloodHold, floodHoldNotification, type FloodGuardSettings } from '../src/index.js';

const settings: FloodGuardSettings = {
  windowMinutes: 60,
  minimumAlerts: 20,
  factor: 10,
  baselineDays: 7,
};
const hoursInBaseline = 7 * 24;

describe('flood guard rule', () => {
  it('holds a quiet page at the minimum, not one alert earlier', () => {
    expect(decideFloodHold({ recentAlerts: 19, baselineAlerts: 0 }, settings)).toEqual({
      hold: false,
      threshold: 20,
      baselinePerHour: 0,
    });
    expect(decideFloodHold({ recentAlerts: 20, baselineAlerts: 0 }, settings).hold).toBe(true);
  });

  it('raises the bar to factor × the usual rate for a busy page', () => {
    // Five alerts an hour all week: fifty in an hour is the bar, not twenty.
    const busy = { baselineAlerts: 5 * hoursInBaseline };
    expect(decideFloodHold({ ...busy, recentAlerts: 49 }, settings)).toEqual({
      hold: false,
      threshold: 50,
      baselinePerHour: 5,
    });
    expect(decideFloodHold({ ...busy, recentAlerts: 50 }, settings).hold).toBe(true);
  });

  it('keeps the minimum when the usual rate is low', () => {
    // One alert an hour: 10 × 1 is below the minimum of 20.
    const decision = decideFloodHold(
      { recentAlerts: 15, baselineAlerts: hoursInBaseline },
      settings,
    );
    expect(decision).toEqual({ hold: false, threshold: 20, baselinePerHour: 1 });
  });

  it('scales the usual count to the window length', () => {
    const halfHour = { ...settings, windowMinutes: 30, minimumAlerts: 2 };
    // Four an hour usually → two in half an hour → the bar is 10 × 2.
    const decision = decideFloodHold(
      { recentAlerts: 20, baselineAlerts: 4 * hoursInBaseline },
      halfHour,
    );
    expect(decision).toEqual({ hold: true, threshold: 20, baselinePerHour: 4 });
    expect(
      decideFloodHold({ recentAlerts: 19, baselineAlerts: 4 * hoursInBaseline }, halfHour).hold,
    ).toBe(false);
  });

  it('rounds a fractional bar up, so it is never lower than factor × usual', () => {
    const decision = decideFloodHold(
      { recentAlerts: 21, baselineAlerts: Math.round(2.05 * hoursInBaseline) },
      settings,
    );
    expect(decision.threshold).toBe(21);
    expect(decision.hold).toBe(true);
  });
});

describe('flood hold notification', () => {
  it('links the hold on the public address and lists its facts and recipients', () => {
    const startedAt = new Date('2026-03-02T01:02:03.000Z');
    const payload = floodHoldNotification(
      {
        id: 'hold-1',
        pageId: 'page-1',
        documentId: 'doc-1',
        documentTitle: 'Danh sách F1',
        pageNumber: 1,
        triggerCount: 24,
        baselinePerHour: 0.5,
        startedAt,
      },
      ['admin@syt.gov.vn'],
      'https://leakwatch.syt.gov.vn/',
    );
    expect(payload).toEqual({
      event: 'flood_hold',
      link: 'https://leakwatch.syt.gov.vn/admin/flood-holds/hold-1',
      recipients: ['admin@syt.gov.vn'],
      floodHold: {
        id: 'hold-1',
        pageId: 'page-1',
        documentId: 'doc-1',
        documentTitle: 'Danh sách F1',
        pageNumber: 1,
        triggerCount: 24,
        baselinePerHour: 0.5,
        startedAt: '2026-03-02T01:02:03.000Z',
      },
    });
  });
});

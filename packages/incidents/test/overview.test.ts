import { describe, expect, it } from 'vitest';
import {
  deadlineCompliance,
  deadlineRuleSchema,
  incidentsByWeek,
  isoWeekLabel,
  resolveOverviewRange,
  vietnamDay,
  weekStartOf,
} from '../src/index.js';

describe('overview period', () => {
  // 17:30 UTC on 31 May is already 1 June in Đà Lạt.
  const now = new Date('2025-05-31T17:30:00Z');

  it('is the twelve weeks ending today in Vietnam unless given', () => {
    expect(vietnamDay(now)).toBe('2025-06-01');
    const check = resolveOverviewRange({}, now);
    expect(check).toEqual({
      ok: true,
      range: {
        from: '2025-03-10',
        to: '2025-06-01',
        start: new Date('2025-03-09T17:00:00Z'),
        end: new Date('2025-06-01T17:00:00Z'),
      },
    });
  });

  it('takes twelve weeks from the one day given', () => {
    const onlyFrom = resolveOverviewRange({ from: '2025-01-01' }, now);
    expect(onlyFrom.ok && onlyFrom.range.to).toBe('2025-03-25');
    const onlyTo = resolveOverviewRange({ to: '2025-03-25' }, now);
    expect(onlyTo.ok && onlyTo.range.from).toBe('2025-01-01');
  });

  it('spans whole Vietnamese days, one day included', () => {
    const check = resolveOverviewRange({ from: '2024-02-29', to: '2024-02-29' }, now);
    expect(check.ok && [check.range.start.toISOString(), check.range.end.toISOString()]).toEqual([
      '2024-02-28T17:00:00.000Z',
      '2024-02-29T17:00:00.000Z',
    ]);
  });

  it('refuses dates that do not exist, backwards periods and more than two years', () => {
    expect(resolveOverviewRange({ from: '2025-02-30', to: '2025-03-01' }, now)).toEqual({
      ok: false,
      reason: 'from must be a calendar date as YYYY-MM-DD, not "2025-02-30"',
    });
    expect(resolveOverviewRange({ from: '2025-1-5' }, now).ok).toBe(false);
    expect(resolveOverviewRange({ from: '2025-03-02', to: '2025-03-01' }, now)).toEqual({
      ok: false,
      reason: 'from (2025-03-02) is after to (2025-03-01)',
    });
    expect(resolveOverviewRange({ from: '2023-01-01', to: '2024-12-31' }, now).ok).toBe(true);
    expect(resolveOverviewRange({ from: '2023-01-01', to: '2025-01-01' }, now)).toEqual({
      ok: false,
      reason: 'the period covers 732 days; at most 731 (two years) are allowed',
    });
  });
});

describe('weeks', () => {
  it('start on Monday and carry their ISO 8601 number', () => {
    expect(weekStartOf('2025-06-01')).toBe('2025-05-26');
    expect(weekStartOf('2025-05-26')).toBe('2025-05-26');
    // 29 December 2025 is in week 1 of 2026; 1 January 2021 in week 53 of 2020.
    expect(isoWeekLabel('2025-12-29')).toBe('2026-W01');
    expect(isoWeekLabel(weekStartOf('2021-01-01'))).toBe('2020-W53');
    expect(isoWeekLabel('2025-02-10')).toBe('2025-W07');
  });

  it('are all listed, empty ones with zeros, counts sorted by document type', () => {
    const weeks = incidentsByWeek({ from: '2025-05-14', to: '2025-06-01' }, [
      { weekStart: '2025-05-12', type: 'mat', count: 2 },
      { weekStart: '2025-05-12', type: 'unregistered', count: 1 },
      { weekStart: '2025-05-26', type: 'tuyet_mat', count: 3 },
    ]);
    expect(weeks.map((week) => [week.weekStart, week.isoWeek, week.total])).toEqual([
      ['2025-05-12', '2025-W20', 3],
      ['2025-05-19', '2025-W21', 0],
      ['2025-05-26', '2025-W22', 3],
    ]);
    expect(weeks[0]?.counts).toEqual({
      thuong: 0,
      mat: 2,
      toi_mat: 0,
      tuyet_mat: 0,
      unregistered: 1,
    });
  });
});

describe('deadline compliance', () => {
  const notice = deadlineRuleSchema.parse({
    name: 'breach_notice_72h',
    label: 'Thông báo vi phạm trong 72 giờ',
    startEvent: 'detected',
    durationHours: 72,
    remind: ['assignee'],
    metBy: 'notice_sent',
  });
  const takedown = deadlineRuleSchema.parse({
    name: 'takedown_7d',
    label: 'Gỡ bỏ trong 7 ngày',
    startEvent: 'takedown_requested',
    durationHours: 168,
    remind: ['assignee'],
    metBy: 'status_removed',
  });
  const now = new Date('2025-06-10T00:00:00Z');
  const hoursBefore = (hours: number) => new Date(now.getTime() - hours * 3_600_000);
  const incident = (
    detectedHoursAgo: number,
    timeline: { type: string; hoursAgo: number }[],
    takedownHoursAgo?: number,
  ) => ({
    detectedAt: hoursBefore(detectedHoursAgo),
    createdAt: hoursBefore(detectedHoursAgo),
    takedownRequestedAt: takedownHoursAgo === undefined ? null : hoursBefore(takedownHoursAgo),
    timeline: timeline.map((event) => ({
      type: event.type,
      createdAt: hoursBefore(event.hoursAgo),
    })),
  });

  it('counts met on time, met late, missed and still running', () => {
    const result = deadlineCompliance(
      [notice, takedown],
      [
        incident(100, [{ type: 'notice_sent', hoursAgo: 60 }]), // 40 h after detection: met
        incident(100, [{ type: 'notice_sent', hoursAgo: 10 }]), // 90 h: late
        incident(100, []), // overdue: missed
        incident(10, []), // 62 h left: open
        // Takedown requested 200 h ago, removed 50 h ago (150 h): met; notice missed.
        incident(300, [{ type: 'status_removed', hoursAgo: 50 }], 200),
      ],
      now,
    );
    expect(result.totals).toEqual({ met: 2, late: 1, missed: 2, open: 1 });
    expect(result.byRule).toEqual([
      {
        rule: 'breach_notice_72h',
        label: 'Thông báo vi phạm trong 72 giờ',
        met: 1,
        late: 1,
        missed: 2,
        open: 1,
      },
      { rule: 'takedown_7d', label: 'Gỡ bỏ trong 7 ngày', met: 1, late: 0, missed: 0, open: 0 },
    ]);
    expect(result.complianceRate).toBeCloseTo(2 / 5);
  });

  it('has no rate while nothing is decided, and ignores switched-off rules', () => {
    const result = deadlineCompliance(
      [notice, { ...takedown, active: false }],
      [incident(1, [], 1)],
      now,
    );
    expect(result.totals).toEqual({ met: 0, late: 0, missed: 0, open: 1 });
    expect(result.complianceRate).toBeNull();
    expect(result.byRule.map((rule) => rule.rule)).toEqual(['breach_notice_72h']);
  });
});

import { deadlinesOf, happenedOf, type DeadlineRule } from './deadlines.js';

/**
 * The leadership overview's arithmetic: which period a request means, the weeks it spans, and
 * how each incident's deadlines ended. Days and weeks are Vietnam's (UTC+7, no daylight saving):
 * a week is the one the people reading the figures live in, wherever the server runs.
 */
export const overviewTimeZone = 'Asia/Ho_Chi_Minh';
const vietnamOffset = '+07:00';
const dayMs = 86_400_000;

/** Twelve weeks, ending today, when no period is given. */
export const defaultOverviewDays = 84;
/** The longest period one request may cover (two years, one of them a leap year). */
export const maxOverviewDays = 731;

/** What each incident counts as in "incidents by document type". */
export const overviewDocumentTypes = [
  'thuong',
  'mat',
  'toi_mat',
  'tuyet_mat',
  'unregistered',
] as const;
export type OverviewDocumentType = (typeof overviewDocumentTypes)[number];

export interface OverviewRange {
  /** First and last calendar day, inclusive (YYYY-MM-DD, Vietnam's calendar). */
  from: string;
  to: string;
  /** The instants they span: `start` inclusive, `end` exclusive (midnight after `to`). */
  start: Date;
  end: Date;
}

export type OverviewRangeCheck = { ok: true; range: OverviewRange } | { ok: false; reason: string };

const isoDay = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Midnight in Vietnam of a YYYY-MM-DD day, or undefined if the day does not exist. */
function vietnamMidnight(day: string): Date | undefined {
  const parts = isoDay.exec(day);
  if (!parts) return undefined;
  const instant = new Date(`${day}T00:00:00${vietnamOffset}`);
  if (Number.isNaN(instant.getTime())) return undefined;
  // 2025-02-30 parses in some engines as 2 March: the day must come back unchanged.
  return vietnamDay(instant) === day ? instant : undefined;
}

/** The Vietnam calendar day of an instant, as YYYY-MM-DD. */
export function vietnamDay(instant: Date): string {
  return new Date(instant.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
}

function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * dayMs).toISOString().slice(0, 10);
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / dayMs);
}

/**
 * The period a request asks for: both days given, one of them (the other taken twelve weeks
 * away), or neither (the twelve weeks ending today). Refused, with the reason, when a day is
 * not a real date, the period runs backwards, or it is longer than two years.
 */
export function resolveOverviewRange(
  query: { from?: string | undefined; to?: string | undefined },
  now: Date,
): OverviewRangeCheck {
  for (const [name, value] of [
    ['from', query.from],
    ['to', query.to],
  ] as const)
    if (value !== undefined && !vietnamMidnight(value))
      return { ok: false, reason: `${name} must be a calendar date as YYYY-MM-DD, not "${value}"` };
  const to =
    query.to ?? (query.from ? addDays(query.from, defaultOverviewDays - 1) : vietnamDay(now));
  const from = query.from ?? addDays(to, -(defaultOverviewDays - 1));
  const days = daysBetween(from, to) + 1;
  if (days < 1) return { ok: false, reason: `from (${from}) is after to (${to})` };
  if (days > maxOverviewDays)
    return {
      ok: false,
      reason: `the period covers ${days} days; at most ${maxOverviewDays} (two years) are allowed`,
    };
  const start = vietnamMidnight(from);
  const end = vietnamMidnight(addDays(to, 1));
  if (!start || !end) return { ok: false, reason: 'the period is outside the supported dates' };
  return { ok: true, range: { from, to, start, end } };
}

/** The Monday (YYYY-MM-DD) of the ISO week a calendar day is in. */
export function weekStartOf(day: string): string {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return addDays(day, -((weekday + 6) % 7));
}

/** ISO 8601 week label of the week starting on a Monday: `2025-W07`. */
export function isoWeekLabel(monday: string): string {
  // The ISO year is the year of the week's Thursday; week 1 holds the year's first Thursday.
  const thursday = addDays(monday, 3);
  const year = thursday.slice(0, 4);
  const week = Math.floor(daysBetween(`${year}-01-01`, thursday) / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

export interface WeekCount {
  /** Monday of the week, YYYY-MM-DD. */
  weekStart: string;
  isoWeek: string;
  counts: Record<OverviewDocumentType, number>;
  total: number;
}

function noCounts(): Record<OverviewDocumentType, number> {
  return { thuong: 0, mat: 0, toi_mat: 0, tuyet_mat: 0, unregistered: 0 };
}

function isDocumentType(value: string): value is OverviewDocumentType {
  return (overviewDocumentTypes as readonly string[]).includes(value);
}

/**
 * Every week the period touches, oldest first, with its counts per document type; weeks with
 * no incident are there with zeros, so a chart's gaps are real gaps.
 */
export function incidentsByWeek(
  range: Pick<OverviewRange, 'from' | 'to'>,
  rows: readonly { weekStart: string; type: string; count: number }[],
): WeekCount[] {
  const weeks = new Map<string, WeekCount>();
  const last = weekStartOf(range.to);
  for (let monday = weekStartOf(range.from); monday <= last; monday = addDays(monday, 7))
    weeks.set(monday, {
      weekStart: monday,
      isoWeek: isoWeekLabel(monday),
      counts: noCounts(),
      total: 0,
    });
  for (const row of rows) {
    const week = weeks.get(row.weekStart);
    const type = isDocumentType(row.type) ? row.type : 'unregistered';
    if (!week) continue;
    week.counts[type] += row.count;
    week.total += row.count;
  }
  return [...weeks.values()];
}

/**
 * How a deadline ended: `met` on time, met `late`, `missed` (past due and still not met), or
 * `open` (still running).
 */
export type DeadlineOutcome = 'met' | 'late' | 'missed' | 'open';
export type DeadlineTally = Record<DeadlineOutcome, number>;

export interface DeadlineCompliance {
  totals: DeadlineTally;
  /** Met on time among the deadlines that are decided (met, late or missed); null if none is. */
  complianceRate: number | null;
  byRule: ({ rule: string; label: string } & DeadlineTally)[];
}

export interface DeadlineSubject {
  detectedAt: Date;
  createdAt: Date;
  takedownRequestedAt: Date | null;
  /** The incident's timeline (or each event type's first occurrence), oldest first. */
  timeline: readonly { type: string; createdAt: Date }[];
}

/**
 * Every active deadline of every incident, as the incident page computes it (`deadlinesOf`),
 * sorted into met on time, late, missed and still open. A deadline met after it was due was
 * missed in the sense the law means, so it is not counted as met.
 */
export function deadlineCompliance(
  rules: readonly DeadlineRule[],
  incidents: readonly DeadlineSubject[],
  now: Date,
): DeadlineCompliance {
  const byRule = new Map(
    rules
      .filter((rule) => rule.active)
      .map((rule) => [
        rule.name,
        { rule: rule.name, label: rule.label, met: 0, late: 0, missed: 0, open: 0 },
      ]),
  );
  const totals: DeadlineTally = { met: 0, late: 0, missed: 0, open: 0 };
  for (const incident of incidents) {
    const happened = happenedOf(incident, incident.timeline);
    for (const state of deadlinesOf(rules, happened, now)) {
      const rule = rules.find((candidate) => candidate.name === state.rule);
      const metAt = rule ? happened[rule.metBy] : undefined;
      const outcome: DeadlineOutcome = metAt
        ? metAt.getTime() <= state.dueAt.getTime()
          ? 'met'
          : 'late'
        : state.overdue
          ? 'missed'
          : 'open';
      totals[outcome] += 1;
      const tally = byRule.get(state.rule);
      if (tally) tally[outcome] += 1;
    }
  }
  const decided = totals.met + totals.late + totals.missed;
  return {
    totals,
    complianceRate: decided === 0 ? null : totals.met / decided,
    byRule: [...byRule.values()],
  };
}

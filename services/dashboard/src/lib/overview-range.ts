/**
 * The overview's period: calendar days in Vietnam (YYYY-MM-DD, both included), as the API takes
 * them. The API checks the same rules; checking here first keeps a typo from costing a request.
 */
export interface DayRange {
  from: string;
  to: string;
}

/** Week counts of the quick choices: about a month, a quarter, a year. */
export const overviewPresets = [4, 12, 52] as const;
export const defaultPresetWeeks = 12;
/** Two years, one of them a leap year: the API's limit. */
export const maxRangeDays = 731;

export type RangeProblem = 'missing' | 'invalidDate' | 'backwards' | 'tooLong';

const dayMs = 86_400_000;
const isoDay = /^\d{4}-\d{2}-\d{2}$/;

/** Today's date in Vietnam (UTC+7, no daylight saving), wherever the browser is. */
export function vietnamToday(now: Date): string {
  return new Date(now.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
}

function dayNumber(day: string): number | undefined {
  if (!isoDay.test(day)) return undefined;
  const time = Date.parse(`${day}T00:00:00Z`);
  if (Number.isNaN(time)) return undefined;
  // Date.parse rolls 2025-02-30 over to 2 March; such a day does not exist.
  return new Date(time).toISOString().slice(0, 10) === day ? time / dayMs : undefined;
}

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * dayMs).toISOString().slice(0, 10);
}

/** The `weeks` weeks ending today: 4 weeks is today and the 27 days before it. */
export function presetRange(weeks: number, today: string): DayRange {
  return { from: addDays(today, -(weeks * 7 - 1)), to: today };
}

/** The preset a period is, if it is one (the quick choice shown as pressed). */
export function presetOf(range: DayRange, today: string): number | undefined {
  return overviewPresets.find((weeks) => {
    const preset = presetRange(weeks, today);
    return preset.from === range.from && preset.to === range.to;
  });
}

/** What is wrong with a period typed in, or undefined when the API will take it. */
export function rangeProblem(range: DayRange): RangeProblem | undefined {
  if (range.from === '' || range.to === '') return 'missing';
  const from = dayNumber(range.from);
  const to = dayNumber(range.to);
  if (from === undefined || to === undefined) return 'invalidDate';
  if (from > to) return 'backwards';
  if (to - from + 1 > maxRangeDays) return 'tooLong';
  return undefined;
}

/** The period in the page's address (`?from=…&to=…`), or the default twelve weeks. */
export function rangeFromParams(params: URLSearchParams, today: string): DayRange {
  const from = params.get('from');
  const to = params.get('to');
  if (from && to) return { from, to };
  return presetRange(defaultPresetWeeks, today);
}

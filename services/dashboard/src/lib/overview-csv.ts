import {
  incidentStatuses,
  overviewDocumentTypes,
  type DeadlineTally,
  type Overview,
  type Severity,
} from '../api/types.js';
import type { Translate } from './duration.js';

/**
 * The overview's figures as tables: one per chart, the same rows on the page (for screen
 * readers and anyone who prefers numbers) and in the CSV download.
 */
export type Cell = string | number | null;

export interface DataTable {
  columns: string[];
  rows: Cell[][];
}

export const overviewCharts = [
  'weekly',
  'durations',
  'status',
  'severity',
  'departments',
  'deadlines',
  'sources',
] as const;
export type OverviewChart = (typeof overviewCharts)[number];

/** Statuses of an incident not yet closed, in the order of its course. */
export const openStatuses = incidentStatuses.filter((status) => status !== 'closed');
/** Most severe first: what leadership reads first. */
export const severitiesDescending: readonly Severity[] = ['critical', 'high', 'medium', 'low'];

/** Hours with two decimals, for spreadsheets (a duration in seconds is hard to read). */
export function hours(seconds: number | null): number | null {
  return seconds === null ? null : Math.round((seconds / 3_600) * 100) / 100;
}

/** Share met on time, in percent with one decimal, among deadlines met, late or missed. */
export function complianceRate(tally: DeadlineTally): number | null {
  const decided = tally.met + tally.late + tally.missed;
  return decided === 0 ? null : Math.round((tally.met / decided) * 1000) / 10;
}

export function overviewTable(chart: OverviewChart, data: Overview, t: Translate): DataTable {
  const count = t('overview.columns.incidents');
  switch (chart) {
    case 'weekly':
      return {
        columns: [
          t('overview.columns.week'),
          t('overview.columns.weekStart'),
          ...overviewDocumentTypes.map((type) => t(`overview.documentType.${type}`)),
          t('overview.columns.total'),
        ],
        rows: data.weekly.map((week) => [
          week.isoWeek,
          week.weekStart,
          ...overviewDocumentTypes.map((type) => week.counts[type]),
          week.total,
        ]),
      };
    case 'durations':
      return {
        columns: [
          t('overview.columns.measure'),
          t('overview.columns.cases'),
          t('overview.columns.medianHours'),
          t('overview.columns.p90Hours'),
        ],
        rows: (['postingToDetection', 'detectionToRemoval'] as const).map((measure) => {
          const figures = data.durations[measure];
          return [
            t(`overview.durations.${measure}`),
            figures.count,
            hours(figures.medianSeconds),
            hours(figures.p90Seconds),
          ];
        }),
      };
    case 'status':
      return {
        columns: [t('overview.columns.status'), count],
        rows: openStatuses.map((status) => [
          t(`incidentStatus.${status}`),
          data.open.byStatus.find((row) => row.status === status)?.count ?? 0,
        ]),
      };
    case 'severity':
      return {
        columns: [t('overview.columns.severity'), count],
        rows: severitiesDescending.map((severity) => [
          t(`severity.${severity}`),
          data.open.bySeverity.find((row) => row.severity === severity)?.count ?? 0,
        ]),
      };
    case 'departments':
      return {
        columns: [t('overview.columns.department'), count],
        rows: data.open.byDepartment.map((row) => [
          row.name ?? t('overview.departments.unrouted'),
          row.count,
        ]),
      };
    case 'deadlines':
      return {
        columns: [
          t('overview.columns.deadline'),
          t('overview.deadlines.met'),
          t('overview.deadlines.late'),
          t('overview.deadlines.missed'),
          t('overview.deadlines.open'),
          t('overview.columns.compliancePercent'),
        ],
        rows: data.deadlines.byRule.map((rule) => [
          rule.label,
          rule.met,
          rule.late,
          rule.missed,
          rule.open,
          complianceRate(rule),
        ]),
      };
    case 'sources':
      return {
        columns: [
          t('overview.columns.source'),
          t('overview.columns.sourceKind'),
          t('overview.columns.address'),
          count,
          t('overview.columns.sightings'),
        ],
        rows: data.topSources.map((source) => [
          source.name ?? source.url,
          t(`overview.sourceKind.${source.kind}`, { defaultValue: source.kind }),
          source.url,
          source.incidents,
          source.sightings,
        ]),
      };
  }
}

/**
 * A text a spreadsheet would run as a formula (=, +, -, @, or a tab or carriage return first)
 * is made inert with a leading apostrophe: names of Facebook groups are written by anyone.
 */
function inert(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function csvCell(cell: Cell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
  const text = inert(cell);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * RFC 4180 CSV (comma-separated, CRLF, quotes doubled) with a UTF-8 byte-order mark, without
 * which Excel reads Vietnamese as mojibake.
 */
export function toCsv(table: DataTable): string {
  const lines = [table.columns, ...table.rows].map((row) => row.map(csvCell).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** `leakwatch-overview-weekly-2025-03-10_2025-06-01.csv` (or `.png`). */
export function exportFileName(
  chart: OverviewChart,
  range: { from: string; to: string },
  extension: 'csv' | 'png',
): string {
  return `leakwatch-overview-${chart}-${range.from}_${range.to}.${extension}`;
}

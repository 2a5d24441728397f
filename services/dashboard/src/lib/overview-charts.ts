import type { BarSeriesOption } from 'echarts/charts';
import type {
  GridComponentOption,
  LegendComponentOption,
  TooltipComponentOption,
} from 'echarts/components';
import type { ComposeOption } from 'echarts/core';
import { overviewDocumentTypes, type Overview, type OverviewDocumentType } from '../api/types.js';
import type { Translate } from './duration.js';
import { hours, openStatuses, severitiesDescending } from './overview-csv.js';

/** Everything the overview's charts use: bars, their grid, legend and tooltip. */
export type ChartOption = ComposeOption<
  BarSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption
>;

/**
 * Bar colours with at least 3:1 contrast on white (WCAG 1.4.11); each chart also has its
 * legend and data table, so colour is never the only way to tell series apart.
 */
const documentTypeColors: Record<OverviewDocumentType, string> = {
  thuong: '#3d6a99',
  mat: '#a86a00',
  toi_mat: '#c2410c',
  tuyet_mat: '#9b1c1c',
  unregistered: '#6b4fa3',
};
const severityColors = { low: '#3d6a99', medium: '#a86a00', high: '#c2410c', critical: '#9b1c1c' };
const deadlineColors = { met: '#1e7b45', late: '#a86a00', missed: '#a4161a', open: '#5b7083' };
const primary = '#0b4f8a';
const secondary = '#6b4fa3';

function base(): ChartOption {
  return {
    // Figures, not a show: no animation (and a PNG export never catches a bar mid-growth).
    animation: false,
    textStyle: {
      fontFamily:
        "system-ui, 'Segoe UI', Roboto, 'Noto Sans', 'Liberation Sans', Arial, sans-serif",
      color: '#1a1f24',
    },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
  };
}

/** dd/mm, as Vietnamese (and British) readers write a day. */
function dayMonth(day: string): string {
  return `${day.slice(8, 10)}/${day.slice(5, 7)}`;
}

export function weeklyOption(data: Overview, t: Translate): ChartOption {
  return {
    ...base(),
    legend: { bottom: 0 },
    grid: { left: 8, right: 16, top: 16, bottom: 48 },
    xAxis: { type: 'category', data: data.weekly.map((week) => dayMonth(week.weekStart)) },
    yAxis: { type: 'value', minInterval: 1 },
    series: overviewDocumentTypes.map((type): BarSeriesOption => ({
      type: 'bar',
      name: t(`overview.documentType.${type}`),
      stack: 'incidents',
      color: documentTypeColors[type],
      data: data.weekly.map((week) => week.counts[type]),
    })),
  };
}

export function durationsOption(data: Overview, t: Translate, language: string): ChartOption {
  const measures = ['postingToDetection', 'detectionToRemoval'] as const;
  const decimal = new Intl.NumberFormat(language === 'en' ? 'en-GB' : 'vi-VN', {
    maximumFractionDigits: 1,
  });
  const label = {
    show: true,
    position: 'top' as const,
    formatter: ({ value }: { value?: unknown }) =>
      typeof value === 'number' ? decimal.format(value) : '',
  };
  return {
    ...base(),
    legend: { bottom: 0 },
    grid: { left: 8, right: 16, top: 32, bottom: 48 },
    xAxis: {
      type: 'category',
      data: measures.map((measure) => t(`overview.durations.${measure}`)),
    },
    yAxis: { type: 'value', name: t('overview.durations.hours') },
    // Detection takes hours and removal days: the figures on the bars keep the short ones legible.
    series: [
      {
        type: 'bar',
        name: t('overview.durations.median'),
        color: primary,
        barMaxWidth: 64,
        label,
        data: measures.map((measure) => hours(data.durations[measure].medianSeconds)),
      },
      {
        type: 'bar',
        name: t('overview.durations.p90'),
        color: secondary,
        barMaxWidth: 64,
        label,
        data: measures.map((measure) => hours(data.durations[measure].p90Seconds)),
      },
    ],
  };
}

/** One horizontal bar per label, top to bottom in the order given. */
function horizontalBars(
  labels: string[],
  series: BarSeriesOption[],
  options: { legend?: boolean } = {},
): ChartOption {
  return {
    ...base(),
    ...(options.legend ? { legend: { bottom: 0 } } : {}),
    grid: { left: 8, right: 24, top: 8, bottom: options.legend ? 40 : 8 },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: {
      type: 'category',
      inverse: true,
      data: labels,
      axisLabel: { width: 220, overflow: 'truncate' },
    },
    series: series.map((one) => ({ barMaxWidth: 40, ...one })),
  };
}

export function statusOption(data: Overview, t: Translate): ChartOption {
  return horizontalBars(
    openStatuses.map((status) => t(`incidentStatus.${status}`)),
    [
      {
        type: 'bar',
        name: t('overview.columns.incidents'),
        color: primary,
        data: openStatuses.map(
          (status) => data.open.byStatus.find((row) => row.status === status)?.count ?? 0,
        ),
      },
    ],
  );
}

export function severityOption(data: Overview, t: Translate): ChartOption {
  return horizontalBars(
    severitiesDescending.map((severity) => t(`severity.${severity}`)),
    [
      {
        type: 'bar',
        name: t('overview.columns.incidents'),
        data: severitiesDescending.map((severity) => ({
          value: data.open.bySeverity.find((row) => row.severity === severity)?.count ?? 0,
          itemStyle: { color: severityColors[severity] },
        })),
      },
    ],
  );
}

export function departmentsOption(data: Overview, t: Translate): ChartOption {
  return horizontalBars(
    data.open.byDepartment.map((row) => row.name ?? t('overview.departments.unrouted')),
    [
      {
        type: 'bar',
        name: t('overview.columns.incidents'),
        color: primary,
        data: data.open.byDepartment.map((row) => row.count),
      },
    ],
  );
}

export function deadlinesOption(data: Overview, t: Translate): ChartOption {
  const outcomes = ['met', 'late', 'missed', 'open'] as const;
  return horizontalBars(
    data.deadlines.byRule.map((rule) => rule.label),
    outcomes.map((outcome): BarSeriesOption => ({
      type: 'bar',
      name: t(`overview.deadlines.${outcome}`),
      stack: 'deadlines',
      color: deadlineColors[outcome],
      data: data.deadlines.byRule.map((rule) => rule[outcome]),
    })),
    { legend: true },
  );
}

export function sourcesOption(data: Overview, t: Translate): ChartOption {
  return horizontalBars(
    data.topSources.map((source) => source.name ?? source.url),
    [
      {
        type: 'bar',
        name: t('overview.columns.incidents'),
        color: primary,
        data: data.topSources.map((source) => source.incidents),
      },
      {
        type: 'bar',
        name: t('overview.columns.sightings'),
        color: secondary,
        data: data.topSources.map((source) => source.sightings),
      },
    ],
    { legend: true },
  );
}

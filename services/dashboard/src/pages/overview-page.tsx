import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { ECharts } from 'echarts/core';
import {
  lazy,
  Suspense,
  useCallback,
  useId,
  useMemo,
  useRef,
  useState,
  type SubmitEvent,
} from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { apiRequest } from '../api/client.js';
import { ApiError } from '../api/problem.js';
import type { Overview, OverviewDuration } from '../api/types.js';
import { useDocumentTitle } from '../components/document-title.js';
import { ErrorMessage } from '../components/error-message.js';
import { Loading } from '../components/loading.js';
import { formatDuration, type Translate } from '../lib/duration.js';
import {
  exportFileName,
  overviewTable,
  toCsv,
  type Cell,
  type OverviewChart,
} from '../lib/overview-csv.js';
import {
  deadlinesOption,
  departmentsOption,
  durationsOption,
  severityOption,
  sourcesOption,
  statusOption,
  weeklyOption,
  type ChartOption,
} from '../lib/overview-charts.js';
import {
  maxRangeDays,
  overviewPresets,
  presetOf,
  presetRange,
  rangeFromParams,
  rangeProblem,
  vietnamToday,
  type DayRange,
  type RangeProblem,
} from '../lib/overview-range.js';

// ECharts loads with this page only: the other pages' bundle stays as it was.
const EChart = lazy(() =>
  import('../components/echart.js').then((module) => ({ default: module.EChart })),
);

const chartOptions: Record<
  OverviewChart,
  (data: Overview, t: Translate, language: string) => ChartOption
> = {
  weekly: weeklyOption,
  durations: durationsOption,
  status: statusOption,
  severity: severityOption,
  departments: departmentsOption,
  deadlines: deadlinesOption,
  sources: sourcesOption,
};

/** Charts that explain what they count, under their title. */
const notedCharts: readonly OverviewChart[] = [
  'weekly',
  'durations',
  'departments',
  'deadlines',
  'sources',
];

function numberLocale(language: string): string {
  return language === 'en' ? 'en-GB' : 'vi-VN';
}

/** dd/mm/yyyy for a YYYY-MM-DD day, as it is written in Vietnam (and Britain). */
function formatDay(day: string): string {
  return `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;
}

/** Hands the browser a file to save, as a click on a download link would. */
function saveFile(href: string, fileName: string): void {
  const link = document.createElement('a');
  link.href = href;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
}

export function OverviewPage() {
  const { t, i18n } = useTranslation();
  useDocumentTitle(t('overview.title'));
  const [params, setParams] = useSearchParams();
  const [today] = useState(() => vietnamToday(new Date()));
  const range = rangeFromParams(params, today);
  const problem = rangeProblem(range);

  const overview = useQuery({
    queryKey: ['overview', range.from, range.to],
    queryFn: ({ signal }) =>
      apiRequest<Overview>(
        `/api/overview?from=${encodeURIComponent(range.from)}&to=${encodeURIComponent(range.to)}`,
        { signal },
      ),
    enabled: problem === undefined,
    placeholderData: keepPreviousData,
    refetchInterval: 5 * 60_000,
  });

  const choose = (next: DayRange) => {
    setParams({ from: next.from, to: next.to });
  };
  const serverRefused =
    overview.error instanceof ApiError && overview.error.problem.code === 'LW_DATE_RANGE_INVALID';
  const data = overview.data;

  return (
    <section className="page overview" aria-labelledby="page-title">
      <div className="page__header">
        <h1 id="page-title" tabIndex={-1}>
          {t('overview.title')}
        </h1>
        {problem === undefined ? (
          <p className="muted">
            {t('overview.period', { from: formatDay(range.from), to: formatDay(range.to) })}
          </p>
        ) : null}
      </div>
      <p className="muted">{t('overview.intro')}</p>

      <RangeForm
        key={`${range.from}_${range.to}`}
        range={range}
        today={today}
        pageProblem={problem ?? (serverRefused ? 'server' : undefined)}
        onChoose={choose}
      />

      <p className="visually-hidden" role="status">
        {data && !overview.isPlaceholderData
          ? t('overview.updated', {
              from: formatDay(data.range.from),
              to: formatDay(data.range.to),
            })
          : ''}
      </p>

      {problem !== undefined || serverRefused ? null : overview.isPending ? (
        <Loading />
      ) : overview.isError ? (
        <ErrorMessage error={overview.error} />
      ) : data ? (
        <div className="overview__content" aria-busy={overview.isFetching}>
          {overview.isPlaceholderData ? <Loading /> : null}
          <KeyFigures data={data} language={i18n.language} />
          <div className="overview__charts">
            {(Object.keys(chartOptions) as OverviewChart[]).map((chart) => (
              <ChartCard key={chart} chart={chart} data={data} />
            ))}
          </div>
        </div>
      ) : null}
    </section>
  );
}

type FormProblem = RangeProblem | 'server';

function RangeForm({
  range,
  today,
  pageProblem,
  onChoose,
}: {
  range: DayRange;
  today: string;
  /** What is wrong with the period in the address, or with the API's answer to it. */
  pageProblem: FormProblem | undefined;
  onChoose: (range: DayRange) => void;
}) {
  const { t } = useTranslation();
  // What was wrong with the days typed here; until something is typed, the page's own problem.
  const [typedProblem, setTypedProblem] = useState<RangeProblem | undefined>(undefined);
  const [typed, setTyped] = useState(false);
  const problem: FormProblem | undefined = typed ? typedProblem : pageProblem;
  const fromInput = useRef<HTMLInputElement>(null);
  const ids = { from: useId(), to: useId(), problem: useId(), presets: useId() };
  const pressed = presetOf(range, today);

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const day = (name: string) => {
      const value = form.get(name);
      return typeof value === 'string' ? value : '';
    };
    const next = { from: day('from'), to: day('to') };
    const found = rangeProblem(next);
    setTyped(true);
    setTypedProblem(found);
    if (found) {
      fromInput.current?.focus();
      return;
    }
    onChoose(next);
  };

  const invalid = problem !== undefined;
  return (
    <form className="overview-range" onSubmit={submit} noValidate>
      <fieldset>
        <legend>{t('overview.range.legend')}</legend>
        <div className="overview-range__presets" role="group" aria-labelledby={ids.presets}>
          <span id={ids.presets} className="overview-range__label">
            {t('overview.range.presets')}
          </span>
          {overviewPresets.map((weeks) => (
            <button
              key={weeks}
              type="button"
              className="button button--small"
              aria-pressed={pressed === weeks}
              onClick={() => {
                onChoose(presetRange(weeks, today));
              }}
            >
              {t('overview.range.weeks', { count: weeks })}
            </button>
          ))}
        </div>
        <div className="overview-range__days">
          <div className="field">
            <label htmlFor={ids.from}>{t('overview.range.from')}</label>
            <input
              ref={fromInput}
              id={ids.from}
              name="from"
              type="date"
              defaultValue={range.from}
              max={today}
              aria-invalid={invalid}
              aria-describedby={invalid ? ids.problem : undefined}
            />
          </div>
          <div className="field">
            <label htmlFor={ids.to}>{t('overview.range.to')}</label>
            <input
              id={ids.to}
              name="to"
              type="date"
              defaultValue={range.to}
              max={today}
              aria-invalid={invalid}
              aria-describedby={invalid ? ids.problem : undefined}
            />
          </div>
          <button type="submit" className="button button--primary">
            {t('overview.range.apply')}
          </button>
        </div>
        {problem ? (
          <p id={ids.problem} className="notice notice--error" role="alert">
            {t(`overview.range.problems.${problem}`, { days: maxRangeDays })}
          </p>
        ) : null}
      </fieldset>
    </form>
  );
}

function KeyFigures({ data, language }: { data: Overview; language: string }) {
  const { t } = useTranslation();
  const decided =
    data.deadlines.totals.met + data.deadlines.totals.late + data.deadlines.totals.missed;
  const percent = new Intl.NumberFormat(numberLocale(language), {
    style: 'percent',
    maximumFractionDigits: 1,
  });
  const count = new Intl.NumberFormat(numberLocale(language));
  return (
    <dl className="overview-figures" aria-label={t('overview.figures.label')}>
      <DurationFigure
        label={t('overview.figures.postingToDetection')}
        figures={data.durations.postingToDetection}
      />
      <DurationFigure
        label={t('overview.figures.detectionToRemoval')}
        figures={data.durations.detectionToRemoval}
      />
      <div className="overview-figure">
        <dt>{t('overview.figures.openIncidents')}</dt>
        <dd>
          <span className="overview-figure__value" data-testid="open-incidents">
            {count.format(data.open.total)}
          </span>
          <span className="overview-figure__detail">{t('overview.figures.openDetail')}</span>
        </dd>
      </div>
      <div className="overview-figure">
        <dt>{t('overview.figures.compliance')}</dt>
        <dd>
          <span className="overview-figure__value">
            {data.deadlines.complianceRate === null
              ? t('overview.figures.noData')
              : percent.format(data.deadlines.complianceRate)}
          </span>
          {decided > 0 ? (
            <span className="overview-figure__detail">
              {t('overview.figures.complianceDetail', { met: data.deadlines.totals.met, decided })}
            </span>
          ) : null}
        </dd>
      </div>
    </dl>
  );
}

function DurationFigure({ label, figures }: { label: string; figures: OverviewDuration }) {
  const { t } = useTranslation();
  return (
    <div className="overview-figure">
      <dt>{label}</dt>
      <dd>
        <span className="overview-figure__value">
          {figures.medianSeconds === null
            ? t('overview.figures.noData')
            : formatDuration(figures.medianSeconds, t)}
        </span>
        {figures.p90Seconds === null ? null : (
          <span className="overview-figure__detail">
            {t('overview.figures.p90', { duration: formatDuration(figures.p90Seconds, t) })}
          </span>
        )}
        <span className="overview-figure__detail">
          {t('overview.figures.cases', { count: figures.count })}
        </span>
      </dd>
    </div>
  );
}

function isEmpty(chart: OverviewChart, data: Overview): boolean {
  switch (chart) {
    case 'weekly':
      return data.weekly.every((week) => week.total === 0);
    case 'durations':
      return (
        data.durations.postingToDetection.count === 0 &&
        data.durations.detectionToRemoval.count === 0
      );
    case 'status':
    case 'severity':
    case 'departments':
      return data.open.total === 0;
    case 'deadlines':
      return data.deadlines.byRule.every(
        (rule) => rule.met + rule.late + rule.missed + rule.open === 0,
      );
    case 'sources':
      return data.topSources.length === 0;
  }
}

function ChartCard({ chart, data }: { chart: OverviewChart; data: Overview }) {
  const { t, i18n } = useTranslation();
  const instance = useRef<ECharts | null>(null);
  const headingId = useId();
  const title = t(`overview.charts.${chart}`);
  const language = i18n.language;
  // Rebuilt when the figures or the language (and with it `t`) change, not on every render.
  const option = useMemo(() => chartOptions[chart](data, t, language), [chart, data, t, language]);
  const table = useMemo(() => overviewTable(chart, data, t), [chart, data, t]);
  const keepInstance = useCallback((chartInstance: ECharts | null) => {
    instance.current = chartInstance;
  }, []);
  const empty = isEmpty(chart, data);
  const count = new Intl.NumberFormat(numberLocale(language), { maximumFractionDigits: 2 });
  const cell = (value: Cell) =>
    value === null ? '—' : typeof value === 'number' ? count.format(value) : value;

  const downloadPng = () => {
    const url = instance.current?.getDataURL({
      type: 'png',
      pixelRatio: 2,
      backgroundColor: '#ffffff',
    });
    if (url) saveFile(url, exportFileName(chart, data.range, 'png'));
  };
  const downloadCsv = () => {
    const url = URL.createObjectURL(new Blob([toCsv(table)], { type: 'text/csv;charset=utf-8' }));
    saveFile(url, exportFileName(chart, data.range, 'csv'));
    // The download has its own copy by then; the object URL only holds memory.
    window.setTimeout(() => {
      URL.revokeObjectURL(url);
    }, 10_000);
  };

  return (
    <section className={`overview-card overview-card--${chart}`} aria-labelledby={headingId}>
      <div className="overview-card__header">
        <h2 id={headingId}>{title}</h2>
        <div className="overview-card__actions">
          <button
            type="button"
            className="button button--small"
            aria-label={t('overview.chart.downloadPngFor', { title })}
            disabled={empty}
            onClick={downloadPng}
          >
            {t('overview.chart.downloadPng')}
          </button>
          <button
            type="button"
            className="button button--small"
            aria-label={t('overview.chart.downloadCsvFor', { title })}
            onClick={downloadCsv}
          >
            {t('overview.chart.downloadCsv')}
          </button>
        </div>
      </div>
      {notedCharts.includes(chart) ? (
        <p className="overview-card__note">{t(`overview.notes.${chart}`)}</p>
      ) : null}
      {empty ? (
        <p className="empty">{t('overview.chart.empty')}</p>
      ) : (
        <Suspense fallback={<Loading />}>
          <EChart
            option={option}
            label={t('overview.chart.imageLabel', { title })}
            onInstance={keepInstance}
          />
        </Suspense>
      )}
      <details className="overview-card__data">
        <summary>{t('overview.chart.table')}</summary>
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">{title}</caption>
            <thead>
              <tr>
                {table.columns.map((column) => (
                  <th key={column} scope="col">
                    {column}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows.map((row, index) => (
                <tr key={index}>
                  {row.map((value, column) =>
                    column === 0 ? (
                      <th key={column} scope="row">
                        {cell(value)}
                      </th>
                    ) : (
                      <td key={column}>{cell(value)}</td>
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </section>
  );
}

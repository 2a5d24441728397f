import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { apiRequest } from '../../api/client.js';
import type { AlertFacets } from '../../api/types.js';
import { filterFields, noFilter, type TriageFilter } from '../../lib/triage-filter.js';

/** Narrowing the queue: where the picture was seen, which document, how strong, when. */
export function TriageFilters({
  filter,
  onChange,
}: {
  filter: TriageFilter;
  onChange: (filter: TriageFilter) => void;
}) {
  const { t } = useTranslation();
  const ids = { source: useId(), document: useId(), score: useId(), from: useId(), to: useId() };
  const facets = useQuery({
    queryKey: ['alert-facets', 'new'],
    queryFn: ({ signal }) => apiRequest<AlertFacets>('/api/alerts/facets?status=new', { signal }),
  });
  const set = (field: keyof TriageFilter, value: string) => {
    onChange({ ...filter, [field]: value });
  };
  const active = filterFields.some((field) => filter[field] !== '');
  return (
    <form
      className="filters"
      aria-label={t('triageFilters.label')}
      onSubmit={(event) => {
        event.preventDefault();
      }}
    >
      <div className="field">
        <label htmlFor={ids.source}>{t('triageFilters.source')}</label>
        <select
          id={ids.source}
          value={filter.sourceId}
          onChange={(event) => {
            set('sourceId', event.target.value);
          }}
        >
          <option value="">{t('triageFilters.any')}</option>
          {(facets.data?.sources ?? []).map((source) => (
            <option key={source.id} value={source.id}>
              {`${source.name ?? source.url} (${source.alerts})`}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={ids.document}>{t('triageFilters.document')}</label>
        <select
          id={ids.document}
          value={filter.documentId}
          onChange={(event) => {
            set('documentId', event.target.value);
          }}
        >
          <option value="">{t('triageFilters.any')}</option>
          {(facets.data?.documents ?? []).map((document) => (
            <option key={document.id} value={document.id}>
              {`${document.title} (${document.alerts})`}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={ids.score}>{t('triageFilters.minScore')}</label>
        <select
          id={ids.score}
          value={filter.minScore}
          onChange={(event) => {
            set('minScore', event.target.value);
          }}
        >
          <option value="">{t('triageFilters.any')}</option>
          {['0.5', '0.7', '0.9'].map((value) => (
            <option key={value} value={value}>
              {t('triageFilters.atLeast', { percent: Math.round(Number(value) * 100) })}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={ids.from}>{t('triageFilters.from')}</label>
        <input
          id={ids.from}
          type="date"
          value={filter.from}
          max={filter.to || undefined}
          onChange={(event) => {
            set('from', event.target.value);
          }}
        />
      </div>
      <div className="field">
        <label htmlFor={ids.to}>{t('triageFilters.to')}</label>
        <input
          id={ids.to}
          type="date"
          value={filter.to}
          min={filter.from || undefined}
          onChange={(event) => {
            set('to', event.target.value);
          }}
        />
      </div>
      {active ? (
        <button
          type="button"
          className="button button--ghost"
          onClick={() => {
            onChange(noFilter);
          }}
        >
          {t('triageFilters.clear')}
        </button>
      ) : null}
    </form>
  );
}

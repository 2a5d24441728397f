import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { apiRequest } from '../api/client.js';
import { incidentStatuses, type Incident, type IncidentStatus } from '../api/types.js';
import { SeverityBadge, StatusBadge } from '../components/badges.js';
import { useDocumentTitle } from '../components/document-title.js';
import { ErrorMessage } from '../components/error-message.js';
import { Loading } from '../components/loading.js';
import { formatDateTime } from '../lib/dates.js';

function isStatus(value: string | null): value is IncidentStatus {
  return value !== null && (incidentStatuses as readonly string[]).includes(value);
}

export function IncidentsPage() {
  const { t, i18n } = useTranslation();
  useDocumentTitle(t('incidents.title'));
  const [params, setParams] = useSearchParams();
  const rawStatus = params.get('status');
  const status = isStatus(rawStatus) ? rawStatus : null;
  const filterId = useId();
  const incidents = useQuery({
    queryKey: ['incidents', status],
    queryFn: ({ signal }) =>
      apiRequest<{ incidents: Incident[] }>(
        status ? `/api/incidents?status=${status}` : '/api/incidents',
        { signal },
      ),
    refetchInterval: 60_000,
  });

  return (
    <section className="page" aria-labelledby="page-title">
      <div className="page__header">
        <h1 id="page-title" tabIndex={-1}>
          {t('incidents.title')}
        </h1>
        <div className="field field--inline">
          <label htmlFor={filterId}>{t('incidents.filterStatus')}</label>
          <select
            id={filterId}
            value={status ?? ''}
            onChange={(event) => {
              const value = event.target.value;
              setParams(value ? { status: value } : {});
            }}
          >
            <option value="">{t('incidents.allStatuses')}</option>
            {incidentStatuses.map((value) => (
              <option key={value} value={value}>
                {t(`incidentStatus.${value}`)}
              </option>
            ))}
          </select>
        </div>
      </div>
      {incidents.isPending ? (
        <Loading />
      ) : incidents.isError ? (
        <ErrorMessage error={incidents.error} />
      ) : incidents.data.incidents.length === 0 ? (
        <p className="empty">{t('incidents.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">{t('incidents.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('incidents.columns.title')}</th>
                <th scope="col">{t('incidents.columns.status')}</th>
                <th scope="col">{t('incidents.columns.severity')}</th>
                <th scope="col">{t('incidents.columns.detected')}</th>
              </tr>
            </thead>
            <tbody>
              {incidents.data.incidents.map((incident) => (
                <tr key={incident.id}>
                  <td>
                    <Link to={`/incidents/${incident.id}`}>{incident.title}</Link>
                  </td>
                  <td>
                    <StatusBadge status={incident.status} />
                  </td>
                  <td>
                    <SeverityBadge severity={incident.severity} />
                  </td>
                  <td>{formatDateTime(incident.detectedAt, i18n.language)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { apiRequest } from '../api/client.js';
import type { Deadline, IncidentDetail, IncidentNotification } from '../api/types.js';
import { hasPermission, useSignedIn } from '../app/session.js';
import { SeverityBadge, StatusBadge } from '../components/badges.js';
import { useDocumentTitle } from '../components/document-title.js';
import { ErrorMessage } from '../components/error-message.js';
import { Loading } from '../components/loading.js';
import { useNow } from '../components/now.js';
import { formatDateTime } from '../lib/dates.js';
import { formatCountdown, secondsUntil } from '../lib/duration.js';
import {
  CommentForm,
  EvidenceGallery,
  NextStep,
  SpreadChart,
  Tasks,
} from './incident/incident-work.js';

export function IncidentDetailPage() {
  const { t, i18n } = useTranslation();
  const { id = '' } = useParams();
  const session = useSignedIn();
  const detail = useQuery({
    queryKey: ['incidents', 'detail', id],
    queryFn: ({ signal }) =>
      apiRequest<IncidentDetail>(`/api/incidents/${encodeURIComponent(id)}`, { signal }),
    refetchInterval: 60_000,
  });
  useDocumentTitle(detail.data?.incident.title ?? t('incident.title'));

  if (detail.isPending) return <Loading />;
  if (detail.isError)
    return (
      <section className="page" aria-labelledby="page-title">
        <h1 id="page-title" tabIndex={-1}>
          {t('incident.title')}
        </h1>
        <ErrorMessage error={detail.error} />
        <Link to="/incidents">{t('incident.back')}</Link>
      </section>
    );

  const { incident, spread, deadlines, sightings, notifications, timeline, tasks, alerts } =
    detail.data;
  const language = i18n.language;
  const canManage = hasPermission(session, 'incidents:manage');
  return (
    <section className="page" aria-labelledby="page-title">
      <p>
        <Link to="/incidents">{t('incident.back')}</Link>
      </p>
      <div className="page__header">
        <h1 id="page-title" tabIndex={-1}>
          {incident.title}
        </h1>
        <div className="badges">
          <StatusBadge status={incident.status} />
          <SeverityBadge severity={incident.severity} />
        </div>
      </div>

      <dl className="facts">
        <div>
          <dt>{t('incident.detectedAt')}</dt>
          <dd>{formatDateTime(incident.detectedAt, language)}</dd>
        </div>
        <div>
          <dt>{t('incident.spread')}</dt>
          <dd>
            {t('incident.spreadValue', { sightings: spread.sightings, places: spread.places })}
          </dd>
        </div>
        <div>
          <dt>{t('incident.closedAt')}</dt>
          <dd>{formatDateTime(incident.closedAt, language)}</dd>
        </div>
      </dl>

      <div className="actions">
        {hasPermission(session, 'evidence:view') ? (
          <a className="button" href={`/api/incidents/${incident.id}/evidence.zip`} download>
            {t('incident.evidenceZip')}
          </a>
        ) : null}
        {hasPermission(session, 'incidents:read') ? (
          <a
            className="button"
            href={`/api/incidents/${incident.id}/report`}
            target="_blank"
            rel="noopener"
          >
            {t('incident.report')}
          </a>
        ) : null}
      </div>

      <NextStep incident={incident} canManage={canManage} />

      <h2>{t('incident.deadlines')}</h2>
      <Deadlines deadlines={deadlines} />

      <h2>{t('incident.notifications')}</h2>
      <Notifications notifications={notifications} />

      <Tasks incidentId={incident.id} tasks={tasks} canManage={canManage} />

      {alerts.length > 0 ? (
        <EvidenceGallery alerts={alerts} canReveal={hasPermission(session, 'evidence:view')} />
      ) : null}

      <h2>{t('incident.sightings')}</h2>
      <SpreadChart sightings={sightings} />
      {sightings.length === 0 ? (
        <p className="empty">{t('incident.noSightings')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">{t('incident.sightings')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('incident.sightingColumns.source')}</th>
                <th scope="col">{t('incident.sightingColumns.post')}</th>
                <th scope="col">{t('incident.sightingColumns.firstSeen')}</th>
                <th scope="col">{t('incident.sightingColumns.state')}</th>
              </tr>
            </thead>
            <tbody>
              {sightings.map((sighting) => (
                <tr key={sighting.postId}>
                  <td>{sighting.source.name ?? sighting.source.url}</td>
                  <td>
                    {sighting.permalink ? (
                      <a href={sighting.permalink} target="_blank" rel="noopener noreferrer">
                        {t('incident.openPost')}
                      </a>
                    ) : (
                      '—'
                    )}
                  </td>
                  <td>{formatDateTime(sighting.firstSeenAt, language)}</td>
                  <td>
                    {sighting.goneAt
                      ? t('incident.goneAt', { at: formatDateTime(sighting.goneAt, language) })
                      : t('incident.stillOnline')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2>{t('incident.timeline')}</h2>
      {timeline.length === 0 ? (
        <p className="empty">{t('incident.noEvents')}</p>
      ) : (
        <ol className="timeline">
          {timeline.map((event, index) => (
            <li key={`${event.at}-${index}`}>
              <time dateTime={event.at}>{formatDateTime(event.at, language)}</time>{' '}
              <span>{t(`timeline.${event.type}`, { defaultValue: event.type })}</span>
              {typeof event.data['text'] === 'string' ? (
                <blockquote className="timeline__comment">{event.data['text']}</blockquote>
              ) : null}
              {typeof event.data['title'] === 'string' ? (
                <span className="timeline__detail">: {event.data['title']}</span>
              ) : null}
            </li>
          ))}
        </ol>
      )}
      {canManage ? <CommentForm incidentId={incident.id} /> : null}
    </section>
  );
}

function Deadlines({ deadlines }: { deadlines: Deadline[] }) {
  const { t, i18n } = useTranslation();
  const now = useNow(30_000);
  if (deadlines.length === 0) return <p className="empty">{t('incident.noDeadlines')}</p>;
  return (
    <ul className="deadlines">
      {deadlines.map((deadline) => {
        const left = secondsUntil(deadline.dueAt, now);
        const state = deadline.met ? 'met' : left < 0 ? 'overdue' : 'running';
        return (
          <li key={deadline.rule} className={`deadline deadline--${state}`}>
            <span className="deadline__label">{deadline.label}</span>
            <span className="deadline__due">
              {t('incident.dueAt', { at: formatDateTime(deadline.dueAt, i18n.language) })}
            </span>
            <strong className="deadline__countdown">
              {deadline.met ? t('incident.deadlineMet') : formatCountdown(left, t)}
            </strong>
          </li>
        );
      })}
    </ul>
  );
}

function Notifications({ notifications }: { notifications: IncidentNotification[] }) {
  const { t, i18n } = useTranslation();
  if (notifications.length === 0) return <p className="empty">{t('incident.noNotifications')}</p>;
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">{t('incident.notifications')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('incident.notificationColumns.target')}</th>
            <th scope="col">{t('incident.notificationColumns.event')}</th>
            <th scope="col">{t('incident.notificationColumns.channel')}</th>
            <th scope="col">{t('incident.notificationColumns.delivery')}</th>
            <th scope="col">{t('incident.notificationColumns.acknowledged')}</th>
          </tr>
        </thead>
        <tbody>
          {notifications.map((notification) => (
            <tr key={notification.id}>
              <td>{notification.target ?? t('incident.personalNotice')}</td>
              <td>
                {t(`notificationEvent.${notification.event}`, {
                  defaultValue: notification.event,
                })}
              </td>
              <td>{t(`channel.${notification.channel}`)}</td>
              <td>
                <span className={`badge badge--delivery-${notification.status}`}>
                  {t(`delivery.${notification.status}`)}
                </span>{' '}
                {notification.deliveredAt
                  ? formatDateTime(notification.deliveredAt, i18n.language)
                  : t('incident.attempts', { count: notification.attempts })}
              </td>
              <td>
                {notification.acknowledgedAt
                  ? t('incident.acknowledgedBy', {
                      by: notification.acknowledgedBy ?? '—',
                      at: formatDateTime(notification.acknowledgedAt, i18n.language),
                    })
                  : t('incident.notAcknowledged')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

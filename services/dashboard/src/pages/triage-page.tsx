import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useEffectEvent, useId, useRef, useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { apiRequest } from '../api/client.js';
import {
  dismissReasons,
  type Alert,
  type AlertGroup,
  type Decision,
  type DecisionResult,
  type DismissReason,
} from '../api/types.js';
import { hasPermission, useSignedIn } from '../app/session.js';
import { useDocumentTitle } from '../components/document-title.js';
import { ErrorMessage } from '../components/error-message.js';
import { Loading } from '../components/loading.js';
import { formatDateTime } from '../lib/dates.js';
import { moveSelection, triageActionFor } from '../lib/shortcuts.js';
import { filterFromSearch, filterToSearch } from '../lib/triage-filter.js';
import { AlertView } from './triage/alert-view.js';
import { TriageFilters } from './triage/triage-filters.js';

interface Outcome {
  action: Decision['action'];
  title: string;
  count: number;
  incidents: DecisionResult['incidents'];
}

export function TriagePage() {
  const { t, i18n } = useTranslation();
  useDocumentTitle(t('triage.title'));
  const session = useSignedIn();
  const canDecide = hasPermission(session, 'alerts:triage');
  const queryClient = useQueryClient();
  const [selectedKey, setSelectedKey] = useState<string | null>(null);
  const [dismissing, setDismissing] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [chosenAlertId, setChosenAlertId] = useState<string | null>(null);
  const [revealed, setRevealed] = useState(false);
  const [searchParams, setSearchParams] = useSearchParams();
  const filter = filterFromSearch(searchParams);
  const filterQuery = filterToSearch(filter).toString();
  const canReveal = hasPermission(session, 'evidence:view');

  // Live updates refresh the queue as alerts arrive; the interval is a fallback.
  const groups = useQuery({
    queryKey: ['alert-groups', 'new', filterQuery],
    queryFn: ({ signal }) =>
      apiRequest<{ groups: AlertGroup[] }>(
        `/api/alerts/groups?status=new${filterQuery ? `&${filterQuery}` : ''}`,
        { signal },
      ),
    refetchInterval: 120_000,
  });
  const list = groups.data?.groups ?? [];
  const found = list.findIndex((group) => group.dedupKey === selectedKey);
  const selectedIndex = found >= 0 ? found : list.length > 0 ? 0 : -1;
  const selected = selectedIndex >= 0 ? list[selectedIndex] : undefined;

  const alerts = useQuery({
    queryKey: ['alerts', selected?.dedupKey, 'new'],
    enabled: selected !== undefined,
    queryFn: ({ signal }) =>
      apiRequest<{ alerts: Alert[] }>(
        `/api/alerts?${new URLSearchParams({ dedupKey: selected?.dedupKey ?? '', status: 'new' }).toString()}`,
        { signal },
      ),
  });
  const alertIds = (alerts.data?.alerts ?? []).map((alert) => alert.id);
  const shownAlertId =
    chosenAlertId && alertIds.includes(chosenAlertId) ? chosenAlertId : (alertIds[0] ?? null);

  const decide = useMutation({
    mutationFn: (decision: Decision) =>
      apiRequest<DecisionResult>('/api/alerts/decisions', {
        method: 'POST',
        body: decision,
        csrfToken: session.csrfToken,
      }),
    onSuccess: async (result, decision) => {
      setOutcome({
        action: decision.action,
        title: groupTitle(selected),
        count: result.decided.length,
        incidents: result.incidents,
      });
      setDismissing(false);
      // The next group takes the decided one's place in the list.
      const next = list[selectedIndex + 1] ?? list[selectedIndex - 1];
      setSelectedKey(next?.dedupKey ?? null);
      setChosenAlertId(null);
      setRevealed(false);
      await queryClient.invalidateQueries({ queryKey: ['alert-groups'] });
      await queryClient.invalidateQueries({ queryKey: ['incidents'] });
    },
  });

  function groupTitle(group: AlertGroup | undefined): string {
    if (!group) return '';
    return group.documentTitle ?? t('triage.unregisteredDocument');
  }

  const select = (index: number) => {
    const group = list[index];
    if (!group) return;
    setSelectedKey(group.dedupKey);
    setDismissing(false);
    setChosenAlertId(null);
    // Personal data goes back under blur when the officer moves on.
    setRevealed(false);
    document.querySelector<HTMLElement>(`[data-group-index="${index}"]`)?.focus();
  };

  const confirm = () => {
    if (!canDecide || alertIds.length === 0 || decide.isPending) return;
    decide.mutate({ action: 'confirm', alertIds });
  };

  // The listener is installed once; the effect event sees the latest list and selection.
  const onShortcut = useEffectEvent((event: KeyboardEvent) => {
    const target = event.target instanceof HTMLElement ? event.target : null;
    const action = triageActionFor({
      key: event.key,
      altKey: event.altKey,
      ctrlKey: event.ctrlKey,
      metaKey: event.metaKey,
      target: target
        ? { tagName: target.tagName, isContentEditable: target.isContentEditable }
        : null,
    });
    if (!action || dismissing) return;
    event.preventDefault();
    switch (action) {
      case 'next':
      case 'previous':
        select(moveSelection(selectedIndex, action, list.length));
        break;
      case 'confirm':
        confirm();
        break;
      case 'dismiss':
        if (canDecide && alertIds.length > 0) setDismissing(true);
        break;
    }
  });
  useEffect(() => {
    const listener = (event: KeyboardEvent) => {
      onShortcut(event);
    };
    document.addEventListener('keydown', listener);
    return () => {
      document.removeEventListener('keydown', listener);
    };
  }, []);

  return (
    <section className="page" aria-labelledby="page-title">
      <div className="page__header">
        <h1 id="page-title" tabIndex={-1}>
          {t('triage.title')}
        </h1>
        <p className="shortcut-hints" aria-label={t('triage.shortcuts.label')}>
          <kbd>j</kbd>/<kbd>k</kbd> {t('triage.shortcuts.move')}
          {canDecide ? (
            <>
              {' · '}
              <kbd>c</kbd> {t('triage.shortcuts.confirm')} · <kbd>d</kbd>{' '}
              {t('triage.shortcuts.dismiss')}
            </>
          ) : null}
        </p>
      </div>

      <TriageFilters
        filter={filter}
        onChange={(next) => {
          setSearchParams(filterToSearch(next), { replace: true });
        }}
      />

      {outcome ? <OutcomeNotice outcome={outcome} /> : null}
      {decide.isError ? <ErrorMessage error={decide.error} /> : null}

      {groups.isPending ? (
        <Loading />
      ) : groups.isError ? (
        <ErrorMessage error={groups.error} />
      ) : list.length === 0 ? (
        <p className="empty">{t('triage.empty')}</p>
      ) : (
        <div className="triage">
          <nav
            className="triage__queue"
            aria-label={t('triage.queueLabel', { count: list.length })}
          >
            <ol className="group-list">
              {list.map((group, index) => (
                <li key={group.dedupKey}>
                  <button
                    type="button"
                    className="group-list__item"
                    data-group-index={index}
                    aria-current={index === selectedIndex ? 'true' : undefined}
                    onClick={() => {
                      select(index);
                    }}
                  >
                    <span className="group-list__title">{groupTitle(group)}</span>
                    <span className="group-list__meta">
                      {t('triage.alertCount', { count: group.alerts })} ·{' '}
                      {t(`alertKind.${group.kind}`, { defaultValue: group.kind })}
                    </span>
                    <span className="group-list__meta">
                      {group.maxScore === null
                        ? null
                        : `${t(
                            group.kind === 'match'
                              ? 'triageFilters.scoreShort'
                              : 'triageFilters.riskShort',
                            { percent: Math.round(group.maxScore * 100) },
                          )} · `}
                      {t('triageFilters.spread', {
                        count: group.sightings,
                        places: group.places,
                      })}
                    </span>
                    <span className="group-list__meta">
                      {t('triage.lastSeen', { at: formatDateTime(group.lastAt, i18n.language) })}
                    </span>
                  </button>
                </li>
              ))}
            </ol>
          </nav>

          {selected ? (
            <article className="triage__detail" aria-labelledby="group-title">
              <h2 id="group-title">{groupTitle(selected)}</h2>
              <dl className="facts">
                <div>
                  <dt>{t('triage.kind')}</dt>
                  <dd>{t(`alertKind.${selected.kind}`, { defaultValue: selected.kind })}</dd>
                </div>
                <div>
                  <dt>{t('triage.alerts')}</dt>
                  <dd>{selected.alerts}</dd>
                </div>
                <div>
                  <dt>{t('triage.firstSeen')}</dt>
                  <dd>{formatDateTime(selected.firstAt, i18n.language)}</dd>
                </div>
                <div>
                  <dt>{t('triage.lastSeenLabel')}</dt>
                  <dd>{formatDateTime(selected.lastAt, i18n.language)}</dd>
                </div>
              </dl>

              {canDecide ? (
                <div className="actions">
                  <button
                    type="button"
                    className="button button--primary"
                    disabled={alertIds.length === 0 || decide.isPending}
                    onClick={confirm}
                    aria-keyshortcuts="c"
                  >
                    {t('triage.confirm', { count: alertIds.length })}
                  </button>
                  <button
                    type="button"
                    className="button"
                    disabled={alertIds.length === 0 || decide.isPending}
                    aria-expanded={dismissing}
                    aria-keyshortcuts="d"
                    onClick={() => {
                      setDismissing(true);
                    }}
                  >
                    {t('triage.dismiss')}
                  </button>
                </div>
              ) : null}

              {dismissing ? (
                <DismissForm
                  busy={decide.isPending}
                  onCancel={() => {
                    setDismissing(false);
                  }}
                  onSubmit={(reason, note) => {
                    decide.mutate({
                      action: 'dismiss',
                      alertIds,
                      reason,
                      ...(note ? { note } : {}),
                    });
                  }}
                />
              ) : null}

              <h3>{t('triage.alertsHeading')}</h3>
              {alerts.isPending ? (
                <Loading />
              ) : alerts.isError ? (
                <ErrorMessage error={alerts.error} />
              ) : (
                <AlertTable
                  alerts={alerts.data.alerts}
                  shownId={shownAlertId}
                  onShow={setChosenAlertId}
                />
              )}
              {shownAlertId ? (
                <AlertView
                  key={shownAlertId}
                  alertId={shownAlertId}
                  revealed={revealed}
                  canReveal={canReveal}
                  onReveal={setRevealed}
                />
              ) : null}
            </article>
          ) : null}
        </div>
      )}
    </section>
  );
}

function OutcomeNotice({ outcome }: { outcome: Outcome }) {
  const { t } = useTranslation();
  return (
    <div className="notice notice--success" role="status">
      <p>
        {outcome.action === 'confirm'
          ? t('triage.confirmed', { count: outcome.count, title: outcome.title })
          : t('triage.dismissed', { count: outcome.count, title: outcome.title })}
      </p>
      {outcome.incidents.length > 0 ? (
        <ul>
          {outcome.incidents.map((incident) => (
            <li key={incident.id}>
              <Link to={`/incidents/${incident.id}`}>
                {incident.opened ? t('triage.incidentOpened') : t('triage.incidentJoined')}
              </Link>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function DismissForm({
  busy,
  onCancel,
  onSubmit,
}: {
  busy: boolean;
  onCancel: () => void;
  onSubmit: (reason: DismissReason, note: string) => void;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState<DismissReason | ''>('');
  const [note, setNote] = useState('');
  const reasonId = useId();
  const noteId = useId();
  const reasonRef = useRef<HTMLSelectElement>(null);
  useEffect(() => {
    reasonRef.current?.focus();
  }, []);
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    if (reason) onSubmit(reason, note.trim());
  };
  return (
    <form
      className="form dismiss-form"
      aria-label={t('triage.dismissForm')}
      onSubmit={submit}
      onKeyDown={(event) => {
        if (event.key === 'Escape') onCancel();
      }}
    >
      <div className="field">
        <label htmlFor={reasonId}>{t('triage.reason')}</label>
        <select
          id={reasonId}
          ref={reasonRef}
          required
          value={reason}
          onChange={(event) => {
            setReason(event.target.value as DismissReason | '');
          }}
        >
          <option value="">{t('triage.chooseReason')}</option>
          {dismissReasons.map((value) => (
            <option key={value} value={value}>
              {t(`dismissReason.${value}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={noteId}>{t('triage.note')}</label>
        <textarea
          id={noteId}
          rows={2}
          maxLength={2000}
          value={note}
          onChange={(event) => {
            setNote(event.target.value);
          }}
        />
      </div>
      <div className="actions">
        <button type="submit" className="button button--danger" disabled={busy || !reason}>
          {t('triage.dismissSubmit')}
        </button>
        <button type="button" className="button button--ghost" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

function AlertTable({
  alerts,
  shownId,
  onShow,
}: {
  alerts: Alert[];
  shownId: string | null;
  onShow: (id: string) => void;
}) {
  const { t, i18n } = useTranslation();
  if (alerts.length === 0) return <p className="empty">{t('triage.noAlerts')}</p>;
  const percent = new Intl.NumberFormat(i18n.language === 'en' ? 'en-GB' : 'vi-VN', {
    style: 'percent',
    maximumFractionDigits: 0,
  });
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">{t('triage.alertsHeading')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('triage.columns.detected')}</th>
            <th scope="col">{t('triage.columns.kind')}</th>
            <th scope="col">{t('triage.columns.score')}</th>
            <th scope="col">{t('triage.columns.findings')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('alertView.show')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {alerts.map((alert) => (
            <tr key={alert.id} aria-current={alert.id === shownId ? 'true' : undefined}>
              <td>{formatDateTime(alert.createdAt, i18n.language)}</td>
              <td>{t(`alertKind.${alert.kind}`)}</td>
              <td>{alert.score === null ? '—' : percent.format(alert.score)}</td>
              <td>
                {alert.findings.length === 0
                  ? '—'
                  : alert.findings
                      .map(
                        (finding) =>
                          `${t(`findings.${finding.kind}`, { defaultValue: finding.kind })}: ${finding.count}`,
                      )
                      .join(', ')}
              </td>
              <td>
                <button
                  type="button"
                  className="button button--ghost"
                  disabled={alert.id === shownId}
                  onClick={() => {
                    onShow(alert.id);
                  }}
                >
                  {alert.id === shownId ? t('alertView.showing') : t('alertView.show')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

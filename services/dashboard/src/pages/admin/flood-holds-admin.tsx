import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { apiRequest } from '../../api/client.js';
import { ApiError } from '../../api/problem.js';
import type { FloodHold, ManagedUser } from '../../api/types.js';
import { hasPermission, useSignedIn } from '../../app/session.js';
import { DataTable } from '../../components/data-table.js';
import { useDocumentTitle } from '../../components/document-title.js';
import { ErrorMessage } from '../../components/error-message.js';
import { Loading } from '../../components/loading.js';
import { formatDateTime } from '../../lib/dates.js';
import {
  describeFloodHold,
  floodHoldState,
  formatUsualRate,
  holdSubject,
  linkedHold,
  usualRate,
  type FloodHoldState,
} from '../../lib/flood-holds.js';
import { ConfirmDialog, StatusMessage } from './admin-widgets.js';
import { usersKey } from './users-admin.js';

/**
 * Under the `alerts` root: a hold's counts move with its page's alerts, and live updates fetch
 * that root again whenever alerts change (lib/live-updates.ts).
 */
const floodHoldsKey = ['alerts', 'flood-holds'] as const;
/** The API's largest page: every hold an e-mail can still link to is in it. */
const listLimit = 500;

type Action = 'release' | 'dismiss';

interface Pending {
  action: Action;
  hold: FloodHold;
}

const stateTone: Record<FloodHoldState, string> = {
  open: 'badge badge--tone-warning',
  released: 'badge badge--tone-ok',
  dismissed: 'badge badge--off',
};

/**
 * Flood holds: pages whose alerts the flood guard holds back. The administrators' e-mail about a
 * new hold links to /admin/flood-holds/<id>, which shows the list with that hold marked and in
 * view. Each open hold is released to triage or dismissed, after a confirmation.
 */
export function FloodHoldsAdmin() {
  const { t, i18n } = useTranslation();
  useDocumentTitle(t('floodHoldsAdmin.title'));
  const session = useSignedIn();
  const { id: holdId } = useParams();
  const queryClient = useQueryClient();
  const [pending, setPending] = useState<Pending | null>(null);
  const [note, setNote] = useState('');
  const [status, setStatus] = useState<string | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const linkedRowRef = useRef<HTMLTableRowElement>(null);
  const shownLink = useRef<string | null>(null);
  const noteId = useId();
  const noteHintId = useId();

  const holds = useQuery({
    queryKey: floodHoldsKey,
    queryFn: ({ signal }) =>
      apiRequest<{ holds: FloodHold[] }>(`/api/flood-holds?limit=${listLimit}`, { signal }),
  });
  // Who ended a hold: names for those allowed to list accounts; the others see no names.
  const users = useQuery({
    queryKey: usersKey,
    enabled: hasPermission(session, 'users:manage'),
    queryFn: ({ signal }) => apiRequest<{ users: ManagedUser[] }>('/api/users', { signal }),
  });
  const names = new Map((users.data?.users ?? []).map((user) => [user.id, user.displayName]));
  const who = (id: string) => names.get(id) ?? t('floodHoldsAdmin.someone');

  const end = useMutation({
    mutationFn: ({ action, hold }: Pending) =>
      apiRequest<{ hold: FloodHold; alerts: number }>(
        `/api/flood-holds/${encodeURIComponent(hold.id)}/release`,
        {
          method: 'POST',
          csrfToken: session.csrfToken,
          body: note.trim() === '' ? { action } : { action, note: note.trim() },
        },
      ),
    onSuccess: async (result, { action, hold }) => {
      setPending(null);
      setNote('');
      const values = { count: result.alerts, subject: holdSubject(hold, t) };
      setStatus(
        action === 'release'
          ? t('floodHoldsAdmin.released', values)
          : t('floodHoldsAdmin.dismissed', values),
      );
      await queryClient.invalidateQueries({ queryKey: floodHoldsKey });
      // The row's buttons are gone: the keyboard resumes at the list's heading.
      headingRef.current?.focus();
    },
    // Ended or deleted meanwhile: the list is read again, so the row shows where it stands.
    onError: async () => {
      await queryClient.invalidateQueries({ queryKey: floodHoldsKey });
    },
  });

  const linked = linkedHold(holds.data?.holds ?? [], holdId);
  const linkedId = linked.status === 'found' ? linked.hold.id : null;
  // The linked hold is brought into view and given the focus once, not at every refresh.
  useEffect(() => {
    if (linkedId === null || shownLink.current === linkedId) return;
    shownLink.current = linkedId;
    linkedRowRef.current?.scrollIntoView({ block: 'center' });
    linkedRowRef.current?.focus({ preventScroll: true });
  }, [linkedId]);

  const problemCode = end.error instanceof ApiError ? end.error.problem.code : undefined;
  const refusal =
    problemCode === 'LW_CONFLICT'
      ? t('floodHoldsAdmin.alreadyEnded')
      : problemCode === 'LW_NOT_FOUND'
        ? t('floodHoldsAdmin.gone')
        : null;

  const open = (action: Action, hold: FloodHold) => {
    end.reset();
    setStatus(null);
    setNote('');
    setPending({ action, hold });
  };

  return (
    <section className="flood-holds" aria-labelledby="flood-holds-admin-title">
      <h2 id="flood-holds-admin-title" ref={headingRef} tabIndex={-1}>
        {t('floodHoldsAdmin.title')}
      </h2>
      <p className="muted">{t('floodHoldsAdmin.intro')}</p>
      <StatusMessage message={status} />
      {holds.isPending ? (
        <Loading />
      ) : holds.isError ? (
        <ErrorMessage error={holds.error} />
      ) : (
        <>
          {linked.status === 'found' ? (
            <p className="notice flood-holds__linked">
              {t('floodHoldsAdmin.linkedFound', {
                summary: describeFloodHold(linked.hold, t, i18n.language),
              })}
            </p>
          ) : linked.status === 'missing' ? (
            <p className="notice notice--error" role="alert">
              {t('floodHoldsAdmin.linkedMissing')}
            </p>
          ) : null}
          {holds.data.holds.length === 0 ? (
            <p className="empty">{t('floodHoldsAdmin.empty')}</p>
          ) : (
            <DataTable
              caption={t('floodHoldsAdmin.caption')}
              columns={[
                t('floodHoldsAdmin.columns.document'),
                t('floodHoldsAdmin.columns.startedAt'),
                { label: t('floodHoldsAdmin.columns.held'), numeric: true },
                { label: t('floodHoldsAdmin.columns.trigger'), numeric: true },
                t('floodHoldsAdmin.columns.usual'),
                t('floodHoldsAdmin.columns.state'),
                t('floodHoldsAdmin.columns.actions'),
              ]}
            >
              {holds.data.holds.map((hold) => {
                const state = floodHoldState(hold);
                const isLinked = hold.id === linkedId;
                const usual = usualRate(hold.baselinePerHour);
                const subject = holdSubject(hold, t);
                return (
                  <tr
                    key={hold.id}
                    ref={isLinked ? linkedRowRef : undefined}
                    tabIndex={isLinked ? -1 : undefined}
                    aria-current={isLinked ? 'true' : undefined}
                    className={
                      isLinked
                        ? 'flood-holds__row--linked'
                        : state === 'open'
                          ? undefined
                          : 'row--muted'
                    }
                  >
                    <td>
                      {hold.documentTitle ?? t('floodHoldsAdmin.unknownDocument')}
                      {hold.pageNumber === null ? null : (
                        <span className="muted small cell-note">
                          {t('floodHoldsAdmin.page', { page: hold.pageNumber })}
                        </span>
                      )}
                      {isLinked ? (
                        <span className="badge badge--tone-neutral cell-note flood-holds__mark">
                          {t('floodHoldsAdmin.linkedMark')}
                        </span>
                      ) : null}
                    </td>
                    <td>{formatDateTime(hold.startedAt, i18n.language)}</td>
                    <td className="numeric">{state === 'open' ? hold.quarantinedAlerts : '—'}</td>
                    <td className="numeric">{hold.triggerCount}</td>
                    <td>
                      {usual === null
                        ? t('floodHoldsAdmin.usualNone')
                        : formatUsualRate(usual, t, i18n.language)}
                    </td>
                    <td>
                      <span className={stateTone[state]}>
                        {t(`floodHoldsAdmin.state.${state}`)}
                      </span>
                      {hold.endedAt === null ? null : (
                        <span className="muted small cell-note">
                          {hold.endedBy === null
                            ? t('floodHoldsAdmin.endedAt', {
                                at: formatDateTime(hold.endedAt, i18n.language),
                              })
                            : t('floodHoldsAdmin.endedBy', {
                                at: formatDateTime(hold.endedAt, i18n.language),
                                who: who(hold.endedBy),
                              })}
                        </span>
                      )}
                    </td>
                    <td>
                      {state === 'open' ? (
                        <div className="row-actions">
                          <button
                            type="button"
                            className="button button--small button--primary"
                            aria-label={t('floodHoldsAdmin.releaseOne', { subject })}
                            onClick={() => {
                              open('release', hold);
                            }}
                          >
                            {t('floodHoldsAdmin.release')}
                          </button>
                          <button
                            type="button"
                            className="button button--small"
                            aria-label={t('floodHoldsAdmin.dismissOne', { subject })}
                            onClick={() => {
                              open('dismiss', hold);
                            }}
                          >
                            {t('floodHoldsAdmin.dismiss')}
                          </button>
                        </div>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </DataTable>
          )}
        </>
      )}
      {pending ? (
        <ConfirmDialog
          title={
            pending.action === 'release'
              ? t('floodHoldsAdmin.confirmRelease.title')
              : t('floodHoldsAdmin.confirmDismiss.title')
          }
          confirmLabel={
            pending.action === 'release'
              ? t('floodHoldsAdmin.confirmRelease.submit')
              : t('floodHoldsAdmin.confirmDismiss.submit')
          }
          danger={pending.action === 'dismiss'}
          busy={end.isPending || refusal !== null}
          error={refusal === null ? end.error : null}
          onConfirm={() => {
            end.mutate(pending);
          }}
          onCancel={() => {
            setPending(null);
          }}
        >
          <p>{describeFloodHold(pending.hold, t, i18n.language)}</p>
          <p>
            {pending.action === 'release'
              ? t('floodHoldsAdmin.confirmRelease.body', { count: pending.hold.quarantinedAlerts })
              : t('floodHoldsAdmin.confirmDismiss.body', { count: pending.hold.quarantinedAlerts })}
          </p>
          <div className="field">
            <label htmlFor={noteId}>{t('floodHoldsAdmin.note')}</label>
            <textarea
              id={noteId}
              aria-describedby={noteHintId}
              rows={3}
              maxLength={2000}
              value={note}
              onChange={(event) => {
                setNote(event.target.value);
              }}
            />
            <p className="muted small" id={noteHintId}>
              {t('floodHoldsAdmin.noteHint')}
            </p>
          </div>
          {refusal === null ? null : (
            <p className="notice notice--error" role="alert">
              {refusal}
            </p>
          )}
        </ConfirmDialog>
      ) : null}
    </section>
  );
}

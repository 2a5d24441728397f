import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiRequest } from '../../api/client.js';
import type { ManagedUser, MatchDismissal } from '../../api/types.js';
import { hasPermission, useSignedIn } from '../../app/session.js';
import { DataTable } from '../../components/data-table.js';
import { useDocumentTitle } from '../../components/document-title.js';
import { ErrorMessage } from '../../components/error-message.js';
import { Loading } from '../../components/loading.js';
import { formatDateTime } from '../../lib/dates.js';
import { ConfirmDialog, StatusMessage } from './admin-widgets.js';
import { usersKey } from './users-admin.js';

const dismissalsKey = ['admin', 'match-dismissals'] as const;

/**
 * The negative bank: pictures an officer said are not a registered page. The matcher stays
 * silent about each pair, and re-encoded copies of the picture, until an entry is taken out.
 */
export function SuppressedAdmin() {
  const { t, i18n } = useTranslation();
  useDocumentTitle(t('suppressedAdmin.title'));
  const session = useSignedIn();
  const canRemove = hasPermission(session, 'settings:manage');
  const queryClient = useQueryClient();
  const [pending, setPending] = useState<MatchDismissal | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);

  const dismissals = useQuery({
    queryKey: dismissalsKey,
    queryFn: ({ signal }) =>
      apiRequest<{ dismissals: MatchDismissal[] }>('/api/match-dismissals', { signal }),
  });
  // Who dismissed: names for those allowed to list accounts; the others see no names.
  const users = useQuery({
    queryKey: usersKey,
    enabled: hasPermission(session, 'users:manage'),
    queryFn: ({ signal }) => apiRequest<{ users: ManagedUser[] }>('/api/users', { signal }),
  });
  const names = new Map((users.data?.users ?? []).map((user) => [user.id, user.displayName]));

  const remove = useMutation({
    mutationFn: (dismissal: MatchDismissal) =>
      apiRequest<undefined>(`/api/match-dismissals/${dismissal.id}`, {
        method: 'DELETE',
        csrfToken: session.csrfToken,
      }),
    onSuccess: async (_, dismissal) => {
      setPending(null);
      setStatus(
        t('suppressedAdmin.removed', {
          title: dismissal.documentTitle,
          page: dismissal.pageNumber,
        }),
      );
      await queryClient.invalidateQueries({ queryKey: dismissalsKey });
      // The row and its button are gone: the keyboard resumes at the list's heading.
      headingRef.current?.focus();
    },
  });

  const who = (id: string | null) =>
    id === null ? t('suppressedAdmin.system') : (names.get(id) ?? t('suppressedAdmin.someone'));

  return (
    <section aria-labelledby="suppressed-admin-title">
      <h2 id="suppressed-admin-title" ref={headingRef} tabIndex={-1}>
        {t('suppressedAdmin.title')}
      </h2>
      <p className="muted">{t('suppressedAdmin.intro')}</p>
      <StatusMessage message={status} />
      {dismissals.isPending ? (
        <Loading />
      ) : dismissals.isError ? (
        <ErrorMessage error={dismissals.error} />
      ) : dismissals.data.dismissals.length === 0 ? (
        <p className="empty">{t('suppressedAdmin.empty')}</p>
      ) : (
        <DataTable
          caption={t('suppressedAdmin.title')}
          columns={[
            t('suppressedAdmin.columns.document'),
            t('suppressedAdmin.columns.image'),
            t('suppressedAdmin.columns.reason'),
            t('suppressedAdmin.columns.by'),
            t('suppressedAdmin.columns.at'),
            ...(canRemove ? [t('suppressedAdmin.columns.actions')] : []),
          ]}
        >
          {dismissals.data.dismissals.map((dismissal) => (
            <tr key={dismissal.id}>
              <td>
                {dismissal.documentTitle}
                <span className="muted small cell-note">
                  {t('suppressedAdmin.page', { page: dismissal.pageNumber })}
                </span>
              </td>
              <td>
                <code title={dismissal.imageSha256}>{dismissal.imageSha256.slice(0, 12)}…</code>
              </td>
              <td>
                {t(`dismissReason.${dismissal.reason}`, { defaultValue: dismissal.reason })}
                {dismissal.note ? (
                  <span className="muted small cell-note">{dismissal.note}</span>
                ) : null}
              </td>
              <td>{who(dismissal.dismissedBy)}</td>
              <td>{formatDateTime(dismissal.createdAt, i18n.language)}</td>
              {canRemove ? (
                <td>
                  <button
                    type="button"
                    className="button button--small"
                    aria-label={t('suppressedAdmin.removeOne', {
                      title: dismissal.documentTitle,
                      page: dismissal.pageNumber,
                    })}
                    onClick={() => {
                      remove.reset();
                      setStatus(null);
                      setPending(dismissal);
                    }}
                  >
                    {t('suppressedAdmin.remove')}
                  </button>
                </td>
              ) : null}
            </tr>
          ))}
        </DataTable>
      )}
      {pending ? (
        <ConfirmDialog
          title={t('suppressedAdmin.confirm.title')}
          confirmLabel={t('suppressedAdmin.confirm.submit')}
          busy={remove.isPending}
          error={remove.error}
          onConfirm={() => {
            remove.mutate(pending);
          }}
          onCancel={() => {
            setPending(null);
          }}
        >
          <p>
            {t('suppressedAdmin.confirm.body', {
              title: pending.documentTitle,
              page: pending.pageNumber,
            })}
          </p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}

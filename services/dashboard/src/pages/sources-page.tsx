import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  useEffect,
  useId,
  useRef,
  useState,
  type ReactNode,
  type Ref,
  type SubmitEvent,
} from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { apiRequest } from '../api/client.js';
import { ApiError } from '../api/problem.js';
import type { ListedSource, MonitoringAccount, Source } from '../api/types.js';
import { useSignedIn } from '../app/session.js';
import { DataTable } from '../components/data-table.js';
import { useDocumentTitle } from '../components/document-title.js';
import { ErrorMessage } from '../components/error-message.js';
import { FormActions } from '../components/form-actions.js';
import { Loading } from '../components/loading.js';
import { useNow } from '../components/now.js';
import { formatDateTime } from '../lib/dates.js';
import { formatDuration } from '../lib/duration.js';
import {
  accountBadge,
  blocksSubmit,
  cadenceOptions,
  checkSourceUrl,
  checkStorageState,
  defaultCadenceMinutes,
  findSameTarget,
  formatRelative,
  isBlockedNow,
  nextCrawl,
  sortSources,
  sourceBadge,
  sourceLabel,
  sourceSorts,
  sourcesUsing,
  type Badge,
  type SourceSort,
  type UrlCheck,
} from '../lib/sources.js';

const sourcesKey = ['sources', 'list'] as const;
const accountsKey = ['monitoring-accounts'] as const;

/** What the last action did, said once in the live region above the list. */
type Feedback = { tone: 'success' | 'error'; text: string } | { tone: 'problem'; error: unknown };

function useCadenceLabel(): (minutes: number) => string {
  const { t } = useTranslation();
  return (minutes) => t('sourcesPage.every', { duration: formatDuration(minutes * 60, t) });
}

export function SourcesPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('nav.sources'));
  const sources = useQuery({
    queryKey: sourcesKey,
    queryFn: ({ signal }) => apiRequest<{ sources: ListedSource[] }>('/api/sources', { signal }),
    refetchInterval: 30_000,
  });
  const accounts = useQuery({
    queryKey: accountsKey,
    queryFn: ({ signal }) =>
      apiRequest<{ accounts: MonitoringAccount[] }>('/api/monitoring-accounts', { signal }),
    refetchInterval: 60_000,
  });
  const list = sources.data?.sources ?? [];
  const accountList = accounts.data?.accounts ?? [];

  return (
    <section className="page sources-page" aria-labelledby="page-title">
      <div className="page__header">
        <h1 id="page-title" tabIndex={-1}>
          {t('nav.sources')}
        </h1>
      </div>
      <p className="muted">{t('sourcesPage.intro')}</p>

      <AddSourceForm sources={list} />

      <section aria-labelledby="sources-heading">
        <h2 id="sources-heading" tabIndex={-1}>
          {t('sourcesPage.listHeading')}
        </h2>
        {sources.isPending ? (
          <Loading />
        ) : sources.isError ? (
          <ErrorMessage error={sources.error} />
        ) : (
          <SourceTable sources={list} accounts={accountList} />
        )}
      </section>

      <section aria-labelledby="accounts-heading">
        <h2 id="accounts-heading" tabIndex={-1}>
          {t('sourcesAccounts.heading')}
        </h2>
        <p className="muted">{t('sourcesAccounts.intro')}</p>
        {accounts.isPending ? (
          <Loading />
        ) : accounts.isError ? (
          <ErrorMessage error={accounts.error} />
        ) : (
          <AccountsSection accounts={accountList} sources={list} />
        )}
      </section>
    </section>
  );
}

function FeedbackNotice({ feedback }: { feedback: Feedback | null }) {
  // The live region stays in the page so screen readers hear each new message.
  return (
    <div className="sources-page__feedback" role="status" aria-live="polite">
      {feedback === null ? null : feedback.tone === 'problem' ? (
        <ErrorMessage error={feedback.error} />
      ) : (
        <p className={`notice notice--${feedback.tone}`}>{feedback.text}</p>
      )}
    </div>
  );
}

/* Adding a source. */

interface AddResult {
  source: Source;
  created: boolean;
}

function urlProblemText(t: TFunction, check: UrlCheck | null): string | null {
  if (check === null || check.ok) return null;
  return t(`sourcesUrlProblem.${check.problem}`, { value: check.value });
}

function AddSourceForm({ sources }: { sources: readonly ListedSource[] }) {
  const { t } = useTranslation();
  const session = useSignedIn();
  const queryClient = useQueryClient();
  const cadenceLabel = useCadenceLabel();
  const urlId = useId();
  const nameId = useId();
  const cadenceId = useId();
  const hintId = useId();
  const errorId = useId();
  const urlRef = useRef<HTMLInputElement>(null);
  const [url, setUrl] = useState('');
  const [name, setName] = useState('');
  const [cadence, setCadence] = useState(defaultCadenceMinutes);
  // Problems show once the person tries to add, then follow what they type.
  const [tried, setTried] = useState(false);
  const [refusal, setRefusal] = useState<{ text: string; detail: string | null } | null>(null);
  const [feedback, setFeedback] = useState<Feedback | null>(null);

  const check = url.trim() === '' && !tried ? null : checkSourceUrl(url);
  const duplicate = check ? findSameTarget(check, sources) : undefined;

  const add = useMutation({
    mutationFn: (body: { url: string; name?: string; cadenceMinutes: number }) =>
      apiRequest<AddResult>('/api/sources', {
        method: 'POST',
        body,
        csrfToken: session.csrfToken,
      }),
    onSuccess: async (result) => {
      const label = sourceLabel(result.source);
      setFeedback({
        tone: 'success',
        text: result.created
          ? t('sourcesPage.added', { name: label })
          : t('sourcesPage.alreadyWatched', { name: label }),
      });
      setUrl('');
      setName('');
      setCadence(defaultCadenceMinutes);
      setTried(false);
      setRefusal(null);
      await queryClient.invalidateQueries({ queryKey: ['sources'] });
    },
    onError: (error) => {
      if (error instanceof ApiError && error.problem.code === 'LW_SOURCE_URL_INVALID') {
        // Say it in the reader's language (the same reading as the API's), and keep the API's
        // own words for whoever has to look further.
        const own = checkSourceUrl(url);
        setRefusal({
          text: urlProblemText(t, own) ?? t('sourcesUrlProblem.refused'),
          detail: error.problem.detail ?? null,
        });
        setFeedback(null);
        urlRef.current?.focus();
      } else setFeedback({ tone: 'problem', error });
    },
  });

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    setTried(true);
    setRefusal(null);
    setFeedback(null);
    const current = checkSourceUrl(url);
    if (blocksSubmit(current) || findSameTarget(current, sources)) {
      urlRef.current?.focus();
      return;
    }
    add.mutate({
      url: url.trim(),
      ...(name.trim() ? { name: name.trim() } : {}),
      cadenceMinutes: cadence,
    });
  };

  const localProblem =
    check && blocksSubmit(check)
      ? urlProblemText(t, check)
      : duplicate
        ? t('sourcesPage.duplicate', { name: sourceLabel(duplicate) })
        : null;
  const problem = refusal?.text ?? localProblem;

  return (
    <section aria-labelledby="add-source-heading" className="sources-page__add">
      <h2 id="add-source-heading">{t('sourcesPage.addHeading')}</h2>
      <form className="form" onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor={urlId}>{t('sourcesPage.url')}</label>
          <input
            id={urlId}
            ref={urlRef}
            type="text"
            inputMode="url"
            autoComplete="off"
            spellCheck={false}
            placeholder={t('sourcesPage.urlPlaceholder')}
            required
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem ? `${errorId} ${hintId}` : hintId}
            value={url}
            onChange={(event) => {
              setUrl(event.target.value);
              setRefusal(null);
            }}
          />
          <p id={hintId} className="field__hint">
            {check?.ok
              ? t('sourcesPage.willWatch', {
                  kind: t(`sourcesKind.${check.kind}`),
                  key: check.canonicalKey,
                })
              : t('sourcesPage.urlHint')}
          </p>
          {problem ? (
            <p id={errorId} className="field__error" role="alert">
              {problem}
              {refusal?.detail ? (
                <>
                  {' '}
                  <span className="field__detail">
                    {t('sourcesPage.apiSaid')} <span lang="en">{refusal.detail}</span>
                  </span>
                </>
              ) : null}
            </p>
          ) : null}
        </div>
        <div className="sources-page__add-row">
          <div className="field">
            <label htmlFor={nameId}>{t('sourcesPage.name')}</label>
            <input
              id={nameId}
              type="text"
              maxLength={200}
              placeholder={t('sourcesPage.namePlaceholder')}
              value={name}
              onChange={(event) => {
                setName(event.target.value);
              }}
            />
          </div>
          <div className="field">
            <label htmlFor={cadenceId}>{t('sourcesPage.cadence')}</label>
            <select
              id={cadenceId}
              value={cadence}
              onChange={(event) => {
                setCadence(Number(event.target.value));
              }}
            >
              {cadenceOptions().map((minutes) => (
                <option key={minutes} value={minutes}>
                  {cadenceLabel(minutes)}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="actions">
          <button type="submit" className="button button--primary" disabled={add.isPending}>
            {add.isPending ? t('sourcesPage.adding') : t('sourcesPage.add')}
          </button>
        </div>
      </form>
      <FeedbackNotice feedback={feedback} />
    </section>
  );
}

/* The list. */

/** The state, and what happens next when something is wrong (`until`: when it may change). */
function StateBadge({
  badge,
  until,
  paused,
}: {
  badge: Badge<string>;
  until: string | null;
  paused?: boolean;
}) {
  const { t, i18n } = useTranslation();
  return (
    <>
      <span className="badges badges--wrap">
        <span className={`badge badge--tone-${badge.tone}`} data-status={badge.status}>
          {t(`sourcesStatus.${badge.status}`)}
        </span>
        {paused ? (
          <span className="badge badge--tone-paused">{t('sourcesStatus.paused')}</span>
        ) : null}
      </span>
      {badge.nextStep ? (
        <span className="sources-table__step">
          {t(`sourcesNextStep.${badge.nextStep}`, { at: formatDateTime(until, i18n.language) })}
        </span>
      ) : null}
    </>
  );
}

function When({ iso, now }: { iso: string; now: number }) {
  const { i18n } = useTranslation();
  return (
    <span className="when">
      <span>{formatRelative(iso, now, i18n.language)}</span>
      <time className="when__absolute" dateTime={iso}>
        {formatDateTime(iso, i18n.language)}
      </time>
    </span>
  );
}

/** When something last happened, or `never` when it has not yet. */
function LastTime({ iso, now, never }: { iso: string | null; now: number; never: string }) {
  return iso === null ? <span className="muted">{never}</span> : <When iso={iso} now={now} />;
}

/** A row's heading cell: the name, then what else identifies it. */
function NameCell({ name, children }: { name: string; children: ReactNode }) {
  return (
    <th scope="row">
      <div className="sources-table__source">
        <span className="sources-table__name">{name}</span>
        {children}
      </div>
    </th>
  );
}

/** A row button that opens (or closes again) a panel under the row. */
function PanelButton<M extends string>({
  mode,
  panel,
  onMode,
  label,
  description,
  danger = false,
  disabled,
}: {
  mode: M | 'view';
  panel: M;
  onMode: (mode: M | 'view') => void;
  label: string;
  description: string;
  danger?: boolean;
  disabled?: boolean;
}) {
  return (
    <button
      type="button"
      className={danger ? 'button button--small sources-table__remove' : 'button button--small'}
      disabled={disabled}
      aria-expanded={mode === panel}
      aria-label={description}
      onClick={() => {
        onMode(mode === panel ? 'view' : panel);
      }}
    >
      {label}
    </button>
  );
}

/**
 * A request made from a row: its outcome is said in the list's live region, `after` runs
 * (moves the focus, closes a panel), then the lists are read again.
 */
function useRowAction<V, R>({
  send,
  success,
  onFeedback,
  after,
  refresh,
}: {
  send: (variables: V) => Promise<R>;
  success: (result: R, variables: V) => string;
  onFeedback: (feedback: Feedback) => void;
  after?: () => void;
  refresh: () => Promise<unknown>;
}) {
  return useMutation({
    mutationFn: send,
    onSuccess: async (result, variables) => {
      onFeedback({ tone: 'success', text: success(result, variables) });
      after?.();
      await refresh();
    },
    onError: (error) => {
      onFeedback({ tone: 'problem', error });
    },
  });
}

function SourceTable({
  sources,
  accounts,
}: {
  sources: readonly ListedSource[];
  accounts: readonly MonitoringAccount[];
}) {
  const { t } = useTranslation();
  const sortId = useId();
  const [sort, setSort] = useState<SourceSort>('attention');
  const [feedback, setFeedback] = useState<Feedback | null>(null);
  const now = useNow(30_000);
  if (sources.length === 0)
    return (
      <>
        <FeedbackNotice feedback={feedback} />
        <p className="empty">{t('sourcesPage.empty')}</p>
      </>
    );
  const sorted = sortSources(sources, sort);
  return (
    <>
      <div className="field field--inline sources-page__sort">
        <label htmlFor={sortId}>{t('sourcesPage.sortBy')}</label>
        <select
          id={sortId}
          value={sort}
          onChange={(event) => {
            setSort(event.target.value as SourceSort);
          }}
        >
          {sourceSorts.map((value) => (
            <option key={value} value={value}>
              {t(`sourcesPage.sorts.${value}`)}
            </option>
          ))}
        </select>
      </div>
      <FeedbackNotice feedback={feedback} />
      <DataTable
        caption={t('sourcesPage.listHeading')}
        className="sources-table"
        columns={[
          t('sourcesPage.columns.source'),
          t('sourcesPage.columns.state'),
          t('sourcesPage.columns.lastCrawl'),
          t('sourcesPage.columns.lastError'),
          { label: t('sourcesPage.columns.posts'), numeric: true },
          { label: t('sourcesPage.columns.images'), numeric: true },
          t('sourcesPage.columns.schedule'),
          t('sourcesPage.columns.actions'),
        ]}
      >
        {sorted.map((source) => (
          <SourceRow
            key={source.id}
            source={source}
            accounts={accounts}
            now={now}
            onFeedback={setFeedback}
          />
        ))}
      </DataTable>
    </>
  );
}

type RowMode = 'view' | 'edit' | 'remove';

function SourceRow({
  source,
  accounts,
  now,
  onFeedback,
}: {
  source: ListedSource;
  accounts: readonly MonitoringAccount[];
  now: number;
  onFeedback: (feedback: Feedback) => void;
}) {
  const { t, i18n } = useTranslation();
  const session = useSignedIn();
  const queryClient = useQueryClient();
  const cadenceLabel = useCadenceLabel();
  const [mode, setMode] = useState<RowMode>('view');
  const badge = sourceBadge(source);
  const label = sourceLabel(source);
  const account = accounts.find((candidate) => candidate.id === source.accountId);
  const blocked = isBlockedNow(source, now);
  const next = nextCrawl(source, now);
  const count = new Intl.NumberFormat(i18n.language === 'en' ? 'en-GB' : 'vi-VN');

  const refresh = () => queryClient.invalidateQueries({ queryKey: ['sources'] });

  const patch = useRowAction({
    send: (body: Partial<Pick<Source, 'paused' | 'cadenceMinutes' | 'accountId'>>) =>
      apiRequest<{ source: Source }>(`/api/sources/${source.id}`, {
        method: 'PATCH',
        body,
        csrfToken: session.csrfToken,
      }),
    success: (result, body) => {
      const name = sourceLabel(result.source);
      return body.paused === true
        ? t('sourcesPage.paused', { name })
        : body.paused === false
          ? t('sourcesPage.resumed', { name })
          : t('sourcesPage.changed', { name });
    },
    onFeedback,
    after: () => {
      setMode('view');
    },
    refresh,
  });
  const crawl = useRowAction({
    send: () =>
      apiRequest<{ jobId: string }>(`/api/sources/${source.id}/crawl`, {
        method: 'POST',
        csrfToken: session.csrfToken,
      }),
    success: () => t('sourcesPage.crawlRequested', { name: label }),
    onFeedback,
    refresh,
  });
  const remove = useRowAction({
    send: () =>
      apiRequest<{ source: Source }>(`/api/sources/${source.id}`, {
        method: 'DELETE',
        csrfToken: session.csrfToken,
      }),
    success: () => t('sourcesPage.removed', { name: label }),
    onFeedback,
    // The row goes away with its buttons: keep the keyboard in the list.
    after: () => {
      document.getElementById('sources-heading')?.focus();
    },
    refresh,
  });
  const busy = patch.isPending || crawl.isPending || remove.isPending;

  return (
    <>
      <tr data-source-id={source.id}>
        <NameCell name={label}>
          <a href={source.url} target="_blank" rel="noopener noreferrer" className="muted">
            {source.url}
          </a>
          <span className="muted">
            {t(`sourcesKind.${source.kind}`)} · {cadenceLabel(source.cadenceMinutes)}
            {account ? ` · ${t('sourcesPage.withAccount', { account: account.label })}` : ''}
          </span>
        </NameCell>
        <td>
          <StateBadge
            badge={badge}
            until={source.blockedUntil ?? source.nextCrawlAt}
            paused={source.paused}
          />
          {source.failureCount > 0 ? (
            <span className="muted sources-table__step">
              {t('sourcesPage.failures', { count: source.failureCount })}
            </span>
          ) : null}
        </td>
        <td>
          <LastTime iso={source.lastCrawledAt} now={now} never={t('sourcesPage.neverCrawled')} />
        </td>
        <td className="sources-table__error">{source.lastError ?? '—'}</td>
        <td className="numeric">{count.format(source.postsFound)}</td>
        <td className="numeric">{count.format(source.imagesFound)}</td>
        <td>
          {next.kind === 'at' ? (
            <When iso={next.at} now={now} />
          ) : (
            <span className="muted">{t(`sourcesPage.next.${next.kind}`)}</span>
          )}
        </td>
        <td>
          <div className="sources-table__actions">
            <button
              type="button"
              className="button button--small"
              disabled={busy || blocked}
              aria-label={t('sourcesPage.crawlNowFor', { name: label })}
              title={blocked ? t('sourcesPage.crawlBlocked') : undefined}
              onClick={() => {
                crawl.mutate();
              }}
            >
              {t('sourcesPage.crawlNow')}
            </button>
            <button
              type="button"
              className="button button--small"
              disabled={busy}
              aria-label={
                source.paused
                  ? t('sourcesPage.resumeFor', { name: label })
                  : t('sourcesPage.pauseFor', { name: label })
              }
              onClick={() => {
                patch.mutate({ paused: !source.paused });
              }}
            >
              {source.paused ? t('sourcesPage.resume') : t('sourcesPage.pause')}
            </button>
            <PanelButton
              mode={mode}
              panel="edit"
              onMode={setMode}
              disabled={busy}
              label={t('sourcesPage.edit')}
              description={t('sourcesPage.editFor', { name: label })}
            />
            <PanelButton
              mode={mode}
              panel="remove"
              onMode={setMode}
              disabled={busy}
              danger
              label={t('sourcesPage.remove')}
              description={t('sourcesPage.removeFor', { name: label })}
            />
          </div>
        </td>
      </tr>
      {mode === 'edit' ? (
        <DetailRow columns={8}>
          <EditSourceForm
            source={source}
            accounts={accounts}
            busy={patch.isPending}
            onCancel={() => {
              setMode('view');
            }}
            onSave={(change) => {
              patch.mutate(change);
            }}
          />
        </DetailRow>
      ) : null}
      {mode === 'remove' ? (
        <DetailRow columns={8}>
          <ConfirmBox
            question={t('sourcesPage.confirmRemove', { name: label })}
            confirmLabel={t('sourcesPage.confirmRemoveButton')}
            busy={remove.isPending}
            onConfirm={() => {
              remove.mutate();
            }}
            onCancel={() => {
              setMode('view');
            }}
          />
        </DetailRow>
      ) : null}
    </>
  );
}

/** A panel under a row, across all its columns. */
function DetailRow({ columns, children }: { columns: number; children: ReactNode }) {
  return (
    <tr className="sources-table__detail">
      <td colSpan={columns}>{children}</td>
    </tr>
  );
}

/** A yes/no question in place of a dialog: the safe answer has the focus first. */
function ConfirmBox({
  question,
  confirmLabel,
  busy,
  onConfirm,
  onCancel,
}: {
  question: string;
  confirmLabel: string;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const cancelRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    cancelRef.current?.focus();
  }, []);
  return (
    <div
      className="confirm-box"
      role="group"
      aria-label={question}
      onKeyDown={(event) => {
        if (event.key === 'Escape') onCancel();
      }}
    >
      <p>{question}</p>
      <div className="actions">
        <button type="button" className="button button--danger" disabled={busy} onClick={onConfirm}>
          {confirmLabel}
        </button>
        <button type="button" className="button button--ghost" ref={cancelRef} onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </div>
  );
}

function EditSourceForm({
  source,
  accounts,
  busy,
  onCancel,
  onSave,
}: {
  source: Source;
  accounts: readonly MonitoringAccount[];
  busy: boolean;
  onCancel: () => void;
  onSave: (change: { cadenceMinutes?: number; accountId?: string | null }) => void;
}) {
  const { t } = useTranslation();
  const cadenceLabel = useCadenceLabel();
  const cadenceId = useId();
  const accountId = useId();
  const [cadence, setCadence] = useState(source.cadenceMinutes);
  const [account, setAccount] = useState(source.accountId ?? '');
  const cadenceRef = useRef<HTMLSelectElement>(null);
  useEffect(() => {
    cadenceRef.current?.focus();
  }, []);
  const change = {
    ...(cadence === source.cadenceMinutes ? {} : { cadenceMinutes: cadence }),
    ...(account === (source.accountId ?? '') ? {} : { accountId: account === '' ? null : account }),
  };
  const changed = Object.keys(change).length > 0;
  return (
    <RowForm
      label={t('sourcesPage.editFor', { name: sourceLabel(source) })}
      submitLabel={t('sourcesPage.save')}
      submitDisabled={busy || !changed}
      onSubmit={() => {
        if (changed) onSave(change);
      }}
      onCancel={onCancel}
    >
      <div className="sources-page__add-row">
        <div className="field">
          <label htmlFor={cadenceId}>{t('sourcesPage.cadence')}</label>
          <select
            id={cadenceId}
            ref={cadenceRef}
            value={cadence}
            onChange={(event) => {
              setCadence(Number(event.target.value));
            }}
          >
            {cadenceOptions(source.cadenceMinutes).map((minutes) => (
              <option key={minutes} value={minutes}>
                {cadenceLabel(minutes)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={accountId}>{t('sourcesPage.account')}</label>
          <select
            id={accountId}
            value={account}
            onChange={(event) => {
              setAccount(event.target.value);
            }}
          >
            <option value="">{t('sourcesPage.noAccount')}</option>
            {accounts.map((candidate) => (
              <option key={candidate.id} value={candidate.id}>
                {candidate.label}
              </option>
            ))}
          </select>
        </div>
      </div>
    </RowForm>
  );
}

/** A form in a panel under a row; Escape closes it, as "cancel" does. */
function RowForm({
  label,
  submitLabel,
  submitDisabled,
  onSubmit,
  onCancel,
  children,
}: {
  label: string;
  submitLabel: string;
  submitDisabled: boolean;
  onSubmit: () => void;
  onCancel: () => void;
  children: ReactNode;
}) {
  return (
    <form
      className="form sources-page__edit"
      aria-label={label}
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit();
      }}
      onKeyDown={(event) => {
        if (event.key === 'Escape') onCancel();
      }}
    >
      {children}
      <FormActions submitLabel={submitLabel} submitDisabled={submitDisabled} onCancel={onCancel} />
    </form>
  );
}

/* Monitoring accounts. */

function AccountsSection({
  accounts,
  sources,
}: {
  accounts: readonly MonitoringAccount[];
  sources: readonly ListedSource[];
}) {
  const { t } = useTranslation();
  const [feedback, setFeedback] = useState<Feedback | null>(null);
  const now = useNow(30_000);
  return (
    <>
      <FeedbackNotice feedback={feedback} />
      {accounts.length === 0 ? (
        <p className="empty">{t('sourcesAccounts.empty')}</p>
      ) : (
        <DataTable
          caption={t('sourcesAccounts.heading')}
          className="accounts-table"
          columns={[
            t('sourcesAccounts.columns.account'),
            t('sourcesAccounts.columns.state'),
            t('sourcesAccounts.columns.lastUsed'),
            t('sourcesAccounts.columns.lastError'),
            t('sourcesAccounts.columns.sources'),
            t('sourcesAccounts.columns.actions'),
          ]}
        >
          {accounts.map((account) => (
            <AccountRow
              key={account.id}
              account={account}
              sources={sources}
              now={now}
              onFeedback={setFeedback}
            />
          ))}
        </DataTable>
      )}
      <AddAccountForm onFeedback={setFeedback} />
    </>
  );
}

const fileProblemName = 'StorageStateFileProblem';

/** Reads a storage-state file, or says in the reader's language why it is the wrong one. */
async function readStorageState(
  file: File,
  t: TFunction,
): Promise<{ cookies: unknown[] } & Record<string, unknown>> {
  const checked = checkStorageState(await file.text());
  if (!checked.ok) {
    const problem = new Error(t(`sourcesAccounts.fileProblem.${checked.problem}`));
    problem.name = fileProblemName;
    throw problem;
  }
  return checked.state;
}

function AccountRow({
  account,
  sources,
  now,
  onFeedback,
}: {
  account: MonitoringAccount;
  sources: readonly ListedSource[];
  now: number;
  onFeedback: (feedback: Feedback) => void;
}) {
  const { t } = useTranslation();
  const session = useSignedIn();
  const queryClient = useQueryClient();
  const [mode, setMode] = useState<'view' | 'cookies' | 'remove'>('view');
  const badge = accountBadge(account);
  const using = sourcesUsing(account.id, sources);
  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: accountsKey });
    await queryClient.invalidateQueries({ queryKey: ['sources'] });
  };
  const remove = useRowAction({
    send: () =>
      apiRequest<undefined>(`/api/monitoring-accounts/${account.id}`, {
        method: 'DELETE',
        csrfToken: session.csrfToken,
      }),
    success: () => t('sourcesAccounts.removed', { label: account.label }),
    onFeedback,
    after: () => {
      document.getElementById('accounts-heading')?.focus();
    },
    refresh,
  });

  return (
    <>
      <tr>
        <NameCell name={account.label}>
          {account.proxyUrl ? (
            <span className="muted">{t('sourcesAccounts.proxy', { proxy: account.proxyUrl })}</span>
          ) : null}
        </NameCell>
        <td>
          <StateBadge badge={badge} until={account.stateUntil} />
        </td>
        <td>
          <LastTime iso={account.lastUsedAt} now={now} never={t('sourcesAccounts.neverUsed')} />
        </td>
        <td className="sources-table__error">{account.lastError ?? '—'}</td>
        <td>
          {using.length === 0 ? (
            <span className="muted">{t('sourcesAccounts.noSources')}</span>
          ) : (
            <ul className="plain-list">
              {using.map((source) => (
                <li key={source.id}>{sourceLabel(source)}</li>
              ))}
            </ul>
          )}
        </td>
        <td>
          <div className="sources-table__actions">
            <PanelButton
              mode={mode}
              panel="cookies"
              onMode={setMode}
              label={t('sourcesAccounts.renew')}
              description={t('sourcesAccounts.renewFor', { label: account.label })}
            />
            <PanelButton
              mode={mode}
              panel="remove"
              onMode={setMode}
              danger
              label={t('sourcesAccounts.remove')}
              description={t('sourcesAccounts.removeFor', { label: account.label })}
            />
          </div>
        </td>
      </tr>
      {mode === 'cookies' ? (
        <DetailRow columns={6}>
          <RenewCookiesForm
            account={account}
            onDone={async () => {
              onFeedback({
                tone: 'success',
                text: t('sourcesAccounts.renewed', { label: account.label }),
              });
              setMode('view');
              await refresh();
            }}
            onCancel={() => {
              setMode('view');
            }}
          />
        </DetailRow>
      ) : null}
      {mode === 'remove' ? (
        <DetailRow columns={6}>
          <ConfirmBox
            question={t('sourcesAccounts.confirmRemove', {
              label: account.label,
              count: using.length,
            })}
            confirmLabel={t('sourcesAccounts.confirmRemoveButton')}
            busy={remove.isPending}
            onConfirm={() => {
              remove.mutate();
            }}
            onCancel={() => {
              setMode('view');
            }}
          />
        </DetailRow>
      ) : null}
    </>
  );
}

function RenewCookiesForm({
  account,
  onDone,
  onCancel,
}: {
  account: MonitoringAccount;
  onDone: () => Promise<void>;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const session = useSignedIn();
  const [file, setFile] = useState<File | null>(null);
  const upload = useMutation({
    mutationFn: async (chosen: File) =>
      apiRequest<{ account: MonitoringAccount }>(
        `/api/monitoring-accounts/${account.id}/storage-state`,
        { method: 'PUT', body: await readStorageState(chosen, t), csrfToken: session.csrfToken },
      ),
    onSuccess: onDone,
  });
  return (
    <RowForm
      label={t('sourcesAccounts.renewFor', { label: account.label })}
      submitLabel={upload.isError ? t('sourcesAccounts.retry') : t('sourcesAccounts.upload')}
      submitDisabled={file === null || upload.isPending}
      onSubmit={() => {
        if (file) upload.mutate(file);
      }}
      onCancel={onCancel}
    >
      <StorageStateField
        onFile={(chosen) => {
          setFile(chosen);
          upload.reset();
        }}
      />
      <UploadProblem error={upload.error} />
    </RowForm>
  );
}

/** The monitoring account's cookies: a storage-state file exported from a signed-in browser. */
function StorageStateField({
  ref,
  required = false,
  onFile,
}: {
  ref?: Ref<HTMLInputElement>;
  required?: boolean;
  onFile: (file: File | null) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{t('sourcesAccounts.file')}</label>
      <input
        id={id}
        ref={ref}
        type="file"
        required={required}
        accept="application/json,.json"
        onChange={(event) => {
          onFile(event.target.files?.[0] ?? null);
        }}
      />
      <p className="field__hint">{t('sourcesAccounts.fileHint')}</p>
    </div>
  );
}

/**
 * A wrong file is explained here (readStorageState's message is already translated); the
 * API's refusals and network failures in the usual words.
 */
function UploadProblem({ error }: { error: unknown }) {
  if (error === null || error === undefined) return null;
  if (error instanceof Error && !(error instanceof ApiError) && error.name === fileProblemName)
    return (
      <p className="notice notice--error" role="alert">
        {error.message}
      </p>
    );
  return <ErrorMessage error={error} />;
}

function AddAccountForm({ onFeedback }: { onFeedback: (feedback: Feedback) => void }) {
  const { t } = useTranslation();
  const session = useSignedIn();
  const queryClient = useQueryClient();
  const labelId = useId();
  const proxyId = useId();
  const [open, setOpen] = useState(false);
  const [label, setLabel] = useState('');
  const [proxy, setProxy] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const add = useMutation({
    mutationFn: async (input: { label: string; proxyUrl: string; file: File }) =>
      apiRequest<{ account: MonitoringAccount }>('/api/monitoring-accounts', {
        method: 'POST',
        body: {
          label: input.label,
          storageState: await readStorageState(input.file, t),
          ...(input.proxyUrl ? { proxyUrl: input.proxyUrl } : {}),
        },
        csrfToken: session.csrfToken,
      }),
    onSuccess: async (result) => {
      onFeedback({
        tone: 'success',
        text: t('sourcesAccounts.added', { label: result.account.label }),
      });
      setLabel('');
      setProxy('');
      setFile(null);
      if (fileRef.current) fileRef.current.value = '';
      setOpen(false);
      await queryClient.invalidateQueries({ queryKey: accountsKey });
    },
  });
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    if (file && label.trim()) add.mutate({ label: label.trim(), proxyUrl: proxy.trim(), file });
  };
  if (!open)
    return (
      <div className="actions">
        <button
          type="button"
          className="button"
          aria-expanded={false}
          onClick={() => {
            setOpen(true);
          }}
        >
          {t('sourcesAccounts.addOpen')}
        </button>
      </div>
    );
  return (
    <form
      className="form sources-page__account-form"
      aria-labelledby="add-account-heading"
      onSubmit={submit}
    >
      <h3 id="add-account-heading">{t('sourcesAccounts.addHeading')}</h3>
      <p className="muted">{t('sourcesAccounts.addHelp')}</p>
      <div className="field">
        <label htmlFor={labelId}>{t('sourcesAccounts.label')}</label>
        <input
          id={labelId}
          type="text"
          required
          maxLength={200}
          placeholder={t('sourcesAccounts.labelPlaceholder')}
          value={label}
          onChange={(event) => {
            setLabel(event.target.value);
          }}
        />
      </div>
      <StorageStateField
        ref={fileRef}
        required
        onFile={(chosen) => {
          setFile(chosen);
          add.reset();
        }}
      />
      <div className="field">
        <label htmlFor={proxyId}>{t('sourcesAccounts.proxyLabel')}</label>
        <input
          id={proxyId}
          type="text"
          inputMode="url"
          placeholder={t('sourcesAccounts.proxyPlaceholder')}
          value={proxy}
          onChange={(event) => {
            setProxy(event.target.value);
          }}
        />
      </div>
      <UploadProblem error={add.error} />
      <FormActions
        submitLabel={add.isError ? t('sourcesAccounts.retry') : t('sourcesAccounts.addSubmit')}
        submitDisabled={add.isPending || file === null || label.trim() === ''}
        onCancel={() => {
          setOpen(false);
        }}
      />
    </form>
  );
}

import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  useEffect,
  useId,
  useReducer,
  useRef,
  useState,
  type ActionDispatch,
  type SubmitEvent,
} from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { apiRequest } from '../api/client.js';
import type { DocumentRecord, DocumentRegistration, DocumentRevocation } from '../api/types.js';
import { uploadFile } from '../api/upload.js';
import { hasPermission, useSignedIn } from '../app/session.js';
import { useDocumentTitle } from '../components/document-title.js';
import { ErrorMessage } from '../components/error-message.js';
import { FileDrop } from '../components/file-drop.js';
import { Loading } from '../components/loading.js';
import { formatDateTime } from '../lib/dates.js';
import {
  documentAccept,
  documentClassifications,
  documentListQuery,
  documentsPageSize,
  emptyQueue,
  fileProblemMessage,
  filesToStart,
  filterFromParams,
  formatFileSize,
  isDocumentClassification,
  isEditable,
  isInFlight,
  maxDocumentBytes,
  maxOwnerLength,
  maxTitleLength,
  megabytes,
  paramsFromFilter,
  registrationFields,
  summarizeQueue,
  uploadErrorMessage,
  uploadPercent,
  uploadQueueReducer,
  type DocumentClassification,
  type DocumentListFilter,
  type UploadAction,
  type UploadEntry,
} from '../lib/document-uploads.js';

/** Two registrations at a time: each reads every page of its file on the server. */
const uploadConcurrency = 2;

type QueueDispatch = ActionDispatch<[action: UploadAction<File>]>;

const isAbort = (error: unknown) => error instanceof DOMException && error.name === 'AbortError';

export function DocumentsPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('documentsPage.title'));
  const session = useSignedIn();
  const canWrite = hasPermission(session, 'documents:write');
  return (
    <section className="page" aria-labelledby="page-title">
      <div className="page__header">
        <h1 id="page-title" tabIndex={-1}>
          {t('documentsPage.title')}
        </h1>
      </div>
      <p className="muted">{t('documentsPage.intro')}</p>
      {canWrite ? <RegisterDocuments csrfToken={session.csrfToken} /> : null}
      <DocumentList canRevoke={canWrite} csrfToken={session.csrfToken} />
    </section>
  );
}

function RegisterDocuments({ csrfToken }: { csrfToken: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [queue, dispatch] = useReducer(uploadQueueReducer<File>, undefined, emptyQueue<File>);
  const [defaults, setDefaults] = useState<{
    classification: DocumentClassification;
    ownerDepartment: string;
  }>({ classification: 'thuong', ownerDepartment: '' });
  const chooseRef = useRef<HTMLButtonElement>(null);
  const requests = useRef(new Map<number, AbortController>());
  const classificationId = useId();
  const ownerId = useId();
  const summary = summarizeQueue(queue);

  // The queue drives the requests: whenever a slot is free, the oldest waiting file goes.
  useEffect(() => {
    for (const id of filesToStart(queue, uploadConcurrency)) {
      const entry = queue.entries.find((candidate) => candidate.id === id);
      if (!entry) continue;
      const controller = new AbortController();
      requests.current.set(id, controller);
      dispatch({ type: 'start', id });
      uploadFile<DocumentRegistration>('/api/documents', entry.file, {
        fields: registrationFields(entry.metadata),
        fileName: entry.file.name,
        csrfToken,
        signal: controller.signal,
        onProgress: (loaded, total) => {
          dispatch({ type: 'progress', id, loaded, total });
        },
        onSent: () => {
          dispatch({ type: 'sent', id });
        },
      })
        .then(async (result) => {
          dispatch({ type: 'succeeded', id, result });
          await queryClient.invalidateQueries({ queryKey: ['documents'] });
        })
        .catch((error: unknown) => {
          if (!isAbort(error)) dispatch({ type: 'failed', id, error });
        })
        .finally(() => {
          requests.current.delete(id);
        });
    }
  }, [queue, csrfToken, queryClient]);

  useEffect(() => {
    const active = requests.current;
    return () => {
      for (const controller of active.values()) controller.abort();
    };
  }, []);

  // Leaving the page would drop files not yet registered: the browser asks first.
  const unsaved = summary.ready + summary.pending > 0;
  useEffect(() => {
    if (!unsaved) return;
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
    };
    window.addEventListener('beforeunload', warn);
    return () => {
      window.removeEventListener('beforeunload', warn);
    };
  }, [unsaved]);

  const addFiles = (files: File[]) => {
    dispatch({
      type: 'add',
      files,
      defaults: { ...defaults, ownerDepartment: defaults.ownerDepartment.trim() },
    });
  };

  return (
    <section className="doc-register" aria-labelledby="register-heading">
      <h2 id="register-heading">{t('documentsPage.register.heading')}</h2>
      <fieldset className="doc-register__defaults">
        <legend>{t('documentsPage.register.defaults')}</legend>
        <div className="field">
          <label htmlFor={classificationId}>{t('documentsPage.fields.classification')}</label>
          <select
            id={classificationId}
            value={defaults.classification}
            onChange={(event) => {
              const value = event.target.value;
              if (isDocumentClassification(value))
                setDefaults((current) => ({ ...current, classification: value }));
            }}
          >
            <ClassificationOptions />
          </select>
        </div>
        <div className="field">
          <label htmlFor={ownerId}>{t('documentsPage.fields.owner')}</label>
          <input
            id={ownerId}
            type="text"
            maxLength={maxOwnerLength}
            placeholder={t('documentsPage.fields.ownerPlaceholder')}
            value={defaults.ownerDepartment}
            onChange={(event) => {
              const value = event.target.value;
              setDefaults((current) => ({ ...current, ownerDepartment: value }));
            }}
          />
        </div>
      </fieldset>

      <FileDrop
        text={t('documentsPage.register.dropHere')}
        chooseLabel={t('documentsPage.register.choose')}
        chooseRef={chooseRef}
        accept={documentAccept}
        multiple
        testId="document-files"
        hint={t('documentsPage.register.accepted', { max: megabytes(maxDocumentBytes) })}
        onFiles={addFiles}
      />

      {queue.entries.length > 0 ? (
        <>
          <p className="doc-register__summary" role="status">
            {t('documentsPage.register.summary', {
              registered: summary.registered,
              pending: summary.pending,
              failed: summary.failed,
            })}
          </p>
          <ul className="doc-upload-list" aria-label={t('documentsPage.register.listLabel')}>
            {queue.entries.map((entry) => (
              <UploadItem
                key={entry.id}
                entry={entry}
                dispatch={dispatch}
                // The removed row took the focus with it: it goes back to the file picker.
                onRemoved={() => chooseRef.current?.focus()}
              />
            ))}
          </ul>
          <div className="actions">
            {summary.ready > 0 ? (
              <button
                type="button"
                className="button button--primary"
                onClick={() => {
                  dispatch({ type: 'submit' });
                }}
              >
                {t('documentsPage.register.submit', { count: summary.ready })}
              </button>
            ) : null}
            {summary.registered > 0 ? (
              <button
                type="button"
                className="button button--ghost"
                onClick={() => {
                  dispatch({ type: 'clearRegistered' });
                  chooseRef.current?.focus();
                }}
              >
                {t('documentsPage.register.clearRegistered')}
              </button>
            ) : null}
          </div>
        </>
      ) : null}
    </section>
  );
}

function ClassificationOptions() {
  const { t } = useTranslation();
  return documentClassifications.map((value) => (
    <option key={value} value={value}>
      {t(`documentsPage.classification.${value}`)}
    </option>
  ));
}

function UploadItem({
  entry,
  dispatch,
  onRemoved,
}: {
  entry: UploadEntry<File>;
  dispatch: QueueDispatch;
  onRemoved: () => void;
}) {
  const { t, i18n } = useTranslation();
  const baseId = useId();
  const { status, file, metadata } = entry;
  const name = file.name;
  const edit = (change: Partial<UploadEntry['metadata']>) => {
    dispatch({ type: 'edit', id: entry.id, metadata: change });
  };
  return (
    <li className={`doc-upload doc-upload--${status.kind}`} aria-labelledby={`${baseId}-name`}>
      <div className="doc-upload__head">
        <span id={`${baseId}-name`} className="doc-upload__name">
          {name}
        </span>
        <span className="doc-upload__size">{formatFileSize(file.size, i18n.language)}</span>
      </div>

      <UploadStatusLine entry={entry} progressId={`${baseId}-progress`} />

      {isEditable(status) ? (
        <fieldset className="doc-upload__fields">
          <legend className="visually-hidden">
            {t('documentsPage.upload.metadataFor', { name })}
          </legend>
          <div className="field doc-upload__title">
            <label htmlFor={`${baseId}-title`}>{t('documentsPage.fields.title')}</label>
            <input
              id={`${baseId}-title`}
              type="text"
              maxLength={maxTitleLength}
              value={metadata.title}
              onChange={(event) => {
                edit({ title: event.target.value });
              }}
            />
          </div>
          <div className="field">
            <label htmlFor={`${baseId}-classification`}>
              {t('documentsPage.fields.classification')}
            </label>
            <select
              id={`${baseId}-classification`}
              value={metadata.classification}
              onChange={(event) => {
                const value = event.target.value;
                if (isDocumentClassification(value)) edit({ classification: value });
              }}
            >
              <ClassificationOptions />
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${baseId}-owner`}>{t('documentsPage.fields.owner')}</label>
            <input
              id={`${baseId}-owner`}
              type="text"
              maxLength={maxOwnerLength}
              value={metadata.ownerDepartment}
              onChange={(event) => {
                edit({ ownerDepartment: event.target.value });
              }}
            />
          </div>
        </fieldset>
      ) : null}

      {!isInFlight(status) ? (
        <div className="doc-upload__actions">
          {status.kind === 'failed' ? (
            <button
              type="button"
              className="button button--small"
              aria-label={t('documentsPage.upload.retryFile', { name })}
              onClick={() => {
                dispatch({ type: 'retry', id: entry.id });
              }}
            >
              {t('documentsPage.upload.retry')}
            </button>
          ) : null}
          <button
            type="button"
            className="button button--small button--ghost"
            aria-label={t('documentsPage.upload.removeFile', { name })}
            onClick={() => {
              dispatch({ type: 'remove', id: entry.id });
              onRemoved();
            }}
          >
            {t('documentsPage.upload.remove')}
          </button>
        </div>
      ) : null}
    </li>
  );
}

function UploadStatusLine({ entry, progressId }: { entry: UploadEntry<File>; progressId: string }) {
  const { t } = useTranslation();
  const { status } = entry;
  switch (status.kind) {
    case 'invalid': {
      const { key, values } = fileProblemMessage(status.problem);
      return <p className="doc-upload__status doc-upload__status--error">{t(key, values)}</p>;
    }
    case 'failed': {
      const { key, values } = uploadErrorMessage(status.error);
      return <p className="doc-upload__status doc-upload__status--error">{t(key, values)}</p>;
    }
    case 'ready':
      return <p className="doc-upload__status">{t('documentsPage.upload.ready')}</p>;
    case 'waiting':
      return <p className="doc-upload__status">{t('documentsPage.upload.waiting')}</p>;
    case 'uploading':
    case 'registering': {
      const percent = uploadPercent(status);
      const label =
        status.kind === 'uploading'
          ? t('documentsPage.upload.uploading', { percent })
          : t('documentsPage.upload.registering');
      return (
        <div className="doc-upload__status">
          <span id={progressId}>{label}</span>
          <progress
            className="doc-upload__progress"
            aria-labelledby={progressId}
            max={100}
            // Reading and fingerprinting the pages has no measurable progress.
            {...(status.kind === 'uploading' ? { value: percent } : {})}
          />
        </div>
      );
    }
    case 'registered':
      return (
        <p className="doc-upload__status doc-upload__status--done">
          {status.repeated
            ? t('documentsPage.upload.alreadyRegistered', {
                title: status.title,
                count: status.pages,
              })
            : t('documentsPage.upload.registered', { count: status.pages })}
        </p>
      );
  }
}

function DocumentList({ canRevoke, csrfToken }: { canRevoke: boolean; csrfToken: string }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const filter = filterFromParams(params);
  const [revoking, setRevoking] = useState<DocumentRecord | null>(null);
  const [revoked, setRevoked] = useState<DocumentRevocation | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);

  const documents = useQuery({
    queryKey: ['documents', 'list', filter],
    queryFn: ({ signal }) =>
      apiRequest<{ documents: DocumentRecord[] }>(documentListQuery(filter), { signal }),
    placeholderData: keepPreviousData,
  });

  const revoke = useMutation({
    mutationFn: (document: DocumentRecord) =>
      apiRequest<DocumentRevocation>(`/api/documents/${encodeURIComponent(document.id)}`, {
        method: 'DELETE',
        csrfToken,
      }),
    onSuccess: async (result) => {
      setRevoked(result);
      setRevoking(null);
      headingRef.current?.focus();
      await queryClient.invalidateQueries({ queryKey: ['documents'] });
    },
  });

  const applyFilter = (change: Partial<DocumentListFilter>) => {
    setParams(paramsFromFilter({ ...filter, page: 1, ...change }));
  };

  const rows = documents.data?.documents.slice(0, documentsPageSize) ?? [];
  const hasNext = (documents.data?.documents.length ?? 0) > documentsPageSize;
  const owners = [
    ...new Set(
      rows.flatMap((document) => (document.ownerDepartment ? [document.ownerDepartment] : [])),
    ),
  ].sort((a, b) => a.localeCompare(b, 'vi'));

  return (
    <section className="doc-list" aria-labelledby="list-heading">
      <h2 id="list-heading" ref={headingRef} tabIndex={-1}>
        {t('documentsPage.list.heading')}
      </h2>
      {revoked ? (
        <p className="notice notice--success" role="status">
          {revoked.status === 'revoked'
            ? t('documentsPage.revoke.done', { title: revoked.document.title })
            : t('documentsPage.revoke.already', { title: revoked.document.title })}
        </p>
      ) : null}

      <FilterForm
        // A new address (back button, a link) starts the form over from it.
        key={params.toString()}
        filter={filter}
        owners={owners}
        onApply={applyFilter}
      />

      {documents.isPending ? (
        <Loading />
      ) : documents.isError ? (
        <ErrorMessage error={documents.error} />
      ) : rows.length === 0 ? (
        <p className="empty">{t('documentsPage.list.empty')}</p>
      ) : (
        <div className="table-wrap" aria-busy={documents.isFetching}>
          <table className="table">
            <caption className="visually-hidden">
              {t('documentsPage.list.caption', { page: filter.page })}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('documentsPage.list.columns.title')}</th>
                <th scope="col">{t('documentsPage.list.columns.classification')}</th>
                <th scope="col">{t('documentsPage.list.columns.owner')}</th>
                <th scope="col">{t('documentsPage.list.columns.pages')}</th>
                <th scope="col">{t('documentsPage.list.columns.registered')}</th>
                <th scope="col">{t('documentsPage.list.columns.status')}</th>
                {canRevoke ? (
                  <th scope="col">
                    <span className="visually-hidden">
                      {t('documentsPage.list.columns.actions')}
                    </span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {rows.map((document) => (
                <tr key={document.id}>
                  <td>
                    <span className="doc-list__title">{document.title}</span>
                    {document.numberSymbol ? (
                      <span className="doc-list__number">{document.numberSymbol}</span>
                    ) : null}
                  </td>
                  <td>
                    <span className={`badge badge--classification-${document.classification}`}>
                      {t(`documentsPage.classification.${document.classification}`, {
                        defaultValue: document.classification,
                      })}
                    </span>
                  </td>
                  <td>{document.ownerDepartment ?? '—'}</td>
                  <td>{document.pageCount}</td>
                  <td>{formatDateTime(document.registeredAt, i18n.language)}</td>
                  <td>
                    {document.status === 'active'
                      ? t('documentsPage.status.active')
                      : t('documentsPage.status.revokedAt', {
                          at: formatDateTime(document.revokedAt, i18n.language),
                        })}
                  </td>
                  {canRevoke ? (
                    <td>
                      {document.status === 'active' ? (
                        <button
                          type="button"
                          className="button button--small"
                          aria-label={t('documentsPage.revoke.buttonFor', {
                            title: document.title,
                          })}
                          onClick={() => {
                            revoke.reset();
                            setRevoking(document);
                          }}
                        >
                          {t('documentsPage.revoke.button')}
                        </button>
                      ) : null}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {filter.page > 1 || hasNext ? (
        <nav className="doc-pager" aria-label={t('documentsPage.list.paging')}>
          <button
            type="button"
            className="button button--small"
            disabled={filter.page <= 1}
            onClick={() => {
              setParams(paramsFromFilter({ ...filter, page: filter.page - 1 }));
            }}
          >
            {t('documentsPage.list.previous')}
          </button>
          <span>{t('documentsPage.list.page', { page: filter.page })}</span>
          <button
            type="button"
            className="button button--small"
            disabled={!hasNext}
            onClick={() => {
              setParams(paramsFromFilter({ ...filter, page: filter.page + 1 }));
            }}
          >
            {t('documentsPage.list.next')}
          </button>
        </nav>
      ) : null}

      {revoking ? (
        <RevokeDialog
          document={revoking}
          busy={revoke.isPending}
          error={revoke.isError ? revoke.error : null}
          onCancel={() => {
            setRevoking(null);
          }}
          onConfirm={() => {
            revoke.mutate(revoking);
          }}
        />
      ) : null}
    </section>
  );
}

function FilterForm({
  filter,
  owners,
  onApply,
}: {
  filter: DocumentListFilter;
  owners: string[];
  onApply: (change: Partial<DocumentListFilter>) => void;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState(filter.search);
  const [owner, setOwner] = useState(filter.ownerDepartment);
  const searchId = useId();
  const classificationId = useId();
  const ownerId = useId();
  const ownersId = useId();
  const statusId = useId();
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    onApply({ search, ownerDepartment: owner });
  };
  return (
    <form
      className="doc-filters"
      role="search"
      aria-label={t('documentsPage.filters.label')}
      onSubmit={submit}
    >
      <div className="field">
        <label htmlFor={searchId}>{t('documentsPage.filters.search')}</label>
        <input
          id={searchId}
          type="search"
          maxLength={200}
          value={search}
          onChange={(event) => {
            setSearch(event.target.value);
          }}
        />
      </div>
      <div className="field">
        <label htmlFor={ownerId}>{t('documentsPage.filters.owner')}</label>
        <input
          id={ownerId}
          type="text"
          list={ownersId}
          maxLength={maxOwnerLength}
          value={owner}
          onChange={(event) => {
            setOwner(event.target.value);
          }}
        />
        <datalist id={ownersId}>
          {owners.map((value) => (
            <option key={value} value={value} />
          ))}
        </datalist>
      </div>
      <div className="field">
        <label htmlFor={classificationId}>{t('documentsPage.fields.classification')}</label>
        <select
          id={classificationId}
          value={filter.classification ?? ''}
          onChange={(event) => {
            const value = event.target.value;
            onApply({
              search,
              ownerDepartment: owner,
              classification: isDocumentClassification(value) ? value : null,
            });
          }}
        >
          <option value="">{t('documentsPage.filters.any')}</option>
          <ClassificationOptions />
        </select>
      </div>
      <div className="field">
        <label htmlFor={statusId}>{t('documentsPage.filters.status')}</label>
        <select
          id={statusId}
          value={filter.status ?? 'all'}
          onChange={(event) => {
            const value = event.target.value;
            onApply({
              search,
              ownerDepartment: owner,
              status: value === 'active' || value === 'revoked' ? value : null,
            });
          }}
        >
          <option value="active">{t('documentsPage.status.active')}</option>
          <option value="revoked">{t('documentsPage.status.revoked')}</option>
          <option value="all">{t('documentsPage.filters.any')}</option>
        </select>
      </div>
      <div className="doc-filters__actions">
        <button type="submit" className="button">
          {t('documentsPage.filters.apply')}
        </button>
      </div>
    </form>
  );
}

/** Revoking stops all matching against the document at once: it is confirmed in a modal. */
function RevokeDialog({
  document,
  busy,
  error,
  onCancel,
  onConfirm,
}: {
  document: DocumentRecord;
  busy: boolean;
  error: unknown;
  onCancel: () => void;
  onConfirm: () => void;
}) {
  const { t } = useTranslation();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const bodyId = useId();
  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
    // Cancel takes the focus (showModal would give it to the first button): a stray Enter
    // must not revoke. React does not render autoFocus as the attribute dialogs look for.
    cancelRef.current?.focus();
    return () => {
      dialog?.close();
    };
  }, []);
  return (
    <dialog
      ref={dialogRef}
      className="doc-dialog"
      aria-labelledby={titleId}
      aria-describedby={bodyId}
      onClose={onCancel}
    >
      <h2 id={titleId}>{t('documentsPage.revoke.title')}</h2>
      <div id={bodyId}>
        <p>
          <strong>{document.title}</strong>
        </p>
        <p>{t('documentsPage.revoke.body')}</p>
        <p>{t('documentsPage.revoke.audit')}</p>
      </div>
      <ErrorMessage error={error} />
      <div className="actions">
        <button type="button" className="button button--danger" disabled={busy} onClick={onConfirm}>
          {busy ? t('documentsPage.revoke.confirming') : t('documentsPage.revoke.confirm')}
        </button>
        <button type="button" className="button button--ghost" ref={cancelRef} onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </dialog>
  );
}

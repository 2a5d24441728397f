import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { apiRequest } from '../../api/client.js';
import { ApiError } from '../../api/problem.js';
import type { ManagedUser, Role, RoutingTarget } from '../../api/types.js';
import { hasPermission, useSignedIn } from '../../app/session.js';
import { useDocumentTitle } from '../../components/document-title.js';
import { ErrorMessage } from '../../components/error-message.js';
import { Loading } from '../../components/loading.js';
import {
  canGrantEvidence,
  emptyUserForm,
  evidencePermission,
  newUserBody,
  roles,
  targetActiveAt,
  userChangesBody,
  userFormFrom,
  userFormProblems,
  type FormProblem,
  type UserForm,
} from '../../lib/admin-forms.js';
import { formatDateTime } from '../../lib/dates.js';
import {
  ConfirmDialog,
  FormProblems,
  hasProblem,
  OneTimePassword,
  StatusMessage,
  useFocusFirstProblem,
} from './admin-widgets.js';

export const usersKey = ['admin', 'users'] as const;
export const targetsKey = ['admin', 'routing-targets'] as const;

type Editor = { mode: 'create' } | { mode: 'edit'; user: ManagedUser };
interface Pending {
  action: 'reset' | 'disable';
  user: ManagedUser;
}

export function UsersAdmin() {
  const { t, i18n } = useTranslation();
  useDocumentTitle(t('usersAdmin.title'));
  const session = useSignedIn();
  const queryClient = useQueryClient();
  const [editor, setEditor] = useState<Editor | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const [password, setPassword] = useState<{ email: string; password: string } | null>(null);
  const [status, setStatus] = useState<string | null>(null);

  const users = useQuery({
    queryKey: usersKey,
    queryFn: ({ signal }) => apiRequest<{ users: ManagedUser[] }>('/api/users', { signal }),
  });
  // Departments a liaison can belong to; only those who manage routing may list them.
  const targets = useQuery({
    queryKey: targetsKey,
    enabled: hasPermission(session, 'routing:manage'),
    queryFn: ({ signal }) =>
      apiRequest<{ targets: RoutingTarget[] }>('/api/routing-targets', { signal }),
  });
  const targetList = targets.data?.targets ?? [];
  const targetName = new Map(targetList.map((target) => [target.id, target.name]));

  const refresh = () => queryClient.invalidateQueries({ queryKey: usersKey });

  const act = useMutation({
    mutationFn: async ({ action, user }: Pending | { action: 'enable'; user: ManagedUser }) => {
      if (action === 'reset')
        return apiRequest<{ initialPassword: string }>(`/api/users/${user.id}/reset-password`, {
          method: 'POST',
          csrfToken: session.csrfToken,
        });
      await apiRequest<{ user: ManagedUser }>(`/api/users/${user.id}`, {
        method: 'PATCH',
        body: { disabled: action === 'disable' },
        csrfToken: session.csrfToken,
      });
      return null;
    },
    onSuccess: async (result, { action, user }) => {
      setPending(null);
      if (result) setPassword({ email: user.email, password: result.initialPassword });
      setStatus(t(`usersAdmin.done.${action}`, { name: user.displayName }));
      await refresh();
    },
  });

  return (
    <section aria-labelledby="users-admin-title">
      <div className="page__header">
        <h2 id="users-admin-title">{t('usersAdmin.title')}</h2>
        <button
          type="button"
          className="button button--primary"
          aria-expanded={editor?.mode === 'create'}
          onClick={() => {
            setEditor({ mode: 'create' });
            setStatus(null);
          }}
        >
          {t('usersAdmin.add')}
        </button>
      </div>
      <p className="muted">{t('usersAdmin.intro')}</p>

      <StatusMessage message={status} />
      {password ? (
        <OneTimePassword
          email={password.email}
          password={password.password}
          onDone={() => {
            setPassword(null);
          }}
        />
      ) : null}
      {act.isError && !pending ? <ErrorMessage error={act.error} /> : null}

      {editor ? (
        <UserEditor
          key={editor.mode === 'edit' ? editor.user.id : 'new'}
          editor={editor}
          targets={targetList}
          selfId={session.user.id}
          csrfToken={session.csrfToken}
          onCancel={() => {
            setEditor(null);
          }}
          onSaved={async (message, initial) => {
            setEditor(null);
            setStatus(message);
            if (initial) setPassword(initial);
            await refresh();
          }}
        />
      ) : null}

      {users.isPending ? (
        <Loading />
      ) : users.isError ? (
        <ErrorMessage error={users.error} />
      ) : (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">{t('usersAdmin.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('usersAdmin.columns.name')}</th>
                <th scope="col">{t('usersAdmin.columns.email')}</th>
                <th scope="col">{t('usersAdmin.columns.role')}</th>
                <th scope="col">{t('usersAdmin.columns.department')}</th>
                <th scope="col">{t('usersAdmin.columns.state')}</th>
                <th scope="col">{t('usersAdmin.columns.created')}</th>
                <th scope="col">{t('usersAdmin.columns.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {users.data.users.map((user) => {
                const self = user.id === session.user.id;
                return (
                  <tr key={user.id} className={user.disabled ? 'row--muted' : undefined}>
                    <td>
                      {user.displayName}
                      {self ? <span className="muted small"> {t('usersAdmin.you')}</span> : null}
                    </td>
                    <td>{user.email}</td>
                    <td>
                      {t(`roles.${user.role}`)}
                      {user.permissions.includes(evidencePermission) &&
                      canGrantEvidence(user.role) ? (
                        <span className="muted small"> · {t('usersAdmin.evidenceGrant')}</span>
                      ) : null}
                    </td>
                    <td>
                      {user.routingTargetId
                        ? (targetName.get(user.routingTargetId) ?? t('usersAdmin.unknownTarget'))
                        : '—'}
                    </td>
                    <td>
                      {user.disabled ? (
                        <span className="badge badge--off">{t('usersAdmin.state.disabled')}</span>
                      ) : user.lockedUntil && Date.parse(user.lockedUntil) > users.dataUpdatedAt ? (
                        <span className="badge badge--warning">
                          {t('usersAdmin.state.locked', {
                            at: formatDateTime(user.lockedUntil, i18n.language),
                          })}
                        </span>
                      ) : (
                        <span className="badge badge--on">{t('usersAdmin.state.active')}</span>
                      )}
                    </td>
                    <td>{formatDateTime(user.createdAt, i18n.language)}</td>
                    <td>
                      <div className="row-actions">
                        <button
                          type="button"
                          className="button button--small"
                          aria-label={t('usersAdmin.editOne', { name: user.displayName })}
                          onClick={() => {
                            setEditor({ mode: 'edit', user });
                            setStatus(null);
                          }}
                        >
                          {t('usersAdmin.edit')}
                        </button>
                        {/* Not on one's own account: a reset or a lock-out would end this session;
                            one's own password is changed on the account page. */}
                        {self ? null : (
                          <>
                            <button
                              type="button"
                              className="button button--small"
                              aria-label={t('usersAdmin.resetOne', { name: user.displayName })}
                              onClick={() => {
                                act.reset();
                                setPending({ action: 'reset', user });
                              }}
                            >
                              {t('usersAdmin.reset')}
                            </button>
                            {user.disabled ? (
                              <button
                                type="button"
                                className="button button--small"
                                disabled={act.isPending}
                                aria-label={t('usersAdmin.enableOne', { name: user.displayName })}
                                onClick={() => {
                                  act.mutate({ action: 'enable', user });
                                }}
                              >
                                {t('usersAdmin.enable')}
                              </button>
                            ) : (
                              <button
                                type="button"
                                className="button button--small"
                                aria-label={t('usersAdmin.disableOne', { name: user.displayName })}
                                onClick={() => {
                                  act.reset();
                                  setPending({ action: 'disable', user });
                                }}
                              >
                                {t('usersAdmin.disable')}
                              </button>
                            )}
                          </>
                        )}
                      </div>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}

      {pending ? (
        <ConfirmDialog
          title={t(`usersAdmin.confirm.${pending.action}.title`, {
            name: pending.user.displayName,
          })}
          confirmLabel={t(`usersAdmin.confirm.${pending.action}.submit`)}
          busy={act.isPending}
          error={act.error}
          onConfirm={() => {
            act.mutate(pending);
          }}
          onCancel={() => {
            setPending(null);
          }}
        >
          <p>
            {t(`usersAdmin.confirm.${pending.action}.body`, { name: pending.user.displayName })}
          </p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}

function UserEditor({
  editor,
  targets,
  selfId,
  csrfToken,
  onCancel,
  onSaved,
}: {
  editor: Editor;
  targets: RoutingTarget[];
  selfId: string;
  csrfToken: string;
  onCancel: () => void;
  onSaved: (message: string, initial: { email: string; password: string } | null) => Promise<void>;
}) {
  const { t } = useTranslation();
  const before = editor.mode === 'edit' ? editor.user : null;
  const [form, setForm] = useState<UserForm>(() =>
    before ? userFormFrom(before) : emptyUserForm(),
  );
  const [problems, setProblems] = useState<FormProblem[]>([]);
  const [now] = useState(() => Date.now());
  const ids = {
    heading: useId(),
    name: useId(),
    email: useId(),
    role: useId(),
    roleHint: useId(),
    target: useId(),
    evidence: useId(),
    locale: useId(),
  };
  const firstField = useRef<HTMLInputElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstProblem(formRef, problems);
  useEffect(() => {
    firstField.current?.focus();
  }, []);

  const save = useMutation({
    mutationFn: async (): Promise<{ message: string; initial: string | null }> => {
      if (!before) {
        const created = await apiRequest<{ user: ManagedUser; initialPassword?: string }>(
          '/api/users',
          { method: 'POST', body: newUserBody(form), csrfToken },
        );
        return {
          message: t('usersAdmin.done.created', { name: created.user.displayName }),
          initial: created.initialPassword ?? null,
        };
      }
      const changes = userChangesBody(form, before);
      if (Object.keys(changes).length === 0)
        return { message: t('usersAdmin.done.unchanged'), initial: null };
      const saved = await apiRequest<{ user: ManagedUser }>(`/api/users/${before.id}`, {
        method: 'PATCH',
        body: changes,
        csrfToken,
      });
      return {
        message: t('usersAdmin.done.saved', { name: saved.user.displayName }),
        initial: null,
      };
    },
    onSuccess: async ({ message, initial }) => {
      await onSaved(message, initial ? { email: form.email.trim(), password: initial } : null);
    },
  });

  const set = <K extends keyof UserForm>(key: K, value: UserForm[K]) => {
    setForm((current) => ({ ...current, [key]: value }));
  };

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const found = userFormProblems(form, before ? 'edit' : 'create', {
      self: before?.id === selfId,
    });
    setProblems(found);
    if (found.length === 0) save.mutate();
  };

  // A liaison belongs to a department in force now, or keeps the one it has.
  const choosable = targets.filter(
    (target) => targetActiveAt(target, now) || target.id === form.routingTargetId,
  );
  const conflict = save.error instanceof ApiError && save.error.problem.code === 'LW_CONFLICT';

  return (
    <form
      ref={formRef}
      className="form admin-editor"
      aria-labelledby={ids.heading}
      onSubmit={submit}
      noValidate
    >
      <h3 id={ids.heading}>
        {before
          ? t('usersAdmin.form.editTitle', { name: before.displayName })
          : t('usersAdmin.form.createTitle')}
      </h3>
      <div className="field">
        <label htmlFor={ids.name}>{t('usersAdmin.form.name')}</label>
        <input
          id={ids.name}
          ref={firstField}
          autoComplete="off"
          maxLength={200}
          aria-invalid={hasProblem(problems, 'displayName')}
          value={form.displayName}
          onChange={(event) => {
            set('displayName', event.target.value);
          }}
        />
      </div>
      {before ? (
        <p>
          <span className="muted">{t('usersAdmin.form.email')}: </span>
          {before.email}
        </p>
      ) : (
        <div className="field">
          <label htmlFor={ids.email}>{t('usersAdmin.form.email')}</label>
          <input
            id={ids.email}
            type="email"
            autoComplete="off"
            maxLength={320}
            aria-invalid={hasProblem(problems, 'email')}
            value={form.email}
            onChange={(event) => {
              set('email', event.target.value);
            }}
          />
        </div>
      )}
      <div className="field">
        <label htmlFor={ids.role}>{t('usersAdmin.form.role')}</label>
        <select
          id={ids.role}
          aria-describedby={ids.roleHint}
          aria-invalid={hasProblem(problems, 'role')}
          value={form.role}
          onChange={(event) => {
            set('role', event.target.value as Role);
          }}
        >
          {roles.map((role) => (
            <option key={role} value={role}>
              {t(`roles.${role}`)}
            </option>
          ))}
        </select>
        <p className="muted small" id={ids.roleHint}>
          {t(`usersAdmin.roleHints.${form.role}`)}
        </p>
      </div>
      {form.role === 'liaison' ? (
        <div className="field">
          <label htmlFor={ids.target}>{t('usersAdmin.form.department')}</label>
          <select
            id={ids.target}
            aria-invalid={hasProblem(problems, 'routingTargetId')}
            value={form.routingTargetId}
            onChange={(event) => {
              set('routingTargetId', event.target.value);
            }}
          >
            <option value="">{t('usersAdmin.form.chooseDepartment')}</option>
            {choosable.map((target) => (
              <option key={target.id} value={target.id}>
                {target.name}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {canGrantEvidence(form.role) ? (
        <div className="field field--check">
          <input
            id={ids.evidence}
            type="checkbox"
            checked={form.evidenceView}
            onChange={(event) => {
              set('evidenceView', event.target.checked);
            }}
          />
          <label htmlFor={ids.evidence}>{t('usersAdmin.form.evidence')}</label>
        </div>
      ) : null}
      <div className="field">
        <label htmlFor={ids.locale}>{t('usersAdmin.form.locale')}</label>
        <select
          id={ids.locale}
          value={form.locale}
          onChange={(event) => {
            set('locale', event.target.value === 'en' ? 'en' : 'vi');
          }}
        >
          <option value="vi">{t('language.names.vi')}</option>
          <option value="en">{t('language.names.en')}</option>
        </select>
      </div>
      <FormProblems problems={problems} />
      {conflict ? (
        <p className="notice notice--error" role="alert">
          {t('usersAdmin.form.emailTaken', { email: form.email.trim() })}
        </p>
      ) : save.isError ? (
        <ErrorMessage error={save.error} />
      ) : null}
      {before ? null : <p className="muted small">{t('usersAdmin.form.passwordHint')}</p>}
      <div className="actions">
        <button type="submit" className="button button--primary" disabled={save.isPending}>
          {before ? t('usersAdmin.form.save') : t('usersAdmin.form.create')}
        </button>
        <button type="button" className="button button--ghost" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

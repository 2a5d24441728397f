import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiRequest } from '../../api/client.js';
import type { ManagedUser, RoutingTarget } from '../../api/types.js';
import { hasPermission, useSignedIn } from '../../app/session.js';
import { DataTable } from '../../components/data-table.js';
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
} from '../../lib/admin-forms.js';
import { formatDateTime } from '../../lib/dates.js';
import {
  CheckField,
  EditButton,
  EditorForm,
  ListHeader,
  SelectField,
  TextField,
  useListEditor,
  useRecordForm,
  type Editing,
} from './admin-editor.js';
import { ConfirmDialog, OneTimePassword } from './admin-widgets.js';

export const usersKey = ['admin', 'users'] as const;
export const targetsKey = ['admin', 'routing-targets'] as const;

interface Pending {
  action: 'reset' | 'disable';
  user: ManagedUser;
}

export function UsersAdmin() {
  const { t, i18n } = useTranslation();
  useDocumentTitle(t('usersAdmin.title'));
  const session = useSignedIn();
  const list = useListEditor<ManagedUser>(usersKey);
  const [pending, setPending] = useState<Pending | null>(null);
  const [password, setPassword] = useState<{ email: string; password: string } | null>(null);

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
      await list.done(t(`usersAdmin.done.${action}`, { name: user.displayName }));
    },
  });

  return (
    <section aria-labelledby="users-admin-title">
      <ListHeader
        list={list}
        title={t('usersAdmin.title')}
        titleId="users-admin-title"
        addLabel={t('usersAdmin.add')}
        intro={t('usersAdmin.intro')}
      />
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

      {list.editing ? (
        <UserEditor
          key={list.formKey}
          editing={list.editing}
          targets={targetList}
          selfId={session.user.id}
          csrfToken={session.csrfToken}
          onCancel={list.close}
          onSaved={async (message, initial) => {
            if (initial) setPassword(initial);
            await list.saved(message);
          }}
        />
      ) : null}

      {users.isPending ? (
        <Loading />
      ) : users.isError ? (
        <ErrorMessage error={users.error} />
      ) : (
        <DataTable
          caption={t('usersAdmin.caption')}
          columns={[
            t('usersAdmin.columns.name'),
            t('usersAdmin.columns.email'),
            t('usersAdmin.columns.role'),
            t('usersAdmin.columns.department'),
            t('usersAdmin.columns.state'),
            t('usersAdmin.columns.created'),
            t('usersAdmin.columns.actions'),
          ]}
        >
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
                  {user.permissions.includes(evidencePermission) && canGrantEvidence(user.role) ? (
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
                    <EditButton
                      list={list}
                      item={user}
                      label={t('usersAdmin.edit')}
                      description={t('usersAdmin.editOne', { name: user.displayName })}
                    />
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
        </DataTable>
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
  editing,
  targets,
  selfId,
  csrfToken,
  onCancel,
  onSaved,
}: {
  editing: Editing<ManagedUser>;
  targets: RoutingTarget[];
  selfId: string;
  csrfToken: string;
  onCancel: () => void;
  onSaved: (message: string, initial: { email: string; password: string } | null) => Promise<void>;
}) {
  const { t } = useTranslation();
  const before = editing.mode === 'edit' ? editing.item : null;
  const [now] = useState(() => Date.now());
  const editor = useRecordForm({
    initial: () => (before ? userFormFrom(before) : emptyUserForm()),
    problemsOf: (form) =>
      userFormProblems(form, before ? 'edit' : 'create', { self: before?.id === selfId }),
    send: async (form) => {
      if (!before) {
        const created = await apiRequest<{ user: ManagedUser; initialPassword?: string }>(
          '/api/users',
          { method: 'POST', body: newUserBody(form), csrfToken },
        );
        return {
          message: t('usersAdmin.done.created', { name: created.user.displayName }),
          initial: created.initialPassword
            ? { email: form.email.trim(), password: created.initialPassword }
            : null,
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
      await onSaved(message, initial);
    },
  });
  const { form } = editor;

  // A liaison belongs to a department in force now, or keeps the one it has.
  const choosable = targets.filter(
    (target) => targetActiveAt(target, now) || target.id === form.routingTargetId,
  );

  return (
    <EditorForm
      editor={editor}
      title={
        before
          ? t('usersAdmin.form.editTitle', { name: before.displayName })
          : t('usersAdmin.form.createTitle')
      }
      submitLabel={before ? t('usersAdmin.form.save') : t('usersAdmin.form.create')}
      conflict={t('usersAdmin.form.emailTaken', { email: form.email.trim() })}
      footnote={before ? null : <p className="muted small">{t('usersAdmin.form.passwordHint')}</p>}
      onCancel={onCancel}
    >
      <TextField
        label={t('usersAdmin.form.name')}
        autoComplete="off"
        maxLength={200}
        {...editor.field('displayName')}
      />
      {before ? (
        <p>
          <span className="muted">{t('usersAdmin.form.email')}: </span>
          {before.email}
        </p>
      ) : (
        <TextField
          label={t('usersAdmin.form.email')}
          type="email"
          autoComplete="off"
          maxLength={320}
          {...editor.field('email')}
        />
      )}
      <SelectField
        label={t('usersAdmin.form.role')}
        hint={t(`usersAdmin.roleHints.${form.role}`)}
        options={roles.map((role) => ({ value: role, label: t(`roles.${role}`) }))}
        {...editor.field('role')}
      />
      {form.role === 'liaison' ? (
        <SelectField
          label={t('usersAdmin.form.department')}
          options={[
            { value: '', label: t('usersAdmin.form.chooseDepartment') },
            ...choosable.map((target) => ({ value: target.id, label: target.name })),
          ]}
          {...editor.field('routingTargetId')}
        />
      ) : null}
      {canGrantEvidence(form.role) ? (
        <CheckField label={t('usersAdmin.form.evidence')} {...editor.field('evidenceView')} />
      ) : null}
      <SelectField
        label={t('usersAdmin.form.locale')}
        options={[
          { value: 'vi', label: t('language.names.vi') },
          { value: 'en', label: t('language.names.en') },
        ]}
        {...editor.field('locale')}
      />
    </EditorForm>
  );
}

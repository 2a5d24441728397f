import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { apiRequest } from '../../api/client.js';
import type { DeadlineRule } from '../../api/types.js';
import { useSignedIn } from '../../app/session.js';
import { DataTable } from '../../components/data-table.js';
import { useDocumentTitle } from '../../components/document-title.js';
import { ErrorMessage } from '../../components/error-message.js';
import { Loading } from '../../components/loading.js';
import {
  deadlineChangesBody,
  deadlineFormFrom,
  deadlineFormProblems,
  deadlineMetByEvents,
  deadlineRecipients,
  deadlineRuleName,
  deadlineStartEvents,
  describeDeadline,
  emptyDeadlineForm,
  newDeadlineBody,
} from '../../lib/admin-forms.js';
import { formatDateTime } from '../../lib/dates.js';
import {
  CheckField,
  CheckList,
  EditButton,
  EditorForm,
  ListHeader,
  SelectField,
  TextField,
  useListEditor,
  useRecordForm,
  type Editing,
} from './admin-editor.js';

const deadlinesKey = ['admin', 'deadline-rules'] as const;

export function DeadlinesAdmin() {
  const { t, i18n } = useTranslation();
  useDocumentTitle(t('deadlinesAdmin.title'));
  const session = useSignedIn();
  const list = useListEditor<DeadlineRule>(deadlinesKey);
  const rules = useQuery({
    queryKey: deadlinesKey,
    queryFn: ({ signal }) =>
      apiRequest<{ rules: DeadlineRule[] }>('/api/deadline-rules', { signal }),
  });

  return (
    <section aria-labelledby="deadlines-admin-title">
      <ListHeader
        list={list}
        title={t('deadlinesAdmin.title')}
        titleId="deadlines-admin-title"
        addLabel={t('deadlinesAdmin.add')}
        intro={t('deadlinesAdmin.intro')}
      />
      {list.editing ? (
        <DeadlineEditor
          key={list.formKey}
          editing={list.editing}
          csrfToken={session.csrfToken}
          onCancel={list.close}
          onSaved={list.saved}
        />
      ) : null}
      {rules.isPending ? (
        <Loading />
      ) : rules.isError ? (
        <ErrorMessage error={rules.error} />
      ) : rules.data.rules.length === 0 ? (
        <p className="empty">{t('deadlinesAdmin.empty')}</p>
      ) : (
        <DataTable
          caption={t('deadlinesAdmin.title')}
          columns={[
            t('deadlinesAdmin.columns.label'),
            t('deadlinesAdmin.columns.summary'),
            t('deadlinesAdmin.columns.state'),
            t('deadlinesAdmin.columns.updated'),
            t('deadlinesAdmin.columns.actions'),
          ]}
        >
          {rules.data.rules.map((rule) => (
            <tr key={rule.id} className={rule.active ? undefined : 'row--muted'}>
              <td>
                {rule.label}
                <code className="cell-note small">{rule.name}</code>
              </td>
              <td>{describeDeadline(rule, t, i18n.language)}</td>
              <td>
                <span className={rule.active ? 'badge badge--on' : 'badge badge--off'}>
                  {rule.active ? t('deadlinesAdmin.on') : t('deadlinesAdmin.off')}
                </span>
              </td>
              <td>{formatDateTime(rule.updatedAt, i18n.language)}</td>
              <td>
                <EditButton
                  list={list}
                  item={rule}
                  label={t('deadlinesAdmin.edit')}
                  description={t('deadlinesAdmin.editOne', { label: rule.label })}
                />
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}

function DeadlineEditor({
  editing,
  csrfToken,
  onCancel,
  onSaved,
}: {
  editing: Editing<DeadlineRule>;
  csrfToken: string;
  onCancel: () => void;
  onSaved: (message: string) => Promise<void>;
}) {
  const { t, i18n } = useTranslation();
  const before = editing.mode === 'edit' ? editing.item : null;
  const mode = before ? 'edit' : 'create';
  const editor = useRecordForm({
    initial: () => (before ? deadlineFormFrom(before) : emptyDeadlineForm()),
    problemsOf: (form) => deadlineFormProblems(form, mode),
    send: (form) =>
      before
        ? apiRequest<{ rule: DeadlineRule }>(`/api/deadline-rules/${before.id}`, {
            method: 'PATCH',
            body: deadlineChangesBody(form),
            csrfToken,
          })
        : apiRequest<{ rule: DeadlineRule }>('/api/deadline-rules', {
            method: 'POST',
            body: newDeadlineBody(form),
            csrfToken,
          }),
    onSuccess: async ({ rule }) => {
      await onSaved(
        before
          ? t('deadlinesAdmin.done.saved', { label: rule.label })
          : t('deadlinesAdmin.done.created', { label: rule.label }),
      );
    },
  });
  const { form } = editor;

  // The rule's own event stays choosable even when it is not one of the usual ones.
  const metByChoices: string[] = (deadlineMetByEvents as readonly string[]).includes(form.metBy)
    ? [...deadlineMetByEvents]
    : [...deadlineMetByEvents, form.metBy];

  return (
    <EditorForm
      editor={editor}
      title={
        before
          ? t('deadlinesAdmin.form.editTitle', { label: before.label })
          : t('deadlinesAdmin.form.createTitle')
      }
      submitLabel={before ? t('deadlinesAdmin.form.save') : t('deadlinesAdmin.form.create')}
      conflict={t('deadlinesAdmin.form.nameTaken', { name: deadlineRuleName(form) })}
      onCancel={onCancel}
    >
      <TextField
        label={t('deadlinesAdmin.form.label')}
        maxLength={300}
        {...editor.field('label')}
      />
      {before ? (
        <p>
          <span className="muted">{t('deadlinesAdmin.form.name')}: </span>
          <code>{before.name}</code>
        </p>
      ) : (
        <TextField
          label={t('deadlinesAdmin.form.name')}
          autoComplete="off"
          hint={t('deadlinesAdmin.form.nameHint', { name: deadlineRuleName(form) || '—' })}
          {...editor.field('name')}
        />
      )}
      <div className="field-row">
        <SelectField
          label={t('deadlinesAdmin.form.startEvent')}
          options={deadlineStartEvents.map((value) => ({
            value,
            label: t(`deadlinesAdmin.startEvents.${value}`),
          }))}
          {...editor.field('startEvent')}
        />
        <TextField
          label={t('deadlinesAdmin.form.durationHours')}
          inputMode="decimal"
          autoComplete="off"
          {...editor.field('durationHours')}
        />
      </div>
      <TextField
        label={t('deadlinesAdmin.form.remindBeforeHours')}
        inputMode="decimal"
        autoComplete="off"
        hint={t('deadlinesAdmin.form.remindBeforeHint')}
        {...editor.field('remindBeforeHours')}
      />
      <fieldset className="fieldset">
        <legend>{t('deadlinesAdmin.form.remind')}</legend>
        <CheckList
          options={deadlineRecipients.map((who) => ({
            value: who,
            label: t(`deadlinesAdmin.recipients.${who}`),
          }))}
          {...editor.field('remind')}
        />
      </fieldset>
      <SelectField
        label={t('deadlinesAdmin.form.metBy')}
        options={metByChoices.map((value) => ({
          value,
          label: t(`deadlinesAdmin.metByEvents.${value}`, { defaultValue: value }),
        }))}
        {...editor.field('metBy')}
      />
      <CheckField label={t('deadlinesAdmin.form.active')} {...editor.field('active')} />
      {deadlineFormProblems(form, mode).length === 0 ? (
        <p className="rule-preview">
          <span className="rule-preview__label">{t('deadlinesAdmin.form.preview')}</span>{' '}
          {describeDeadline(deadlineChangesBody(form), t, i18n.language)}
        </p>
      ) : null}
    </EditorForm>
  );
}

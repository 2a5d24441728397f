import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { apiRequest } from '../../api/client.js';
import { ApiError } from '../../api/problem.js';
import type { DeadlineRule } from '../../api/types.js';
import { useSignedIn } from '../../app/session.js';
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
  type DeadlineForm,
  type FormProblem,
} from '../../lib/admin-forms.js';
import { formatDateTime } from '../../lib/dates.js';
import { FormProblems, hasProblem, StatusMessage, useFocusFirstProblem } from './admin-widgets.js';

const deadlinesKey = ['admin', 'deadline-rules'] as const;

type Editing = { mode: 'create' } | { mode: 'edit'; rule: DeadlineRule };

export function DeadlinesAdmin() {
  const { t, i18n } = useTranslation();
  useDocumentTitle(t('deadlinesAdmin.title'));
  const session = useSignedIn();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<Editing | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const rules = useQuery({
    queryKey: deadlinesKey,
    queryFn: ({ signal }) =>
      apiRequest<{ rules: DeadlineRule[] }>('/api/deadline-rules', { signal }),
  });

  return (
    <section aria-labelledby="deadlines-admin-title">
      <div className="page__header">
        <h2 id="deadlines-admin-title">{t('deadlinesAdmin.title')}</h2>
        <button
          type="button"
          className="button button--primary"
          aria-expanded={editing?.mode === 'create'}
          onClick={() => {
            setEditing({ mode: 'create' });
            setStatus(null);
          }}
        >
          {t('deadlinesAdmin.add')}
        </button>
      </div>
      <p className="muted">{t('deadlinesAdmin.intro')}</p>
      <StatusMessage message={status} />
      {editing ? (
        <DeadlineEditor
          key={editing.mode === 'edit' ? editing.rule.id : 'new'}
          editing={editing}
          csrfToken={session.csrfToken}
          onCancel={() => {
            setEditing(null);
          }}
          onSaved={async (message) => {
            setEditing(null);
            setStatus(message);
            await queryClient.invalidateQueries({ queryKey: deadlinesKey });
          }}
        />
      ) : null}
      {rules.isPending ? (
        <Loading />
      ) : rules.isError ? (
        <ErrorMessage error={rules.error} />
      ) : rules.data.rules.length === 0 ? (
        <p className="empty">{t('deadlinesAdmin.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">{t('deadlinesAdmin.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('deadlinesAdmin.columns.label')}</th>
                <th scope="col">{t('deadlinesAdmin.columns.summary')}</th>
                <th scope="col">{t('deadlinesAdmin.columns.state')}</th>
                <th scope="col">{t('deadlinesAdmin.columns.updated')}</th>
                <th scope="col">{t('deadlinesAdmin.columns.actions')}</th>
              </tr>
            </thead>
            <tbody>
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
                    <button
                      type="button"
                      className="button button--small"
                      aria-label={t('deadlinesAdmin.editOne', { label: rule.label })}
                      onClick={() => {
                        setEditing({ mode: 'edit', rule });
                        setStatus(null);
                      }}
                    >
                      {t('deadlinesAdmin.edit')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
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
  editing: Editing;
  csrfToken: string;
  onCancel: () => void;
  onSaved: (message: string) => Promise<void>;
}) {
  const { t, i18n } = useTranslation();
  const before = editing.mode === 'edit' ? editing.rule : null;
  const [form, setForm] = useState<DeadlineForm>(() =>
    before ? deadlineFormFrom(before) : emptyDeadlineForm(),
  );
  const [problems, setProblems] = useState<FormProblem[]>([]);
  const ids = {
    heading: useId(),
    label: useId(),
    name: useId(),
    nameHint: useId(),
    start: useId(),
    duration: useId(),
    reminders: useId(),
    remindersHint: useId(),
    metBy: useId(),
    active: useId(),
  };
  const firstField = useRef<HTMLInputElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstProblem(formRef, problems);
  useEffect(() => {
    firstField.current?.focus();
  }, []);
  const set = <K extends keyof DeadlineForm>(key: K, value: DeadlineForm[K]) => {
    setForm((current) => ({ ...current, [key]: value }));
  };

  const save = useMutation({
    mutationFn: () =>
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

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const found = deadlineFormProblems(form, before ? 'edit' : 'create');
    setProblems(found);
    if (found.length === 0) save.mutate();
  };

  // The rule's own event stays choosable even when it is not one of the usual ones.
  const metByChoices: string[] = (deadlineMetByEvents as readonly string[]).includes(form.metBy)
    ? [...deadlineMetByEvents]
    : [...deadlineMetByEvents, form.metBy];
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
          ? t('deadlinesAdmin.form.editTitle', { label: before.label })
          : t('deadlinesAdmin.form.createTitle')}
      </h3>
      <div className="field">
        <label htmlFor={ids.label}>{t('deadlinesAdmin.form.label')}</label>
        <input
          id={ids.label}
          ref={firstField}
          maxLength={300}
          aria-invalid={hasProblem(problems, 'label')}
          value={form.label}
          onChange={(event) => {
            set('label', event.target.value);
          }}
        />
      </div>
      {before ? (
        <p>
          <span className="muted">{t('deadlinesAdmin.form.name')}: </span>
          <code>{before.name}</code>
        </p>
      ) : (
        <div className="field">
          <label htmlFor={ids.name}>{t('deadlinesAdmin.form.name')}</label>
          <input
            id={ids.name}
            autoComplete="off"
            aria-describedby={ids.nameHint}
            aria-invalid={hasProblem(problems, 'name')}
            value={form.name}
            onChange={(event) => {
              set('name', event.target.value);
            }}
          />
          <p className="muted small" id={ids.nameHint}>
            {t('deadlinesAdmin.form.nameHint', { name: deadlineRuleName(form) || '—' })}
          </p>
        </div>
      )}
      <div className="field-row">
        <div className="field">
          <label htmlFor={ids.start}>{t('deadlinesAdmin.form.startEvent')}</label>
          <select
            id={ids.start}
            value={form.startEvent}
            onChange={(event) => {
              const value = deadlineStartEvents.find((e) => e === event.target.value);
              if (value) set('startEvent', value);
            }}
          >
            {deadlineStartEvents.map((value) => (
              <option key={value} value={value}>
                {t(`deadlinesAdmin.startEvents.${value}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.duration}>{t('deadlinesAdmin.form.durationHours')}</label>
          <input
            id={ids.duration}
            inputMode="decimal"
            autoComplete="off"
            aria-invalid={hasProblem(problems, 'durationHours')}
            value={form.durationHours}
            onChange={(event) => {
              set('durationHours', event.target.value);
            }}
          />
        </div>
      </div>
      <div className="field">
        <label htmlFor={ids.reminders}>{t('deadlinesAdmin.form.remindBeforeHours')}</label>
        <input
          id={ids.reminders}
          inputMode="decimal"
          autoComplete="off"
          aria-describedby={ids.remindersHint}
          aria-invalid={hasProblem(problems, 'remindBeforeHours')}
          value={form.remindBeforeHours}
          onChange={(event) => {
            set('remindBeforeHours', event.target.value);
          }}
        />
        <p className="muted small" id={ids.remindersHint}>
          {t('deadlinesAdmin.form.remindBeforeHint')}
        </p>
      </div>
      <fieldset className="fieldset">
        <legend>{t('deadlinesAdmin.form.remind')}</legend>
        <div className="checks">
          {deadlineRecipients.map((who) => (
            <label key={who} className="check">
              <input
                type="checkbox"
                checked={form.remind.includes(who)}
                onChange={(event) => {
                  set(
                    'remind',
                    event.target.checked
                      ? [...form.remind.filter((entry) => entry !== who), who]
                      : form.remind.filter((entry) => entry !== who),
                  );
                }}
              />
              {t(`deadlinesAdmin.recipients.${who}`)}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="field">
        <label htmlFor={ids.metBy}>{t('deadlinesAdmin.form.metBy')}</label>
        <select
          id={ids.metBy}
          value={form.metBy}
          onChange={(event) => {
            set('metBy', event.target.value);
          }}
        >
          {metByChoices.map((value) => (
            <option key={value} value={value}>
              {t(`deadlinesAdmin.metByEvents.${value}`, { defaultValue: value })}
            </option>
          ))}
        </select>
      </div>
      <div className="field field--check">
        <input
          id={ids.active}
          type="checkbox"
          checked={form.active}
          onChange={(event) => {
            set('active', event.target.checked);
          }}
        />
        <label htmlFor={ids.active}>{t('deadlinesAdmin.form.active')}</label>
      </div>
      {deadlineFormProblems(form, before ? 'edit' : 'create').length === 0 ? (
        <p className="rule-preview">
          <span className="rule-preview__label">{t('deadlinesAdmin.form.preview')}</span>{' '}
          {describeDeadline(deadlineChangesBody(form), t, i18n.language)}
        </p>
      ) : null}
      <FormProblems problems={problems} />
      {conflict ? (
        <p className="notice notice--error" role="alert">
          {t('deadlinesAdmin.form.nameTaken', { name: deadlineRuleName(form) })}
        </p>
      ) : save.isError ? (
        <ErrorMessage error={save.error} />
      ) : null}
      <div className="actions">
        <button type="submit" className="button button--primary" disabled={save.isPending}>
          {before ? t('deadlinesAdmin.form.save') : t('deadlinesAdmin.form.create')}
        </button>
        <button type="button" className="button button--ghost" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { apiRequest } from '../../api/client.js';
import type { RoutingRule, RoutingTarget, TargetKind } from '../../api/types.js';
import { useSignedIn } from '../../app/session.js';
import { useDocumentTitle } from '../../components/document-title.js';
import { ErrorMessage } from '../../components/error-message.js';
import { Loading } from '../../components/loading.js';
import {
  classifications,
  dateInputFromIso,
  describeRule,
  emptyRuleForm,
  emptyTargetForm,
  routingEvents,
  ruleBody,
  ruleFormFrom,
  ruleFormProblems,
  severities,
  targetActiveAt,
  targetBody,
  targetFormFrom,
  targetFormProblems,
  targetKinds,
  webhookSecretMinLength,
  type FormProblem,
  type RuleForm,
  type TargetForm,
} from '../../lib/admin-forms.js';
import { FormProblems, hasProblem, StatusMessage, useFocusFirstProblem } from './admin-widgets.js';
import { targetsKey } from './users-admin.js';

const rulesKey = ['admin', 'routing-rules'] as const;

type Editing<T> = { mode: 'create' } | { mode: 'edit'; item: T };

/** The day a stored instant falls on in Vietnam, as people write it (dd/mm/yyyy). */
function dayOf(iso: string | null): string {
  const day = dateInputFromIso(iso);
  if (day === '') return '';
  const [year, month, date] = day.split('-');
  return `${date ?? ''}/${month ?? ''}/${year ?? ''}`;
}

function toggle<T>(list: readonly T[], value: T, on: boolean): T[] {
  return on ? [...list.filter((entry) => entry !== value), value] : list.filter((e) => e !== value);
}

export function RoutingAdmin() {
  const { t, i18n } = useTranslation();
  useDocumentTitle(t('routingAdmin.title'));
  const session = useSignedIn();
  const queryClient = useQueryClient();
  const [targetEditor, setTargetEditor] = useState<Editing<RoutingTarget> | null>(null);
  const [ruleEditor, setRuleEditor] = useState<Editing<RoutingRule> | null>(null);
  // Each list says its own outcomes next to it, where the person is looking.
  const [targetStatus, setTargetStatus] = useState<string | null>(null);
  const [ruleStatus, setRuleStatus] = useState<string | null>(null);

  const targets = useQuery({
    queryKey: targetsKey,
    queryFn: ({ signal }) =>
      apiRequest<{ targets: RoutingTarget[] }>('/api/routing-targets', { signal }),
  });
  const rules = useQuery({
    queryKey: rulesKey,
    queryFn: ({ signal }) => apiRequest<{ rules: RoutingRule[] }>('/api/routing-rules', { signal }),
  });
  const targetList = targets.data?.targets ?? [];
  const targetNames = new Map(targetList.map((target) => [target.id, target.name]));
  // "In force" as of the list's own fetch, so a render never reads the clock.
  const now = targets.dataUpdatedAt;

  const switchRule = useMutation({
    mutationFn: (rule: RoutingRule) =>
      apiRequest<{ rule: RoutingRule }>(`/api/routing-rules/${rule.id}`, {
        method: 'PATCH',
        body: { active: !rule.active },
        csrfToken: session.csrfToken,
      }),
    onSuccess: async ({ rule }) => {
      setRuleStatus(
        rule.active
          ? t('routingAdmin.done.ruleOn', { name: rule.name })
          : t('routingAdmin.done.ruleOff', { name: rule.name }),
      );
      await queryClient.invalidateQueries({ queryKey: rulesKey });
    },
  });

  return (
    <section aria-label={t('routingAdmin.title')}>
      <div className="page__header">
        <h2>{t('routingAdmin.targets.title')}</h2>
        <button
          type="button"
          className="button button--primary"
          aria-expanded={targetEditor?.mode === 'create'}
          onClick={() => {
            setTargetEditor({ mode: 'create' });
            setTargetStatus(null);
          }}
        >
          {t('routingAdmin.targets.add')}
        </button>
      </div>
      <p className="muted">{t('routingAdmin.targets.intro')}</p>
      <StatusMessage message={targetStatus} />
      {targetEditor ? (
        <TargetEditor
          key={targetEditor.mode === 'edit' ? targetEditor.item.id : 'new'}
          editing={targetEditor}
          csrfToken={session.csrfToken}
          onCancel={() => {
            setTargetEditor(null);
          }}
          onSaved={async (message) => {
            setTargetEditor(null);
            setTargetStatus(message);
            await queryClient.invalidateQueries({ queryKey: targetsKey });
          }}
        />
      ) : null}
      {targets.isPending ? (
        <Loading />
      ) : targets.isError ? (
        <ErrorMessage error={targets.error} />
      ) : (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">{t('routingAdmin.targets.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('routingAdmin.targets.columns.name')}</th>
                <th scope="col">{t('routingAdmin.targets.columns.kind')}</th>
                <th scope="col">{t('routingAdmin.targets.columns.emails')}</th>
                <th scope="col">{t('routingAdmin.targets.columns.webhook')}</th>
                <th scope="col">{t('routingAdmin.targets.columns.period')}</th>
                <th scope="col">{t('routingAdmin.targets.columns.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {targetList.map((target) => {
                const active = targetActiveAt(target, now);
                return (
                  <tr key={target.id} className={active ? undefined : 'row--muted'}>
                    <td>
                      {target.name}
                      {target.formerNames.length > 0 ? (
                        <span className="muted small cell-note">
                          {t('routingAdmin.targets.formerNames', {
                            names: target.formerNames.join('; '),
                          })}
                        </span>
                      ) : null}
                    </td>
                    <td>{t(`routingAdmin.kinds.${target.kind}`)}</td>
                    <td className="cell-list">
                      {target.emails.length > 0 ? target.emails.join(', ') : '—'}
                    </td>
                    <td className="cell-list">
                      {target.webhookUrl ?? '—'}
                      {target.webhookUrl && target.hasWebhookSecret ? (
                        <span className="muted small cell-note">
                          {t('routingAdmin.targets.secretSet')}
                        </span>
                      ) : null}
                    </td>
                    <td>
                      <span className={active ? 'badge badge--on' : 'badge badge--off'}>
                        {active
                          ? t('routingAdmin.targets.active')
                          : target.activeFrom && Date.parse(target.activeFrom) > now
                            ? t('routingAdmin.targets.notYet')
                            : t('routingAdmin.targets.ended')}
                      </span>
                      {target.activeFrom || target.activeUntil ? (
                        <span className="muted small cell-note">
                          {target.activeFrom && target.activeUntil
                            ? t('routingAdmin.targets.between', {
                                from: dayOf(target.activeFrom),
                                until: dayOf(target.activeUntil),
                              })
                            : target.activeFrom
                              ? t('routingAdmin.targets.since', { from: dayOf(target.activeFrom) })
                              : t('routingAdmin.targets.until', {
                                  until: dayOf(target.activeUntil),
                                })}
                        </span>
                      ) : null}
                    </td>
                    <td>
                      <button
                        type="button"
                        className="button button--small"
                        aria-label={t('routingAdmin.targets.editOne', { name: target.name })}
                        onClick={() => {
                          setTargetEditor({ mode: 'edit', item: target });
                          setTargetStatus(null);
                        }}
                      >
                        {t('routingAdmin.edit')}
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}

      <div className="page__header">
        <h2>{t('routingAdmin.rules.title')}</h2>
        <button
          type="button"
          className="button button--primary"
          aria-expanded={ruleEditor?.mode === 'create'}
          onClick={() => {
            setRuleEditor({ mode: 'create' });
            setRuleStatus(null);
          }}
        >
          {t('routingAdmin.rules.add')}
        </button>
      </div>
      <p className="muted">{t('routingAdmin.rules.intro')}</p>
      <StatusMessage message={ruleStatus} />
      {ruleEditor ? (
        <RuleEditor
          key={ruleEditor.mode === 'edit' ? ruleEditor.item.id : 'new'}
          editing={ruleEditor}
          targets={targetList}
          csrfToken={session.csrfToken}
          onCancel={() => {
            setRuleEditor(null);
          }}
          onSaved={async (message) => {
            setRuleEditor(null);
            setRuleStatus(message);
            await queryClient.invalidateQueries({ queryKey: rulesKey });
          }}
        />
      ) : null}
      {switchRule.isError ? <ErrorMessage error={switchRule.error} /> : null}
      {rules.isPending ? (
        <Loading />
      ) : rules.isError ? (
        <ErrorMessage error={rules.error} />
      ) : rules.data.rules.length === 0 ? (
        <p className="empty">{t('routingAdmin.rules.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">{t('routingAdmin.rules.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('routingAdmin.rules.columns.name')}</th>
                <th scope="col">{t('routingAdmin.rules.columns.summary')}</th>
                <th scope="col">{t('routingAdmin.rules.columns.state')}</th>
                <th scope="col">{t('routingAdmin.rules.columns.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {rules.data.rules.map((rule) => (
                <tr key={rule.id} className={rule.active ? undefined : 'row--muted'}>
                  <td>{rule.name}</td>
                  <td>{describeRule(rule, targetNames, t, i18n.language)}</td>
                  <td>
                    <span className={rule.active ? 'badge badge--on' : 'badge badge--off'}>
                      {rule.active ? t('routingAdmin.rules.on') : t('routingAdmin.rules.off')}
                    </span>
                  </td>
                  <td>
                    <div className="row-actions">
                      <button
                        type="button"
                        className="button button--small"
                        aria-label={t('routingAdmin.rules.editOne', { name: rule.name })}
                        onClick={() => {
                          setRuleEditor({ mode: 'edit', item: rule });
                          setRuleStatus(null);
                        }}
                      >
                        {t('routingAdmin.edit')}
                      </button>
                      <button
                        type="button"
                        className="button button--small"
                        disabled={switchRule.isPending}
                        aria-label={
                          rule.active
                            ? t('routingAdmin.rules.turnOffOne', { name: rule.name })
                            : t('routingAdmin.rules.turnOnOne', { name: rule.name })
                        }
                        onClick={() => {
                          switchRule.mutate(rule);
                        }}
                      >
                        {rule.active
                          ? t('routingAdmin.rules.turnOff')
                          : t('routingAdmin.rules.turnOn')}
                      </button>
                    </div>
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

function TargetEditor({
  editing,
  csrfToken,
  onCancel,
  onSaved,
}: {
  editing: Editing<RoutingTarget>;
  csrfToken: string;
  onCancel: () => void;
  onSaved: (message: string) => Promise<void>;
}) {
  const { t } = useTranslation();
  const before = editing.mode === 'edit' ? editing.item : null;
  const [form, setForm] = useState<TargetForm>(() =>
    before ? targetFormFrom(before) : emptyTargetForm(),
  );
  const [problems, setProblems] = useState<FormProblem[]>([]);
  const ids = {
    heading: useId(),
    name: useId(),
    former: useId(),
    formerHint: useId(),
    kind: useId(),
    emails: useId(),
    emailsHint: useId(),
    url: useId(),
    secret: useId(),
    secretHint: useId(),
    from: useId(),
    until: useId(),
    periodHint: useId(),
  };
  const firstField = useRef<HTMLInputElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstProblem(formRef, problems);
  useEffect(() => {
    firstField.current?.focus();
  }, []);
  const set = <K extends keyof TargetForm>(key: K, value: TargetForm[K]) => {
    setForm((current) => ({ ...current, [key]: value }));
  };

  const save = useMutation({
    mutationFn: () =>
      apiRequest<{ target: RoutingTarget }>(
        before ? `/api/routing-targets/${before.id}` : '/api/routing-targets',
        { method: before ? 'PATCH' : 'POST', body: targetBody(form), csrfToken },
      ),
    onSuccess: async ({ target }) => {
      // The secret leaves the page as soon as the API has it.
      setForm((current) => ({ ...current, webhookSecret: '' }));
      await onSaved(
        before
          ? t('routingAdmin.done.targetSaved', { name: target.name })
          : t('routingAdmin.done.targetCreated', { name: target.name }),
      );
    },
  });

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const found = targetFormProblems(form, before?.hasWebhookSecret ?? false);
    setProblems(found);
    if (found.length === 0) save.mutate();
  };

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
          ? t('routingAdmin.targetForm.editTitle', { name: before.name })
          : t('routingAdmin.targetForm.createTitle')}
      </h3>
      <div className="field">
        <label htmlFor={ids.name}>{t('routingAdmin.targetForm.name')}</label>
        <input
          id={ids.name}
          ref={firstField}
          maxLength={300}
          aria-invalid={hasProblem(problems, 'name')}
          value={form.name}
          onChange={(event) => {
            set('name', event.target.value);
          }}
        />
      </div>
      <div className="field">
        <label htmlFor={ids.kind}>{t('routingAdmin.targetForm.kind')}</label>
        <select
          id={ids.kind}
          value={form.kind}
          onChange={(event) => {
            set('kind', event.target.value as TargetKind);
          }}
        >
          {targetKinds.map((kind) => (
            <option key={kind} value={kind}>
              {t(`routingAdmin.kinds.${kind}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={ids.emails}>{t('routingAdmin.targetForm.emails')}</label>
        <textarea
          id={ids.emails}
          rows={2}
          aria-describedby={ids.emailsHint}
          aria-invalid={hasProblem(problems, 'emails')}
          value={form.emails}
          onChange={(event) => {
            set('emails', event.target.value);
          }}
        />
        <p className="muted small" id={ids.emailsHint}>
          {t('routingAdmin.targetForm.emailsHint')}
        </p>
      </div>
      <div className="field">
        <label htmlFor={ids.url}>{t('routingAdmin.targetForm.webhookUrl')}</label>
        <input
          id={ids.url}
          type="url"
          inputMode="url"
          autoComplete="off"
          aria-invalid={hasProblem(problems, 'webhookUrl')}
          value={form.webhookUrl}
          onChange={(event) => {
            set('webhookUrl', event.target.value);
          }}
        />
      </div>
      <div className="field">
        <label htmlFor={ids.secret}>{t('routingAdmin.targetForm.webhookSecret')}</label>
        <input
          id={ids.secret}
          type="password"
          autoComplete="new-password"
          aria-describedby={ids.secretHint}
          aria-invalid={hasProblem(problems, 'webhookSecret')}
          value={form.webhookSecret}
          onChange={(event) => {
            set('webhookSecret', event.target.value);
          }}
        />
        <p className="muted small" id={ids.secretHint}>
          {before?.hasWebhookSecret
            ? t('routingAdmin.targetForm.secretKept', { min: webhookSecretMinLength })
            : t('routingAdmin.targetForm.secretHint', { min: webhookSecretMinLength })}
        </p>
      </div>
      <div className="field-row">
        <div className="field">
          <label htmlFor={ids.from}>{t('routingAdmin.targetForm.activeFrom')}</label>
          <input
            id={ids.from}
            type="date"
            aria-describedby={ids.periodHint}
            aria-invalid={hasProblem(problems, 'activeFrom')}
            value={form.activeFrom}
            onChange={(event) => {
              set('activeFrom', event.target.value);
            }}
          />
        </div>
        <div className="field">
          <label htmlFor={ids.until}>{t('routingAdmin.targetForm.activeUntil')}</label>
          <input
            id={ids.until}
            type="date"
            aria-describedby={ids.periodHint}
            aria-invalid={hasProblem(problems, 'activeUntil')}
            value={form.activeUntil}
            onChange={(event) => {
              set('activeUntil', event.target.value);
            }}
          />
        </div>
      </div>
      <p className="muted small" id={ids.periodHint}>
        {t('routingAdmin.targetForm.periodHint')}
      </p>
      <div className="field">
        <label htmlFor={ids.former}>{t('routingAdmin.targetForm.formerNames')}</label>
        <textarea
          id={ids.former}
          rows={2}
          aria-describedby={ids.formerHint}
          aria-invalid={hasProblem(problems, 'formerNames')}
          value={form.formerNames}
          onChange={(event) => {
            set('formerNames', event.target.value);
          }}
        />
        <p className="muted small" id={ids.formerHint}>
          {t('routingAdmin.targetForm.formerNamesHint')}
        </p>
      </div>
      <FormProblems problems={problems} />
      {save.isError ? <ErrorMessage error={save.error} /> : null}
      <div className="actions">
        <button type="submit" className="button button--primary" disabled={save.isPending}>
          {before ? t('routingAdmin.save') : t('routingAdmin.targetForm.create')}
        </button>
        <button type="button" className="button button--ghost" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

function RuleEditor({
  editing,
  targets,
  csrfToken,
  onCancel,
  onSaved,
}: {
  editing: Editing<RoutingRule>;
  targets: RoutingTarget[];
  csrfToken: string;
  onCancel: () => void;
  onSaved: (message: string) => Promise<void>;
}) {
  const { t, i18n } = useTranslation();
  const before = editing.mode === 'edit' ? editing.item : null;
  const [form, setForm] = useState<RuleForm>(() =>
    before ? ruleFormFrom(before) : emptyRuleForm(),
  );
  const [problems, setProblems] = useState<FormProblem[]>([]);
  const [now] = useState(() => Date.now());
  const ids = {
    heading: useId(),
    name: useId(),
    event: useId(),
    owners: useId(),
    ownersHint: useId(),
    severity: useId(),
    active: useId(),
    preview: useId(),
  };
  const prefix = useId();
  const firstField = useRef<HTMLInputElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstProblem(formRef, problems);
  useEffect(() => {
    firstField.current?.focus();
  }, []);
  const set = <K extends keyof RuleForm>(key: K, value: RuleForm[K]) => {
    setForm((current) => ({ ...current, [key]: value }));
  };

  const save = useMutation({
    mutationFn: () =>
      apiRequest<{ rule: RoutingRule }>(
        before ? `/api/routing-rules/${before.id}` : '/api/routing-rules',
        { method: before ? 'PATCH' : 'POST', body: ruleBody(form), csrfToken },
      ),
    onSuccess: async ({ rule }) => {
      await onSaved(
        before
          ? t('routingAdmin.done.ruleSaved', { name: rule.name })
          : t('routingAdmin.done.ruleCreated', { name: rule.name }),
      );
    },
  });

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const found = ruleFormProblems(form);
    setProblems(found);
    if (found.length === 0) save.mutate();
  };

  const choosable = targets.filter(
    (target) => targetActiveAt(target, now) || form.targetIds.includes(target.id),
  );
  const names = new Map(targets.map((target) => [target.id, target.name]));
  const body = ruleBody(form);
  const preview =
    body.targetKinds.length + body.targetIds.length > 0
      ? describeRule(body, names, t, i18n.language)
      : t('routingAdmin.ruleForm.previewEmpty');

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
          ? t('routingAdmin.ruleForm.editTitle', { name: before.name })
          : t('routingAdmin.ruleForm.createTitle')}
      </h3>
      <div className="field">
        <label htmlFor={ids.name}>{t('routingAdmin.ruleForm.name')}</label>
        <input
          id={ids.name}
          ref={firstField}
          maxLength={200}
          aria-invalid={hasProblem(problems, 'name')}
          value={form.name}
          onChange={(event) => {
            set('name', event.target.value);
          }}
        />
      </div>
      <div className="field">
        <label htmlFor={ids.event}>{t('routingAdmin.ruleForm.event')}</label>
        <select
          id={ids.event}
          value={form.event}
          onChange={(event) => {
            const value = routingEvents.find((candidate) => candidate === event.target.value);
            if (value) set('event', value);
          }}
        >
          {routingEvents.map((value) => (
            <option key={value} value={value}>
              {t(`routingAdmin.events.${value}`)}
            </option>
          ))}
        </select>
      </div>

      <fieldset className="fieldset" aria-describedby={`${prefix}-targets-hint`}>
        <legend>{t('routingAdmin.ruleForm.targets')}</legend>
        <p className="muted small" id={`${prefix}-targets-hint`}>
          {t('routingAdmin.ruleForm.targetsHint')}
        </p>
        <p className="fieldset__label">{t('routingAdmin.ruleForm.byKind')}</p>
        <div className="checks">
          {targetKinds.map((kind) => (
            <label key={kind} className="check">
              <input
                type="checkbox"
                checked={form.targetKinds.includes(kind)}
                onChange={(event) => {
                  set('targetKinds', toggle(form.targetKinds, kind, event.target.checked));
                }}
              />
              {t(`routingAdmin.kinds.${kind}`)}
            </label>
          ))}
        </div>
        <p className="fieldset__label">{t('routingAdmin.ruleForm.byTarget')}</p>
        <div className="checks checks--column">
          {choosable.map((target) => (
            <label key={target.id} className="check">
              <input
                type="checkbox"
                checked={form.targetIds.includes(target.id)}
                onChange={(event) => {
                  set('targetIds', toggle(form.targetIds, target.id, event.target.checked));
                }}
              />
              {target.name}
            </label>
          ))}
        </div>
      </fieldset>

      <fieldset className="fieldset">
        <legend>{t('routingAdmin.ruleForm.conditions')}</legend>
        <p className="muted small">{t('routingAdmin.ruleForm.conditionsHint')}</p>
        <div className="field">
          <label htmlFor={ids.owners}>{t('routingAdmin.ruleForm.owners')}</label>
          <textarea
            id={ids.owners}
            rows={2}
            aria-describedby={ids.ownersHint}
            aria-invalid={hasProblem(problems, 'documentOwners')}
            value={form.documentOwners}
            onChange={(event) => {
              set('documentOwners', event.target.value);
            }}
          />
          <p className="muted small" id={ids.ownersHint}>
            {t('routingAdmin.ruleForm.ownersHint')}
          </p>
        </div>
        <p className="fieldset__label">{t('routingAdmin.ruleForm.classifications')}</p>
        <div className="checks">
          {classifications.map((value) => (
            <label key={value} className="check">
              <input
                type="checkbox"
                checked={form.classifications.includes(value)}
                onChange={(event) => {
                  set('classifications', toggle(form.classifications, value, event.target.checked));
                }}
              />
              {t(`routingAdmin.classifications.${value}`)}
            </label>
          ))}
        </div>
        <div className="field">
          <label htmlFor={ids.severity}>{t('routingAdmin.ruleForm.minSeverity')}</label>
          <select
            id={ids.severity}
            value={form.minSeverity}
            onChange={(event) => {
              const value = severities.find((candidate) => candidate === event.target.value);
              set('minSeverity', value ?? '');
            }}
          >
            <option value="">{t('routingAdmin.ruleForm.anySeverity')}</option>
            {severities.map((value) => (
              <option key={value} value={value}>
                {t(`severity.${value}`)}
              </option>
            ))}
          </select>
        </div>
      </fieldset>

      <div className="field field--check">
        <input
          id={ids.active}
          type="checkbox"
          checked={form.active}
          onChange={(event) => {
            set('active', event.target.checked);
          }}
        />
        <label htmlFor={ids.active}>{t('routingAdmin.ruleForm.active')}</label>
      </div>

      <div className="rule-preview" id={ids.preview}>
        <span className="rule-preview__label">{t('routingAdmin.ruleForm.preview')}</span> {preview}
      </div>

      <FormProblems problems={problems} />
      {save.isError ? <ErrorMessage error={save.error} /> : null}
      <div className="actions">
        <button type="submit" className="button button--primary" disabled={save.isPending}>
          {before ? t('routingAdmin.save') : t('routingAdmin.ruleForm.create')}
        </button>
        <button type="button" className="button button--ghost" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

import { useMutation, useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiRequest } from '../../api/client.js';
import type { RoutingRule, RoutingTarget } from '../../api/types.js';
import { useSignedIn } from '../../app/session.js';
import { DataTable } from '../../components/data-table.js';
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
} from '../../lib/admin-forms.js';
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
import { targetsKey } from './users-admin.js';

const rulesKey = ['admin', 'routing-rules'] as const;

/** The day a stored instant falls on in Vietnam, as people write it (dd/mm/yyyy). */
function dayOf(iso: string | null): string {
  const day = dateInputFromIso(iso);
  if (day === '') return '';
  const [year, month, date] = day.split('-');
  return `${date ?? ''}/${month ?? ''}/${year ?? ''}`;
}

export function RoutingAdmin() {
  const { t, i18n } = useTranslation();
  useDocumentTitle(t('routingAdmin.title'));
  const session = useSignedIn();
  // Each list says its own outcomes next to it, where the person is looking.
  const targetEditor = useListEditor<RoutingTarget>(targetsKey);
  const ruleEditor = useListEditor<RoutingRule>(rulesKey);

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
      await ruleEditor.done(
        rule.active
          ? t('routingAdmin.done.ruleOn', { name: rule.name })
          : t('routingAdmin.done.ruleOff', { name: rule.name }),
      );
    },
  });

  return (
    <section aria-label={t('routingAdmin.title')}>
      <ListHeader
        list={targetEditor}
        title={t('routingAdmin.targets.title')}
        addLabel={t('routingAdmin.targets.add')}
        intro={t('routingAdmin.targets.intro')}
      />
      {targetEditor.editing ? (
        <TargetEditor
          key={targetEditor.formKey}
          editing={targetEditor.editing}
          csrfToken={session.csrfToken}
          onCancel={targetEditor.close}
          onSaved={targetEditor.saved}
        />
      ) : null}
      {targets.isPending ? (
        <Loading />
      ) : targets.isError ? (
        <ErrorMessage error={targets.error} />
      ) : (
        <DataTable
          caption={t('routingAdmin.targets.title')}
          columns={[
            t('routingAdmin.targets.columns.name'),
            t('routingAdmin.targets.columns.kind'),
            t('routingAdmin.targets.columns.emails'),
            t('routingAdmin.targets.columns.webhook'),
            t('routingAdmin.targets.columns.period'),
            t('routingAdmin.targets.columns.actions'),
          ]}
        >
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
                  <EditButton
                    list={targetEditor}
                    item={target}
                    label={t('routingAdmin.edit')}
                    description={t('routingAdmin.targets.editOne', { name: target.name })}
                  />
                </td>
              </tr>
            );
          })}
        </DataTable>
      )}

      <ListHeader
        list={ruleEditor}
        title={t('routingAdmin.rules.title')}
        addLabel={t('routingAdmin.rules.add')}
        intro={t('routingAdmin.rules.intro')}
      />
      {ruleEditor.editing ? (
        <RuleEditor
          key={ruleEditor.formKey}
          editing={ruleEditor.editing}
          targets={targetList}
          csrfToken={session.csrfToken}
          onCancel={ruleEditor.close}
          onSaved={ruleEditor.saved}
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
        <DataTable
          caption={t('routingAdmin.rules.title')}
          columns={[
            t('routingAdmin.rules.columns.name'),
            t('routingAdmin.rules.columns.summary'),
            t('routingAdmin.rules.columns.state'),
            t('routingAdmin.rules.columns.actions'),
          ]}
        >
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
                  <EditButton
                    list={ruleEditor}
                    item={rule}
                    label={t('routingAdmin.edit')}
                    description={t('routingAdmin.rules.editOne', { name: rule.name })}
                  />
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
                    {rule.active ? t('routingAdmin.rules.turnOff') : t('routingAdmin.rules.turnOn')}
                  </button>
                </div>
              </td>
            </tr>
          ))}
        </DataTable>
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
  const periodHint = useId();
  const editor = useRecordForm({
    initial: () => (before ? targetFormFrom(before) : emptyTargetForm()),
    problemsOf: (form) => targetFormProblems(form, before?.hasWebhookSecret ?? false),
    send: (form) =>
      apiRequest<{ target: RoutingTarget }>(
        before ? `/api/routing-targets/${before.id}` : '/api/routing-targets',
        { method: before ? 'PATCH' : 'POST', body: targetBody(form), csrfToken },
      ),
    onSuccess: async ({ target }, setForm) => {
      // The secret leaves the page as soon as the API has it.
      setForm((current) => ({ ...current, webhookSecret: '' }));
      await onSaved(
        before
          ? t('routingAdmin.done.targetSaved', { name: target.name })
          : t('routingAdmin.done.targetCreated', { name: target.name }),
      );
    },
  });

  return (
    <EditorForm
      editor={editor}
      title={
        before
          ? t('routingAdmin.targetForm.editTitle', { name: before.name })
          : t('routingAdmin.targetForm.createTitle')
      }
      submitLabel={before ? t('routingAdmin.save') : t('routingAdmin.targetForm.create')}
      onCancel={onCancel}
    >
      <TextField
        label={t('routingAdmin.targetForm.name')}
        maxLength={300}
        {...editor.field('name')}
      />
      <SelectField
        label={t('routingAdmin.targetForm.kind')}
        options={targetKinds.map((kind) => ({
          value: kind,
          label: t(`routingAdmin.kinds.${kind}`),
        }))}
        {...editor.field('kind')}
      />
      <TextField
        label={t('routingAdmin.targetForm.emails')}
        rows={2}
        hint={t('routingAdmin.targetForm.emailsHint')}
        {...editor.field('emails')}
      />
      <TextField
        label={t('routingAdmin.targetForm.webhookUrl')}
        type="url"
        inputMode="url"
        autoComplete="off"
        {...editor.field('webhookUrl')}
      />
      <TextField
        label={t('routingAdmin.targetForm.webhookSecret')}
        type="password"
        autoComplete="new-password"
        hint={
          before?.hasWebhookSecret
            ? t('routingAdmin.targetForm.secretKept', { min: webhookSecretMinLength })
            : t('routingAdmin.targetForm.secretHint', { min: webhookSecretMinLength })
        }
        {...editor.field('webhookSecret')}
      />
      <div className="field-row">
        <TextField
          label={t('routingAdmin.targetForm.activeFrom')}
          type="date"
          describedBy={periodHint}
          {...editor.field('activeFrom')}
        />
        <TextField
          label={t('routingAdmin.targetForm.activeUntil')}
          type="date"
          describedBy={periodHint}
          {...editor.field('activeUntil')}
        />
      </div>
      <p className="muted small" id={periodHint}>
        {t('routingAdmin.targetForm.periodHint')}
      </p>
      <TextField
        label={t('routingAdmin.targetForm.formerNames')}
        rows={2}
        hint={t('routingAdmin.targetForm.formerNamesHint')}
        {...editor.field('formerNames')}
      />
    </EditorForm>
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
  const [now] = useState(() => Date.now());
  const targetsHint = useId();
  const editor = useRecordForm({
    initial: () => (before ? ruleFormFrom(before) : emptyRuleForm()),
    problemsOf: ruleFormProblems,
    send: (form) =>
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
  const { form } = editor;

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
    <EditorForm
      editor={editor}
      title={
        before
          ? t('routingAdmin.ruleForm.editTitle', { name: before.name })
          : t('routingAdmin.ruleForm.createTitle')
      }
      submitLabel={before ? t('routingAdmin.save') : t('routingAdmin.ruleForm.create')}
      onCancel={onCancel}
    >
      <TextField
        label={t('routingAdmin.ruleForm.name')}
        maxLength={200}
        {...editor.field('name')}
      />
      <SelectField
        label={t('routingAdmin.ruleForm.event')}
        options={routingEvents.map((value) => ({
          value,
          label: t(`routingAdmin.events.${value}`),
        }))}
        {...editor.field('event')}
      />

      <fieldset className="fieldset" aria-describedby={targetsHint}>
        <legend>{t('routingAdmin.ruleForm.targets')}</legend>
        <p className="muted small" id={targetsHint}>
          {t('routingAdmin.ruleForm.targetsHint')}
        </p>
        <p className="fieldset__label">{t('routingAdmin.ruleForm.byKind')}</p>
        <CheckList
          options={targetKinds.map((kind) => ({
            value: kind,
            label: t(`routingAdmin.kinds.${kind}`),
          }))}
          {...editor.field('targetKinds')}
        />
        <p className="fieldset__label">{t('routingAdmin.ruleForm.byTarget')}</p>
        <CheckList
          column
          options={choosable.map((target) => ({ value: target.id, label: target.name }))}
          {...editor.field('targetIds')}
        />
      </fieldset>

      <fieldset className="fieldset">
        <legend>{t('routingAdmin.ruleForm.conditions')}</legend>
        <p className="muted small">{t('routingAdmin.ruleForm.conditionsHint')}</p>
        <TextField
          label={t('routingAdmin.ruleForm.owners')}
          rows={2}
          hint={t('routingAdmin.ruleForm.ownersHint')}
          {...editor.field('documentOwners')}
        />
        <p className="fieldset__label">{t('routingAdmin.ruleForm.classifications')}</p>
        <CheckList
          options={classifications.map((value) => ({
            value,
            label: t(`routingAdmin.classifications.${value}`),
          }))}
          {...editor.field('classifications')}
        />
        <SelectField
          label={t('routingAdmin.ruleForm.minSeverity')}
          options={[
            { value: '', label: t('routingAdmin.ruleForm.anySeverity') },
            ...severities.map((value) => ({ value, label: t(`severity.${value}`) })),
          ]}
          {...editor.field('minSeverity')}
        />
      </fieldset>

      <CheckField label={t('routingAdmin.ruleForm.active')} {...editor.field('active')} />

      <div className="rule-preview">
        <span className="rule-preview__label">{t('routingAdmin.ruleForm.preview')}</span> {preview}
      </div>
    </EditorForm>
  );
}

/**
 * The administration pages' forms: what the person typed, checked against the API's own rules
 * (services/api/src/routes/{users,routing-targets,rules}, packages/incidents) before anything is
 * sent, turned into request bodies, and rules said back in plain words.
 */
import type {
  DeadlineRule,
  ManagedUser,
  Role,
  RoutingRule,
  RoutingTarget,
  TargetKind,
} from '../api/types.js';
import type { Translate } from './duration.js';
import { formatDuration } from './duration.js';

/* The administration's sections, each shown only to those whose requests it would not refuse. */

export interface AdminSection {
  /** The route segment, and the translation key under `adminPage.sections.` unless `labelKey`. */
  id: 'users' | 'routing' | 'deadlines' | 'suppressed' | 'flood-holds';
  path: string;
  anyOf: readonly string[];
  /** The tab's translation key, for a section whose texts have a file of their own. */
  labelKey?: string;
  /** Its records have addresses of their own, `<path>/<id>`, which links point to. */
  recordPages?: boolean;
}

export const adminSections: readonly AdminSection[] = [
  { id: 'users', path: '/admin/users', anyOf: ['users:manage'] },
  { id: 'routing', path: '/admin/routing', anyOf: ['routing:manage'] },
  // The API guards deadline rules with the routing permission (route-policies.ts).
  { id: 'deadlines', path: '/admin/deadlines', anyOf: ['routing:manage'] },
  // Those who dismiss false matches see the bank; taking one out needs settings:manage.
  { id: 'suppressed', path: '/admin/suppressed', anyOf: ['alerts:triage', 'settings:manage'] },
  // The administrators' e-mail about a new flood hold links to /admin/flood-holds/<id>.
  {
    id: 'flood-holds',
    path: '/admin/flood-holds',
    anyOf: ['settings:manage'],
    labelKey: 'floodHoldsAdmin.tab',
    recordPages: true,
  },
];

export function visibleAdminSections(permissions: readonly string[]): AdminSection[] {
  const granted = new Set(permissions);
  return adminSections.filter((section) => section.anyOf.some((p) => granted.has(p)));
}

/* Vocabularies, as the API's enums have them. */

export const roles: readonly Role[] = ['admin', 'officer', 'leadership', 'liaison'];
export const targetKinds: readonly TargetKind[] = [
  'department',
  'police',
  'data_protection_agency',
];
export const routingEvents = ['opened', 'escalated', 'deadline_near', 'removed', 'closed'] as const;
export const classifications = ['thuong', 'mat', 'toi_mat', 'tuyet_mat'] as const;
export const severities = ['low', 'medium', 'high', 'critical'] as const;
export const deadlineStartEvents = ['detected', 'opened', 'takedown_requested'] as const;
export const deadlineRecipients = ['assignee', 'admins'] as const;
/** Timeline events a deadline is usually met by; a rule may name another, which is kept. */
export const deadlineMetByEvents = [
  'notice_sent',
  'status_reported',
  'status_takedown_requested',
  'status_removed',
  'status_closed',
] as const;

/** The one permission an account may get on top of its role (packages/access). */
export const evidencePermission = 'evidence:view';
/** Roles that include evidence:view already: the extra grant means nothing for them. */
const rolesWithEvidence: readonly Role[] = ['admin', 'officer'];

export function canGrantEvidence(role: Role): boolean {
  return !rolesWithEvidence.includes(role);
}

/** A problem with one field: the message key under `adminForms.problems.` and its values. */
export interface FormProblem {
  field: string;
  key: string;
  values?: Record<string, string | number>;
}

/* Lists typed into one box. */

// The API's own e-mail check (zod 4's `z.email()`), so an address passing here passes there.
const emailPattern =
  /^(?:[A-Za-z0-9_'+-]+\.)*[A-Za-z0-9_'+-]*[A-Za-z0-9_+-]@(?:[A-Za-z0-9][A-Za-z0-9-]*\.)+[A-Za-z]{2,}$/;

export function isEmailAddress(value: string): boolean {
  return value.length <= 320 && emailPattern.test(value);
}

/**
 * Addresses separated by commas, semicolons, spaces or lines, as people paste them from mail
 * programs; repeats (ignoring case) count once. Unreadable entries are returned to be shown.
 */
export function parseEmailList(text: string): { emails: string[]; invalid: string[] } {
  const emails: string[] = [];
  const invalid: string[] = [];
  const seen = new Set<string>();
  for (const entry of text.split(/[\s,;]+/)) {
    const value = entry.trim();
    if (value === '') continue;
    if (!isEmailAddress(value)) {
      invalid.push(value);
      continue;
    }
    const key = value.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    emails.push(value);
  }
  return { emails, invalid };
}

/** One entry per line, trimmed, blank lines and repeats dropped. */
export function parseLines(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line !== ''),
    ),
  ];
}

export type WebhookUrlProblem = 'notUrl' | 'notHttp' | 'credentials';

/** Null when the address can receive LeakWatch's webhooks (http or https, no user:password). */
export function webhookUrlProblem(value: string): WebhookUrlProblem | null {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return 'notUrl';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'notHttp';
  if (url.hostname === '') return 'notUrl';
  // Credentials in the address would be stored and shown in clear; the secret signs instead.
  if (url.username !== '' || url.password !== '') return 'credentials';
  return null;
}

/** A number of hours as typed: "72", "1,5" or "1.5"; null when it is not one. */
export function parseHours(text: string): number | null {
  const value = text.trim().replace(',', '.');
  if (!/^\d+(\.\d+)?$/.test(value)) return null;
  return Number(value);
}

/** Hours separated by commas, semicolons or spaces ("24, 6"), largest first, repeats dropped. */
export function parseHourList(text: string): { hours: number[]; invalid: string[] } {
  const hours = new Set<number>();
  const invalid: string[] = [];
  for (const entry of text.split(/[\s,;]+/)) {
    if (entry === '') continue;
    const value = /^\d+(\.\d+)?$/.test(entry) ? Number(entry) : null;
    if (value === null || value <= 0) invalid.push(entry);
    else hours.add(value);
  }
  return { hours: [...hours].sort((a, b) => b - a), invalid };
}

/* Dates: organisations start and stop on a day of Vietnam's calendar. */

// Vietnam keeps UTC+7 all year (no daylight saving), so a fixed offset is exact.
const vietnamOffsetMs = 7 * 3_600_000;

/** An instant as the yyyy-mm-dd a date field shows, in Vietnam; '' for none. */
export function dateInputFromIso(iso: string | null): string {
  if (!iso) return '';
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return '';
  return new Date(time + vietnamOffsetMs).toISOString().slice(0, 10);
}

/** The start of a yyyy-mm-dd day in Vietnam, as the API takes it; null for an empty field. */
export function isoFromDateInput(value: string): string | null {
  if (value.trim() === '') return null;
  return `${value.trim()}T00:00:00+07:00`;
}

function isDateInput(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/* Accounts. */

export interface UserForm {
  email: string;
  displayName: string;
  role: Role;
  /** For liaisons: the department whose incidents they see ('' for none). */
  routingTargetId: string;
  evidenceView: boolean;
  locale: 'vi' | 'en';
}

export function emptyUserForm(): UserForm {
  return {
    email: '',
    displayName: '',
    role: 'officer',
    routingTargetId: '',
    evidenceView: false,
    locale: 'vi',
  };
}

export function userFormFrom(user: ManagedUser): UserForm {
  return {
    email: user.email,
    displayName: user.displayName,
    role: user.role,
    routingTargetId: user.routingTargetId ?? '',
    evidenceView: user.permissions.includes(evidencePermission),
    locale: user.locale === 'en' ? 'en' : 'vi',
  };
}

/** `self`: the account being edited is the signed-in administrator's own. */
export function userFormProblems(
  form: UserForm,
  mode: 'create' | 'edit',
  options: { self?: boolean } = {},
): FormProblem[] {
  const problems: FormProblem[] = [];
  const name = form.displayName.trim();
  if (name === '') problems.push({ field: 'displayName', key: 'nameRequired' });
  else if (name.length > 200)
    problems.push({ field: 'displayName', key: 'tooLong', values: { max: 200 } });
  if (mode === 'create' && !isEmailAddress(form.email.trim()))
    problems.push({ field: 'email', key: 'emailInvalid' });
  if (!roles.includes(form.role)) problems.push({ field: 'role', key: 'roleRequired' });
  // The API refuses it too: an administrator giving up the role could leave nobody to undo it.
  else if (options.self === true && form.role !== 'admin')
    problems.push({ field: 'role', key: 'ownRole' });
  // A liaison with no department would see no incident at all.
  if (form.role === 'liaison' && form.routingTargetId === '')
    problems.push({ field: 'routingTargetId', key: 'liaisonNeedsTarget' });
  return problems;
}

function userGrants(form: UserForm): string[] {
  return form.evidenceView && canGrantEvidence(form.role) ? [evidencePermission] : [];
}

/** POST /api/users: no password, so the API generates one and shows it once. */
export function newUserBody(form: UserForm) {
  return {
    email: form.email.trim(),
    displayName: form.displayName.trim(),
    role: form.role,
    permissions: userGrants(form),
    routingTargetId: form.role === 'liaison' ? form.routingTargetId : null,
    locale: form.locale,
  };
}

/** PATCH /api/users/:id: only what differs from the account as it is (the audit log says so). */
export function userChangesBody(
  form: UserForm,
  before: ManagedUser,
): Partial<Omit<ReturnType<typeof newUserBody>, 'email'>> {
  const after = newUserBody(form);
  const changes: Partial<Omit<ReturnType<typeof newUserBody>, 'email'>> = {};
  if (after.displayName !== before.displayName) changes.displayName = after.displayName;
  if (after.role !== before.role) changes.role = after.role;
  const grants = [...after.permissions].sort().join(' ');
  if (grants !== [...before.permissions].sort().join(' ')) changes.permissions = after.permissions;
  if (after.routingTargetId !== before.routingTargetId)
    changes.routingTargetId = after.routingTargetId;
  if (after.locale !== before.locale) changes.locale = after.locale;
  return changes;
}

/* Routing targets. */

export interface TargetForm {
  name: string;
  /** One per line. */
  formerNames: string;
  kind: TargetKind;
  /** As typed: separated by commas, semicolons or lines. */
  emails: string;
  webhookUrl: string;
  /** Write-only: empty keeps the stored secret. */
  webhookSecret: string;
  /** yyyy-mm-dd, Vietnam's calendar; '' for no limit. */
  activeFrom: string;
  activeUntil: string;
}

export function emptyTargetForm(): TargetForm {
  return {
    name: '',
    formerNames: '',
    kind: 'department',
    emails: '',
    webhookUrl: '',
    webhookSecret: '',
    activeFrom: '',
    activeUntil: '',
  };
}

export function targetFormFrom(target: RoutingTarget): TargetForm {
  return {
    name: target.name,
    formerNames: target.formerNames.join('\n'),
    kind: target.kind,
    emails: target.emails.join(', '),
    webhookUrl: target.webhookUrl ?? '',
    webhookSecret: '',
    activeFrom: dateInputFromIso(target.activeFrom),
    activeUntil: dateInputFromIso(target.activeUntil),
  };
}

export const webhookSecretMinLength = 16;
const webhookSecretMaxLength = 200;

/** `hasSecret`: the target being edited has one stored already. */
export function targetFormProblems(form: TargetForm, hasSecret = false): FormProblem[] {
  const problems: FormProblem[] = [];
  const name = form.name.trim();
  if (name.length < 2 || name.length > 300)
    problems.push({ field: 'name', key: 'lengthBetween', values: { min: 2, max: 300 } });
  const former = parseLines(form.formerNames);
  if (former.length > 20)
    problems.push({ field: 'formerNames', key: 'tooMany', values: { max: 20 } });
  const badFormer = former.find((entry) => entry.length < 2 || entry.length > 300);
  if (badFormer !== undefined)
    problems.push({ field: 'formerNames', key: 'formerNameLength', values: { value: badFormer } });
  if (!targetKinds.includes(form.kind)) problems.push({ field: 'kind', key: 'kindRequired' });
  const { emails, invalid } = parseEmailList(form.emails);
  if (invalid.length > 0)
    problems.push({ field: 'emails', key: 'emailsInvalid', values: { list: invalid.join(', ') } });
  if (emails.length > 20) problems.push({ field: 'emails', key: 'tooMany', values: { max: 20 } });
  const url = form.webhookUrl.trim();
  if (url !== '') {
    const problem = webhookUrlProblem(url);
    if (problem) problems.push({ field: 'webhookUrl', key: `webhook_${problem}` });
  }
  const secret = form.webhookSecret;
  if (secret !== '') {
    if (secret.length < webhookSecretMinLength || secret.length > webhookSecretMaxLength)
      problems.push({
        field: 'webhookSecret',
        key: 'secretLength',
        values: { min: webhookSecretMinLength, max: webhookSecretMaxLength },
      });
  } else if (url !== '' && !hasSecret) {
    // Receivers check each request's signature: a webhook without a secret could not be trusted.
    problems.push({
      field: 'webhookSecret',
      key: 'secretRequired',
      values: { min: webhookSecretMinLength },
    });
  }
  for (const field of ['activeFrom', 'activeUntil'] as const)
    if (form[field] !== '' && !isDateInput(form[field]))
      problems.push({ field, key: 'dateInvalid' });
  if (
    isDateInput(form.activeFrom) &&
    isDateInput(form.activeUntil) &&
    form.activeUntil <= form.activeFrom
  )
    problems.push({ field: 'activeUntil', key: 'untilBeforeFrom' });
  return problems;
}

/** POST or PATCH /api/routing-targets: every field, the secret only when one was typed. */
export function targetBody(form: TargetForm) {
  const url = form.webhookUrl.trim();
  return {
    name: form.name.trim(),
    formerNames: parseLines(form.formerNames),
    kind: form.kind,
    emails: parseEmailList(form.emails).emails,
    webhookUrl: url === '' ? null : url,
    ...(form.webhookSecret === '' ? {} : { webhookSecret: form.webhookSecret }),
    activeFrom: isoFromDateInput(form.activeFrom),
    activeUntil: isoFromDateInput(form.activeUntil),
  };
}

/** Whether a target is in force on a given day (its period's end is the first day it is not). */
export function targetActiveAt(target: RoutingTarget, now: number): boolean {
  if (target.activeFrom !== null && Date.parse(target.activeFrom) > now) return false;
  if (target.activeUntil !== null && Date.parse(target.activeUntil) <= now) return false;
  return true;
}

/* Routing rules: conditions → targets. */

export interface RuleForm {
  name: string;
  event: (typeof routingEvents)[number];
  targetKinds: TargetKind[];
  targetIds: string[];
  /** One owning department per line; none: any. */
  documentOwners: string;
  classifications: (typeof classifications)[number][];
  /** '' for any severity. */
  minSeverity: '' | (typeof severities)[number];
  active: boolean;
}

export function emptyRuleForm(): RuleForm {
  return {
    name: '',
    event: 'opened',
    targetKinds: [],
    targetIds: [],
    documentOwners: '',
    classifications: [],
    minSeverity: '',
    active: true,
  };
}

function oneOf<T extends string>(values: readonly T[], value: string): value is T {
  return (values as readonly string[]).includes(value);
}

export function ruleFormFrom(rule: RoutingRule): RuleForm {
  return {
    name: rule.name,
    event: oneOf(routingEvents, rule.event) ? rule.event : 'opened',
    targetKinds: rule.targetKinds.filter((kind) => oneOf(targetKinds, kind)),
    targetIds: [...rule.targetIds],
    documentOwners: rule.documentOwners.join('\n'),
    classifications: rule.classifications.filter((value) => oneOf(classifications, value)),
    minSeverity:
      rule.minSeverity !== null && oneOf(severities, rule.minSeverity) ? rule.minSeverity : '',
    active: rule.active,
  };
}

export function ruleFormProblems(form: RuleForm): FormProblem[] {
  const problems: FormProblem[] = [];
  const name = form.name.trim();
  if (name.length < 3 || name.length > 200)
    problems.push({ field: 'name', key: 'lengthBetween', values: { min: 3, max: 200 } });
  if (form.targetKinds.length === 0 && form.targetIds.length === 0)
    problems.push({ field: 'targets', key: 'ruleNeedsTarget' });
  if (form.targetIds.length > 50)
    problems.push({ field: 'targets', key: 'tooMany', values: { max: 50 } });
  const owners = parseLines(form.documentOwners);
  if (owners.length > 50)
    problems.push({ field: 'documentOwners', key: 'tooMany', values: { max: 50 } });
  const long = owners.find((owner) => owner.length > 200);
  if (long !== undefined)
    problems.push({ field: 'documentOwners', key: 'ownerTooLong', values: { max: 200 } });
  return problems;
}

/** POST or PATCH /api/routing-rules: the whole rule (the API checks a change as a whole). */
export function ruleBody(form: RuleForm) {
  return {
    name: form.name.trim(),
    event: form.event,
    targetKinds: [...form.targetKinds],
    targetIds: [...form.targetIds],
    documentOwners: parseLines(form.documentOwners),
    classifications: [...form.classifications],
    minSeverity: form.minSeverity === '' ? null : form.minSeverity,
    active: form.active,
  };
}

function listFormat(language: string, type: 'conjunction' | 'disjunction') {
  return new Intl.ListFormat(language === 'en' ? 'en-GB' : 'vi-VN', { style: 'long', type });
}

/**
 * A rule as a sentence: "Khi mở sự cố, nếu tài liệu của Phòng Nghiệp vụ Y và độ mật là Mật:
 * báo Trung tâm Kiểm soát bệnh tật tỉnh Lâm Đồng." `targetNames` names targets by id.
 */
export function describeRule(
  rule: Pick<
    RoutingRule,
    'event' | 'targetKinds' | 'targetIds' | 'documentOwners' | 'classifications' | 'minSeverity'
  >,
  targetNames: ReadonlyMap<string, string>,
  t: Translate,
  language: string,
): string {
  const and = listFormat(language, 'conjunction');
  const or = listFormat(language, 'disjunction');
  const conditions: string[] = [];
  if (rule.documentOwners.length > 0)
    conditions.push(t('routingAdmin.summary.owners', { owners: or.format(rule.documentOwners) }));
  if (rule.classifications.length > 0)
    conditions.push(
      t('routingAdmin.summary.classifications', {
        classifications: or.format(
          rule.classifications.map((value) => t(`routingAdmin.classifications.${value}`)),
        ),
      }),
    );
  if (rule.minSeverity !== null)
    conditions.push(
      t('routingAdmin.summary.minSeverity', {
        severity: t(`severity.${rule.minSeverity}`).toLocaleLowerCase(
          language === 'en' ? 'en' : 'vi',
        ),
      }),
    );
  const targets = [
    ...rule.targetKinds.map((kind) => t(`routingAdmin.summary.kinds.${kind}`)),
    ...rule.targetIds.map((id) => targetNames.get(id) ?? t('routingAdmin.summary.unknownTarget')),
  ];
  const values = {
    event: t(`routingAdmin.summary.events.${rule.event}`),
    targets: and.format(targets),
  };
  return conditions.length === 0
    ? t('routingAdmin.summary.always', values)
    : t('routingAdmin.summary.when', { ...values, conditions: and.format(conditions) });
}

/* Deadline rules. */

export interface DeadlineForm {
  /** Only when creating: the rule's fixed identifier; empty: made from the label. */
  name: string;
  label: string;
  startEvent: (typeof deadlineStartEvents)[number];
  durationHours: string;
  /** As typed: "24, 6". */
  remindBeforeHours: string;
  remind: (typeof deadlineRecipients)[number][];
  metBy: string;
  active: boolean;
}

export function emptyDeadlineForm(): DeadlineForm {
  return {
    name: '',
    label: '',
    startEvent: 'detected',
    durationHours: '',
    remindBeforeHours: '',
    remind: ['assignee', 'admins'],
    metBy: 'notice_sent',
    active: true,
  };
}

export function deadlineFormFrom(rule: DeadlineRule): DeadlineForm {
  return {
    name: rule.name,
    label: rule.label,
    startEvent: oneOf(deadlineStartEvents, rule.startEvent) ? rule.startEvent : 'detected',
    durationHours: String(rule.durationHours),
    remindBeforeHours: rule.remindBeforeHours.join(', '),
    remind: rule.remind.filter((value) => oneOf(deadlineRecipients, value)),
    metBy: rule.metBy,
    active: rule.active,
  };
}

/**
 * An identifier from a Vietnamese label: "Báo cáo Sở Y tế 24 giờ" → "bao_cao_so_y_te_24_gio".
 * Rules are named once and never renamed (reminder keys and the audit log use the name).
 */
export function ruleNameFromLabel(label: string): string {
  return label
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 80);
}

export function deadlineRuleName(form: DeadlineForm): string {
  return form.name.trim() === '' ? ruleNameFromLabel(form.label) : form.name.trim();
}

const namePattern = /^[a-z0-9_]+$/;
const maxDurationHours = 24 * 365;

export function deadlineFormProblems(form: DeadlineForm, mode: 'create' | 'edit'): FormProblem[] {
  const problems: FormProblem[] = [];
  const label = form.label.trim();
  if (label === '' || label.length > 300)
    problems.push({ field: 'label', key: 'lengthBetween', values: { min: 1, max: 300 } });
  if (mode === 'create' && !namePattern.test(deadlineRuleName(form)))
    problems.push({ field: 'name', key: 'ruleNameInvalid' });
  const duration = parseHours(form.durationHours);
  if (duration === null || duration <= 0 || duration > maxDurationHours)
    problems.push({
      field: 'durationHours',
      key: 'durationInvalid',
      values: { max: maxDurationHours },
    });
  const { hours, invalid } = parseHourList(form.remindBeforeHours);
  if (invalid.length > 0)
    problems.push({
      field: 'remindBeforeHours',
      key: 'hoursInvalid',
      values: { list: invalid.join(', ') },
    });
  if (hours.length > 10)
    problems.push({ field: 'remindBeforeHours', key: 'tooMany', values: { max: 10 } });
  // A reminder due before the clock even starts would go out at once, on every incident.
  if (duration !== null && hours.some((value) => value >= duration))
    problems.push({ field: 'remindBeforeHours', key: 'reminderAfterStart' });
  if (form.remind.length === 0) problems.push({ field: 'remind', key: 'remindRequired' });
  if (!namePattern.test(form.metBy)) problems.push({ field: 'metBy', key: 'metByRequired' });
  return problems;
}

/** PATCH /api/deadline-rules/:id (the name stays as it is). */
export function deadlineChangesBody(form: DeadlineForm) {
  return {
    label: form.label.trim(),
    startEvent: form.startEvent,
    durationHours: parseHours(form.durationHours) ?? 0,
    remindBeforeHours: parseHourList(form.remindBeforeHours).hours,
    remind: [...form.remind],
    metBy: form.metBy,
    active: form.active,
  };
}

/** POST /api/deadline-rules. */
export function newDeadlineBody(form: DeadlineForm) {
  return { name: deadlineRuleName(form), ...deadlineChangesBody(form) };
}

/** Whole hours as the law says them ("72 giờ"), otherwise days, hours and minutes. */
export function formatHours(hours: number, t: Translate): string {
  return Number.isInteger(hours)
    ? t('duration.hour', { count: hours })
    : formatDuration(Math.round(hours * 3600), t);
}

/**
 * A deadline rule as a sentence: "72 giờ kể từ khi phát hiện lộ lọt; nhắc quản trị viên trước
 * hạn 24 giờ, trước hạn 6 giờ và khi đến hạn; hoàn thành khi đã gửi thông báo vi phạm." The
 * reminder at the deadline itself always goes out (packages/incidents `remindersDue`).
 */
export function describeDeadline(
  rule: Pick<
    DeadlineRule,
    'startEvent' | 'durationHours' | 'remindBeforeHours' | 'remind' | 'metBy'
  >,
  t: Translate,
  language: string,
): string {
  const and = listFormat(language, 'conjunction');
  const values = {
    duration: formatHours(rule.durationHours, t),
    start: t(`deadlinesAdmin.startPhrases.${rule.startEvent}`),
    metBy: t(`deadlinesAdmin.metByPhrases.${rule.metBy}`, { defaultValue: rule.metBy }),
    recipients: and.format(rule.remind.map((who) => t(`deadlinesAdmin.recipientPhrases.${who}`))),
  };
  const reminders = [
    ...rule.remindBeforeHours.map((hours) =>
      t('deadlinesAdmin.summary.before', { duration: formatHours(hours, t) }),
    ),
    t('deadlinesAdmin.summary.atEnd'),
  ];
  return t('deadlinesAdmin.summary.text', { ...values, reminders: and.format(reminders) });
}

import type { i18n } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
// The API's own rule schemas: what the forms send must be what the API accepts.
import {
  deadlineRuleSchema,
  routingRuleSchema,
  routingEvents as apiRoutingEvents,
  targetKinds as apiTargetKinds,
} from '../../../packages/incidents/src/index.js';
import type { ManagedUser, RoutingTarget } from '../src/api/types.js';
import {
  dateInputFromIso,
  deadlineChangesBody,
  deadlineFormFrom,
  deadlineFormProblems,
  describeDeadline,
  describeRule,
  emptyDeadlineForm,
  emptyRuleForm,
  emptyTargetForm,
  emptyUserForm,
  isoFromDateInput,
  newDeadlineBody,
  newUserBody,
  parseEmailList,
  parseHourList,
  parseHours,
  routingEvents,
  ruleBody,
  ruleFormFrom,
  ruleFormProblems,
  ruleNameFromLabel,
  targetActiveAt,
  targetBody,
  targetFormFrom,
  targetFormProblems,
  targetKinds,
  userChangesBody,
  userFormProblems,
  visibleAdminSections,
  webhookUrlProblem,
  type DeadlineForm,
  type RuleForm,
} from '../src/lib/admin-forms.js';
import type { Translate } from '../src/lib/duration.js';
import { translatorFor } from './support/locales.js';

let vi: Translate;
let en: Translate;

beforeAll(async () => {
  const translate =
    (instance: i18n): Translate =>
    (key, values) =>
      instance.t(key, values);
  vi = translate(await translatorFor('vi'));
  en = translate(await translatorFor('en'));
});

const fields = (problems: { field: string; key: string }[]) =>
  problems.map((problem) => `${problem.field}:${problem.key}`);

describe('administration sections', () => {
  it('shows each person only the sections whose requests the API would answer', () => {
    const ids = (permissions: string[]) =>
      visibleAdminSections(permissions).map((section) => section.id);
    expect(
      ids(['users:manage', 'routing:manage', 'settings:manage', 'alerts:triage', 'alerts:read']),
    ).toEqual(['users', 'routing', 'deadlines', 'suppressed', 'flood-holds']);
    // Officers triage, so they may review the negative bank, and nothing else here.
    expect(ids(['alerts:read', 'alerts:triage', 'incidents:manage'])).toEqual(['suppressed']);
    // Flood holds follow the API's settings:manage alone.
    expect(ids(['settings:manage'])).toEqual(['suppressed', 'flood-holds']);
    expect(ids(['dashboard:view'])).toEqual([]);
    expect(ids(['incidents:liaison'])).toEqual([]);
  });
});

describe('lists typed into one box', () => {
  it('reads e-mail addresses however they are separated, once each, and names the bad ones', () => {
    expect(
      parseEmailList(
        'vanthu@syt.lamdong.gov.vn, trucban@cdc.lamdong.gov.vn;\nVanThu@syt.lamdong.gov.vn  a05@bocongan.gov.vn',
      ),
    ).toEqual({
      emails: ['vanthu@syt.lamdong.gov.vn', 'trucban@cdc.lamdong.gov.vn', 'a05@bocongan.gov.vn'],
      invalid: [],
    });
    expect(
      parseEmailList('vanthu@syt, @lamdong.gov.vn, nguyễn@syt.lamdong.gov.vn, x@y.vn'),
    ).toEqual({
      emails: ['x@y.vn'],
      invalid: ['vanthu@syt', '@lamdong.gov.vn', 'nguyễn@syt.lamdong.gov.vn'],
    });
    expect(parseEmailList('  \n ')).toEqual({ emails: [], invalid: [] });
  });

  it('accepts only webhook addresses a receiver can be reached at without secrets in them', () => {
    expect(webhookUrlProblem('https://hook.syt.lamdong.gov.vn/leakwatch')).toBeNull();
    expect(webhookUrlProblem('http://10.20.0.5:8080/hook')).toBeNull();
    expect(webhookUrlProblem('hook.syt.lamdong.gov.vn/leakwatch')).toBe('notUrl');
    expect(webhookUrlProblem('ftp://hook.syt.lamdong.gov.vn/')).toBe('notHttp');
    expect(webhookUrlProblem('javascript:alert(1)')).toBe('notHttp');
    expect(webhookUrlProblem('https://user:pw@hook.syt.lamdong.gov.vn/')).toBe('credentials');
  });

  it('reads hours as people write them', () => {
    expect(parseHours('72')).toBe(72);
    expect(parseHours(' 1,5 ')).toBe(1.5);
    expect(parseHours('1.5')).toBe(1.5);
    expect(parseHours('ba ngày')).toBeNull();
    expect(parseHours('-4')).toBeNull();
    expect(parseHourList('6, 24;48 24')).toEqual({ hours: [48, 24, 6], invalid: [] });
    expect(parseHourList('24, sáu, 0')).toEqual({ hours: [24], invalid: ['sáu', '0'] });
  });
});

describe('dates of an organisation’s period, on Vietnam’s calendar', () => {
  it('round-trips a day through the API’s instants', () => {
    // Sở TT&TT merged into Sở KH&CN on 1 March 2025: midnight in Vietnam is 17:00 UTC the day before.
    expect(isoFromDateInput('2025-03-01')).toBe('2025-03-01T00:00:00+07:00');
    expect(dateInputFromIso('2025-02-28T17:00:00.000Z')).toBe('2025-03-01');
    expect(dateInputFromIso(new Date(Date.parse('2025-03-01T00:00:00+07:00')).toISOString())).toBe(
      '2025-03-01',
    );
    expect(dateInputFromIso(null)).toBe('');
    expect(isoFromDateInput('')).toBeNull();
  });

  it('counts a target in force from its first day until (not including) its end', () => {
    const target = {
      activeFrom: '2025-02-28T17:00:00.000Z',
      activeUntil: '2026-12-30T17:00:00.000Z',
    } as RoutingTarget;
    expect(targetActiveAt(target, Date.parse('2025-02-28T16:59:59Z'))).toBe(false);
    expect(targetActiveAt(target, Date.parse('2025-02-28T17:00:00Z'))).toBe(true);
    expect(targetActiveAt(target, Date.parse('2026-12-30T17:00:00Z'))).toBe(false);
  });
});

describe('account forms', () => {
  const existing: ManagedUser = {
    id: '0b8f3c1e-2a44-4d7e-9a51-6f0c1d2e3f40',
    email: 'lan.nt@syt.lamdong.gov.vn',
    displayName: 'Nguyễn Thị Lan',
    role: 'leadership',
    permissions: [],
    routingTargetId: null,
    locale: 'vi',
    disabled: false,
    lockedUntil: null,
    createdAt: '2026-01-05T02:00:00.000Z',
  };

  it('refuses what the API would refuse, before sending', () => {
    expect(fields(userFormProblems(emptyUserForm(), 'create'))).toEqual([
      'displayName:nameRequired',
      'email:emailInvalid',
    ]);
    const liaison = {
      ...emptyUserForm(),
      displayName: 'Trần Văn Minh',
      email: 'minh.tv@cdc.lamdong.gov.vn',
      role: 'liaison' as const,
    };
    expect(fields(userFormProblems(liaison, 'create'))).toEqual([
      'routingTargetId:liaisonNeedsTarget',
    ]);
    expect(userFormProblems({ ...liaison, routingTargetId: existing.id }, 'create')).toEqual([]);
    // Editing keeps the address: it is not checked again.
    expect(userFormProblems({ ...liaison, email: '', routingTargetId: 'x' }, 'edit')).toEqual([]);
    const self = { ...liaison, role: 'officer' as const };
    expect(fields(userFormProblems(self, 'edit', { self: true }))).toEqual(['role:ownRole']);
  });

  it('sends a department only for liaisons and the evidence grant only where it adds something', () => {
    const form = {
      ...emptyUserForm(),
      displayName: '  Phạm Quốc Huy ',
      email: ' huy.pq@syt.lamdong.gov.vn ',
      role: 'leadership' as const,
      routingTargetId: existing.id,
      evidenceView: true,
    };
    expect(newUserBody(form)).toEqual({
      email: 'huy.pq@syt.lamdong.gov.vn',
      displayName: 'Phạm Quốc Huy',
      role: 'leadership',
      permissions: ['evidence:view'],
      routingTargetId: null,
      locale: 'vi',
    });
    expect(newUserBody({ ...form, role: 'officer' }).permissions).toEqual([]);
    expect(newUserBody({ ...form, role: 'liaison' }).routingTargetId).toBe(existing.id);
  });

  it('changes only what was changed', () => {
    const form = {
      email: existing.email,
      displayName: existing.displayName,
      role: existing.role,
      routingTargetId: '',
      evidenceView: false,
      locale: 'vi' as const,
    };
    expect(userChangesBody(form, existing)).toEqual({});
    expect(userChangesBody({ ...form, evidenceView: true }, existing)).toEqual({
      permissions: ['evidence:view'],
    });
    expect(
      userChangesBody({ ...form, role: 'liaison', routingTargetId: 'target-1' }, existing),
    ).toEqual({ role: 'liaison', routingTargetId: 'target-1' });
  });
});

describe('routing target form', () => {
  const filled = {
    ...emptyTargetForm(),
    name: 'Trung tâm Kiểm soát bệnh tật tỉnh Lâm Đồng',
    emails: 'vanthu@cdc.lamdong.gov.vn',
  };

  it('asks for a secret with every new webhook, and keeps a stored one when left empty', () => {
    const hook = { ...filled, webhookUrl: 'https://hook.cdc.lamdong.gov.vn/leakwatch' };
    expect(fields(targetFormProblems(hook))).toEqual(['webhookSecret:secretRequired']);
    expect(targetFormProblems(hook, true)).toEqual([]);
    expect(fields(targetFormProblems({ ...hook, webhookSecret: 'ngắn quá' }))).toEqual([
      'webhookSecret:secretLength',
    ]);
    const body = targetBody({ ...hook, webhookSecret: 'whsec-cdc-lâm-đồng-2026' });
    expect(body.webhookSecret).toBe('whsec-cdc-lâm-đồng-2026');
    // An empty secret field never reaches the API: PATCH would otherwise replace the secret.
    expect('webhookSecret' in targetBody(hook)).toBe(false);
  });

  it('names the unreadable addresses and refuses a period that ends before it starts', () => {
    const problems = targetFormProblems({
      ...filled,
      name: 'S',
      emails: 'vanthu@cdc.lamdong.gov.vn, vanthu-at-cdc',
      activeFrom: '2026-12-31',
      activeUntil: '2026-01-01',
    });
    expect(fields(problems)).toEqual([
      'name:lengthBetween',
      'emails:emailsInvalid',
      'activeUntil:untilBeforeFrom',
    ]);
    expect(problems[1]?.values).toEqual({ list: 'vanthu-at-cdc' });
    expect(fields(targetFormProblems({ ...filled, activeFrom: '2026-02-30' }))).toEqual([
      'activeFrom:dateInvalid',
    ]);
  });

  it('edits a stored target without losing its fields', () => {
    const stored: RoutingTarget = {
      id: 'b6b1d8a2-5f0e-4c55-8f0a-0d5f8e7c6b5a',
      name: 'Sở Khoa học và Công nghệ tỉnh Lâm Đồng',
      formerNames: ['Sở Thông tin và Truyền thông tỉnh Lâm Đồng'],
      kind: 'department',
      emails: ['vanthu@skhcn.lamdong.gov.vn', 'cntt@skhcn.lamdong.gov.vn'],
      webhookUrl: 'https://hook.skhcn.lamdong.gov.vn/leakwatch',
      hasWebhookSecret: true,
      activeFrom: '2025-02-28T17:00:00.000Z',
      activeUntil: null,
    };
    expect(targetBody(targetFormFrom(stored))).toEqual({
      name: stored.name,
      formerNames: stored.formerNames,
      kind: 'department',
      emails: stored.emails,
      webhookUrl: stored.webhookUrl,
      activeFrom: '2025-03-01T00:00:00+07:00',
      activeUntil: null,
    });
    expect(targetFormProblems(targetFormFrom(stored), stored.hasWebhookSecret)).toEqual([]);
  });
});

describe('routing rule form', () => {
  const forms: [string, RuleForm][] = [
    ['empty', emptyRuleForm()],
    ['by kind', { ...emptyRuleForm(), name: 'Mở sự cố: báo Công an', targetKinds: ['police'] }],
    [
      'by id, with conditions',
      {
        ...emptyRuleForm(),
        name: 'Tài liệu mật của CDC',
        event: 'escalated',
        targetIds: ['5d0e8c8e-8f43-4a55-9d0a-3f8e2b7c1a90'],
        documentOwners: 'Trung tâm Kiểm soát bệnh tật\n\n  Phòng Nghiệp vụ Y  ',
        classifications: ['mat', 'toi_mat'],
        minSeverity: 'high',
      },
    ],
    ['name too short', { ...emptyRuleForm(), name: 'CA', targetKinds: ['police'] }],
    ['no target', { ...emptyRuleForm(), name: 'Không báo ai' }],
    [
      'owner too long',
      {
        ...emptyRuleForm(),
        name: 'Dài',
        targetKinds: ['department'],
        documentOwners: 'x'.repeat(201),
      },
    ],
  ];

  it('agrees with the API’s rule schema on every form', () => {
    for (const [label, form] of forms) {
      const accepted = routingRuleSchema.safeParse(ruleBody(form)).success;
      expect(ruleFormProblems(form).length === 0, label).toBe(accepted);
    }
    expect(forms.filter(([, form]) => ruleFormProblems(form).length === 0)).toHaveLength(2);
  });

  it('offers the events and kinds the API knows', () => {
    expect([...routingEvents]).toEqual([...apiRoutingEvents]);
    expect([...targetKinds]).toEqual([...apiTargetKinds]);
  });

  it('sends what was chosen, owners one per line', () => {
    const form = forms[2]?.[1] ?? emptyRuleForm();
    expect(ruleBody(form)).toMatchObject({
      documentOwners: ['Trung tâm Kiểm soát bệnh tật', 'Phòng Nghiệp vụ Y'],
      minSeverity: 'high',
    });
    expect(ruleBody(ruleFormFrom({ id: 'r', updatedAt: '', ...ruleBody(form) }))).toEqual(
      ruleBody(form),
    );
  });

  it('says a rule in plain words', () => {
    const names = new Map([['cdc', 'Trung tâm Kiểm soát bệnh tật tỉnh Lâm Đồng']]);
    const seeded = {
      event: 'opened',
      targetKinds: ['department', 'police'],
      targetIds: [],
      documentOwners: [],
      classifications: [],
      minSeverity: null,
    };
    expect(describeRule(seeded, names, vi, 'vi')).toBe(
      'Khi mở sự cố: báo các Sở, ngành và cơ quan công an.',
    );
    expect(describeRule(seeded, names, en, 'en')).toBe(
      'When an incident is opened: notify the provincial departments and the police.',
    );
    const filtered = {
      event: 'escalated',
      targetKinds: [],
      targetIds: ['cdc', 'gone'],
      documentOwners: ['Trung tâm Kiểm soát bệnh tật', 'Phòng Nghiệp vụ Y'],
      classifications: ['mat', 'toi_mat'],
      minSeverity: 'high',
    };
    expect(describeRule(filtered, names, vi, 'vi')).toBe(
      'Khi sự cố được nâng mức độ, nếu tài liệu thuộc Trung tâm Kiểm soát bệnh tật hoặc Phòng Nghiệp vụ Y, độ mật là Mật hoặc Tối mật và mức độ từ cao trở lên: báo Trung tâm Kiểm soát bệnh tật tỉnh Lâm Đồng và một cơ quan không còn trong danh sách.',
    );
  });
});

describe('deadline rule form', () => {
  const seeded = {
    id: '7d1c2b3a-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
    name: 'breach_notice_72h',
    label: 'Thông báo vi phạm dữ liệu cá nhân cho A05 – Bộ Công an (72 giờ)',
    startEvent: 'detected',
    durationHours: 72,
    remindBeforeHours: [24, 6],
    remind: ['assignee', 'admins'],
    metBy: 'notice_sent',
    active: true,
    updatedAt: '2026-01-05T02:00:00.000Z',
  };

  it('makes a rule code from a Vietnamese label', () => {
    expect(ruleNameFromLabel('Báo cáo Sở Y tế trong 24 giờ')).toBe('bao_cao_so_y_te_trong_24_gio');
    expect(ruleNameFromLabel('Đề nghị gỡ bỏ — Đà Lạt')).toBe('de_nghi_go_bo_da_lat');
    expect(ruleNameFromLabel('!!!')).toBe('');
  });

  it('agrees with the API’s deadline schema on every form', () => {
    const base: DeadlineForm = {
      ...emptyDeadlineForm(),
      label: 'Báo cáo Sở Y tế trong 24 giờ',
      durationHours: '24',
      remindBeforeHours: '6, 1',
    };
    const cases: [string, DeadlineForm, boolean][] = [
      ['valid', base, true],
      ['decimal comma', { ...base, durationHours: '1,5', remindBeforeHours: '0.5' }, true],
      ['no label', { ...base, label: '  ' }, false],
      ['label without letters for a code', { ...base, label: '!!!' }, false],
      ['own code', { ...base, label: '!!!', name: 'bao_cao_24h' }, true],
      ['bad code', { ...base, name: 'Báo cáo 24h' }, false],
      ['zero duration', { ...base, durationHours: '0' }, false],
      ['over a year', { ...base, durationHours: '9000' }, false],
      ['nobody reminded', { ...base, remind: [] }, false],
      ['bad reminder', { ...base, remindBeforeHours: '6, sáu' }, false],
    ];
    for (const [label, form, valid] of cases) {
      expect(deadlineFormProblems(form, 'create').length === 0, label).toBe(valid);
      // The API accepts at least everything the form lets through.
      if (valid)
        expect(deadlineRuleSchema.safeParse(newDeadlineBody(form)).success, label).toBe(true);
    }
    // Stricter than the API where the API would accept nonsense: a reminder before the start.
    expect(fields(deadlineFormProblems({ ...base, remindBeforeHours: '48, 6' }, 'create'))).toEqual(
      ['remindBeforeHours:reminderAfterStart'],
    );
  });

  it('edits the seeded 72-hour rule and sends it back unchanged', () => {
    const form = deadlineFormFrom(seeded);
    expect(deadlineFormProblems(form, 'edit')).toEqual([]);
    expect(deadlineChangesBody(form)).toEqual({
      label: seeded.label,
      startEvent: 'detected',
      durationHours: 72,
      remindBeforeHours: [24, 6],
      remind: ['assignee', 'admins'],
      metBy: 'notice_sent',
      active: true,
    });
    expect(
      deadlineChangesBody({ ...form, remindBeforeHours: '6, 48, 24' }).remindBeforeHours,
    ).toEqual([48, 24, 6]);
  });

  it('says a deadline in plain words', () => {
    expect(describeDeadline(seeded, vi, 'vi')).toBe(
      '72 giờ kể từ khi phát hiện lộ lọt; nhắc người được giao xử lý và quản trị viên trước hạn 24 giờ, trước hạn 6 giờ và khi đến hạn; hoàn thành khi đã gửi thông báo vi phạm.',
    );
    expect(
      describeDeadline({ ...seeded, remindBeforeHours: [], remind: ['admins'] }, en, 'en'),
    ).toBe(
      '72 hours from the leak’s detection; reminds the administrators when it ends; met when the breach notice is sent.',
    );
    // A rule met by an event this page has no words for still reads.
    expect(
      describeDeadline(
        {
          ...seeded,
          metBy: 'task_done',
          durationHours: 1.5,
          remindBeforeHours: [1],
          remind: ['admins'],
        },
        vi,
        'vi',
      ),
    ).toBe(
      '1 giờ 30 phút kể từ khi phát hiện lộ lọt; nhắc quản trị viên trước hạn 1 giờ và khi đến hạn; hoàn thành khi task_done.',
    );
  });
});

import { describe, expect, it } from 'vitest';
import {
  checkTransition,
  computeSeverity,
  deadlineRuleSchema,
  deadlinesOf,
  happenedOf,
  planNotifications,
  remindersDue,
  routingRuleSchema,
  signWebhook,
  verifyWebhook,
} from '../src/index.js';

describe('severity', () => {
  it('is critical for state secrets whatever else, and grows with personal data and spread', () => {
    const none = { findings: [], sightings: 1, places: 1 };
    expect(computeSeverity({ ...none, classification: 'toi_mat' }).severity).toBe('critical');
    expect(computeSeverity({ ...none, classification: 'thuong' })).toEqual({
      severity: 'low',
      reasons: ['no personal data or spread recorded yet'],
    });
    const f1List = {
      classification: 'mat' as const,
      findings: [
        { kind: 'cccd', count: 24 },
        { kind: 'person-name', count: 24 },
        { kind: 'health-status', count: 3 },
      ],
      sightings: 2,
      places: 1,
    };
    const listed = computeSeverity(f1List);
    expect(listed.severity).toBe('critical');
    expect(listed.reasons).toEqual([
      'document classified mat',
      '24 identifiers (ID, phone, date of birth) exposed',
      'health data (sensitive personal data) exposed',
      'about 24 persons named',
    ]);
    const letter = {
      classification: 'thuong' as const,
      findings: [{ kind: 'mobile-phone', count: 1 }],
    };
    expect(computeSeverity({ ...letter, sightings: 1, places: 1 }).severity).toBe('low');
    expect(computeSeverity({ ...letter, sightings: 12, places: 4 }).severity).toBe('medium');
  });
});

describe('incident status', () => {
  it('moves forward, may skip steps, and closes only with a resolution', () => {
    expect(checkTransition('open', 'reported')).toEqual({ ok: true });
    expect(checkTransition('open', 'removed')).toEqual({ ok: true });
    expect(checkTransition('removed', 'takedown_requested')).toEqual({ ok: true });
    expect(checkTransition('takedown_requested', 'open')).toEqual({
      ok: false,
      reason: 'an incident cannot go from takedown_requested to open',
    });
    expect(checkTransition('removed', 'closed')).toEqual({
      ok: false,
      reason: 'closing an incident needs a resolution',
    });
    expect(checkTransition('removed', 'closed', { resolution: 'Bài đã gỡ, đã báo cáo' })).toEqual({
      ok: true,
    });
    expect(checkTransition('closed', 'open')).toEqual({ ok: true });
    expect(checkTransition('open', 'open').ok).toBe(false);
  });
});

describe('deadlines and reminders', () => {
  const detected = new Date('2026-11-30T08:00:00Z');
  const hours = (h: number) => new Date(detected.getTime() + h * 3_600_000);
  // The rule migration 0008 seeds, as an administrator would enter it.
  const defaultDeadlineRules = [
    deadlineRuleSchema.parse({
      name: 'breach_notice_72h',
      label: 'Thông báo vi phạm dữ liệu cá nhân cho A05 – Bộ Công an (72 giờ)',
      startEvent: 'detected',
      durationHours: 72,
      remindBeforeHours: [24, 6],
      remind: ['assignee', 'admins'],
      metBy: 'notice_sent',
    }),
  ];

  it('runs the 72-hour breach notice from detection until the notice is sent', () => {
    const [notice] = deadlinesOf(defaultDeadlineRules, { detected }, hours(70));
    expect(notice).toMatchObject({
      rule: 'breach_notice_72h',
      dueAt: hours(72),
      secondsLeft: 7_200,
      met: false,
      overdue: false,
    });
    expect(deadlinesOf(defaultDeadlineRules, { detected }, hours(73))[0]?.overdue).toBe(true);
    expect(
      deadlinesOf(defaultDeadlineRules, { detected, notice_sent: hours(10) }, hours(73))[0],
    ).toMatchObject({ met: true, overdue: false });
  });

  it('reminds 24 h and 6 h before and at the deadline, each once, the most urgent first', () => {
    const due = (at: number, sent: string[] = []) =>
      remindersDue(defaultDeadlineRules, 'inc-1', { detected }, hours(at), new Set(sent));
    expect(due(47)).toEqual([]);
    expect(due(48).map((r) => r.key)).toEqual(['inc-1:breach_notice_72h:24h']);
    expect(due(48, ['inc-1:breach_notice_72h:24h'])).toEqual([]);
    // The notifier was down from hour 40 to hour 67: one reminder, the 6 h one, covering the 24 h.
    expect(due(67)).toMatchObject([
      {
        hoursBefore: 6,
        key: 'inc-1:breach_notice_72h:6h',
        covers: ['inc-1:breach_notice_72h:24h'],
      },
    ]);
    expect(due(72.5, ['inc-1:breach_notice_72h:24h', 'inc-1:breach_notice_72h:6h'])).toMatchObject([
      { hoursBefore: 0, recipients: ['assignee', 'admins'] },
    ]);
    expect(
      remindersDue(
        defaultDeadlineRules,
        'inc-1',
        { detected, notice_sent: hours(1) },
        hours(72),
        new Set(),
      ),
    ).toEqual([]);
  });

  it('starts a takedown clock at the latest request and ignores rules switched off', () => {
    const takedown = deadlineRuleSchema.parse({
      name: 'takedown_7d',
      label: 'Gỡ bỏ trong 7 ngày',
      startEvent: 'takedown_requested',
      durationHours: 168,
      remind: ['assignee'],
      metBy: 'status_removed',
    });
    const incident = { detectedAt: detected, createdAt: hours(1), takedownRequestedAt: hours(5) };
    const happened = happenedOf(incident, [
      { type: 'status_removed', createdAt: hours(9) },
      { type: 'status_removed', createdAt: hours(30) },
    ]);
    expect(happened).toMatchObject({ opened: hours(1), status_removed: hours(9) });
    expect(deadlinesOf([takedown], happened, hours(6))[0]).toMatchObject({
      dueAt: hours(173),
      met: true,
    });
    expect(
      deadlinesOf([takedown], happenedOf({ ...incident, takedownRequestedAt: null }, []), hours(6)),
    ).toEqual([]);
    expect(deadlinesOf([{ ...takedown, active: false }], happened, hours(6))).toEqual([]);
    expect(() => deadlineRuleSchema.parse({ ...takedown, startEvent: 'posted' })).toThrow();
  });
});

describe('webhook signatures', () => {
  it('verifies its own signature and refuses changed bodies, other secrets and replays', () => {
    const at = new Date('2026-11-30T08:00:00Z');
    const body = JSON.stringify({ event: 'incident.opened', incidentId: 'x' });
    const header = signWebhook('bí-mật', body, at);
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifyWebhook('bí-mật', body, header, at)).toEqual({ ok: true });
    expect(verifyWebhook('bí-mật', `${body} `, header, at)).toEqual({
      ok: false,
      reason: 'signature mismatch',
    });
    expect(verifyWebhook('khác', body, header, at).ok).toBe(false);
    expect(verifyWebhook('bí-mật', body, header, new Date(at.getTime() + 600_000))).toEqual({
      ok: false,
      reason: 'timestamp outside the tolerance (replay?)',
    });
    expect(verifyWebhook('bí-mật', body, 'v1=abc', at).ok).toBe(false);
  });
});

describe('the printable incident report', () => {
  it('is pre-filled in Vietnamese with time, places, data and steps, and escapes everything', async () => {
    const { incidentReportHtml } = await import('../src/index.js');
    const html = incidentReportHtml({
      incident: {
        id: 'inc-1',
        title: 'Lộ lọt: Danh sách F1 <script>',
        severity: 'critical',
        status: 'removed',
        detectedAt: new Date('2021-07-20T02:15:00Z'),
        resolution: null,
      },
      document: {
        title: 'Danh sách F1 phường 3',
        numberSymbol: '125/DS-SYT',
        classification: 'mat',
      },
      findings: [
        { kind: 'cccd', count: 24 },
        { kind: 'person-name', count: 26 },
        { kind: 'health-status', count: 3 },
      ],
      places: [
        {
          url: 'https://www.facebook.com/groups/congdong/posts/1/',
          firstSeenAt: new Date('2021-07-20T02:15:00Z'),
        },
      ],
      timeline: [
        { type: 'opened', at: new Date('2021-07-20T03:00:00Z') },
        { type: 'takedown_checked', at: new Date('2021-07-20T06:00:00Z') },
        { type: 'takedown_checked', at: new Date('2021-07-20T07:00:00Z') },
        { type: 'takedown_checked', at: new Date('2021-07-20T08:00:00Z') },
        { type: 'status_removed', at: new Date('2021-07-20T09:30:00Z') },
      ],
      generatedAt: new Date('2021-07-20T10:00:00Z'),
    });
    expect(html).toContain('<html lang="vi">');
    expect(html).toContain('09 giờ 15, ngày 20/07/2021');
    expect(html).toContain('khoảng 26 người');
    expect(html).toContain('số căn cước công dân: 24');
    expect(html).toContain('tình trạng sức khỏe (dữ liệu nhạy cảm): 3');
    expect(html).toContain('độ mật: Mật');
    expect(html).toContain('16 giờ 30, ngày 20/07/2021: Nội dung đã bị gỡ');
    // Hourly re-visits are one step in the report, not one line each.
    expect(html.match(/Kiểm tra lại các địa chỉ/g)).toHaveLength(1);
    expect(html).not.toContain('<script>');
    expect(html).toContain('F1 &#60;script&#62;');
  });
});

describe('routing', () => {
  const a05 = '6f1c1d4e-2b7a-4c1e-9a51-0d8f3c2b1a05';
  const targets = [
    { id: 'syt', kind: 'department' as const, emails: ['vanthu@syt'], webhookUrl: 'https://hook' },
    { id: 'ca', kind: 'police' as const, emails: ['pa05@ca'], webhookUrl: null },
    { id: a05, kind: 'data_protection_agency' as const, emails: ['a05@bca'], webhookUrl: null },
    { id: 'empty', kind: 'department' as const, emails: [], webhookUrl: null },
  ];
  const rule = (fields: Record<string, unknown>) =>
    routingRuleSchema.parse({ name: 'quy tắc', ...fields });
  const seeded = [
    rule({ event: 'opened', targetKinds: ['department', 'police'] }),
    rule({ event: 'removed', targetKinds: ['department'] }),
  ];
  const subject = {
    id: 'i',
    severity: 'high' as const,
    documentOwner: 'Phòng Nghiệp vụ Y',
    classification: 'thuong' as const,
  };

  it('plans one delivery per selected target and channel, with a stable key', () => {
    expect(planNotifications('opened', subject, targets, seeded)).toEqual([
      { targetId: 'syt', channel: 'email', idempotencyKey: 'i:opened:syt:email' },
      { targetId: 'syt', channel: 'webhook', idempotencyKey: 'i:opened:syt:webhook' },
      { targetId: 'ca', channel: 'email', idempotencyKey: 'i:opened:ca:email' },
    ]);
    expect(planNotifications('removed', subject, targets, seeded).map((p) => p.targetId)).toEqual([
      'syt',
      'syt',
    ]);
    // A repeatable event keys each occurrence apart, and the same occurrence identically.
    const again = planNotifications('removed', subject, targets, seeded, '2026-11-30T10:00Z');
    expect(again[0]?.idempotencyKey).toBe('i:removed@2026-11-30T10:00Z:syt:email');
    expect(planNotifications('closed', subject, targets, seeded)).toEqual([]);
  });

  it('filters by severity, document owner and classification, and selects targets by id', () => {
    const police = rule({ event: 'opened', targetKinds: ['police'], minSeverity: 'critical' });
    expect(planNotifications('opened', subject, targets, [police])).toEqual([]);
    expect(
      planNotifications('opened', { ...subject, severity: 'critical' }, targets, [police]),
    ).toHaveLength(1);
    const owners = rule({
      event: 'opened',
      targetIds: [a05],
      documentOwners: ['phòng  nghiệp vụ y'],
      classifications: ['mat', 'thuong'],
    });
    expect(planNotifications('opened', subject, targets, [owners]).map((p) => p.targetId)).toEqual([
      a05,
    ]);
    expect(
      planNotifications('opened', { ...subject, documentOwner: 'Văn phòng Sở' }, targets, [owners]),
    ).toEqual([]);
    expect(
      planNotifications('opened', { ...subject, classification: 'toi_mat' }, targets, [owners]),
    ).toEqual([]);
    // An unregistered document has no owner: owner-filtered rules never apply to it.
    expect(
      planNotifications('opened', { ...subject, documentOwner: null }, targets, [owners]),
    ).toEqual([]);
    expect(planNotifications('opened', subject, targets, [{ ...owners, active: false }])).toEqual(
      [],
    );
    expect(() => rule({ event: 'opened' })).toThrow(/select targets/);
  });
});

import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '@leakwatch/db';
import { matchAlert, recordAlert, registerFakeDocument, useTestDatabase } from '@leakwatch/testkit';
import { createUser, sessionHeaders, startApi } from './support/api-harness.js';

// Routing and deadline rules are records: what an administrator changes through the API is
// what the next incident event is routed by, and which clocks the incident shows.
const testDb = useTestDatabase();
let api: { app: FastifyInstance; close: () => Promise<void> };
let admin: User;

beforeAll(async () => {
  api = await startApi(testDb().repos);
  admin = await createUser(testDb().repos, 'admin');
});
afterAll(async () => {
  await api.close();
});

async function call(method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) {
  const response = await api.app.inject({
    method,
    url,
    headers: await sessionHeaders(testDb().repos, admin),
    ...(payload ? { payload } : {}),
  });
  return { status: response.statusCode, body: response.json<Record<string, unknown>>() };
}

/** A registered document's page matched by a fresh image: an alert waiting for triage. */
async function alertOn(document: { classification: 'thuong' | 'mat'; owner: string }) {
  const { repos } = testDb();
  const registered = await registerFakeDocument(repos, {
    classification: document.classification,
    ownerDepartment: document.owner,
  });
  const { alert } = await recordAlert(repos, {
    alert: matchAlert(
      { documentId: registered.document.id, pageId: registered.page.id },
      { findings: [{ kind: 'cccd', count: 3 }] },
    ),
  });
  return alert.id;
}

async function confirm(alertId: string): Promise<string> {
  const confirmed = await call('POST', '/api/alerts/decisions', {
    action: 'confirm',
    alertIds: [alertId],
  });
  expect(confirmed.status).toBe(200);
  const [alert] = await testDb().repos.triage.alertsByIds([alertId]);
  if (!alert?.incidentId) throw new Error('the alert joined no incident');
  return alert.incidentId;
}

async function outboxTargets(incidentId: string): Promise<string[]> {
  const targets = await testDb().repos.routingTargets.list();
  const rows = await testDb().repos.notifications.ofIncident(incidentId);
  return rows
    .map((row) => `${row.event}:${targets.find((t) => t.id === row.targetId)?.name ?? '?'}`)
    .sort();
}

describe('routing rules as records', () => {
  it('routes by the rules in force: seeded defaults, an owner and classification rule, a rule switched off, escalation', async () => {
    const { repos } = testDb();
    const targets = await repos.routingTargets.list({ activeAt: new Date() });
    const byName = (prefix: string) => {
      const target = targets.find((t) => t.name.startsWith(prefix));
      if (!target) throw new Error(`no target ${prefix}`);
      return target;
    };
    const health = byName('Sở Y tế');
    const police = byName('Công an tỉnh');
    const a05 = byName('Cục An ninh mạng');
    await repos.routingTargets.update(health.id, { emails: ['vanthu@syt.lamdong.gov.vn'] });
    await repos.routingTargets.update(police.id, { emails: ['pa05@congan.lamdong.gov.vn'] });
    await repos.routingTargets.update(a05.id, { emails: ['a05@bocongan.gov.vn'] });

    const seeded = await call('GET', '/api/routing-rules');
    expect((seeded.body['rules'] as { event: string }[]).map((rule) => rule.event).sort()).toEqual([
      'closed',
      'escalated',
      'opened',
      'removed',
    ]);

    // Bad rules are refused with the reason: no target selected, an unknown target.
    expect(
      (await call('POST', '/api/routing-rules', { name: 'Không ai', event: 'opened' })).status,
    ).toBe(400);
    expect(
      (
        await call('POST', '/api/routing-rules', {
          name: 'Sai mã',
          event: 'opened',
          targetIds: [randomUUID()],
        })
      ).status,
    ).toBe(404);

    // Confidential documents of the medical-affairs office also go to A05.
    const added = await call('POST', '/api/routing-rules', {
      name: 'Tài liệu Mật của phòng Nghiệp vụ Y: báo A05',
      event: 'opened',
      targetIds: [a05.id],
      documentOwners: ['Phòng Nghiệp vụ Y'],
      classifications: ['mat'],
    });
    expect(added.status).toBe(201);

    const secret = await confirm(
      await alertOn({ classification: 'mat', owner: 'phòng nghiệp vụ Y' }),
    );
    expect(await outboxTargets(secret)).toEqual(
      [`opened:${a05.name}`, `opened:${health.name}`, `opened:${police.name}`].sort(),
    );
    const ordinary = await confirm(
      await alertOn({ classification: 'thuong', owner: 'Phòng Nghiệp vụ Y' }),
    );
    expect(await outboxTargets(ordinary)).toEqual(
      [`opened:${health.name}`, `opened:${police.name}`].sort(),
    );

    // Switching the default "opened" rule off: only the A05 rule is left for opened incidents.
    const opened = (seeded.body['rules'] as { id: string; event: string }[]).find(
      (rule) => rule.event === 'opened',
    );
    expect(
      (await call('PATCH', `/api/routing-rules/${opened?.id ?? ''}`, { active: false })).status,
    ).toBe(200);
    // A change that would leave a rule selecting nobody is refused.
    expect(
      (await call('PATCH', `/api/routing-rules/${opened?.id ?? ''}`, { targetKinds: [] })).status,
    ).toBe(400);
    const quiet = await confirm(await alertOn({ classification: 'thuong', owner: 'Văn phòng Sở' }));
    expect(await outboxTargets(quiet)).toEqual([]);

    // Raising the severity is an escalation (departments and police); lowering it is not.
    const raised = await call('PATCH', `/api/incidents/${quiet}`, {
      severity: 'critical',
      severityReason: 'Danh sách có hơn 200 người, lan sang 5 nhóm',
    });
    expect(raised.status).toBe(200);
    expect(await outboxTargets(quiet)).toEqual(
      [`escalated:${health.name}`, `escalated:${police.name}`].sort(),
    );
    await call('PATCH', `/api/incidents/${quiet}`, {
      severity: 'high',
      severityReason: 'Đánh giá lại',
    });
    expect(await outboxTargets(quiet)).toHaveLength(2);

    // Removal is notified again after the content came back and was removed a second time.
    await call('PATCH', `/api/incidents/${quiet}`, { status: 'removed' });
    await call('PATCH', `/api/incidents/${quiet}`, { status: 'takedown_requested' });
    await call('PATCH', `/api/incidents/${quiet}`, { status: 'removed' });
    expect((await outboxTargets(quiet)).filter((row) => row.startsWith('removed:'))).toEqual([
      `removed:${health.name}`,
      `removed:${health.name}`,
    ]);
  });
});

describe('deadline rules as records', () => {
  it('shows the clocks of the rules in force, from their start events', async () => {
    const incidentId = await confirm(
      await alertOn({ classification: 'thuong', owner: 'Văn phòng Sở' }),
    );
    const deadlines = async () =>
      (await call('GET', `/api/incidents/${incidentId}`)).body['deadlines'] as {
        rule: string;
        dueAt: string;
      }[];
    expect((await deadlines()).map((deadline) => deadline.rule)).toEqual(['breach_notice_72h']);

    const created = await call('POST', '/api/deadline-rules', {
      name: 'takedown_7d',
      label: 'Gỡ bỏ nội dung trong 7 ngày',
      startEvent: 'takedown_requested',
      durationHours: 168,
      remindBeforeHours: [24],
      remind: ['assignee'],
      metBy: 'status_removed',
    });
    expect(created.status).toBe(201);
    expect((await call('POST', '/api/deadline-rules', created.body['rule'] as object)).status).toBe(
      409,
    );
    expect(
      (
        await call('POST', '/api/deadline-rules', {
          name: 'bad',
          label: 'x',
          startEvent: 'posted',
          durationHours: 1,
          remind: ['assignee'],
          metBy: 'status_removed',
        })
      ).status,
    ).toBe(400);

    // The takedown clock appears once a takedown is requested, counted from the request.
    expect((await deadlines()).map((deadline) => deadline.rule)).toEqual(['breach_notice_72h']);
    await call('PATCH', `/api/incidents/${incidentId}`, { status: 'takedown_requested' });
    const incident = await testDb().repos.triage.incidentById(incidentId);
    const takedown = (await deadlines()).find((deadline) => deadline.rule === 'takedown_7d');
    expect(new Date(takedown?.dueAt ?? 0).getTime()).toBe(
      (incident?.takedownRequestedAt?.getTime() ?? NaN) + 168 * 3_600_000,
    );

    // Switched off, a rule's clock is no longer shown (nor reminded).
    const rules = (await call('GET', '/api/deadline-rules')).body['rules'] as {
      id: string;
      name: string;
      durationHours: number;
    }[];
    const breach = rules.find((rule) => rule.name === 'breach_notice_72h');
    const off = await call('PATCH', `/api/deadline-rules/${breach?.id ?? ''}`, { active: false });
    expect(off.status).toBe(200);
    expect((off.body['rule'] as { durationHours: number }).durationHours).toBe(72);
    expect((await deadlines()).map((deadline) => deadline.rule)).toEqual(['takedown_7d']);
  });
});

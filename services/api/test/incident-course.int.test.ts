import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '@leakwatch/db';
import {
  matchAlert,
  randomSha256,
  recordAlert,
  recordSighting,
  registerFakeDocument,
  storeImage,
  useTestDatabase,
} from '@leakwatch/testkit';
import { createUser, sessionHeaders, startApi } from './support/api-harness.js';

// An incident's course as officers, liaisons and administrators follow it through the API:
// where it was seen, how its severity grows with spread, its tasks, who may see what, and the
// negative bank an administrator can correct.
const testDb = useTestDatabase();
let api: { app: FastifyInstance; close: () => Promise<void> };
let officer: User;
let admin: User;

beforeAll(async () => {
  api = await startApi(testDb().repos);
  officer = await createUser(testDb().repos, 'officer');
  admin = await createUser(testDb().repos, 'admin');
});
afterAll(async () => {
  await api.close();
});

async function call(
  user: User,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  payload?: object,
) {
  const response = await api.app.inject({
    method,
    url,
    headers: await sessionHeaders(testDb().repos, user),
    ...(payload ? { payload } : {}),
  });
  return {
    status: response.statusCode,
    body: response.body ? response.json<Record<string, unknown>>() : {},
  };
}

/** A leak of `page` posted in the given groups: one image, one post per group. */
async function leakIn(page: { documentId: string; id: string }, groups: string[], reach = {}) {
  const { repos } = testDb();
  const image = await storeImage(repos);
  for (const group of groups)
    await recordSighting(repos, image, { groupKey: group, post: { reach, permalink: null } });
  const { alert } = await recordAlert(repos, {
    image,
    alert: matchAlert(
      { documentId: page.documentId, pageId: page.id },
      { findings: [{ kind: 'cccd', count: 30 }] },
    ),
  });
  return alert.id;
}

describe('an incident as it spreads', () => {
  it('lists every sighting with its group and reach, and raises the severity as it spreads, announcing the rise', async () => {
    const { repos } = testDb();
    const health = (await repos.routingTargets.list()).find((t) => t.name.startsWith('Sở Y tế'));
    await repos.routingTargets.update(health?.id ?? '', { emails: ['vanthu@syt.lamdong.gov.vn'] });
    const { document, page } = await registerFakeDocument(repos, { title: 'Danh sách F1 xã A' });
    const first = await leakIn({ documentId: document.id, id: page.id }, ['nhom-1'], {
      reactions: 12,
      shares: 3,
    });
    const confirmed = await call(officer, 'POST', '/api/alerts/decisions', {
      action: 'confirm',
      alertIds: [first],
    });
    expect(confirmed.status).toBe(200);
    const [alert] = await repos.triage.alertsByIds([first]);
    const incidentId = alert?.incidentId ?? '';
    const before = await repos.triage.incidentById(incidentId);

    // The same page reposted in four more groups, confirmed later: it joins the incident.
    const spread = await leakIn({ documentId: document.id, id: page.id }, [
      'nhom-2',
      'nhom-3',
      'nhom-4',
      'nhom-5',
    ]);
    await call(officer, 'POST', '/api/alerts/decisions', { action: 'confirm', alertIds: [spread] });
    const detail = await call(officer, 'GET', `/api/incidents/${incidentId}`);
    const sightings = detail.body['sightings'] as {
      source: { url: string };
      reach: { reactions?: number } | null;
      images: number;
    }[];
    expect(sightings.map((s) => s.source.url).sort()).toEqual(
      ['nhom-1', 'nhom-2', 'nhom-3', 'nhom-4', 'nhom-5'].map(
        (group) => `https://www.facebook.com/groups/${group}`,
      ),
    );
    expect(sightings.find((s) => s.source.url.endsWith('nhom-1'))?.reach).toEqual({
      reactions: 12,
      shares: 3,
    });
    expect(detail.body['spread']).toMatchObject({ sightings: 5, places: 5 });

    const after = await repos.triage.incidentById(incidentId);
    const rank = ['low', 'medium', 'high', 'critical'];
    expect(rank.indexOf(after?.severity ?? 'low')).toBeGreaterThan(
      rank.indexOf(before?.severity ?? 'critical'),
    );
    const timeline = detail.body['timeline'] as { type: string; data: Record<string, unknown> }[];
    const raised = timeline.filter((event) => event.type === 'severity_raised');
    expect(raised).toHaveLength(1);
    expect(raised[0]?.data).toMatchObject({ severityFrom: before?.severity, places: 5 });
    const escalated = (await repos.notifications.ofIncident(incidentId)).filter(
      (row) => row.event === 'escalated',
    );
    expect(escalated.map((row) => row.targetId)).toContain(health?.id);

    // An officer's own assessment is not overridden by spread.
    await call(officer, 'PATCH', `/api/incidents/${incidentId}`, {
      severity: 'low',
      severityReason: 'Danh sách đã được công bố chính thức',
    });
    const more = await leakIn({ documentId: document.id, id: page.id }, ['nhom-6', 'nhom-7']);
    await call(officer, 'POST', '/api/alerts/decisions', { action: 'confirm', alertIds: [more] });
    expect((await repos.triage.incidentById(incidentId))?.severity).toBe('low');
  });

  it('keeps tasks on the timeline: added, done, reopened', async () => {
    const { repos } = testDb();
    const { document, page } = await registerFakeDocument(repos);
    const alertId = await leakIn({ documentId: document.id, id: page.id }, ['nhom-task']);
    await call(officer, 'POST', '/api/alerts/decisions', {
      action: 'confirm',
      alertIds: [alertId],
    });
    const incidentId = (await repos.triage.alertsByIds([alertId]))[0]?.incidentId ?? '';

    const added = await call(officer, 'POST', `/api/incidents/${incidentId}/tasks`, {
      title: 'Gửi thông báo vi phạm cho A05',
      assigneeId: officer.id,
      dueAt: '2026-12-01T09:00:00+07:00',
    });
    expect(added.status).toBe(201);
    const task = added.body['task'] as { id: string; done: boolean; dueAt: string };
    expect(task).toMatchObject({ done: false, dueAt: '2026-12-01T02:00:00.000Z' });
    expect(
      (await call(officer, 'POST', `/api/incidents/${incidentId}/tasks`, { title: 'x' })).status,
    ).toBe(400);

    const url = `/api/incidents/${incidentId}/tasks/${task.id}`;
    expect((await call(officer, 'PATCH', url, { done: true })).body['task']).toMatchObject({
      done: true,
    });
    await call(officer, 'PATCH', url, { done: true }); // already done: nothing recorded
    await call(officer, 'PATCH', url, { done: false });
    const detail = await call(officer, 'GET', `/api/incidents/${incidentId}`);
    expect(detail.body['tasks']).toEqual([
      expect.objectContaining({ id: task.id, done: false, doneAt: null }),
    ]);
    const types = (detail.body['timeline'] as { type: string }[]).map((event) => event.type);
    expect(types.filter((type) => type.startsWith('task_'))).toEqual([
      'task_added',
      'task_done',
      'task_reopened',
    ]);
    expect(
      (
        await call(officer, 'PATCH', `/api/incidents/${incidentId}/tasks/${randomUuid()}`, {
          done: true,
        })
      ).status,
    ).toBe(404);
  });
});

function randomUuid(): string {
  const hex = randomSha256();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

describe('what a liaison sees', () => {
  it('lists only incidents their department was told of, without officers’ notes', async () => {
    const { repos } = testDb();
    const department = await repos.routingTargets.create({
      name: 'Sở Y tế (liên lạc)',
      kind: 'department',
      emails: ['lienlac@syt.lamdong.gov.vn'],
    });
    const other = await repos.routingTargets.create({
      name: 'Sở Giáo dục',
      kind: 'department',
      emails: ['vanthu@sgd.lamdong.gov.vn'],
    });
    const liaison = await repos.users.update((await createUser(repos, 'liaison')).id, {
      routingTargetId: department.id,
    });
    if (!liaison) throw new Error('liaison not placed');
    const unplaced = await createUser(repos, 'liaison');

    const notified = async (targetId: string) => {
      const { alert } = await recordAlert(repos);
      const [confirmed] = await repos.triage.confirm([alert.id], {
        userId: null,
        severityFor: () => 'medium',
        notifyOpened: (incident) => [
          {
            incidentId: incident.id,
            targetId,
            channel: 'email',
            event: 'opened',
            idempotencyKey: `${incident.id}:opened:${targetId}:email`,
            payload: { event: 'opened', link: 'https://leakwatch.invalid/' },
          },
        ],
      });
      return confirmed?.incident.id ?? '';
    };
    const theirs = await notified(department.id);
    const notTheirs = await notified(other.id);
    await call(officer, 'POST', `/api/incidents/${theirs}/comments`, {
      text: 'Ghi chú nội bộ: người đăng là nhân viên trạm y tế',
    });

    const list = await call(liaison, 'GET', '/api/incidents');
    expect(list.status).toBe(200);
    expect((list.body['incidents'] as { id: string }[]).map((i) => i.id)).toEqual([theirs]);
    expect((await call(unplaced, 'GET', '/api/incidents')).body['incidents']).toEqual([]);
    expect((await call(liaison, 'GET', `/api/incidents/${notTheirs}`)).status).toBe(404);

    const detail = await call(liaison, 'GET', `/api/incidents/${theirs}`);
    expect(detail.status).toBe(200);
    expect(JSON.stringify(detail.body)).not.toContain('Ghi chú nội bộ');
    expect((detail.body['notifications'] as { targetId: string }[]).map((n) => n.targetId)).toEqual(
      [department.id],
    );
    expect(detail.body['alerts']).toEqual([]);
    // Officers see everything of both.
    const officerView = await call(officer, 'GET', `/api/incidents/${theirs}`);
    expect(JSON.stringify(officerView.body)).toContain('Ghi chú nội bộ');
  });
});

describe('the negative bank', () => {
  it('shows dismissed false matches and lets an administrator take one back', async () => {
    const { repos } = testDb();
    const { document, page } = await registerFakeDocument(repos, { title: 'Mẫu phiếu' });
    const alertId = await leakIn({ documentId: document.id, id: page.id }, ['nhom-mau']);
    await call(officer, 'POST', '/api/alerts/decisions', {
      action: 'dismiss',
      reason: 'false_match',
      alertIds: [alertId],
    });
    const listed = await call(officer, 'GET', '/api/match-dismissals');
    const [entry] = listed.body['dismissals'] as {
      id: string;
      documentTitle: string;
      pageNumber: number;
      imageSha256: string;
    }[];
    expect(entry).toMatchObject({ documentTitle: 'Mẫu phiếu', pageNumber: 1 });
    expect(await repos.matchDismissals.dismissedPages(entry?.imageSha256 ?? '')).toEqual(
      new Set([page.id]),
    );

    expect((await call(officer, 'DELETE', `/api/match-dismissals/${entry?.id ?? ''}`)).status).toBe(
      403,
    );
    expect((await call(admin, 'DELETE', `/api/match-dismissals/${entry?.id ?? ''}`)).status).toBe(
      204,
    );
    expect(await repos.matchDismissals.dismissedPages(entry?.imageSha256 ?? '')).toEqual(new Set());
    expect((await call(admin, 'DELETE', `/api/match-dismissals/${entry?.id ?? ''}`)).status).toBe(
      404,
    );
    const audit = await repos.audit.list({ action: 'match_dismissal.removed' });
    expect(audit.map((row) => row.targetId)).toContain(entry?.id);
  });
});

import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '@leakwatch/db';
import {
  matchAlert,
  recordAlert,
  recordSighting,
  registerFakeDocument,
  storeImage,
  useTestDatabase,
} from '@leakwatch/testkit';
import { createUser, sessionHeaders, startApi } from './support/api-harness.js';

const testDb = useTestDatabase();
let api: { app: FastifyInstance; close: () => Promise<void> };
let officer: User;

beforeAll(async () => {
  api = await startApi(testDb().repos);
  officer = await createUser(testDb().repos, 'officer');
});
afterAll(async () => {
  await api.close();
});

/** An image seen in a post of a source, matched to a page (as the worker records it). */
async function leakSighting(pageId: string, documentId: string, sourceKey: string) {
  const { repos } = testDb();
  const image = await storeImage(repos);
  await recordSighting(repos, image, { groupKey: sourceKey });
  const { alert } = await recordAlert(repos, {
    image,
    alert: matchAlert(
      { documentId, pageId },
      {
        findings: [
          { kind: 'cccd', count: 12 },
          { kind: 'person-name', count: 12 },
        ],
      },
    ),
  });
  return { alert, image };
}

describe('triage and incidents', () => {
  it('groups reposts, confirms them into one incident with its clock and spread, and banks false matches', async () => {
    const headers = await sessionHeaders(testDb().repos, officer);
    const call = async (method: 'GET' | 'POST', url: string, payload?: object) => {
      const response = await api.app.inject({
        method,
        url,
        headers,
        ...(payload ? { payload } : {}),
      });
      return { status: response.statusCode, body: response.json<Record<string, unknown>>() };
    };
    const { document, page } = await registerFakeDocument(testDb().repos, {
      classification: 'mat',
    });
    const first = await leakSighting(page.id, document.id, 'nhom-a');
    const second = await leakSighting(page.id, document.id, 'nhom-b');
    const third = await leakSighting(page.id, document.id, 'nhom-c');

    // One group of three alerts: the same page leaked three times.
    const groups = await call('GET', '/api/alerts/groups');
    expect(groups.body['groups']).toEqual([
      expect.objectContaining({
        dedupKey: `match:${page.id}`,
        documentTitle: 'Danh sách F1 phường 3',
        alerts: 3,
      }),
    ]);

    // Two are the leak; confirmed at once they open one incident.
    const confirmed = await call('POST', '/api/alerts/decisions', {
      action: 'confirm',
      alertIds: [first.alert.id, second.alert.id],
    });
    expect(confirmed.status).toBe(200);
    const incidents = confirmed.body['incidents'] as { id: string; opened: boolean }[];
    expect(incidents).toHaveLength(1);
    expect(incidents[0]?.opened).toBe(true);
    // Confirmed again: nothing changes (decided alerts are left alone).
    const again = await call('POST', '/api/alerts/decisions', {
      action: 'confirm',
      alertIds: [first.alert.id],
    });
    expect(again.body).toEqual({ decided: [], incidents: [] });

    // The third was a false match: dismissed, and that image never matches that page again.
    const dismissed = await call('POST', '/api/alerts/decisions', {
      action: 'dismiss',
      alertIds: [third.alert.id],
      reason: 'false_match',
      note: 'Mẫu biểu giống, nội dung khác',
    });
    expect(dismissed.body['decided']).toEqual([third.alert.id]);
    expect(await testDb().repos.matchDismissals.dismissedPages(third.image.sha256)).toEqual(
      new Set([page.id]),
    );

    const detail = await call('GET', `/api/incidents/${incidents[0]?.id ?? ''}`);
    expect(detail.status).toBe(200);
    const incident = detail.body['incident'] as {
      severity: string;
      detectedAt: string;
      status: string;
    };
    // A secret ("mật") document exposing ID numbers of a dozen named people.
    expect(incident.severity).toBe('critical');
    expect(incident.status).toBe('open');
    // The legal clock starts at detection: the earliest alert, 72 hours to notify.
    expect(incident.detectedAt).toBe(first.alert.createdAt.toISOString());
    const [deadline] = detail.body['deadlines'] as {
      rule: string;
      dueAt: string;
      secondsLeft: number;
    }[];
    expect(deadline?.rule).toBe('breach_notice_72h');
    expect(new Date(deadline?.dueAt ?? 0).getTime()).toBe(
      first.alert.createdAt.getTime() + 72 * 3_600_000,
    );
    expect(deadline?.secondsLeft).toBeGreaterThan(71 * 3_600);
    expect(detail.body['spread']).toMatchObject({ sightings: 2, places: 2 });
    expect((detail.body['timeline'] as { type: string }[]).map((event) => event.type)).toEqual([
      'opened',
      'alert_confirmed',
      'alert_confirmed',
    ]);
    const audit = await testDb().repos.audit.list({ action: 'alert.dismissed' });
    expect(audit).toHaveLength(1);

    // A later leak of the same document joins the open incident.
    const fourth = await leakSighting(page.id, document.id, 'trang-d');
    const joined = await call('POST', '/api/alerts/decisions', {
      action: 'confirm',
      alertIds: [fourth.alert.id],
    });
    expect(joined.body['incidents']).toEqual([{ id: incidents[0]?.id, opened: false }]);
    expect((await call('GET', '/api/incidents')).body['incidents']).toHaveLength(1);

    // Worked through to the end, every step in the timeline; closing needs a resolution.
    const id = incidents[0]?.id ?? '';
    const patch = async (payload: object) => {
      const response = await api.app.inject({
        method: 'PATCH',
        url: `/api/incidents/${id}`,
        headers,
        payload,
      });
      return { status: response.statusCode, body: response.json<Record<string, unknown>>() };
    };
    expect((await patch({ status: 'reported', assigneeId: officer.id })).status).toBe(200);
    expect(
      (
        await patch({
          noticeSent: { channel: 'Cổng thông tin quốc gia về bảo vệ dữ liệu cá nhân, Mẫu số 08' },
        })
      ).status,
    ).toBe(200);
    expect((await patch({ severity: 'high' })).status).toBe(400);
    expect(
      (await patch({ severity: 'high', severityReason: 'Chỉ lộ trong một nhóm kín' })).body[
        'incident'
      ],
    ).toMatchObject({ severity: 'high' });
    expect((await patch({ status: 'takedown_requested' })).status).toBe(200);
    expect((await patch({ status: 'open' })).body).toMatchObject({
      status: 409,
      detail: 'an incident cannot go from takedown_requested to open',
    });
    expect((await patch({ status: 'removed' })).status).toBe(200);
    expect((await patch({ status: 'closed' })).body).toMatchObject({
      detail: 'closing an incident needs a resolution',
    });
    const comment = await api.app.inject({
      method: 'POST',
      url: `/api/incidents/${id}/comments`,
      headers,
      payload: { text: 'Quản trị nhóm đã gỡ bài sau khi được liên hệ.' },
    });
    expect(comment.statusCode).toBe(201);
    const closed = await patch({
      status: 'closed',
      resolution: 'Đã gỡ ở cả bốn nơi; đã gửi thông báo.',
    });
    expect(closed.body['incident']).toMatchObject({ status: 'closed' });
    // The printable report for the breach notice, pre-filled.
    const report = await api.app.inject({
      method: 'GET',
      url: `/api/incidents/${id}/report`,
      headers,
    });
    expect(report.headers['content-type']).toContain('text/html');
    expect(report.body).toContain('Báo cáo sự cố lộ lọt dữ liệu cá nhân');
    expect(report.body).toContain('khoảng 12 người');
    expect(report.body).toContain('độ mật: Mật');
    expect(report.body).toContain('Nội dung đã bị gỡ');
    const finalDetail = await call('GET', `/api/incidents/${id}`);
    expect((finalDetail.body['timeline'] as { type: string }[]).map((event) => event.type)).toEqual(
      [
        'opened',
        'alert_confirmed',
        'alert_confirmed',
        'alert_confirmed',
        'status_reported',
        'notice_sent',
        'severity_overridden',
        'status_takedown_requested',
        'status_removed',
        'comment',
        'status_closed',
      ],
    );
  });

  it('refuses unknown alerts and assignees with a clear error', async () => {
    const headers = await sessionHeaders(testDb().repos, officer);
    const response = await api.app.inject({
      method: 'POST',
      url: '/api/alerts/decisions',
      headers,
      payload: { action: 'confirm', alertIds: [randomUUID()] },
    });
    expect(response.statusCode).toBe(404);
    expect(response.json<{ code: string }>().code).toBe('LW_NOT_FOUND');
    const invalid = await api.app.inject({
      method: 'POST',
      url: '/api/alerts/decisions',
      headers,
      payload: { action: 'dismiss', alertIds: [randomUUID()], reason: 'bored' },
    });
    expect(invalid.statusCode).toBe(400);
  });
});

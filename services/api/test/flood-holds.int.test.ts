import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '@leakwatch/db';
import { useTestDatabase } from '@leakwatch/testkit';
import { createUser, sessionHeaders, startApi } from './support/api-harness.js';
import { openFloodHold, recordMatch, registerPage } from './support/flood-hold.js';

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

async function call(method: 'GET' | 'POST', url: string, payload?: object) {
  const response = await api.app.inject({
    method,
    url,
    headers: await sessionHeaders(testDb().repos, admin),
    ...(payload ? { payload } : {}),
  });
  return { status: response.statusCode, body: response.json<Record<string, unknown>>() };
}

async function statusesOf(alertIds: string[]) {
  const rows = await testDb().repos.triage.alertsByIds(alertIds);
  return rows.map((row) => ({ status: row.status, reason: row.dismissReason }));
}

describe('flood holds API', () => {
  it('lists a hold with its held alerts, and release sends them back to triage, once, audited', async () => {
    const { repos } = testDb();
    // Three alerts open the hold; two more arrive while it is open.
    const { hold, page, alertIds } = await openFloodHold(repos, 5);

    const listed = await call('GET', '/api/flood-holds');
    expect(listed.status).toBe(200);
    expect((listed.body['holds'] as { id: string }[]).find((h) => h.id === hold.id)).toEqual({
      id: hold.id,
      pageId: page.pageId,
      documentId: page.documentId,
      documentTitle: 'Mẫu phiếu khai báo y tế',
      pageNumber: 1,
      triggerCount: 3,
      baselinePerHour: 0,
      quarantinedAlerts: 5,
      startedAt: hold.startedAt.toISOString(),
      endedAt: null,
      endedBy: null,
      resolution: null,
    });
    expect(await statusesOf(alertIds)).toEqual(
      alertIds.map(() => ({ status: 'quarantined', reason: null })),
    );

    const released = await call('POST', `/api/flood-holds/${hold.id}/release`, {
      action: 'release',
      note: 'Mẫu khai báo dùng chung, đã kiểm tra',
    });
    expect(released.status).toBe(200);
    expect(released.body).toMatchObject({
      alerts: 5,
      hold: { id: hold.id, resolution: 'released', endedBy: admin.id, quarantinedAlerts: 0 },
    });
    expect((released.body['hold'] as { endedAt: string | null }).endedAt).not.toBeNull();
    expect(await statusesOf(alertIds)).toEqual(
      alertIds.map(() => ({ status: 'new', reason: null })),
    );
    // Back in triage: the page's group lists them as undecided.
    const groups = await call('GET', '/api/alerts/groups?status=new');
    expect(groups.body['groups']).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ dedupKey: `match:${page.pageId}`, alerts: 5 }),
      ]),
    );

    const [entry] = await repos.audit.list({ action: 'flood_hold.released', targetId: hold.id });
    expect(entry).toMatchObject({
      actorId: admin.id,
      targetType: 'flood_hold',
      details: {
        pageId: page.pageId,
        documentId: page.documentId,
        alerts: 5,
        note: 'Mẫu khai báo dùng chung, đã kiểm tra',
      },
    });

    const again = await call('POST', `/api/flood-holds/${hold.id}/release`, { action: 'dismiss' });
    expect(again.status).toBe(409);
    expect(again.body['code']).toBe('LW_CONFLICT');
    expect(await statusesOf(alertIds)).toEqual(
      alertIds.map(() => ({ status: 'new', reason: null })),
    );
  });

  it('dismiss closes every held alert without feeding the negative bank; other pages are untouched', async () => {
    const { repos } = testDb();
    const ordinary = await registerPage(repos, 'Danh sách F1 phường 3');
    const ordinaryAlert = await recordMatch(repos, ordinary);
    const { hold, page, alertIds } = await openFloodHold(repos, 4);
    const bankBefore = (await repos.matchDismissals.list()).length;

    const dismissed = await call('POST', `/api/flood-holds/${hold.id}/release`, {
      action: 'dismiss',
    });
    expect(dismissed.status).toBe(200);
    expect(dismissed.body).toMatchObject({
      alerts: 4,
      hold: { id: hold.id, resolution: 'dismissed', endedBy: admin.id, quarantinedAlerts: 0 },
    });
    expect(await statusesOf(alertIds)).toEqual(
      alertIds.map(() => ({ status: 'dismissed', reason: 'not_sensitive' })),
    );
    const [decided] = await repos.triage.alertsByIds([alertIds[0]!]);
    expect(decided?.decidedBy).toBe(admin.id);
    expect(await repos.matchDismissals.list()).toHaveLength(bankBefore);
    expect(await statusesOf([ordinaryAlert])).toEqual([{ status: 'new', reason: null }]);

    const [entry] = await repos.audit.list({ action: 'flood_hold.dismissed', targetId: hold.id });
    expect(entry?.details).toEqual({
      pageId: page.pageId,
      documentId: page.documentId,
      alerts: 4,
      reason: 'not_sensitive',
    });

    // Ended holds stay listed after the open ones.
    const open = await openFloodHold(repos);
    const listed = (await call('GET', '/api/flood-holds')).body['holds'] as {
      id: string;
      resolution: string | null;
    }[];
    expect(listed[0]).toMatchObject({ id: open.hold.id, resolution: null });
    expect(listed.find((h) => h.id === hold.id)).toMatchObject({ resolution: 'dismissed' });
  });

  it('answers 404 for a hold that does not exist, and 400 for an unknown action', async () => {
    const missing = await call('POST', `/api/flood-holds/${randomUUID()}/release`, {
      action: 'release',
    });
    expect(missing.status).toBe(404);
    expect(missing.body['code']).toBe('LW_NOT_FOUND');
    const { hold } = await openFloodHold(testDb().repos);
    const invalid = await call('POST', `/api/flood-holds/${hold.id}/release`, {
      action: 'confirm',
    });
    expect(invalid.status).toBe(400);
    expect((await testDb().repos.floodHolds.findById(hold.id))?.endedAt).toBeNull();
  });
});

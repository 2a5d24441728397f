import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '@leakwatch/config';
import {
  createDatabase,
  createRepositories,
  schema,
  type DatabaseHandle,
  type Repositories,
} from '@leakwatch/db';
import { matchAlert, recordAlert, registerFakeDocument, useTestDatabase } from '@leakwatch/testkit';
import { floodGuardPolicy } from '../src/index.js';

const testDb = useTestDatabase();
const publicUrl = 'https://leakwatch.syt.lamdong.gov.vn';
// The shipped defaults: 20 alerts in an hour, or 10 × the page's usual hourly rate.
const defaults = parseConfig({}).floodGuard;
const guard = floodGuardPolicy(defaults, publicUrl);
let activeAdmins: string[] = [];

const hex = () => randomUUID().replace(/-/g, '');

beforeAll(async () => {
  const { repos } = testDb();
  const create = async (role: 'admin' | 'officer', disabled = false) => {
    const user = await repos.users.create({
      email: `${role}-${hex().slice(0, 8)}@syt.lamdong.gov.vn`,
      displayName: `Cán bộ ${role}`,
      role,
    });
    if (!user) throw new Error('user not created');
    if (disabled) await repos.users.update(user.id, { disabled: true });
    return user.email;
  };
  activeAdmins = [await create('admin'), await create('admin')];
  await create('admin', true);
  await create('officer');
});

async function registerPage(title: string) {
  const { document, page } = await registerFakeDocument(testDb().repos, { title });
  return { documentId: document.id, pageId: page.id, title };
}

type Page = Awaited<ReturnType<typeof registerPage>>;

/** One image's verdict matching `page`, recorded as the worker records it. */
async function matchVerdict(
  page: Page,
  options: { repos?: Repositories; createdAt?: Date; policy?: typeof guard | null } = {},
) {
  const policy = options.policy === undefined ? guard : options.policy;
  const { alert, recorded } = await recordAlert(options.repos ?? testDb().repos, {
    alert: matchAlert(page, options.createdAt ? { createdAt: options.createdAt } : {}),
    ...(policy ? { floodGuard: policy } : {}),
  });
  if (recorded.alreadyDone) throw new Error('a fresh image cannot be done already');
  return { alert, recorded };
}

async function statusesOf(pageId: string) {
  const rows = await testDb().repos.triage.alertsWithKey(`match:${pageId}`);
  const counts: Record<string, number> = {};
  for (const row of rows) counts[row.status] = (counts[row.status] ?? 0) + 1;
  return counts;
}

async function floodMails() {
  const rows = await testDb()
    .handle.db.select()
    .from(schema.notificationOutbox)
    .orderBy(schema.notificationOutbox.createdAt);
  return rows.filter((row) => row.event === 'flood_hold');
}

async function holdsOf(pageId: string) {
  return (await testDb().repos.floodHolds.list()).filter((hold) => hold.pageId === pageId);
}

describe('flood guard in the verdict transaction', () => {
  it('holds a page that suddenly matches everything, quarantines its alerts and tells the admins once', async () => {
    const { repos } = testDb();
    const flooded = await registerPage('Mẫu phiếu khai báo y tế');
    const ordinary = await registerPage('Danh sách F1 phường 3');
    const mailsBefore = (await floodMails()).length;

    // Decided before the surge, and undecided but older than the window: both left alone.
    const decided = await matchVerdict(flooded);
    await repos.triage.dismiss([decided.alert.id], {
      reason: 'duplicate',
      note: null,
      userId: null,
    });
    const old = await matchVerdict(flooded, { createdAt: new Date(Date.now() - 2 * 3_600_000) });

    // Up to the minimum, less one: triage as usual (the dismissed one counts as recent too).
    for (let i = 0; i < defaults.minimumAlerts - 2; i += 1) {
      const { alert } = await matchVerdict(flooded);
      expect(alert.status).toBe('new');
    }
    await matchVerdict(ordinary);
    expect(await holdsOf(flooded.pageId)).toEqual([]);

    const tripping = await matchVerdict(flooded);
    expect(tripping.alert.status).toBe('quarantined');
    const [hold] = await holdsOf(flooded.pageId);
    expect(hold).toMatchObject({
      documentId: flooded.documentId,
      triggerCount: defaults.minimumAlerts,
      endedAt: null,
      resolution: null,
      documentTitle: flooded.title,
      pageNumber: 1,
      quarantinedAlerts: defaults.minimumAlerts - 1,
    });
    // Only the window's still-undecided alerts joined the hold.
    expect(tripping.recorded).toMatchObject({
      alreadyDone: false,
      alertsCreated: 1,
      alertsQuarantined: defaults.minimumAlerts - 1,
      floodHoldsOpened: [hold?.id],
    });
    expect(await statusesOf(flooded.pageId)).toEqual({
      dismissed: 1,
      new: 1,
      quarantined: defaults.minimumAlerts - 1,
    });
    expect((await repos.alerts.forImage(old.alert.imageId))[0]?.status).toBe('new');

    // Later alerts of the page go straight to quarantine; other pages are untouched.
    expect((await matchVerdict(flooded)).alert.status).toBe('quarantined');
    expect((await matchVerdict(ordinary)).alert.status).toBe('new');
    expect(await statusesOf(ordinary.pageId)).toEqual({ new: 2 });
    expect(await holdsOf(ordinary.pageId)).toEqual([]);

    const mails = (await floodMails()).slice(mailsBefore);
    expect(mails).toHaveLength(1);
    const [mail] = mails;
    expect(mail).toMatchObject({
      incidentId: null,
      targetId: null,
      channel: 'email',
      event: 'flood_hold',
      status: 'pending',
      idempotencyKey: `flood-hold:${hold?.id}`,
    });
    const payload = mail?.payload as {
      recipients: string[];
      floodHold: { baselinePerHour: number };
    };
    expect([...payload.recipients].sort()).toEqual([...activeAdmins].sort());
    // The one older alert, over the week (stored as a real: close, not exact).
    expect(payload.floodHold.baselinePerHour).toBeCloseTo(1 / (defaults.baselineDays * 24), 6);
    expect(payload).toEqual({
      event: 'flood_hold',
      link: `${publicUrl}/admin/flood-holds/${hold?.id}`,
      recipients: payload.recipients,
      floodHold: {
        id: hold?.id,
        pageId: flooded.pageId,
        documentId: flooded.documentId,
        documentTitle: flooded.title,
        pageNumber: 1,
        triggerCount: defaults.minimumAlerts,
        baselinePerHour: payload.floodHold.baselinePerHour,
        startedAt: hold?.startedAt.toISOString(),
      },
    });
  });

  it('raises the bar for a page that is usually busy', async () => {
    const settings = { windowMinutes: 60, minimumAlerts: 5, factor: 10, baselineDays: 7 };
    const policy = floodGuardPolicy(settings, publicUrl);
    const busy = await registerPage('Báo cáo giao ban hằng ngày');
    const quiet = await registerPage('Công văn hỏa tốc');
    // One alert an hour through the week before the window: the bar is 10, not 5.
    for (let hour = 0; hour < settings.baselineDays * 24; hour += 1)
      await matchVerdict(busy, {
        createdAt: new Date(Date.now() - (1.5 + hour) * 3_600_000),
        policy: null,
      });

    for (let i = 0; i < 9; i += 1) {
      expect((await matchVerdict(busy, { policy })).alert.status).toBe('new');
      if (i < 4) expect((await matchVerdict(quiet, { policy })).alert.status).toBe('new');
    }
    expect((await matchVerdict(quiet, { policy })).alert.status).toBe('quarantined');
    expect(await holdsOf(busy.pageId)).toEqual([]);

    expect((await matchVerdict(busy, { policy })).alert.status).toBe('quarantined');
    const [hold] = await holdsOf(busy.pageId);
    expect(hold).toMatchObject({ triggerCount: 10, quarantinedAlerts: 10 });
    expect(hold?.baselinePerHour).toBeCloseTo(1, 5);
  });

  it('counts afresh after a release: what the admin let through does not trip a new hold', async () => {
    const { repos } = testDb();
    const page = await registerPage('Kế hoạch tiêm chủng');
    for (let i = 0; i < defaults.minimumAlerts; i += 1) await matchVerdict(page);
    const [hold] = await holdsOf(page.pageId);
    if (!hold) throw new Error('no hold');
    const mailsBefore = (await floodMails()).length;

    expect(await repos.floodHolds.end(hold.id, { action: 'release', userId: null })).toMatchObject({
      ended: true,
      alerts: defaults.minimumAlerts,
      hold: { resolution: 'released' },
    });
    expect((await matchVerdict(page)).alert.status).toBe('new');
    expect(await statusesOf(page.pageId)).toEqual({ new: defaults.minimumAlerts + 1 });
    expect((await holdsOf(page.pageId)).filter((held) => held.endedAt === null)).toEqual([]);
    expect(await floodMails()).toHaveLength(mailsBefore);
  });
});

describe('flood guard across workers', () => {
  const workers: DatabaseHandle[] = [];
  afterAll(async () => {
    for (const handle of workers) await handle.close();
  });

  it('opens one hold and queues one e-mail when verdicts of the page race', async () => {
    // Three processes' pools, as three image workers would hold.
    for (let i = 0; i < 3; i += 1) workers.push(createDatabase(testDb().url, { max: 4 }));
    const pools = workers.map((handle) => createRepositories(handle.db));
    const page = await registerPage('Danh sách bệnh nhân điều trị');
    const mailsBefore = (await floodMails()).length;

    const verdicts = 3 * defaults.minimumAlerts;
    const results = await Promise.all(
      Array.from({ length: verdicts }, (_, i) =>
        matchVerdict(page, { repos: pools[i % pools.length]! }),
      ),
    );

    const holds = await holdsOf(page.pageId);
    expect(holds).toHaveLength(1);
    expect(holds[0]?.triggerCount).toBe(defaults.minimumAlerts);
    expect(results.flatMap(({ recorded }) => recorded.floodHoldsOpened)).toEqual([holds[0]?.id]);
    // Serialised per page: the alerts before the tripping one joined the hold, and none
    // recorded alongside slipped in as 'new' beside it.
    expect(await statusesOf(page.pageId)).toEqual({ quarantined: verdicts });
    const mails = (await floodMails()).slice(mailsBefore);
    expect(mails.map((mail) => mail.idempotencyKey)).toEqual([`flood-hold:${holds[0]?.id}`]);
  });
});

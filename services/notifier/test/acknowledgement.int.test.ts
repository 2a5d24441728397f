import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RoutingTarget } from '@leakwatch/db';
import { makeAckToken, sealWebhookSecret } from '@leakwatch/incidents';
import { createLogger } from '@leakwatch/observability';
import { loadSecrets } from '@leakwatch/runtime';
import {
  openIncident,
  startSmtpSink,
  startWebhookReceiver,
  useTestDatabase,
  type ReceivedMail,
  type SmtpSink,
  type WebhookReceiver,
} from '@leakwatch/testkit';
// The API the links lead to, built as its own tests build it: the whole way from the message a
// department receives to the acknowledgement recorded.
import { createUser, sessionHeaders, startApi } from '../../api/test/support/api-harness.js';
import { createWebhookClient, deliverDue } from '../src/index.js';

const testDb = useTestDatabase();
const log = createLogger({ name: 'notifier-ack-test', level: 'silent' });
const publicUrl = 'https://leakwatch.syt.lamdong.gov.vn';
let api: Awaited<ReturnType<typeof startApi>>;
let smtp: SmtpSink;
let sealingKeys: { id: string; key: Buffer }[];
let dataDir = '';
let receiver: WebhookReceiver;
let webhooks: ReturnType<typeof createWebhookClient>;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'lw-notifier-ack-'));
  api = await startApi(testDb().repos, { PUBLIC_URL: publicUrl }, { dataDir });
  // The keys the API verifies with, loaded as the notifier process loads them.
  sealingKeys = (await loadSecrets(api.app.deps.config)).thumbnailKeys;
  smtp = await startSmtpSink();
  receiver = await startWebhookReceiver();
  webhooks = createWebhookClient([new URL(receiver.url).host]);
});
afterAll(async () => {
  await smtp.close();
  await webhooks.close();
  await receiver.close();
  await api.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function newTarget(name: string, options: { webhook?: boolean } = {}) {
  return testDb().repos.routingTargets.create({
    name,
    kind: 'department',
    emails: options.webhook ? [] : [`vanthu-${randomUUID().slice(0, 6)}@syt.lamdong.gov.vn`],
    ...(options.webhook
      ? {
          webhookUrl: receiver.url,
          webhookSecretCiphertext: sealWebhookSecret('whsec-0123456789abcdef', sealingKeys),
        }
      : {}),
  });
}

const deliver = () =>
  deliverDue({
    repos: testDb().repos,
    mail: smtp.transport,
    webhooks,
    from: 'LeakWatch <leakwatch@syt.lamdong.gov.vn>',
    sealingKeys,
    publicUrl,
    log,
  });

/** The acknowledgement link in a received message, as a path the API answers. */
function ackLinkIn(mail: ReceivedMail): string {
  const link = /Xác nhận đã nhận thông báo \(không cần đăng nhập\):\s+(\S+)/.exec(mail.text)?.[1];
  if (!link) throw new Error(`no acknowledgement link in:\n${mail.text}`);
  expect(link.startsWith(`${publicUrl}/api/notifications/`)).toBe(true);
  return link.slice(publicUrl.length);
}

describe('acknowledging notifications', () => {
  it('records the acknowledgement from the link in a delivered e-mail once, only on POST, and refuses forged links', async () => {
    const { repos } = testDb();
    const health = await newTarget('Sở Y tế tỉnh Lâm Đồng (thử)');
    const police = await newTarget('Công an tỉnh Lâm Đồng (thử)');
    const incident = await openIncident(repos, { notify: [health, police], publicUrl });
    await deliver();
    const rows = await repos.notifications.ofIncident(incident.id);
    const healthRow = rows.find((row) => row.targetId === health.id);
    const policeRow = rows.find((row) => row.targetId === police.id);
    if (!healthRow || !policeRow) throw new Error('rows not queued');
    const mailTo = (target: RoutingTarget) => {
      const mail = smtp.mails.find((candidate) => candidate.to.includes(target.emails[0] ?? ''));
      if (!mail) throw new Error(`nothing delivered to ${target.name}`);
      return mail;
    };
    const link = ackLinkIn(mailTo(health));
    expect(link).toContain(`/api/notifications/${healthRow.id}/ack?token=`);
    expect(mailTo(health).subject).toContain('Sự cố lộ lọt tài liệu mới');
    const events = async () =>
      (await repos.triage.eventsOf(incident.id)).filter(
        (event) => event.type === 'notification_acknowledged',
      );

    // Opened (twice, as a mail scanner and then the person would): a page, nothing recorded.
    for (let visit = 0; visit < 2; visit += 1) {
      const page = await api.app.inject({ method: 'GET', url: link });
      expect(page.statusCode).toBe(200);
      expect(page.headers['content-type']).toContain('text/html');
      expect(page.body).toContain('Xác nhận đã nhận thông báo');
      expect(page.body).toContain('Sở Y tế tỉnh Lâm Đồng (thử)');
      expect(page.body).toContain('<form method="post">');
    }
    expect((await repos.notifications.findById(healthRow.id))?.row.acknowledgedAt).toBeNull();
    expect(await events()).toHaveLength(0);

    // The button: the form posts back to the same address, and the page then shows the receipt.
    const pressed = await api.app.inject({
      method: 'POST',
      url: link,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ acknowledgedBy: 'Nguyễn Thị Văn Thư' }).toString(),
    });
    expect(pressed.statusCode).toBe(303);
    expect(pressed.headers.location).toBe(link);
    const acknowledged = (await repos.notifications.findById(healthRow.id))?.row;
    expect(acknowledged?.acknowledgedBy).toBe('Nguyễn Thị Văn Thư');
    expect(acknowledged?.acknowledgedAt).toBeInstanceOf(Date);
    const after = await api.app.inject({ method: 'GET', url: link });
    expect(after.body).toContain('Đã xác nhận nhận thông báo');
    expect(after.body).toContain('Nguyễn Thị Văn Thư');
    expect(after.body).not.toContain('<form');

    // Again, by someone else: the first acknowledgement stands.
    const again = await api.app.inject({
      method: 'POST',
      url: link,
      payload: { acknowledgedBy: 'Người khác' },
    });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({
      notificationId: healthRow.id,
      acknowledgedAt: acknowledged?.acknowledgedAt?.toISOString(),
      acknowledgedBy: 'Nguyễn Thị Văn Thư',
      recorded: false,
    });
    const recorded = await events();
    expect(recorded).toHaveLength(1);
    expect(recorded[0]?.data).toMatchObject({
      notificationId: healthRow.id,
      targetId: health.id,
      acknowledgedBy: 'Nguyễn Thị Văn Thư',
      via: 'link',
    });
    // The other department has not acknowledged.
    expect((await repos.notifications.findById(policeRow.id))?.row.acknowledgedAt).toBeNull();

    // Forged, moved, damaged, expired or missing tokens are refused, with a clear problem.
    const token = new URL(link, publicUrl).searchParams.get('token') ?? '';
    const policeToken =
      new URL(ackLinkIn(mailTo(police)), publicUrl).searchParams.get('token') ?? '';
    const base = `/api/notifications/${policeRow.id}/ack`;
    const old = new Date(Date.now() - 31 * 86_400_000);
    const refused: [string, string][] = [
      [`${base}?token=${token}`, 'not issued for this notification'], // another row's token
      [`${base}?token=${policeToken.slice(0, -2)}AA`, 'not issued for this notification'],
      [`${base}?token=${makeAckToken(policeRow.id, sealingKeys, old)}`, 'older than 30 days'],
      [
        `${base}?token=${makeAckToken(policeRow.id, [{ id: 'x', key: Buffer.alloc(32, 7) }], new Date())}`,
        'not issued for this notification',
      ],
      [base, 'missing or damaged'],
      [`${base}?token=abc`, 'missing or damaged'],
    ];
    for (const [url, reason] of refused)
      for (const method of ['GET', 'POST'] as const) {
        const response = await api.app.inject({ method, url });
        expect(response.statusCode, `${method} ${url}`).toBe(401);
        expect(response.headers['content-type']).toContain('application/problem+json');
        expect(response.json()).toMatchObject({ code: 'LW_ACK_LINK_INVALID' });
        expect(response.json<{ detail: string }>().detail).toContain(reason);
      }
    expect((await repos.notifications.findById(policeRow.id))?.row.acknowledgedAt).toBeNull();
    // A genuine token for a notification that no longer exists.
    const gone = randomUUID();
    const missing = await api.app.inject({
      method: 'GET',
      url: `/api/notifications/${gone}/ack?token=${makeAckToken(gone, sealingKeys, new Date())}`,
    });
    expect(missing.statusCode).toBe(404);

    // Officers see per notification where it went, how it went, and the acknowledgement.
    const officer = await createUser(repos, 'officer');
    const detail = await api.app.inject({
      method: 'GET',
      url: `/api/incidents/${incident.id}`,
      headers: await sessionHeaders(repos, officer),
    });
    expect(detail.statusCode).toBe(200);
    const notifications = detail.json<{ notifications: Record<string, unknown>[] }>().notifications;
    expect(notifications).toHaveLength(2);
    expect(notifications.find((row) => row['id'] === healthRow.id)).toMatchObject({
      target: 'Sở Y tế tỉnh Lâm Đồng (thử)',
      channel: 'email',
      status: 'delivered',
      attempts: 1,
      deliveredAt: expect.any(String) as unknown,
      acknowledgedAt: acknowledged?.acknowledgedAt?.toISOString(),
      acknowledgedBy: 'Nguyễn Thị Văn Thư',
    });
    expect(notifications.find((row) => row['id'] === policeRow.id)).toMatchObject({
      target: 'Công an tỉnh Lâm Đồng (thử)',
      acknowledgedAt: null,
      acknowledgedBy: null,
    });
  });

  it('lets a webhook receiver acknowledge with the ackUrl of its delivery', async () => {
    const { repos } = testDb();
    const system = await newTarget('Hệ thống điều hành Sở Y tế (thử)', { webhook: true });
    const incident = await openIncident(repos, { notify: [system], publicUrl });
    await deliver();
    const [row] = await repos.notifications.ofIncident(incident.id);
    const delivery = receiver.hooks.find((hook) => hook.body['id'] === row?.id)?.body;
    expect(delivery?.['event']).toBe('opened');
    const ackUrl = String(delivery?.['ackUrl']);
    expect(ackUrl).toMatch(
      new RegExp(`^${publicUrl}/api/notifications/${row?.id ?? ''}/ack\\?token=\\d+\\.`),
    );
    // The receiver POSTs to it, without a name: the organisation's own is recorded.
    const response = await api.app.inject({ method: 'POST', url: ackUrl.slice(publicUrl.length) });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      notificationId: row?.id,
      acknowledgedBy: 'Hệ thống điều hành Sở Y tế (thử)',
      recorded: true,
    });
  });
});

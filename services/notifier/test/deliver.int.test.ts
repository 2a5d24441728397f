import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealWebhookSecret } from '@leakwatch/incidents';
import { createLogger } from '@leakwatch/observability';
import {
  openIncident,
  startSmtpSink,
  startWebhookReceiver,
  useTestDatabase,
  type SmtpSink,
  type WebhookReceiver,
} from '@leakwatch/testkit';
import { createWebhookClient, deliverDue, queueDueReminders } from '../src/index.js';

// A real SMTP server (smtp-server) and a real HTTP receiver that checks signatures: what the
// departments would receive.
const testDb = useTestDatabase();
const log = createLogger({ name: 'notifier-test', level: 'silent' });
const keys = [{ id: 'k1', key: randomBytes(32) }];
const publicUrl = 'https://leakwatch.syt.lamdong.gov.vn';
const webhookSecret = 'whsec-so-y-te-0123456789';
let smtp: SmtpSink;
let receiver: WebhookReceiver;

beforeAll(async () => {
  smtp = await startSmtpSink();
  receiver = await startWebhookReceiver({ secret: webhookSecret });
});
afterAll(async () => {
  await smtp.close();
  await receiver.close();
});

async function createUser(
  user: Parameters<ReturnType<typeof testDb>['repos']['users']['create']>[0],
) {
  const created = await testDb().repos.users.create(user);
  if (!created) throw new Error('user not created');
  return created;
}

describe('delivering notifications', () => {
  it('tells each department once, by e-mail and signed webhook (notifier-sigkill.int.test.ts kills real notifiers mid-delivery)', async () => {
    const { repos } = testDb();
    // The seeded targets, given their contacts by an administrator.
    const targets = await repos.routingTargets.list({ activeAt: new Date() });
    const health = targets.find((t) => t.name === 'Sở Y tế tỉnh Lâm Đồng');
    const science = targets.find((t) => t.name === 'Sở Khoa học và Công nghệ tỉnh Lâm Đồng');
    const police = targets.find((t) => t.name === 'Công an tỉnh Lâm Đồng');
    if (!health || !science || !police) throw new Error('seeded targets missing');
    await repos.routingTargets.update(health.id, {
      emails: ['vanthu@syt.lamdong.gov.vn'],
      webhookUrl: receiver.url,
      webhookSecretCiphertext: sealWebhookSecret(webhookSecret, keys),
    });
    await repos.routingTargets.update(science.id, { emails: ['attt@skhcn.lamdong.gov.vn'] });
    await repos.routingTargets.update(police.id, { emails: ['pa05@congan.lamdong.gov.vn'] });

    // The seeded routing rules: departments and police hear of an opened incident.
    const incidentId = (await openIncident(repos, { notify: 'routing', publicUrl })).id;
    const queued = await repos.notifications.ofIncident(incidentId);
    expect(queued.map((row) => row.channel).sort()).toEqual(['email', 'email', 'email', 'webhook']);

    const webhooks = createWebhookClient([new URL(receiver.url).host]);
    const base = {
      repos,
      mail: smtp.transport,
      webhooks,
      from: 'LeakWatch <leakwatch@syt.lamdong.gov.vn>',
      sealingKeys: keys,
      publicUrl,
      log,
      leaseMs: 200,
    };
    // Two passes (one claims and sends everything, the second finds nothing left).
    await deliverDue(base);
    expect(await deliverDue(base)).toBe(0);
    await webhooks.close();
    const rows = await repos.notifications.ofIncident(incidentId);
    expect(rows.every((row) => row.status === 'delivered')).toBe(true);

    // Each organisation got the notification once, under one Message-ID.
    const byRecipient = new Map<string, Set<string>>();
    for (const message of smtp.mails)
      for (const to of message.to)
        byRecipient.set(to, (byRecipient.get(to) ?? new Set()).add(message.messageId));
    expect([...byRecipient.keys()].sort()).toEqual(
      [
        'attt@skhcn.lamdong.gov.vn',
        'pa05@congan.lamdong.gov.vn',
        'vanthu@syt.lamdong.gov.vn',
      ].sort(),
    );
    for (const ids of byRecipient.values()) expect(ids.size).toBe(1);
    expect(smtp.mails).toHaveLength(3);
    expect(smtp.mails[0]?.rawSubject).toContain('=?UTF-8?'); // Vietnamese subject, encoded
    // Quoted-printable breaks long lines (links included) with soft breaks: joined first.
    expect(
      smtp.mails.some((message) =>
        message.raw.replace(/=\r?\n/g, '').includes('leakwatch.syt.lamdong.gov.vn/incidents/'),
      ),
    ).toBe(true);
    expect(new Set(receiver.hooks.map((hook) => hook.idempotencyKey)).size).toBe(1);
    expect(receiver.hooks.every((hook) => hook.verified && hook.body['event'] === 'opened')).toBe(
      true,
    );

    // Every attempt and its outcome is on the incident's timeline.
    const timeline = await repos.triage.eventsOf(incidentId);
    expect(timeline.filter((event) => event.type === 'notification_delivered')).toHaveLength(4);
  });

  it('retries a failing webhook with backoff and records why', async () => {
    const { repos } = testDb();
    const [target] = await repos.routingTargets.list();
    if (!target) throw new Error('no target');
    await repos.routingTargets.update(target.id, {
      kind: 'department',
      emails: [],
      webhookUrl: 'http://127.0.0.1:9/nothing-listens',
      webhookSecretCiphertext: sealWebhookSecret(webhookSecret, keys),
    });
    const incidentId = (await openIncident(repos, { notify: 'routing', publicUrl })).id;
    const now = new Date();
    // Allowed, so that the connection is attempted (webhook-ssrf.int.test.ts: refused addresses).
    const webhooks = createWebhookClient(['127.0.0.1:9']);
    await deliverDue({
      repos,
      webhooks,
      from: 'x',
      sealingKeys: keys,
      publicUrl,
      log,
      now: () => now,
    });
    await webhooks.close();
    const failed = (await repos.notifications.ofIncident(incidentId)).find(
      (row) => row.targetId === target.id,
    );
    expect(failed).toMatchObject({ status: 'pending', attempts: 1 });
    expect(failed?.lastError).toMatch(/^webhook unreachable: /);
    expect(failed?.nextAttemptAt.getTime()).toBe(now.getTime() + 30_000);
    const timeline = await repos.triage.eventsOf(incidentId);
    expect(timeline.find((event) => event.type === 'notification_failed')?.data).toMatchObject({
      willRetry: true,
      channel: 'webhook',
    });
  });

  it('reminds the assignee and the administrators before the 72-hour deadline, each reminder once, on a moved clock', async () => {
    const { repos } = testDb();
    const incidentId = (await openIncident(repos, { notify: 'routing', publicUrl })).id;
    const incident = await repos.triage.incidentById(incidentId);
    if (!incident) throw new Error('no incident');
    const officer = await createUser({
      email: `canbo-${randomUUID().slice(0, 6)}@syt.lamdong.gov.vn`,
      displayName: 'Cán bộ phụ trách',
      role: 'officer',
      permissions: [],
    });
    const admin = await createUser({
      email: `quantri-${randomUUID().slice(0, 6)}@syt.lamdong.gov.vn`,
      displayName: 'Quản trị',
      role: 'admin',
      permissions: [],
    });
    await repos.triage.changeIncident(
      incidentId,
      { assigneeId: officer.id },
      { type: 'assigned', actorId: null, data: {} },
    );
    const at = (hours: number) => () => new Date(incident.detectedAt.getTime() + hours * 3_600_000);
    const deps = { repos, publicUrl: 'https://leakwatch.syt.lamdong.gov.vn' };
    // Other tests' incidents share the database: count this incident's reminders.
    const sent = async () =>
      (await repos.triage.eventsOf(incidentId)).filter((event) => event.type === 'reminder_sent')
        .length;
    await queueDueReminders({ ...deps, now: at(47) });
    expect(await sent()).toBe(0);
    await queueDueReminders({ ...deps, now: at(48) });
    expect(await sent()).toBe(1);
    // Asked again soon after (another notifier, a restart): nothing twice.
    await queueDueReminders({ ...deps, now: at(48.5) });
    expect(await sent()).toBe(1);
    await queueDueReminders({ ...deps, now: at(66) });
    expect(await sent()).toBe(2);

    const before = smtp.mails.length;
    await deliverDue({
      repos,
      mail: smtp.transport,
      from: 'LeakWatch <leakwatch@syt>',
      sealingKeys: keys,
      publicUrl,
      log,
    });
    const reminders = smtp.mails
      .slice(before)
      .filter((message) => message.to.includes(officer.email));
    expect(reminders).toHaveLength(2);
    for (const message of reminders) expect(message.to).toContain(admin.email);
    expect(reminders.map((message) => message.raw).join('\n')).toContain('C=C3=B2n 24 gi=E1=BB=9D');

    // Once the notice is recorded as sent, the deadline is met: no more reminders.
    await repos.triage.addIncidentEvent(incidentId, {
      type: 'notice_sent',
      actorId: null,
      data: {},
    });
    await queueDueReminders({ ...deps, now: at(73) });
    expect(await sent()).toBe(2);
  });
});

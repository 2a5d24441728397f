import { randomBytes } from 'node:crypto';
import nodemailer from 'nodemailer';
import { afterAll, describe, expect, it } from 'vitest';
import { sealWebhookSecret } from '@leakwatch/incidents';
import { createLogger } from '@leakwatch/observability';
import {
  freePort,
  openIncident,
  startSmtpSink,
  startWebhookReceiver,
  useTestDatabase,
  type SmtpSink,
  type WebhookReceiver,
} from '@leakwatch/testkit';
import { createWebhookClient, deliverDue } from '../src/index.js';

// The department's mail server and its webhook receiver are down for ten minutes (nothing
// listens on their ports: connections are refused). Notifications wait in the outbox, retried
// with backoff on a moved clock, and arrive once each when the servers are back.
const testDb = useTestDatabase();
const log = createLogger({ name: 'notifier-outage-test', level: 'silent' });
const keys = [{ id: 'k1', key: randomBytes(32) }];
const webhookSecret = 'whsec-so-y-te-outage-0123456789';
let smtp: SmtpSink | undefined;
let receiver: WebhookReceiver | undefined;

afterAll(async () => {
  await smtp?.close();
  await receiver?.close();
});

describe('receivers down for ten minutes', () => {
  it('keeps every notification in the outbox and delivers each once when they return', async () => {
    const { repos } = testDb();
    const [smtpPort, hookPort] = [await freePort(), await freePort()];
    const targets = await repos.routingTargets.list({ activeAt: new Date() });
    const health = targets.find((t) => t.name.startsWith('Sở Y tế'));
    const police = targets.find((t) => t.name.startsWith('Công an tỉnh'));
    if (!health || !police) throw new Error('seeded targets missing');
    await repos.routingTargets.update(health.id, {
      emails: ['vanthu@syt.lamdong.gov.vn'],
      webhookUrl: `http://127.0.0.1:${hookPort}/leakwatch`,
      webhookSecretCiphertext: sealWebhookSecret(webhookSecret, keys),
    });
    await repos.routingTargets.update(police.id, { emails: ['pa05@congan.lamdong.gov.vn'] });
    const incidentId = (
      await openIncident(repos, { notify: 'routing', publicUrl: 'https://leakwatch.invalid' })
    ).id;

    const mail = nodemailer.createTransport({
      host: '127.0.0.1',
      port: smtpPort,
      secure: false,
      ignoreTLS: true,
      connectionTimeout: 2_000,
    });
    const webhooks = createWebhookClient([`127.0.0.1:${hookPort}`]);
    const started = Date.now();
    let clock = started;
    const pass = () =>
      deliverDue({
        repos,
        mail,
        webhooks,
        from: 'LeakWatch <leakwatch@syt.lamdong.gov.vn>',
        sealingKeys: keys,
        publicUrl: 'https://leakwatch.invalid',
        log,
        now: () => new Date(clock),
      });
    const rows = () => repos.notifications.ofIncident(incidentId);

    // Ten minutes of outage, a pass every 30 s of the moved clock.
    for (; clock < started + 10 * 60_000; clock += 30_000) await pass();
    const waiting = await rows();
    expect(waiting).toHaveLength(3);
    expect(waiting.every((row) => row.status === 'pending' && row.attempts >= 4)).toBe(true);
    expect(waiting.every((row) => row.lastError !== null)).toBe(true);

    // Back, where they were.
    smtp = await startSmtpSink({ port: smtpPort });
    receiver = await startWebhookReceiver({ secret: webhookSecret, port: hookPort });
    for (; clock < started + 30 * 60_000; clock += 30_000) await pass();
    mail.close();
    await webhooks.close();

    const delivered = await rows();
    expect(delivered.every((row) => row.status === 'delivered')).toBe(true);
    expect(smtp.mails.flatMap((message) => message.to).sort()).toEqual([
      'pa05@congan.lamdong.gov.vn',
      'vanthu@syt.lamdong.gov.vn',
    ]);
    expect(receiver.hooks).toHaveLength(1);
    expect(receiver.hooks[0]?.verified).toBe(true);
    // Every failed attempt is on the timeline, then one delivery per notification.
    const timeline = await repos.triage.eventsOf(incidentId);
    expect(timeline.filter((event) => event.type === 'notification_delivered')).toHaveLength(3);
    expect(
      timeline.filter((event) => event.type === 'notification_failed').length,
    ).toBeGreaterThanOrEqual(12);
  }, 120_000);
});

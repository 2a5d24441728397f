import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RoutingTarget } from '@leakwatch/db';
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
import { createWebhookClient, deliverDue } from '../src/index.js';

// Issue 12, the notifier's side: deliveries carry secrets (webhook secrets open in memory, their
// signatures, acknowledgement links, SMTP credentials). The real logger at trace writes every
// line into the test while deliveries succeed and fail in every way; no line may hold any of
// them. The capture is proven by the lines each delivery must leave, and by a control marker.
const testDb = useTestDatabase();
const lines: string[] = [];
const log = createLogger({
  name: 'notifier',
  level: 'trace',
  destination: { write: (line: string) => void lines.push(line) },
});
const keys = [{ id: 'k1', key: randomBytes(32) }];
const publicUrl = 'https://leakwatch.syt.lamdong.gov.vn';
const marker = (what: string) => `${what}-${randomBytes(9).toString('hex')}`;
const webhookSecret = marker('whsec-dung');
const smtpUser = 'vanthu';
const smtpPassword = marker('mat-khau-smtp');

let smtp: SmtpSink;
let receiver: WebhookReceiver;
/** A receiver that checks signatures with another secret: it answers 401. */
let suspicious: WebhookReceiver;
/** A mail server that refuses every login. */
let lockedSmtp: SMTPServer;
let lockedSmtpPort = 0;
/** Stands for an internal service a webhook must never reach. */
let internal: http.Server;
let internalPort = 0;

beforeAll(async () => {
  smtp = await startSmtpSink();
  receiver = await startWebhookReceiver({ secret: webhookSecret });
  suspicious = await startWebhookReceiver({ secret: marker('whsec-khac') });
  lockedSmtp = new SMTPServer({
    authMethods: ['PLAIN', 'LOGIN'],
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth: (_auth, _session, callback) => {
      callback(new Error('authentication failed'));
    },
  });
  await new Promise<void>((resolve) => lockedSmtp.listen(0, '127.0.0.1', resolve));
  lockedSmtpPort = (lockedSmtp.server.address() as AddressInfo).port;
  internal = http.createServer((_request, response) => response.writeHead(204).end());
  await new Promise<void>((resolve) => internal.listen(0, '127.0.0.1', resolve));
  internalPort = (internal.address() as AddressInfo).port;
});
afterAll(async () => {
  await smtp.close();
  await receiver.close();
  await suspicious.close();
  await new Promise<void>((resolve) => {
    lockedSmtp.close(resolve);
  });
  internal.closeAllConnections();
  await new Promise((resolve) => internal.close(resolve));
});

async function target(fields: { webhookUrl?: string; emails?: string[] }): Promise<RoutingTarget> {
  return testDb().repos.routingTargets.create({
    name: `Đơn vị nhận ${randomUUID().slice(0, 8)}`,
    kind: 'department',
    emails: fields.emails ?? [],
    ...(fields.webhookUrl
      ? {
          webhookUrl: fields.webhookUrl,
          webhookSecretCiphertext: sealWebhookSecret(webhookSecret, keys),
        }
      : {}),
  });
}

/** Log entries, parsed. */
const entries = (from = 0) =>
  lines.slice(from).map((line) => JSON.parse(line) as { msg?: string; notificationId?: string });

describe("the notifier's log", () => {
  it('finds a marker logged on purpose (control)', () => {
    const control = marker('control');
    log.warn({ err: new Error(`failed with ${control}`) }, 'control');
    expect(lines.at(-1)).toContain(control);
  });

  it('holds no webhook secret, signature, acknowledgement token or SMTP credential, whatever happens to a delivery', async () => {
    const { repos } = testDb();
    const from = lines.length;
    const webhooks = createWebhookClient([
      new URL(receiver.url).host,
      new URL(suspicious.url).host,
    ]);
    const delivered = [
      await target({ emails: ['vanthu@syt.lamdong.gov.vn'] }),
      await target({ webhookUrl: receiver.url }),
    ];
    const failing = [
      await target({ webhookUrl: suspicious.url }),
      await target({ webhookUrl: `http://127.0.0.1:${internalPort}/hook` }),
    ];
    const incident = await openIncident(repos, { notify: [...delivered, ...failing], publicUrl });
    await deliverDue({
      repos,
      mail: smtp.transport,
      webhooks,
      from: 'LeakWatch <leakwatch@syt.lamdong.gov.vn>',
      sealingKeys: keys,
      publicUrl,
      log,
    });
    // And an e-mail through a server that refuses the account's password.
    const lockedOut = await target({ emails: ['pa05@congan.lamdong.gov.vn'] });
    const second = await openIncident(repos, { notify: [lockedOut], publicUrl });
    const mail = nodemailer.createTransport(
      `smtp://${smtpUser}:${encodeURIComponent(smtpPassword)}@127.0.0.1:${lockedSmtpPort}?ignoreTLS=true`,
    );
    await deliverDue({ repos, mail, from: 'x', sealingKeys: keys, publicUrl, log });
    mail.close();
    await webhooks.close();

    // Every outcome is as staged, and each left its line.
    const rows = [
      ...(await repos.notifications.ofIncident(incident.id)),
      ...(await repos.notifications.ofIncident(second.id)),
    ];
    const statusOf = (t: RoutingTarget) => rows.find((row) => row.targetId === t.id)?.status;
    expect(delivered.map(statusOf)).toEqual(['delivered', 'delivered']);
    expect([...failing, lockedOut].map(statusOf)).toEqual(['pending', 'pending', 'pending']);
    const logged = entries(from);
    for (const row of rows)
      expect(
        logged.filter(
          (entry) =>
            entry.notificationId === row.id &&
            entry.msg ===
              (row.status === 'delivered' ? 'notification delivered' : 'delivery failed'),
        ),
        `${row.channel} ${row.status}`,
      ).toHaveLength(1);
    expect(rows.find((row) => row.targetId === lockedOut.id)?.lastError).toMatch(/Invalid login/);

    // What the receivers got: the acknowledgement links, with their tokens.
    const tokens = [
      ...smtp.mails.map((received) => /[?&]token=([^\s&]+)/.exec(received.text)?.[1]),
      ...receiver.hooks.map((hook) => /[?&]token=([^&]+)$/.exec(String(hook.body['ackUrl']))?.[1]),
    ].filter((token): token is string => token !== undefined);
    expect(tokens.length).toBeGreaterThanOrEqual(2);
    const secrets = [
      ['the webhook secret', webhookSecret],
      ['the SMTP password', smtpPassword],
      ['the SMTP login as sent', Buffer.from(`\0${smtpUser}\0${smtpPassword}`).toString('base64')],
      ['the SMTP password as sent', Buffer.from(smtpPassword).toString('base64')],
      ...tokens.flatMap((token) => [
        ['an acknowledgement token', token],
        ['an acknowledgement token', decodeURIComponent(token)],
      ]),
    ];
    const text = lines.slice(from).join('');
    expect(
      secrets.filter(([, value]) => value && text.includes(value)).map(([what]) => what),
    ).toEqual([]);
    // Signatures by their shape: `t=<seconds>,v1=<hex>`.
    expect(text).not.toMatch(/v1=[0-9a-f]{64}/);
    expect(text).not.toMatch(/ackUrl|\/ack\?token=/);
  });
});

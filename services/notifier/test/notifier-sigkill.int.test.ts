import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outboxRows, sealWebhookSecret, verifyWebhook } from '@leakwatch/incidents';
import { useTestDatabase, useTestQueue } from '@leakwatch/testkit';

// Real notifier processes, each killed with SIGKILL after a message left it and before it could
// record the delivery: the first at its first e-mail (the SMTP server has the message and the
// process dies before it hears "250 OK"), the next at its first webhook (the receiver has the
// request and the process dies before the answer). A third finishes. Each organisation must end
// up with the notification once: repeats carry the same Message-ID / Idempotency-Key.
const testDb = useTestDatabase();
const testQueue = useTestQueue();
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const tsxLoader = createRequire(import.meta.url).resolve('tsx');
const sealingKey = { id: 'k1', key: randomBytes(32) };
const webhookSecret = 'whsec-so-y-te-kill-test-0123456789';
const leaseMs = 1_500;

const mails: { to: string[]; messageId: string }[] = [];
const hooks: { key: string; verified: boolean }[] = [];
let killAtMail: ChildProcess | undefined;
let killAtHook: ChildProcess | undefined;
let smtp: SMTPServer;
let smtpPort = 0;
let receiver: http.Server;
let hookUrl = '';

const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else
      child.once('exit', () => {
        resolve();
      });
  });

/** Kills a notifier's whole process group and waits until it is gone. */
async function kill(child: ChildProcess): Promise<void> {
  if (child.pid !== undefined && child.exitCode === null && child.signalCode === null)
    process.kill(-child.pid, 'SIGKILL');
  await exited(child);
}

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
      stream.on('end', () => {
        mails.push({
          to: session.envelope.rcptTo.map((address) => address.address),
          messageId: /^Message-ID: (.*)$/im.exec(raw)?.[1]?.trim() ?? '',
        });
        const victim = killAtMail;
        killAtMail = undefined;
        // The message is here; its sender dies before hearing so.
        if (victim)
          void kill(victim).then(() => {
            callback();
          });
        else callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  smtpPort = (smtp.server.address() as AddressInfo).port;
  receiver = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const verdict = verifyWebhook(
        webhookSecret,
        body,
        String(request.headers['leakwatch-signature'] ?? ''),
        new Date(),
      );
      hooks.push({ key: String(request.headers['idempotency-key'] ?? ''), verified: verdict.ok });
      const victim = killAtHook;
      killAtHook = undefined;
      if (victim)
        void kill(victim).then(() => {
          response.destroy();
        });
      else response.writeHead(verdict.ok ? 204 : 401).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/leakwatch`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => {
    smtp.close(() => {
      resolve();
    });
  });
  receiver.closeAllConnections();
  await new Promise((resolve) => receiver.close(resolve));
});

function startNotifier(): ChildProcess {
  const queue = testQueue();
  return spawn(process.execPath, ['--import', tsxLoader, 'services/notifier/src/main.ts'], {
    cwd: root,
    env: {
      PATH: process.env['PATH'],
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      DATABASE_URL: testDb().url,
      REDIS_URL: queue.redisUrl,
      QUEUE_PREFIX: queue.prefix,
      TEXT_FINGERPRINT_KEY: randomBytes(32).toString('base64'),
      THUMBNAIL_KEYS: `${sealingKey.id}:${sealingKey.key.toString('base64')}`,
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}?ignoreTLS=true`,
      SMTP_FROM: 'LeakWatch <leakwatch@syt.lamdong.gov.vn>',
      NOTIFIER_POLL_MS: '200',
      NOTIFIER_LEASE_MS: String(leaseMs),
      PUBLIC_URL: 'https://leakwatch.syt.lamdong.gov.vn',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
    detached: true,
  });
}

describe('a notifier killed between sending and recording', () => {
  it('notifies each department once: the repeat after each kill carries the same identity', async () => {
    const { repos } = testDb();
    const targets = await repos.routingTargets.list({ activeAt: new Date() });
    const named = (prefix: string) => {
      const target = targets.find((t) => t.name.startsWith(prefix));
      if (!target) throw new Error(`no seeded target ${prefix}`);
      return target;
    };
    await repos.routingTargets.update(named('Sở Y tế').id, {
      emails: ['vanthu@syt.lamdong.gov.vn'],
      webhookUrl: hookUrl,
      webhookSecretCiphertext: sealWebhookSecret(webhookSecret, [sealingKey]),
    });
    await repos.routingTargets.update(named('Sở Khoa học').id, {
      emails: ['attt@skhcn.lamdong.gov.vn'],
    });
    await repos.routingTargets.update(named('Công an tỉnh').id, {
      emails: ['pa05@congan.lamdong.gov.vn'],
    });

    // A leak confirmed: the incident and its outbox rows in one transaction.
    const routing = await repos.rules.routingAt(new Date());
    const sha256 = randomUUID().replace(/-/g, '').padEnd(64, '0');
    const { image } = await repos.crawlResults.upsertImage({
      sha256,
      byteSize: 1,
      mimeType: 'image/jpeg',
      width: null,
      height: null,
      blobKey: `image/${sha256.slice(0, 2)}/${sha256}`,
    });
    await repos.alerts.recordImageVerdict({
      jobKey: `process-image-${image.id}`,
      queue: 'images',
      imageId: image.id,
      alerts: [{ kind: 'sensitive_unregistered', dedupKey: `sensitive:${sha256}` }],
      outcome: {},
    });
    const [alert] = await repos.alerts.forImage(image.id);
    const [confirmed] = await repos.triage.confirm([alert?.id ?? ''], {
      userId: null,
      severityFor: () => 'high',
      notifyOpened: (incident, document) =>
        outboxRows('opened', incident, document, routing, 'https://leakwatch.syt.lamdong.gov.vn'),
    });
    const incidentId = confirmed?.incident.id ?? '';
    const rows = await repos.notifications.ofIncident(incidentId);
    expect(rows.map((row) => row.channel).sort()).toEqual(['email', 'email', 'email', 'webhook']);

    const first = startNotifier();
    killAtMail = first;
    await expect.poll(() => mails.length, { timeout: 60_000, interval: 100 }).toBe(1);
    await exited(first);
    expect(first.signalCode).toBe('SIGKILL');
    // The message left, and nothing says so in the database: the kill fell in between.
    expect(
      (await repos.notifications.ofIncident(incidentId)).filter(
        (row) => row.status === 'delivered',
      ),
    ).toEqual([]);

    const second = startNotifier();
    killAtHook = second;
    await expect.poll(() => hooks.length, { timeout: 60_000, interval: 100 }).toBe(1);
    await exited(second);
    expect(second.signalCode).toBe('SIGKILL');

    const third = startNotifier();
    try {
      await expect
        .poll(
          async () =>
            (await repos.notifications.ofIncident(incidentId)).every(
              (row) => row.status === 'delivered',
            ),
          { timeout: 60_000, interval: 200 },
        )
        .toBe(true);
    } finally {
      await kill(third);
    }

    // Each organisation has one notification: one Message-ID per mailbox, one webhook key.
    const idsByMailbox = new Map<string, Set<string>>();
    for (const mail of mails)
      for (const to of mail.to)
        idsByMailbox.set(to, (idsByMailbox.get(to) ?? new Set()).add(mail.messageId));
    expect([...idsByMailbox.keys()].sort()).toEqual([
      'attt@skhcn.lamdong.gov.vn',
      'pa05@congan.lamdong.gov.vn',
      'vanthu@syt.lamdong.gov.vn',
    ]);
    for (const ids of idsByMailbox.values()) expect(ids.size).toBe(1);
    expect(mails.length).toBeGreaterThan(3); // the first kill did cause a repeat
    expect(new Set(hooks.map((hook) => hook.key)).size).toBe(1);
    expect(hooks.length).toBe(2); // sent, killed, sent again
    expect(hooks.every((hook) => hook.verified)).toBe(true);

    // One recorded delivery per row on the timeline, not one per attempt that reached them.
    const delivered = (await repos.triage.eventsOf(incidentId)).filter(
      (event) => event.type === 'notification_delivered',
    );
    expect(delivered).toHaveLength(4);
  }, 180_000);
});

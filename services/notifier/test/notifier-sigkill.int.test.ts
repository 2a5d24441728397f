import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealWebhookSecret } from '@leakwatch/incidents';
import {
  exited,
  openIncident,
  spawnService,
  startSmtpSink,
  startWebhookReceiver,
  stopProcessGroup,
  useTestDatabase,
  useTestQueue,
  type SmtpSink,
  type WebhookReceiver,
} from '@leakwatch/testkit';

// Real notifier processes, each killed with SIGKILL after a message left it and before it could
// record the delivery: the SMTP server has the message and the process dies before it hears
// "250 OK", or the webhook receiver has the request and the process dies before the answer.
// Two notifiers die that way, at their first delivery; a third finishes. Each organisation must
// end up with the notification once: repeats carry the same Message-ID / Idempotency-Key.
const testDb = useTestDatabase();
const testQueue = useTestQueue();
const sealingKey = { id: 'k1', key: randomBytes(32) };
const webhookSecret = 'whsec-so-y-te-kill-test-0123456789';
const leaseMs = 1_500;
const publicUrl = 'https://leakwatch.syt.lamdong.gov.vn';

/** The notifier to kill at the next delivery that reaches a receiver, and what each kill hit. */
let victim: ChildProcess | undefined;
const killedAt: string[] = [];
let smtp: SmtpSink;
let receiver: WebhookReceiver;

async function killVictim(outboxId: string): Promise<boolean> {
  const process = victim;
  victim = undefined;
  if (!process) return false;
  killedAt.push(outboxId);
  await stopProcessGroup(process);
  return true;
}

beforeAll(async () => {
  smtp = await startSmtpSink({
    beforeAccept: async (mail) => {
      await killVictim(/^<(.+)@leakwatch>$/.exec(mail.messageId)?.[1] ?? mail.messageId);
    },
  });
  receiver = await startWebhookReceiver({
    secret: webhookSecret,
    beforeAnswer: async (hook) => ((await killVictim(hook.idempotencyKey)) ? 'drop' : undefined),
  });
});

afterAll(async () => {
  await smtp.close();
  await receiver.close();
});

function startNotifier(): ChildProcess {
  const queue = testQueue();
  return spawnService('services/notifier/src/main.ts', {
    DATABASE_URL: testDb().url,
    REDIS_URL: queue.redisUrl,
    QUEUE_PREFIX: queue.prefix,
    TEXT_FINGERPRINT_KEY: randomBytes(32).toString('base64'),
    THUMBNAIL_KEYS: `${sealingKey.id}:${sealingKey.key.toString('base64')}`,
    SMTP_URL: `smtp://127.0.0.1:${smtp.port}?ignoreTLS=true`,
    SMTP_FROM: 'LeakWatch <leakwatch@syt.lamdong.gov.vn>',
    NOTIFIER_POLL_MS: '200',
    NOTIFIER_LEASE_MS: String(leaseMs),
    // One delivery at a time, so that "its first delivery" is one message.
    NOTIFIER_CONCURRENCY: '1',
    PUBLIC_URL: publicUrl,
    // The receiver is on loopback: listed, as an operator lists an internal receiver.
    WEBHOOK_ALLOW: new URL(receiver.url).host,
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
      webhookUrl: receiver.url,
      webhookSecretCiphertext: sealWebhookSecret(webhookSecret, [sealingKey]),
    });
    await repos.routingTargets.update(named('Sở Khoa học').id, {
      emails: ['attt@skhcn.lamdong.gov.vn'],
    });
    await repos.routingTargets.update(named('Công an tỉnh').id, {
      emails: ['pa05@congan.lamdong.gov.vn'],
    });

    // A leak confirmed: the incident and its outbox rows in one transaction.
    const incidentId = (await openIncident(repos, { notify: 'routing', publicUrl })).id;
    const rows = await repos.notifications.ofIncident(incidentId);
    expect(rows.map((row) => row.channel).sort()).toEqual(['email', 'email', 'email', 'webhook']);

    const statusOf = async (outboxId: string) =>
      (await repos.notifications.ofIncident(incidentId)).find((row) => row.id === outboxId)?.status;
    for (const round of [1, 2]) {
      const notifier = startNotifier();
      victim = notifier;
      await exited(notifier);
      expect(notifier.signalCode).toBe('SIGKILL');
      expect(killedAt).toHaveLength(round);
      // The message left, and nothing says so in the database: the kill fell in between.
      expect(await statusOf(killedAt[round - 1] ?? '')).toBe('pending');
    }

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
      await stopProcessGroup(third);
    }

    // Each organisation has one notification: one Message-ID per mailbox, one webhook key.
    const idsByMailbox = new Map<string, Set<string>>();
    for (const mail of smtp.mails)
      for (const to of mail.to)
        idsByMailbox.set(to, (idsByMailbox.get(to) ?? new Set()).add(mail.messageId));
    expect([...idsByMailbox.keys()].sort()).toEqual([
      'attt@skhcn.lamdong.gov.vn',
      'pa05@congan.lamdong.gov.vn',
      'vanthu@syt.lamdong.gov.vn',
    ]);
    for (const ids of idsByMailbox.values()) expect(ids.size).toBe(1);
    expect(new Set(receiver.hooks.map((hook) => hook.idempotencyKey)).size).toBe(1);
    expect(receiver.hooks.every((hook) => hook.verified)).toBe(true);
    // Four notifications; each kill made exactly one of them arrive one more time.
    expect(smtp.mails.length + receiver.hooks.length).toBe(4 + killedAt.length);

    // One recorded delivery per row on the timeline, not one per attempt that reached them.
    const delivered = (await repos.triage.eventsOf(incidentId)).filter(
      (event) => event.type === 'notification_delivered',
    );
    expect(delivered).toHaveLength(4);
  }, 180_000);
});

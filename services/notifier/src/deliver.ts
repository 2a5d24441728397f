import type { Notification, Repositories, RoutingTarget } from '@leakwatch/db';
import { ackUrl, makeAckToken, openWebhookSecret, signWebhook } from '@leakwatch/incidents';
import type { LogSink } from '@leakwatch/observability';
import type { SafeFetcher } from '@leakwatch/safe-fetch';
import type { SealingKey } from '@leakwatch/sealing';
import type { Transporter } from 'nodemailer';
import { emailFor } from './email-template.js';
import { payloadSchema, type NotificationPayload } from './notification-payload.js';

export interface NotifierDependencies {
  repos: Pick<Repositories, 'notifications'>;
  /** SMTP transport; absent, e-mail deliveries fail (and are retried) with a clear reason. */
  mail?: Transporter;
  /**
   * Sends webhooks to public addresses only (plus `WEBHOOK_ALLOW`), never redirected; absent,
   * webhook deliveries fail (and are retried) with a clear reason.
   */
  webhooks?: Pick<SafeFetcher, 'post'>;
  from: string;
  /** Sealing keys: they open webhook secrets and, through HKDF, sign acknowledgement links. */
  sealingKeys: readonly SealingKey[];
  /** Where LeakWatch answers (PUBLIC_URL): acknowledgement links point there. */
  publicUrl: string;
  log: LogSink;
  /** How long a claimed delivery is ours before another notifier may take it over. */
  leaseMs?: number;
  maxAttempts?: number;
  now?: () => Date;
}

/** Seconds before the n-th retry: 30 s doubling to at most an hour. */
export function retryDelayMs(attempt: number): number {
  return Math.min(3_600_000, 30_000 * 2 ** Math.max(0, attempt - 1));
}

/**
 * One pass over the outbox without a queue (tests, one-off runs): the due rows are claimed and
 * delivered one by one through the same claim as the `deliver-notification` jobs.
 */
export async function deliverDue(deps: NotifierDependencies, limit = 20): Promise<number> {
  let attempted = 0;
  await relayDue(
    deps,
    async ({ outboxId, attempt }) => {
      if ((await deliverOne(deps, outboxId, attempt)) !== 'not-due') attempted += 1;
    },
    limit,
  );
  return attempted;
}

/**
 * Delivers one outbox row, the job behind `deliver-notification`: the row is claimed only if
 * this is still its due attempt (a repeated or stale job finds it taken and does nothing).
 */
export async function deliverOne(
  deps: NotifierDependencies,
  outboxId: string,
  attempt: number,
): Promise<'delivered' | 'failed' | 'not-due'> {
  const claimed = await deps.repos.notifications.claimOne(
    outboxId,
    attempt,
    deps.leaseMs ?? 60_000,
    deps.now?.(),
  );
  if (!claimed) return 'not-due';
  return deliverClaimed(deps, claimed);
}

/**
 * Rows whose delivery is due, as `deliver-notification` jobs (one per row and attempt, so the
 * same attempt is never queued twice). The row stays the source of truth: retries, backoff and
 * the lease live on it, and a job only carries which attempt to make.
 */
export async function relayDue(
  deps: Pick<NotifierDependencies, 'repos' | 'now'>,
  enqueue: (payload: { outboxId: string; attempt: number }) => Promise<unknown>,
  limit = 100,
): Promise<number> {
  const due = await deps.repos.notifications.dueAttempts(limit, deps.now?.());
  for (const { id, attempts } of due) await enqueue({ outboxId: id, attempt: attempts + 1 });
  return due.length;
}

/**
 * Sends a claimed row (e-mail through SMTP, webhook as signed JSON) and records the outcome on
 * the row and the incident's timeline. Delivery is at least once; every message carries its
 * outbox id (Message-ID, Idempotency-Key) so that a repeat after a crash between sending and
 * recording is recognisable as the same notification.
 */
async function deliverClaimed(
  deps: NotifierDependencies,
  { row, target }: { row: Notification; target: RoutingTarget | null },
): Promise<'delivered' | 'failed'> {
  let detail: string;
  try {
    const payload = payloadSchema.parse(row.payload);
    if (payload.recipients && row.channel === 'email')
      detail = await sendEmailTo(deps, row, payload.recipients, 'Cán bộ phụ trách', payload);
    else if (!target) throw new Error('the routing target no longer exists');
    else if (row.channel === 'email')
      detail = await sendEmailTo(
        deps,
        row,
        target.emails,
        target.name,
        payload,
        ackUrlOf(deps, row),
      );
    else detail = await sendWebhook(deps, row, target, payload);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const final = row.attempts >= (deps.maxAttempts ?? 8);
    const now = deps.now?.() ?? new Date();
    await deps.repos.notifications.recordAttempt(row, {
      delivered: false,
      error: message.slice(0, 1_000),
      retryAt: final ? null : new Date(now.getTime() + retryDelayMs(row.attempts)),
    });
    deps.log.warn({ notificationId: row.id, attempt: row.attempts, err: error }, 'delivery failed');
    return 'failed';
  }
  await deps.repos.notifications.recordAttempt(row, { delivered: true, detail });
  deps.log.info({ notificationId: row.id, channel: row.channel }, 'notification delivered');
  return 'delivered';
}

/** A fresh signed acknowledgement link for a row (each attempt's link expires on its own). */
function ackUrlOf(deps: NotifierDependencies, row: Notification): string {
  const now = deps.now?.() ?? new Date();
  return ackUrl(deps.publicUrl, row.id, makeAckToken(row.id, deps.sealingKeys, now));
}

async function sendEmailTo(
  deps: NotifierDependencies,
  row: Notification,
  to: readonly string[],
  addressee: string,
  payload: NotificationPayload,
  ack?: string,
): Promise<string> {
  if (!deps.mail) throw new Error('no SMTP server is configured (SMTP_URL)');
  if (to.length === 0) throw new Error(`${addressee}: no e-mail address`);
  const { subject, text } = emailFor(payload, addressee, ack ? { ackUrl: ack } : {});
  const info = (await deps.mail.sendMail({
    from: deps.from,
    to: [...to],
    subject,
    text,
    // The same notification always carries the same Message-ID: a resend is recognisable.
    messageId: `<${row.id}@leakwatch>`,
    headers: { 'X-LeakWatch-Notification': row.id },
  })) as { response?: string };
  return `SMTP: ${info.response ?? 'accepted'}`;
}

async function sendWebhook(
  deps: NotifierDependencies,
  row: Notification,
  target: RoutingTarget,
  payload: NotificationPayload,
): Promise<string> {
  if (!target.webhookUrl) throw new Error(`${target.name} has no webhook`);
  if (!deps.webhooks) throw new Error('no webhook client is configured');
  if (!target.webhookSecretCiphertext) throw new Error(`${target.name}'s webhook has no secret`);
  const secret = openWebhookSecret(target.webhookSecretCiphertext, deps.sealingKeys);
  // The receiver acknowledges by POSTing to `ackUrl` (docs/operations.md, Notifications).
  const body = JSON.stringify({ id: row.id, ...payload, ackUrl: ackUrlOf(deps, row) });
  const result = await deps.webhooks.post(target.webhookUrl, {
    headers: {
      'content-type': 'application/json',
      // The wall clock, not the scheduling clock: receivers check it against theirs.
      'leakwatch-signature': signWebhook(secret, body, new Date()),
      'idempotency-key': row.id,
    },
    body,
  });
  if (result.ok) return `webhook: HTTP ${result.status}`;
  switch (result.failure) {
    case 'refused_address':
      throw new Error(
        `webhook refused: ${result.detail}; only public addresses are called, unless WEBHOOK_ALLOW lists the address and port`,
      );
    case 'http_status':
    case 'server_error':
      throw new Error(`webhook answered ${result.detail}`);
    default:
      throw new Error(`webhook ${result.failure.replace('_', ' ')}: ${result.detail}`);
  }
}

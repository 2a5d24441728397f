import nodemailer from 'nodemailer';
import { createRedisConnection, installGracefulShutdown, startWorker } from '@leakwatch/queue';
import { loadSecrets, openRuntime } from '@leakwatch/runtime';
import { deliverOne, relayDue, type NotifierDependencies } from './deliver.js';
import { queueDueReminders } from './reminders.js';
import { createWebhookClient } from './webhook-client.js';

// Delivers the notification outbox (e-mail, webhooks), run by `pnpm start`: a relay queues due
// outbox rows as `deliver-notification` jobs, and a BullMQ worker delivers them.
const runtime = await openRuntime({ name: 'notifier', poolSize: 3 });
const { config, log } = runtime;
const { thumbnailKeys } = await loadSecrets(config);
const mail = config.notifier.smtpUrl
  ? nodemailer.createTransport(config.notifier.smtpUrl)
  : undefined;
if (!mail) log.warn('SMTP_URL is not set: e-mail notifications wait in the outbox');
const webhooks = createWebhookClient(config.notifier.webhookAllow);
const deps: NotifierDependencies = {
  repos: runtime.repos,
  ...(mail ? { mail } : {}),
  webhooks,
  from: config.notifier.from,
  sealingKeys: thumbnailKeys,
  publicUrl: config.api.publicUrl,
  log,
  leaseMs: config.notifier.leaseMs,
};

const connection = createRedisConnection(runtime.services.redisUrl, 'worker');
const worker = startWorker({
  queue: 'notifications',
  connection,
  prefix: config.queue.prefix,
  log,
  jobLockMs: config.queue.jobLockSeconds * 1000,
  // Deliveries wait on SMTP servers and webhooks, not on this process's CPU.
  concurrency: config.notifier.concurrency,
  handlers: [
    {
      name: 'deliver-notification',
      handle: async (payload) => {
        const outcome = await deliverOne(deps, payload.outboxId, payload.attempt);
        return outcome === 'not-due'
          ? { status: 'skipped', reason: 'the attempt was made already or is not due' }
          : { status: 'done', outcome };
      },
    },
  ],
});

let stopping = false;
let running: Promise<unknown> = Promise.resolve();
let remindersAt = 0;
const tick = async () => {
  while (!stopping) {
    // Deadline reminders are looked for once a minute; they become outbox rows like the rest.
    if (Date.now() >= remindersAt) {
      remindersAt = Date.now() + 60_000;
      await queueDueReminders({ repos: runtime.repos, publicUrl: config.api.publicUrl }).catch(
        (error: unknown) => {
          log.error({ err: error }, 'reminder pass failed');
        },
      );
    }
    running = relayDue(deps, (job) => runtime.queues.enqueue('deliver-notification', job)).catch(
      (error: unknown) => {
        log.error({ err: error }, 'outbox relay failed');
        return 0;
      },
    );
    await running;
    await new Promise((resolve) => setTimeout(resolve, config.notifier.pollMs));
  }
};
void tick();
installGracefulShutdown(
  [
    {
      name: 'relay',
      close: async () => {
        stopping = true;
        await running;
      },
    },
    { name: 'notifier', close: () => worker.close() },
    {
      name: 'mail',
      close: () => {
        mail?.close();
        return Promise.resolve();
      },
    },
    { name: 'webhooks', close: () => webhooks.close() },
    {
      name: 'redis',
      close: async () => {
        await connection.quit();
      },
    },
    { name: 'runtime', close: () => runtime.close() },
  ],
  { log, timeoutMs: config.shutdownTimeoutMs },
);
log.info('notifier started');

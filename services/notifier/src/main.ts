import nodemailer from 'nodemailer';
import { installGracefulShutdown } from '@leakwatch/queue';
import { loadSecrets, openRuntime } from '@leakwatch/runtime';
import { deliverDue } from './deliver.js';
import { queueDueReminders } from './reminders.js';

// Delivers the notification outbox (e-mail, webhooks), run by `pnpm start`.
const runtime = await openRuntime({ name: 'notifier', poolSize: 2 });
const { config, log } = runtime;
const { thumbnailKeys } = await loadSecrets(config);
const mail = config.notifier.smtpUrl
  ? nodemailer.createTransport(config.notifier.smtpUrl)
  : undefined;
if (!mail) log.warn('SMTP_URL is not set: e-mail notifications wait in the outbox');
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
    running = deliverDue({
      repos: runtime.repos,
      ...(mail ? { mail } : {}),
      from: config.notifier.from,
      sealingKeys: thumbnailKeys,
      publicUrl: config.api.publicUrl,
      log,
      leaseMs: config.notifier.leaseMs,
    }).catch((error: unknown) => {
      log.error({ err: error }, 'outbox pass failed');
      return 0;
    });
    const delivered = (await running) as number;
    if (delivered === 0)
      await new Promise((resolve) => setTimeout(resolve, config.notifier.pollMs));
  }
};
void tick();
installGracefulShutdown(
  [
    {
      name: 'notifier',
      close: async () => {
        stopping = true;
        await running;
        mail?.close();
      },
    },
    { name: 'runtime', close: () => runtime.close() },
  ],
  { log, timeoutMs: config.shutdownTimeoutMs },
);
log.info('notifier started');

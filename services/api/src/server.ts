import { Queue } from 'bullmq';
import { bullQueueProbe, openServiceMetrics } from '@leakwatch/metrics';
import {
  deadLetterQueue as deadLetterQueueName,
  installGracefulShutdown,
  queueNames,
} from '@leakwatch/queue';
import { openChangeFeed } from '@leakwatch/db';
import { openRuntime } from '@leakwatch/runtime';
import { buildApp } from './app.js';
import { lazyDocumentServices } from './document-services.js';

const runtime = await openRuntime({ name: 'api', poolSize: 20 });
const { config, log } = runtime;
const documentServices = lazyDocumentServices(config, runtime.repos, log);
// The API process reports every queue (depth and oldest job), the dead letters included.
const deadLetterQueue = new Queue(deadLetterQueueName, {
  connection: runtime.redis,
  prefix: config.queue.prefix,
});
const observed = await openServiceMetrics('api', {
  host: config.metrics.host,
  port: config.metrics.ports.api,
  log,
  queues: [
    ...queueNames.map((name) => bullQueueProbe(runtime.queues.queue(name))),
    bullQueueProbe(deadLetterQueue),
  ],
});
const changeFeed = openChangeFeed(runtime.services.databaseUrl, {
  log,
  applicationName: 'leakwatch-api-live',
});
const app = await buildApp({
  config,
  repos: runtime.repos,
  redis: runtime.redis,
  log,
  documentServices,
  changeFeed,
});

installGracefulShutdown(
  [
    { name: 'http', close: () => app.close() },
    { name: 'live updates', close: () => changeFeed.close() },
    { name: 'documents', close: () => documentServices.close() },
    {
      name: 'metrics',
      close: async () => {
        await observed.close();
        await deadLetterQueue.close();
      },
    },
    { name: 'runtime', close: () => runtime.close() },
  ],
  { log, timeoutMs: config.shutdownTimeoutMs },
);

await app.listen({ host: config.api.host, port: config.api.port });
if ((await runtime.repos.users.count()) === 0)
  log.warn(
    'no accounts exist yet: create the first admin with `pnpm leakwatch users create-admin --email …` (or start with `pnpm start`, which prints one)',
  );
log.info({ url: config.api.publicUrl }, 'API listening');

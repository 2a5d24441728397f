import { openBlobStore } from '@leakwatch/blob-store';
import { createMatcherService } from '@leakwatch/matcher';
import { bullQueueProbe, openServiceMetrics } from '@leakwatch/metrics';
import { createRedisConnection, installGracefulShutdown } from '@leakwatch/queue';
import { OriginalStore } from '@leakwatch/registry';
import { loadSecrets, openRuntime } from '@leakwatch/runtime';
import { floodGuardPolicy } from './flood-guard.js';
import { startImageWorker } from './image-worker.js';
import { scheduleRetention, startMaintenanceWorker } from './maintenance-worker.js';

const runtime = await openRuntime({ name: 'worker', poolSize: 4 });
const { config, log } = runtime;
const secrets = await loadSecrets(config);
const matcher = await createMatcherService({
  repos: runtime.repos,
  textKey: secrets.textKey,
  textKeyId: secrets.textKeyId,
  ocr: config.ocr,
  // Registrations and revocations anywhere reach this worker within seconds.
  follow: true,
  log,
});
const connection = createRedisConnection(runtime.services.redisUrl, 'worker');
const observed = await openServiceMetrics('worker', {
  host: config.metrics.host,
  port: config.metrics.ports.worker,
  log,
  queues: [bullQueueProbe(runtime.queues.queue('images'))],
});
const blobs = openBlobStore(config.blobs);
const worker = startImageWorker({
  connection,
  prefix: config.queue.prefix,
  log,
  deps: {
    repos: runtime.repos,
    blobs,
    match: (bytes) => matcher.match(bytes),
    floodGuard: floodGuardPolicy(config.floodGuard, config.api.publicUrl),
  },
  metrics: observed.metrics,
  // Jobs overlap their waits (database, blob store, Redis) with another's computing.
  concurrency: config.imageWorker.concurrency,
  jobLockMs: config.queue.jobLockSeconds * 1000,
});

const maintenance = startMaintenanceWorker({
  connection,
  prefix: config.queue.prefix,
  log,
  deps: {
    repos: runtime.repos,
    blobs,
    // Removing needs no key: originals are deleted whatever key sealed them.
    originals: new OriginalStore(config.dataDir, []),
    log,
  },
  settings: config.retention,
  jobLockMs: config.queue.jobLockSeconds * 1000,
});
await scheduleRetention(runtime.queues, config.retentionSchedule);

installGracefulShutdown(
  [
    { name: 'worker', close: () => worker.close() },
    { name: 'maintenance', close: () => maintenance.close() },
    { name: 'metrics', close: () => observed.close() },
    { name: 'matcher', close: () => matcher.close() },
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
log.info('image worker started');

import type { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Metrics } from '@leakwatch/metrics';
import type { LogSink } from '@leakwatch/observability';
import { startWorker } from '@leakwatch/queue';
import { classifyImageFailure } from './image-failures.js';
import {
  processImage,
  type ProcessImageDependencies,
  type ProcessImageResult,
} from './process-image.js';

/** The `images` queue's consumer: one handler, `process-image`. */
export function startImageWorker(options: {
  connection: Redis;
  prefix: string;
  log: LogSink;
  deps: ProcessImageDependencies;
  concurrency?: number;
  metrics?: Metrics;
  jobLockMs?: number;
}): Worker {
  const { metrics } = options;
  return startWorker({
    queue: 'images',
    connection: options.connection,
    prefix: options.prefix,
    log: options.log,
    concurrency: options.concurrency ?? 1,
    ...(options.jobLockMs === undefined ? {} : { jobLockMs: options.jobLockMs }),
    classifyFailure: classifyImageFailure,
    handlers: [
      {
        name: 'process-image',
        handle: async (payload, context) => {
          try {
            const result = await processImage(options.deps, payload.imageId, context.jobId);
            context.log.info({ imageId: payload.imageId, ...result }, 'image processed');
            if (result.status === 'done' && result.floodHoldsOpened.length > 0)
              context.log.warn(
                { imageId: payload.imageId, floodHolds: result.floodHoldsOpened },
                'flood hold opened: alerts of a page held back, administrators told',
              );
            if (metrics) recordResult(metrics, result);
            return result;
          } catch (error) {
            // A permanent failure marks the image, so it is never mistaken for work in progress.
            const { failure, permanent } = classifyImageFailure(error);
            metrics?.jobFailures.inc({ queue: 'images', job: 'process-image', failure });
            metrics?.jobs.inc({ queue: 'images', job: 'process-image', outcome: 'failed' });
            if (permanent && failure !== 'missing')
              await options.deps.repos.crawlResults.markImageFailed(payload.imageId, failure);
            throw error;
          }
        },
      },
    ],
  });
}

function recordResult(metrics: Metrics, result: ProcessImageResult): void {
  metrics.jobs.inc({ queue: 'images', job: 'process-image', outcome: result.status });
  if (result.status !== 'done') return;
  for (const [stage, seconds] of Object.entries(result.stages))
    if (stage !== 'ocr' || seconds > 0) metrics.stageSeconds.observe({ stage }, seconds);
  metrics.imagesProcessed.inc({ verdict: result.verdict });
  if (result.alertsCreated > 0)
    metrics.alertsCreated.inc(
      { kind: result.verdict === 'match' ? 'match' : 'sensitive_unregistered' },
      result.alertsCreated,
    );
}

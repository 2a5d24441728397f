import type { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { LogSink } from '@leakwatch/observability';
import { startWorker } from '@leakwatch/queue';
import { processImage, type ProcessImageDependencies } from './process-image.js';

/** The `images` queue's consumer: one handler, `process-image`. */
export function startImageWorker(options: {
  connection: Redis;
  prefix: string;
  log: LogSink;
  deps: ProcessImageDependencies;
  concurrency?: number;
}): Worker {
  return startWorker({
    queue: 'images',
    connection: options.connection,
    prefix: options.prefix,
    log: options.log,
    concurrency: options.concurrency ?? 1,
    handlers: [
      {
        name: 'process-image',
        handle: async (payload, context) => {
          const result = await processImage(options.deps, payload.imageId, context.jobId);
          context.log.info({ imageId: payload.imageId, ...result }, 'image processed');
          return result;
        },
      },
    ],
  });
}

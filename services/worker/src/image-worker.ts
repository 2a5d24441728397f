import type { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { LogSink } from '@leakwatch/observability';
import { startWorker } from '@leakwatch/queue';
import { classifyImageFailure } from './image-failures.js';
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
    classifyFailure: classifyImageFailure,
    handlers: [
      {
        name: 'process-image',
        handle: async (payload, context) => {
          try {
            const result = await processImage(options.deps, payload.imageId, context.jobId);
            context.log.info({ imageId: payload.imageId, ...result }, 'image processed');
            return result;
          } catch (error) {
            // A permanent failure marks the image, so it is never mistaken for work in progress.
            const { failure, permanent } = classifyImageFailure(error);
            if (permanent && failure !== 'missing')
              await options.deps.repos.crawlResults.markImageFailed(payload.imageId, failure);
            throw error;
          }
        },
      },
    ],
  });
}

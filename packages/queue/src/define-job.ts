import type { JobsOptions } from 'bullmq';
import type { z } from 'zod';

/** The queues LeakWatch runs; each is consumed by one kind of worker process. */
export const queueNames = ['crawl', 'images', 'notifications', 'maintenance'] as const;
export type QueueName = (typeof queueNames)[number];

export interface JobDefinition<Name extends string, Schema extends z.ZodType> {
  name: Name;
  queue: QueueName;
  payload: Schema;
  /** Derives the job id from the payload, so enqueueing the same work twice is a no-op. */
  jobId: (payload: z.output<Schema>) => string;
  defaults: Omit<JobsOptions, 'jobId'>;
}

/** BullMQ reserves `:` in job ids (it separates key parts); ours use `-` only. */
const validJobId = /^[A-Za-z0-9_.-]+$/;

export function defineJob<const Name extends string, Schema extends z.ZodType>(
  definition: JobDefinition<Name, Schema>,
): JobDefinition<Name, Schema> {
  return {
    ...definition,
    jobId: (payload) => {
      const id = definition.jobId(payload);
      if (!validJobId.test(id))
        throw new Error(`job ${definition.name} built an invalid job id "${id}"`);
      return id;
    },
  };
}

/** Retries with exponential backoff; completed jobs are trimmed, failed ones kept for diagnosis. */
export const standardRetry: Omit<JobsOptions, 'jobId'> = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 2_000 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 14 * 24 * 3600 },
};

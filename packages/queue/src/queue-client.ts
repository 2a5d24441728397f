import type { JobsOptions, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { z } from 'zod';
import { LeakWatchError } from '@leakwatch/errors';
import type { QueueName } from './define-job.js';
import { jobs, type JobName, type Jobs } from './jobs/index.js';
import { quietQueue } from './quiet-queue.js';

export type JobPayload<Name extends JobName> = z.input<Jobs[Name]['payload']>;

export interface EnqueueResult {
  jobId: string;
}

function validatePayload<Name extends JobName>(
  name: Name,
  payload: unknown,
): z.output<Jobs[Name]['payload']> {
  const result = jobs[name].payload.safeParse(payload);
  if (!result.success) {
    throw new LeakWatchError('LW_QUEUE_PAYLOAD_INVALID', {
      params: {
        job: name,
        problems: result.error.issues
          .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
          .join('; '),
      },
    });
  }
  return result.data as z.output<Jobs[Name]['payload']>;
}

export { validatePayload };

/** Producer side: typed, validated enqueueing with each job's default options and id. */
export class QueueClient {
  private readonly queues = new Map<QueueName, Queue>();

  constructor(
    private readonly connection: Redis,
    private readonly prefix: string,
  ) {}

  queue(name: QueueName): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = quietQueue(name, this.connection, this.prefix);
      this.queues.set(name, queue);
    }
    return queue;
  }

  async enqueue<Name extends JobName>(
    name: Name,
    payload: JobPayload<Name>,
    options: Omit<JobsOptions, 'jobId'> = {},
  ): Promise<EnqueueResult> {
    const definition = jobs[name];
    const data = validatePayload(name, payload);
    const jobId = (definition.jobId as (p: typeof data) => string)(data);
    await this.queue(definition.queue).add(name, data, {
      ...definition.defaults,
      ...options,
      jobId,
    });
    return { jobId };
  }

  /** Enqueues many jobs of one kind in one round trip (fan-out). */
  async enqueueBulk<Name extends JobName>(
    name: Name,
    payloads: JobPayload<Name>[],
  ): Promise<EnqueueResult[]> {
    const definition = jobs[name];
    const entries = payloads.map((payload) => {
      const data = validatePayload(name, payload);
      const jobId = (definition.jobId as (p: typeof data) => string)(data);
      return { name, data, opts: { ...definition.defaults, jobId } };
    });
    await this.queue(definition.queue).addBulk(entries);
    return entries.map((entry) => ({ jobId: entry.opts.jobId }));
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
    this.queues.clear();
  }
}

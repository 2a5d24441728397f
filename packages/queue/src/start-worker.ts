import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { z } from 'zod';
import { LeakWatchError, isLeakWatchError } from '@leakwatch/errors';
import type { LogSink } from '@leakwatch/observability';
import type { QueueName } from './define-job.js';
import { jobs, type JobName, type Jobs } from './jobs/index.js';
import { validatePayload } from './queue-client.js';

/** What a handler reports for a job that ended as expected (returned, not thrown). */
export type JobOutcome =
  | { status: 'done'; [detail: string]: unknown }
  | { status: 'skipped'; reason: string }
  | { status: 'failed'; reason: string };

export interface JobContext {
  jobId: string;
  attempt: number;
  log: LogSink;
  signal: AbortSignal;
}

export type JobHandler<Name extends JobName> = (
  payload: z.output<Jobs[Name]['payload']>,
  context: JobContext,
) => Promise<JobOutcome>;

export type HandlerRegistration = {
  [Name in JobName]: { name: Name; handle: JobHandler<Name> };
}[JobName];

export interface StartWorkerOptions {
  queue: QueueName;
  handlers: HandlerRegistration[];
  connection: Redis;
  prefix: string;
  concurrency?: number;
  /** At most `max` jobs per `duration` ms across every worker of the queue (politeness). */
  limiter?: { max: number; duration: number };
  log: LogSink;
}

/** Every job of `queue` must have exactly one handler; anything else is a wiring bug. */
export function checkHandlers(queue: QueueName, handlers: HandlerRegistration[]): void {
  const consumed = Object.values(jobs)
    .filter((job) => job.queue === queue)
    .map((job) => job.name);
  for (const name of consumed) {
    const count = handlers.filter((handler) => handler.name === name).length;
    if (count === 0)
      throw new LeakWatchError('LW_QUEUE_HANDLER_MISSING', { params: { job: name } });
    if (count > 1)
      throw new LeakWatchError('LW_QUEUE_HANDLER_DUPLICATE', { params: { job: name } });
  }
  for (const handler of handlers) {
    if (!(consumed as string[]).includes(handler.name)) {
      throw new LeakWatchError('LW_QUEUE_HANDLER_MISSING', {
        message: `Handler ${handler.name} is registered on queue ${queue}, which does not carry that job`,
      });
    }
  }
}

/**
 * Starts a BullMQ worker for one queue. Payloads are validated again on the consumer side: a
 * payload that fails validation can never succeed, so it fails permanently (no retries).
 */
export function startWorker(options: StartWorkerOptions): Worker {
  const { queue, handlers, connection, prefix, log } = options;
  checkHandlers(queue, handlers);
  const byName = new Map(handlers.map((handler) => [handler.name as string, handler]));

  const worker = new Worker(
    queue,
    async (job: Job, _token?: string, signal?: AbortSignal) => {
      const registration = byName.get(job.name);
      if (!registration) throw new UnrecoverableError(`no handler for job ${job.name}`);
      let payload: unknown;
      try {
        payload = validatePayload(registration.name, job.data);
      } catch (error) {
        throw new UnrecoverableError(error instanceof Error ? error.message : String(error));
      }
      const jobLog =
        'child' in log && typeof log.child === 'function'
          ? (log.child as (bindings: object) => LogSink)({ job: job.name, jobId: job.id })
          : log;
      const context: JobContext = {
        jobId: job.id ?? '',
        attempt: job.attemptsMade + 1,
        log: jobLog,
        signal: signal ?? new AbortController().signal,
      };
      try {
        return await (registration.handle as JobHandler<JobName>)(payload as never, context);
      } catch (error) {
        // Errors we classified as permanent (bad input, missing record) are not retried.
        if (isLeakWatchError(error) && error.status < 500) {
          throw new UnrecoverableError(`${error.code}: ${error.message}`);
        }
        throw error;
      }
    },
    {
      connection,
      prefix,
      concurrency: options.concurrency ?? 1,
      ...(options.limiter ? { limiter: options.limiter } : {}),
      autorun: true,
    },
  );
  worker.on('failed', (job, error) => {
    log.warn(
      { job: job?.name, jobId: job?.id, attempt: job?.attemptsMade, err: error },
      'job failed',
    );
  });
  worker.on('error', (error) => {
    log.error({ err: error }, 'worker error');
  });
  return worker;
}

import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { z } from 'zod';
import { LeakWatchError, isLeakWatchError } from '@leakwatch/errors';
import type { LogSink } from '@leakwatch/observability';
import { isConnectionError, reportConnectionState } from './connection.js';
import { DeadLetters } from './dead-letters.js';
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
  /**
   * A job's lock, renewed every half while the handler runs; when its worker dies, another
   * worker's stalled-job check (run this often too) takes the job over. BullMQ's default: 30 s.
   */
  jobLockMs?: number;
  /** At most `max` jobs per `duration` ms across every worker of the queue (politeness). */
  limiter?: { max: number; duration: number };
  log: LogSink;
  /**
   * Names why a job failed and whether retrying can help; permanent failures are not retried.
   * Without it, LeakWatch errors below 500 are permanent and everything else transient.
   */
  classifyFailure?: (error: unknown) => FailureClassification;
}

export interface FailureClassification {
  failure: string;
  permanent: boolean;
}

/** A permanent failure, carrying its class to the dead-letter queue. */
class PermanentFailure extends UnrecoverableError {
  constructor(
    readonly failure: string,
    message: string,
  ) {
    super(message);
  }
}

function defaultClassification(error: unknown): FailureClassification {
  if (isLeakWatchError(error))
    return { failure: error.code.replace(/^LW_/, '').toLowerCase(), permanent: error.status < 500 };
  return { failure: 'internal', permanent: false };
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
  const classify = options.classifyFailure ?? defaultClassification;
  const deadLetters = new DeadLetters(connection, prefix);

  const worker = new Worker(
    queue,
    async (job: Job, _token?: string, signal?: AbortSignal) => {
      const registration = byName.get(job.name);
      if (!registration) throw new PermanentFailure('no_handler', `no handler for job ${job.name}`);
      let payload: unknown;
      try {
        payload = validatePayload(registration.name, job.data);
      } catch (error) {
        throw new PermanentFailure(
          'invalid_payload',
          error instanceof Error ? error.message : String(error),
        );
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
        // Failures that retrying cannot fix (bad input, a missing record, an undecodable
        // image) are not retried.
        const { failure, permanent } = classify(error);
        if (permanent) {
          const message = error instanceof Error ? error.message : String(error);
          throw new PermanentFailure(
            failure,
            isLeakWatchError(error) ? `${error.code}: ${message}` : message,
          );
        }
        throw error;
      }
    },
    {
      connection,
      prefix,
      concurrency: options.concurrency ?? 1,
      ...(options.limiter ? { limiter: options.limiter } : {}),
      ...(options.jobLockMs === undefined
        ? {}
        : { lockDuration: options.jobLockMs, stalledInterval: options.jobLockMs }),
      autorun: true,
    },
  );
  worker.on('failed', (job, error) => {
    log.warn(
      { job: job?.name, jobId: job?.id, attempt: job?.attemptsMade, err: error },
      'job failed',
    );
    if (!job?.id) return;
    const final =
      error instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1);
    if (!final) return;
    const failure = error instanceof PermanentFailure ? error.failure : classify(error).failure;
    deadLetters
      .add({
        queue,
        job: job.name,
        jobId: job.id,
        data: (job.data ?? {}) as Record<string, unknown>,
        failure,
        reason: error.message,
        attempts: job.attemptsMade,
        failedAt: new Date().toISOString(),
      })
      .then(
        (id) => {
          log.warn({ job: job.name, jobId: job.id, failure, deadLetter: id }, 'job dead-lettered');
        },
        (letterError: unknown) => {
          log.error({ err: letterError, jobId: job.id }, 'could not file a dead letter');
        },
      );
  });
  worker.on('closed', () => {
    void deadLetters.close();
  });
  // An outage is told in two lines by the connection's state, not one error (and stack) per
  // reconnection attempt of each of the worker's connections.
  reportConnectionState(connection, log, 'worker');
  worker.on('error', (error) => {
    if (isConnectionError(error)) return;
    log.error({ err: error }, 'worker error');
  });
  return worker;
}

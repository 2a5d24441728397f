import { randomUUID } from 'node:crypto';
import type { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { planTakedownCheck } from '@leakwatch/crawl-policy';
import type { Repositories } from '@leakwatch/db';
import type { LogSink } from '@leakwatch/observability';
import { startWorker, type QueueClient } from '@leakwatch/queue';
import type { BrowserPool } from './browser-pool.js';
import { checkTakedown, type CheckTakedownOptions } from './check-takedown.js';
import {
  crawlSource,
  type CrawlSourceDependencies,
  type CrawlSourceOptions,
} from './crawl-source.js';

export interface CrawlWorkerOptions {
  connection: Redis;
  prefix: string;
  log: LogSink;
  deps: Omit<CrawlSourceDependencies, 'log' | 'browsers' | 'queue'> & {
    queue: QueueClient;
    browsers: BrowserPool;
  };
  crawl: Omit<CrawlSourceOptions, 'reason'>;
  /** BullMQ's job lock and stalled-job check (`startWorker`'s `jobLockMs`). */
  jobLockMs?: number;
  /** Crawl jobs started per minute across all crawler workers (default 6). */
  crawlsPerMinute?: number;
  /** Longest a crawl may hold its source (a crashed worker's lock expires after this). */
  lockMs?: number;
  /** Crawls one monitoring account may make per hour, across all workers (it is never hammered). */
  accountCrawlsPerHour?: number;
  /**
   * Takedown verification: incidents in `takedown_requested` have their sightings re-visited
   * every `everyMs` (`TAKEDOWN_CHECK_MINUTES`). Absent: the dispatcher queues no checks.
   */
  takedown?: CheckTakedownOptions & {
    everyMs: number;
    /** The dashboard's address, for the links in `removed` notifications. */
    publicUrl: string;
    repos: Pick<Repositories, 'takedownChecks' | 'rules'>;
  };
}

/** Releases a lock only if this holder still has it (it may have expired and been retaken). */
const releaseScript =
  "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

/** Takes a lock that is free or already held by the same holder (then its TTL starts again). */
const acquireScript =
  "local held = redis.call('get', KEYS[1]) if held == false or held == ARGV[1] then redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1 end return 0";

/**
 * Runs `run` holding a Redis lock for `holder`, or answers 'busy' when someone else holds it.
 * The holder may take its own lock again: a job whose worker was killed is taken over by
 * another (BullMQ's stalled-job check) and finds the dead worker's lock, which would otherwise
 * keep it out for the whole TTL and complete it without crawling.
 */
async function withRedisLock<T>(
  connection: Redis,
  key: string,
  holder: string,
  ttlMs: number,
  run: () => Promise<T>,
): Promise<T | 'busy'> {
  if ((await connection.eval(acquireScript, 1, key, holder, ttlMs)) !== 1) return 'busy';
  try {
    return await run();
  } finally {
    await connection.eval(releaseScript, 1, key, holder);
  }
}

/**
 * The `crawl` queue's consumer: `crawl-source` (one crawl; a per-source lock in Redis keeps two
 * workers off the same source), `dispatch-crawls` (fired by the job scheduler: enqueues every
 * source whose jittered time has come, and every takedown re-visit that is due) and
 * `check-takedown` (one re-visit pass over an incident's sightings). One visit at a time per
 * worker: one Chromium each.
 */
export function startCrawlWorker(options: CrawlWorkerOptions): Worker {
  const { connection, prefix, deps } = options;
  const lockMs = options.lockMs ?? 30 * 60_000;
  const { takedown } = options;
  // One account is used by one worker at a time, and within its hourly limit, whatever the
  // visit is for (a crawl or a takedown check).
  const withAccountLock = async <T>(
    accountId: string,
    run: () => Promise<T>,
  ): Promise<T | 'account-busy'> => {
    const hour = Math.floor(Date.now() / 3_600_000);
    const rateKey = `${prefix}:rate:monitoring-account:${accountId}:${hour}`;
    const used = await connection.incr(rateKey);
    if (used === 1) await connection.expire(rateKey, 3_600);
    if (used > (options.accountCrawlsPerHour ?? 20)) return 'account-busy';
    const held = await withRedisLock(
      connection,
      `${prefix}:lock:monitoring-account:${accountId}`,
      randomUUID(),
      lockMs,
      run,
    );
    return held === 'busy' ? 'account-busy' : held;
  };
  return startWorker({
    queue: 'crawl',
    connection,
    prefix,
    log: options.log,
    concurrency: 1,
    ...(options.jobLockMs === undefined ? {} : { jobLockMs: options.jobLockMs }),
    limiter: { max: options.crawlsPerMinute ?? 6, duration: 60_000 },
    handlers: [
      {
        name: 'crawl-source',
        handle: async (payload, context) => {
          const outcome = await withRedisLock(
            connection,
            `${prefix}:lock:crawl-source:${payload.sourceId}`,
            context.jobId || randomUUID(),
            lockMs,
            async () => {
              const result = await crawlSource(
                { ...deps, log: context.log, withAccountLock },
                payload.sourceId,
                { ...options.crawl, reason: payload.reason, scheduledFor: payload.slot },
              );
              context.log.info(
                { sourceId: payload.sourceId, ...result, memory: deps.browsers.usage() },
                'crawl finished',
              );
              // The next poll is queued now, due exactly at its time: waiting for the
              // dispatcher's next tick would add up to a tick to every detection. The dispatcher
              // enqueues the same job id when it finds the source due, so nothing runs twice;
              // it remains the safety net (restarts, new or changed sources).
              if (result.status === 'done' && result.nextCrawlAt !== null) {
                const next = new Date(result.nextCrawlAt);
                await deps.queue.enqueue(
                  'crawl-source',
                  { sourceId: payload.sourceId, reason: 'schedule', slot: next.getTime() },
                  { delay: Math.max(0, next.getTime() - Date.now()) },
                );
              }
              return result;
            },
          );
          return outcome === 'busy'
            ? { status: 'skipped', reason: 'another worker is crawling this source' }
            : outcome;
        },
      },
      {
        name: 'dispatch-crawls',
        handle: async () => {
          const now = new Date();
          const due = await deps.repos.sources.due(now, 200);
          const enqueued = await Promise.all(
            due.map((source) =>
              deps.queue.enqueue('crawl-source', {
                sourceId: source.id,
                reason: 'schedule',
                // One job per scheduled time: a later tick that finds the source still due
                // (its crawl is queued or running) adds nothing.
                slot: (source.nextCrawlAt ?? now).getTime(),
              }),
            ),
          );
          // Incidents awaiting removal whose next re-visit has come; the slot (its due time)
          // makes every tick that finds the same pass due build the same job id.
          const checks = takedown
            ? (await takedown.repos.takedownChecks.awaitingRemoval()).flatMap((subject) => {
                if (!subject.takedownRequestedAt) return [];
                const plan = planTakedownCheck({
                  requestedAt: subject.takedownRequestedAt,
                  lastCheckedAt: subject.lastCheckedAt,
                  everyMs: takedown.everyMs,
                  now,
                });
                return plan.due ? [{ incidentId: subject.incidentId, slot: plan.slot }] : [];
              })
            : [];
          if (checks.length > 0) await deps.queue.enqueueBulk('check-takedown', checks);
          return {
            status: 'done',
            due: due.length,
            enqueued: enqueued.length,
            takedownChecks: checks.length,
          };
        },
      },
      {
        name: 'check-takedown',
        handle: async (payload, context) => {
          if (!takedown) return { status: 'skipped', reason: 'takedown checks are not configured' };
          const { publicUrl, repos, pauseMs, navigationTimeoutMs } = takedown;
          const result = await checkTakedown(
            {
              repos: { ...deps.repos, ...repos },
              ...(deps.accountKeys ? { accountKeys: deps.accountKeys } : {}),
              withAccountLock,
              browsers: deps.browsers,
              egressAllowList: deps.imageFetch.allowList,
              log: context.log,
              publicUrl,
              ...(deps.random ? { random: deps.random } : {}),
            },
            payload,
            {
              ...(pauseMs ? { pauseMs } : {}),
              ...(navigationTimeoutMs ? { navigationTimeoutMs } : {}),
            },
          );
          context.log.info(
            { incidentId: payload.incidentId, ...result },
            'takedown check finished',
          );
          return result;
        },
      },
    ],
  });
}

/** Installs (or updates) the scheduler that fires `dispatch-crawls` every `everyMs`. */
export async function scheduleCrawlDispatch(queue: QueueClient, everyMs: number): Promise<void> {
  await queue.queue('crawl').upsertJobScheduler(
    'dispatch-crawls',
    { every: everyMs },
    {
      name: 'dispatch-crawls',
      data: {},
      opts: { removeOnComplete: { count: 100 }, removeOnFail: { count: 1_000 } },
    },
  );
}

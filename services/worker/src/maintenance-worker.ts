import type { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { RetentionSettings } from '@leakwatch/evidence';
import type { LogSink } from '@leakwatch/observability';
import { startWorker, type QueueClient } from '@leakwatch/queue';
import { runAuditedRetention, type RetentionRunDependencies } from '@leakwatch/retention';

/** The scheduler's id: one per installation, however many workers install it. */
export const retentionSchedulerId = 'retention-daily';

/**
 * The `maintenance` queue's consumer: the scheduled retention run. Every worker process runs
 * one; BullMQ gives each scheduled run to exactly one of them.
 */
export function startMaintenanceWorker(options: {
  connection: Redis;
  prefix: string;
  log: LogSink;
  deps: RetentionRunDependencies;
  settings: RetentionSettings;
  jobLockMs?: number;
}): Worker {
  return startWorker({
    queue: 'maintenance',
    connection: options.connection,
    prefix: options.prefix,
    log: options.log,
    ...(options.jobLockMs === undefined ? {} : { jobLockMs: options.jobLockMs }),
    // BullMQ renews the job's lock while it runs, so a long run over a backlog is not stalled out.
    concurrency: 1,
    handlers: [
      {
        name: 'run-retention',
        handle: async (_payload, context) => {
          const report = await runAuditedRetention(options.deps, {
            settings: options.settings,
            dryRun: false,
            actorId: 'scheduler:retention',
          });
          const summary = {
            unmatched: report.unmatched,
            closedIncidents: report.closedIncidents,
            documents: report.documents,
            rowsMarked: report.rowsMarked,
            failures: report.failures,
            skippedInUse: report.skippedInUse,
          };
          // Stopped early (database gone): the job fails and is dead-lettered for operators to
          // see; what it removed is audited, what is left stays due for the next run.
          if (report.error !== null) throw new Error(`retention run stopped: ${report.error}`);
          if (report.failures > 0)
            context.log.error(summary, 'retention run left deletions for the next run');
          else context.log.info(summary, 'retention run finished');
          return { status: 'done', ...summary };
        },
      },
    ],
  });
}

/**
 * Installs (or updates) the daily retention run: a cron pattern in the given time zone, or
 * `off` to remove the schedule (an installation that runs `leakwatch retention run` from cron
 * with a key of its own).
 */
export async function scheduleRetention(
  queue: QueueClient,
  schedule: { pattern: string; timeZone: string } | 'off',
): Promise<void> {
  const maintenance = queue.queue('maintenance');
  if (schedule === 'off') {
    await maintenance.removeJobScheduler(retentionSchedulerId);
    return;
  }
  await maintenance.upsertJobScheduler(
    retentionSchedulerId,
    { pattern: schedule.pattern, tz: schedule.timeZone },
    {
      name: 'run-retention',
      data: {},
      opts: { attempts: 1, removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } },
    },
  );
}

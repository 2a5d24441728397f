import type { Queue } from 'bullmq';
import type { QueueProbe } from './metrics.js';

/** A BullMQ queue as the metrics see it. */
export function bullQueueProbe(queue: Queue): QueueProbe {
  return {
    name: queue.name,
    counts: () => queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'failed'),
    oldestWaitingAt: async () => {
      // The oldest waiting job is at one end of the list; which end depends on how BullMQ reads
      // it, so both ends are looked at (two jobs, whatever the queue's length).
      const total = await queue.getWaitingCount();
      if (total === 0) return undefined;
      const ends = [
        ...(await queue.getWaiting(0, 0)),
        ...(await queue.getWaiting(total - 1, total - 1)),
      ];
      const times = ends.map((job) => job.timestamp);
      return times.length > 0 ? Math.min(...times) : undefined;
    },
  };
}

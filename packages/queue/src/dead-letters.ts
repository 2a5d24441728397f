import type { Job, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { queueNames, type QueueName } from './define-job.js';
import { quietQueue } from './quiet-queue.js';

/** The holding queue for jobs that will not succeed: nothing consumes it; people look at it. */
export const deadLetterQueue = 'dead-letters';

export const deadLetterSchema = z.object({
  queue: z.enum(queueNames),
  job: z.string(),
  jobId: z.string(),
  data: z.record(z.string(), z.unknown()),
  /** A class operators can count and act on (`undecodable`, `missing`, `timeout`, …). */
  failure: z.string(),
  reason: z.string(),
  attempts: z.number().int().min(0),
  failedAt: z.iso.datetime(),
});

export type DeadLetter = z.infer<typeof deadLetterSchema>;
export type DeadLetterEntry = DeadLetter & { id: string };

/**
 * Jobs that failed for good (a permanent failure, or transient ones that ran out of retries),
 * each with why. The original job stays in its queue's failed set, so a retry re-runs it under
 * its own id (idempotent as ever).
 */
export class DeadLetters {
  private readonly letters: Queue;
  private readonly originals = new Map<QueueName, Queue>();

  constructor(
    private readonly connection: Redis,
    private readonly prefix: string,
  ) {
    this.letters = quietQueue(deadLetterQueue, connection, prefix);
  }

  /** Adds a letter once per original job (a second failure of the same job replaces nothing). */
  async add(letter: DeadLetter): Promise<string> {
    const valid = deadLetterSchema.parse(letter);
    const id = `dead-${valid.queue}-${valid.jobId}`;
    const existing = await this.letters.getJob(id);
    // A letter for an earlier failure of a retried job is replaced by the newer one.
    if (existing) await existing.remove();
    await this.letters.add(valid.job, valid, { jobId: id, removeOnComplete: true });
    return id;
  }

  async list(filter: { queue?: QueueName; limit?: number } = {}): Promise<DeadLetterEntry[]> {
    const jobs = await this.letters.getJobs(['waiting', 'prioritized'], 0, 999);
    return jobs
      .flatMap((job) => toEntry(job))
      .filter((entry) => !filter.queue || entry.queue === filter.queue)
      .sort((a, b) => b.failedAt.localeCompare(a.failedAt))
      .slice(0, filter.limit ?? 100);
  }

  async count(): Promise<number> {
    return this.letters.getWaitingCount();
  }

  async get(id: string): Promise<DeadLetterEntry | undefined> {
    const job = await this.letters.getJob(id);
    return job ? toEntry(job)[0] : undefined;
  }

  /**
   * Runs the original job again and files the letter away. Returns false when the original is
   * gone (trimmed after 14 days): the letter stays, so nothing is lost silently.
   */
  async retry(id: string): Promise<'retried' | 'not-found' | 'original-gone'> {
    const letter = await this.letters.getJob(id);
    const entry = letter ? toEntry(letter)[0] : undefined;
    if (!letter || !entry) return 'not-found';
    const original = await this.queueOf(entry.queue).getJob(entry.jobId);
    if (!original || !(await original.isFailed())) return 'original-gone';
    await original.retry('failed');
    await letter.remove();
    return 'retried';
  }

  async discard(id: string): Promise<boolean> {
    const letter = await this.letters.getJob(id);
    if (!letter) return false;
    await letter.remove();
    return true;
  }

  async close(): Promise<void> {
    await Promise.all([
      this.letters.close(),
      ...[...this.originals.values()].map((q) => q.close()),
    ]);
  }

  private queueOf(name: QueueName): Queue {
    let queue = this.originals.get(name);
    if (!queue) {
      queue = quietQueue(name, this.connection, this.prefix);
      this.originals.set(name, queue);
    }
    return queue;
  }
}

function toEntry(job: Job): DeadLetterEntry[] {
  const parsed = deadLetterSchema.safeParse(job.data);
  return parsed.success && job.id ? [{ ...parsed.data, id: job.id }] : [];
}

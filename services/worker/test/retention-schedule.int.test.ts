import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalBlobStore } from '@leakwatch/blob-store';
import {
  quietLog,
  recordSighting,
  storeImage,
  useTestDatabase,
  useTestQueue,
} from '@leakwatch/testkit';
import {
  retentionSchedulerId,
  scheduleRetention,
  startMaintenanceWorker,
} from '../src/maintenance-worker.js';

const testDb = useTestDatabase();
const testQueue = useTestQueue();
let dataDir = '';
let blobs: LocalBlobStore;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'lw-retention-schedule-'));
  blobs = new LocalBlobStore(path.join(dataDir, 'blobs'));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

async function until<T>(read: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`nothing after ${timeoutMs} ms`);
    await sleep(100);
  }
}

describe('the scheduled retention run', () => {
  it('runs on its schedule in a worker, deletes what is due and audits as the scheduler', async () => {
    const { repos, handle } = testDb();
    const blob = await blobs.put(
      Buffer.concat([Buffer.from(randomUUID()), randomBytes(1_500)]),
      'image',
    );
    const image = await storeImage(repos, {
      sha256: blob.sha256,
      byteSize: blob.byteSize,
      blobKey: blob.key,
    });
    await recordSighting(repos, image);
    await handle.pool.query(
      `update images set status = 'processed', first_seen_at = now() - interval '40 days',
         processed_at = now() - interval '40 days' where id = $1`,
      [image.id],
    );

    const { client, prefix, workerConnection } = testQueue();
    // Two worker processes install the same schedule: one scheduler, not two.
    await scheduleRetention(client, { pattern: '* * * * * *', timeZone: 'Asia/Ho_Chi_Minh' });
    await scheduleRetention(client, { pattern: '* * * * * *', timeZone: 'Asia/Ho_Chi_Minh' });
    const schedulers = await client.queue('maintenance').getJobSchedulers();
    expect(schedulers.map((scheduler) => scheduler.key)).toEqual([retentionSchedulerId]);
    expect(schedulers[0]?.tz).toBe('Asia/Ho_Chi_Minh');

    const worker = startMaintenanceWorker({
      connection: workerConnection(),
      prefix,
      log: quietLog,
      deps: { repos, blobs, originals: { remove: () => Promise.resolve() }, log: quietLog },
      settings: { unmatchedDays: 30, closedIncidentDays: 365 },
    });
    try {
      const entry = await until(async () => {
        const entries = await repos.audit.list({ action: 'retention.ran' });
        return entries.find((candidate) => candidate.actorId === 'scheduler:retention');
      }, 20_000);
      expect(entry.details).toMatchObject({ dryRun: false, unmatched: { blobs: 1 } });
      await expect(stat(path.join(dataDir, 'blobs', blob.key))).rejects.toThrow();
      const row = await handle.pool.query<{ blob_removed_at: Date | null }>(
        `select blob_removed_at from images where id = $1`,
        [image.id],
      );
      expect(row.rows[0]?.blob_removed_at).toBeInstanceOf(Date);
    } finally {
      await scheduleRetention(client, 'off');
      await worker.close();
    }
    expect(await client.queue('maintenance').getJobSchedulers()).toEqual([]);
    const failed = await client.queue('maintenance').getFailed();
    expect(failed).toEqual([]);
  });
});

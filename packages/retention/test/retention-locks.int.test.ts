import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalBlobStore, type StoredBlob } from '@leakwatch/blob-store';
import type { RetentionBlobCandidate } from '@leakwatch/db';
import { retentionCutoffs, type RetentionSettings } from '@leakwatch/evidence';
import { quietLog, recordSighting, storeImage, useTestDatabase } from '@leakwatch/testkit';
import { runAuditedRetention, runRetention } from '../src/index.js';

// A crawl that brings back bytes the retention run is deleting at that very moment: the
// run and the crawl must never interleave so that a new sighting points at deleted bytes, or
// a row is marked removed while its bytes are stored again.

const testDb = useTestDatabase();
const settings: RetentionSettings = { unmatchedDays: 30, closedIncidentDays: 365 };
let dataDir = '';
let blobs: LocalBlobStore;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'lw-retention-locks-'));
  blobs = new LocalBlobStore(path.join(dataDir, 'blobs'));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const sql = (text: string, values: unknown[] = []) => testDb().handle.pool.query(text, values);

const onDisk = (blob: StoredBlob) =>
  stat(path.join(dataDir, 'blobs', blob.key)).then(
    () => true,
    () => false,
  );

const deps = () => ({
  repos: testDb().repos,
  blobs,
  originals: { remove: () => Promise.resolve() },
  log: quietLog,
});

/** A processed image seen once, 40 days ago, that raised nothing: due under `settings`. */
async function oldCapture() {
  const { repos } = testDb();
  const bytes = Buffer.concat([Buffer.from(randomUUID()), randomBytes(2_000)]);
  const blob = await blobs.put(bytes, 'image');
  const image = await storeImage(repos, {
    sha256: blob.sha256,
    byteSize: blob.byteSize,
    blobKey: blob.key,
  });
  await recordSighting(repos, image, { groupKey: 'khoa-cach-ly' });
  await sql(
    `update images set status = 'processed', first_seen_at = now() - interval '40 days',
       processed_at = now() - interval '40 days' where id = $1`,
    [image.id],
  );
  return { image, blob, bytes };
}

const removedAt = async (imageId: string) =>
  (await sql(`select blob_removed_at from images where id = $1`, [imageId])).rows[0] as {
    blob_removed_at: Date | null;
  };

/** Resolves `release()`d; `entered` when the holder is inside. */
function gate() {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let enter!: () => void;
  const entered = new Promise<void>((resolve) => (enter = resolve));
  return { release, released, enter, entered };
}

describe('retention run against a crawl storing the same bytes', () => {
  it('skips a blob a crawl holds, and deletes it on a later run once the crawl is done', async () => {
    const { image, blob } = await oldCapture();
    const crawl = gate();
    const holding = testDb().repos.crawlResults.withBlobsInUse([blob.key], async () => {
      crawl.enter();
      await crawl.released;
    });
    await crawl.entered;

    const during = await runRetention(deps(), { settings, dryRun: false });
    expect(during.skippedInUse).toBe(1);
    expect(during.unmatched.blobs).toBe(0);
    expect(await onDisk(blob)).toBe(true);
    expect((await removedAt(image.id)).blob_removed_at).toBeNull();

    crawl.release();
    await holding;
    const after = await runAuditedRetention(deps(), {
      settings,
      dryRun: false,
      actorId: 'test:retention-locks',
    });
    expect(after.skippedInUse).toBe(0);
    expect(after.unmatched.blobs).toBe(1);
    expect(after.unmatched.bytes).toBe(blob.byteSize);
    expect(after.rowsMarked.images).toBe(1);
    expect(await onDisk(blob)).toBe(false);
    expect((await removedAt(image.id)).blob_removed_at).toBeInstanceOf(Date);
    const audit = await testDb().repos.audit.list({ action: 'retention.ran' });
    expect(audit.some((entry) => entry.actorId === 'test:retention-locks')).toBe(true);
  });

  it('keeps a blob a crawl sighted again while it held it: judged anew under the lock', async () => {
    const { image, blob } = await oldCapture();
    const crawl = gate();
    const holding = testDb().repos.crawlResults.withBlobsInUse([blob.key], async () => {
      crawl.enter();
      await crawl.released;
      // The crawl's new sighting commits before its lock goes.
      await recordSighting(testDb().repos, image, { groupKey: 'khoa-cach-ly-2' });
      await sql(`update images set first_seen_at = now() where id = $1`, [image.id]);
    });
    await crawl.entered;

    // The run found the blob due before the crawl finished and now waits on nothing: it is
    // offered the key, cannot lock it, skips it. The crawl then commits.
    const cutoffs = retentionCutoffs(settings, new Date());
    const offered: RetentionBlobCandidate[] = [];
    for await (const chunk of testDb().repos.retention.dueBlobs(cutoffs))
      offered.push(...chunk.filter((candidate) => candidate.blobKey === blob.key));
    expect(offered).toHaveLength(1);
    crawl.release();
    await holding;

    // Locking the offered key after the crawl committed: it is judged again and kept.
    const outcome = await testDb().repos.retention.removeDueBlobsLocked(
      [blob.key],
      cutoffs,
      (due) => Promise.resolve(due),
    );
    expect(outcome.noLongerDue).toBe(1);
    expect(outcome.removed).toHaveLength(0);
    expect(await onDisk(blob)).toBe(true);
    expect((await removedAt(image.id)).blob_removed_at).toBeNull();
  });

  it('makes a crawl wait while a run deletes, and the crawl then stores the bytes again', async () => {
    const { image, blob, bytes } = await oldCapture();
    const run = gate();
    const cutoffs = retentionCutoffs(settings, new Date());
    const deleting = testDb().repos.retention.removeDueBlobsLocked(
      [blob.key],
      cutoffs,
      async (due) => {
        for (const candidate of due) await blobs.delete(candidate.blobKey);
        run.enter();
        await run.released;
        return due;
      },
    );
    await run.entered;

    // The crawl brings the same bytes back: it must not write them until the run has marked.
    let crawlStored = false;
    const crawling = testDb().repos.crawlResults.withBlobsInUse([blob.key], async () => {
      await blobs.put(bytes, 'image');
      const { image: stored } = await testDb().repos.crawlResults.upsertImage({
        sha256: blob.sha256,
        byteSize: blob.byteSize,
        mimeType: 'image/jpeg',
        width: null,
        height: null,
        blobKey: blob.key,
      });
      crawlStored = true;
      return stored;
    });
    await sleep(400);
    expect(crawlStored).toBe(false);

    run.release();
    const outcome = await deleting;
    expect(outcome.removed.map((candidate) => candidate.blobKey)).toEqual([blob.key]);
    expect(outcome.marked.images).toBe(1);
    const stored = await crawling;
    expect(crawlStored).toBe(true);
    // Stored again after the run: bytes back and the row no longer marked.
    expect(stored.id).toBe(image.id);
    expect(stored.blobRemovedAt).toBeNull();
    expect(await onDisk(blob)).toBe(true);
    expect((await removedAt(image.id)).blob_removed_at).toBeNull();
  });
});

import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { LocalBlobStore, type StoredBlob } from '@leakwatch/blob-store';
import { OriginalStore } from '@leakwatch/registry';
import {
  matchAlert,
  openIncident,
  recordAlert,
  recordSighting,
  registerFakeDocument,
  storeImage,
  useTestDatabase,
} from '@leakwatch/testkit';
import { runLeakwatch } from './support/leakwatch-cli.js';

const testDb = useTestDatabase();
let dataDir = '';
let blobs: LocalBlobStore;

const unmatchedDays = 30;
const closedIncidentDays = 365;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'lw-retention-'));
  blobs = new LocalBlobStore(path.join(dataDir, 'blobs'));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const leakwatch = (...args: string[]) =>
  runLeakwatch(
    {
      DATABASE_URL: testDb().url,
      REDIS_URL: inject('leakwatch').redisUrl,
      LEAKWATCH_DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      RETENTION_UNMATCHED_DAYS: String(unmatchedDays),
      RETENTION_CLOSED_INCIDENT_DAYS: String(closedIncidentDays),
    },
    args,
  );

const sql = (text: string, values: unknown[] = []) => testDb().handle.pool.query(text, values);
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);

/** Stores bytes of a given size (distinct content) under `kind`. */
const put = (kind: string, size = 1_000 + Math.floor(Math.random() * 1_000)) =>
  blobs.put(Buffer.concat([Buffer.from(randomUUID()), randomBytes(size)]), kind);

const onDisk = async (blob: StoredBlob) =>
  stat(path.join(dataDir, 'blobs', blob.key)).then(
    () => true,
    () => false,
  );

/**
 * A crawled picture as a crawl leaves it: the image (bytes in the store), a post it was seen in,
 * the image evidence of that sighting and a screenshot of the post, all captured `age` days ago.
 */
async function capture(age: number, options: { processed?: boolean; groupKey?: string } = {}) {
  const { repos } = testDb();
  const bytes = await put('image');
  const image = await storeImage(repos, {
    sha256: bytes.sha256,
    byteSize: bytes.byteSize,
    blobKey: bytes.key,
  });
  const { postId } = await recordSighting(repos, image, {
    groupKey: options.groupKey ?? 'congdong',
  });
  // The sighting's own evidence row names the same content address as the image row.
  await repos.crawlResults.addEvidence({
    postId,
    imageId: image.id,
    kind: 'image',
    blobKey: bytes.key,
    sha256: bytes.sha256,
    byteSize: bytes.byteSize,
    contentType: 'image/jpeg',
  });
  const screenshot = await put('evidence-screenshot');
  await repos.crawlResults.addEvidence({
    postId,
    kind: 'screenshot',
    blobKey: screenshot.key,
    sha256: screenshot.sha256,
    byteSize: screenshot.byteSize,
    contentType: 'image/png',
  });
  await repos.imageFingerprints.save(image.id, {
    pdq: 'f'.repeat(64),
    pdqQuality: 100,
    phash: '1'.repeat(16),
    dhash: '2'.repeat(16),
    blockhash: '3'.repeat(64),
  });
  await age_(image.id, postId, age, options.processed ?? true);
  return { image, postId, bytes, screenshot };
}

async function age_(imageId: string, postId: string, age: number, processed: boolean) {
  await sql(
    `update images set first_seen_at = $2::timestamptz,
       processed_at = case when $3::boolean then $2::timestamptz end,
       status = case when $3::boolean then 'processed'::image_status else 'pending'::image_status end
     where id = $1`,
    [imageId, daysAgo(age), processed],
  );
  await sql(`update evidence_blobs set captured_at = $2 where post_id = $1`, [
    postId,
    daysAgo(age),
  ]);
}

/** Moves an image's verdict back in time: judged, alerted and decided `age` days ago. */
async function ageAlerts(imageId: string, age: number) {
  await sql(`update images set processed_at = $2 where id = $1`, [imageId, daysAgo(age)]);
  await sql(
    `update alerts set created_at = $2::timestamptz,
       decided_at = case when decided_at is null then null else $2::timestamptz end
     where image_id = $1`,
    [imageId, daysAgo(age)],
  );
}

async function closeIncident(incidentId: string, age: number) {
  await sql(`update incidents set status = 'closed', closed_at = $2 where id = $1`, [
    incidentId,
    daysAgo(age),
  ]);
}

async function auditEntries() {
  return testDb().repos.audit.list({ action: 'retention.ran' });
}

// Each test spawns the CLI several times; on a busy two-core machine one spawn takes 10–20 s.
describe('leakwatch retention run', { timeout: 480_000 }, () => {
  it('deletes exactly the blobs past their period, keeps rows and fingerprints, audits, and is idempotent', async () => {
    const { repos } = testDb();

    // 1. Captured 40 days ago, nothing matched: due (unmatched).
    const unmatchedOld = await capture(40);
    // 2. Captured 5 days ago, nothing matched: kept.
    const unmatchedRecent = await capture(5);
    // 3. An image with two alerts: a false match dismissed long ago, and a confirmed leak whose
    //    incident is still open. One content address backs both: kept.
    const shared = await capture(60);
    const { document: matchedDocument, page } = await registerFakeDocument(repos, {
      title: 'Công văn khớp nhầm',
    });
    await openIncident(repos, { image: shared.image });
    await repos.alerts.recordImageVerdict({
      jobKey: `second-verdict-${shared.image.id}`,
      queue: 'images',
      imageId: shared.image.id,
      alerts: [matchAlert({ documentId: matchedDocument.id, pageId: page.id })],
      outcome: {},
    });
    const falseMatch = (await repos.alerts.forImage(shared.image.id)).find(
      (alert) => alert.kind === 'match',
    );
    await repos.triage.dismiss([falseMatch?.id ?? ''], { reason: 'false_match', userId: null });
    await ageAlerts(shared.image.id, 60);
    // 4. A dismissed image whose feed response body is also the body of the open incident's
    //    post: its image and screenshot are due, the shared body is kept.
    const dismissed = await capture(50);
    const { alert: dismissedAlert } = await recordAlert(repos, { image: dismissed.image });
    await repos.triage.dismiss([dismissedAlert.id], { reason: 'not_sensitive', userId: null });
    await ageAlerts(dismissed.image.id, 50);
    const sharedBody = await put('evidence-response-body');
    for (const postId of [dismissed.postId, shared.postId])
      await repos.crawlResults.addEvidence({
        postId,
        kind: 'response_body',
        blobKey: sharedBody.key,
        sha256: sharedBody.sha256,
        byteSize: sharedBody.byteSize,
        contentType: 'application/json',
        capturedAt: daysAgo(50),
      });
    // 5. An incident closed 400 days ago: its blobs are due (closed incident).
    const closedLongAgo = await capture(420);
    const oldIncident = await openIncident(repos, { image: closedLongAgo.image });
    await ageAlerts(closedLongAgo.image.id, 420);
    await closeIncident(oldIncident.id, 400);
    // 6. An incident closed 100 days ago: kept.
    const closedRecently = await capture(200);
    const recentIncident = await openIncident(repos, { image: closedRecently.image });
    await ageAlerts(closedRecently.image.id, 200);
    await closeIncident(recentIncident.id, 100);
    // 7. An image the worker never judged, however old: kept.
    const unjudged = await capture(90, { processed: false });
    // 8. A login wall captured 45 days ago for diagnosis, belonging to no post: due.
    const { source } = await repos.sources.upsert({
      kind: 'group',
      url: 'https://www.facebook.com/groups/kin',
      canonicalKey: 'group:kin',
    });
    const wall = await put('evidence-html');
    await repos.crawlResults.addEvidence({
      sourceId: source.id,
      kind: 'html',
      blobKey: wall.key,
      sha256: wall.sha256,
      byteSize: wall.byteSize,
      contentType: 'text/html',
      capturedAt: daysAgo(45),
    });
    // 9. Documents: one past its retention date with a kept original, one not yet, and one past
    //    it that an undecided alert still points at.
    const originals = new OriginalStore(dataDir, [{ id: 'k1', key: randomBytes(32) }]);
    const contentSha256 = randomBytes(32).toString('hex');
    const originalKey = await originals.put(Buffer.from('%PDF-1.4 bản gốc'), contentSha256);
    const { document: expired } = await registerFakeDocument(repos, {
      title: 'Danh sách F0 năm 2021',
      retentionUntil: '2024-12-31',
      originalBlobKey: originalKey,
    });
    const { document: current } = await registerFakeDocument(repos, {
      title: 'Quyết định cách ly',
      retentionUntil: '2099-12-31',
    });
    const { document: awaited, page: awaitedPage } = await registerFakeDocument(repos, {
      title: 'Báo cáo dịch tễ',
      retentionUntil: '2024-12-31',
    });
    await recordAlert(repos, {
      alert: matchAlert({ documentId: awaited.id, pageId: awaitedPage.id }),
    });

    const due = [
      unmatchedOld.bytes,
      unmatchedOld.screenshot,
      dismissed.bytes,
      dismissed.screenshot,
      wall,
    ];
    const dueClosed = [closedLongAgo.bytes, closedLongAgo.screenshot];
    const kept = [
      unmatchedRecent.bytes,
      unmatchedRecent.screenshot,
      shared.bytes,
      shared.screenshot,
      sharedBody,
      closedRecently.bytes,
      closedRecently.screenshot,
      unjudged.bytes,
      unjudged.screenshot,
    ];
    const bytesOf = (list: StoredBlob[]) => list.reduce((sum, blob) => sum + blob.byteSize, 0);
    const expectedCounts = {
      unmatched: { blobs: due.length, bytes: bytesOf(due) },
      closedIncidents: { blobs: dueClosed.length, bytes: bytesOf(dueClosed) },
      documents: { documents: 1, thumbnails: 1, bytes: Buffer.from('sealed').length, originals: 1 },
    };

    // Dry run: the counts, and nothing touched.
    const dry = await leakwatch('retention', 'run', '--dry-run', '--json');
    expect(dry.code, dry.stdout + dry.stderr).toBe(0);
    // The query and the policy state the rule twice; the run logs any blob they disagree on.
    expect(dry.stderr).not.toContain('the policy keeps');
    expect(dry.lines[0]).toMatchObject({
      dryRun: true,
      settings: { unmatchedDays, closedIncidentDays },
      ...expectedCounts,
      rowsMarked: { images: 0, evidence: 0, documents: 0 },
      failures: 0,
      error: null,
    });
    for (const blob of [...due, ...dueClosed, ...kept]) expect(await onDisk(blob)).toBe(true);
    expect(
      (await sql('select count(*)::int as n from images where blob_removed_at is not null'))
        .rows[0],
    ).toEqual({ n: 0 });
    expect(await auditEntries()).toEqual([]);

    // A run killed between deleting and marking left one blob deleted and its rows unmarked.
    await blobs.delete(unmatchedOld.screenshot.key);

    const run = await leakwatch('retention', 'run', '--json');
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stderr).not.toContain('the policy keeps');
    const report = run.lines[0] as Record<string, unknown>;
    expect(report).toMatchObject({
      dryRun: false,
      ...expectedCounts,
      // Image rows: the unmatched, dismissed and long-closed ones. Evidence rows: each of those
      // three images' sighting and screenshot, and the wall.
      rowsMarked: { images: 3, evidence: 7, documents: 1 },
      failures: 0,
      error: null,
    });
    expect(Date.parse(report['finishedAt'] as string)).toBeGreaterThanOrEqual(
      Date.parse(report['startedAt'] as string),
    );

    for (const blob of [...due, ...dueClosed]) expect(await onDisk(blob)).toBe(false);
    for (const blob of kept) expect(await onDisk(blob)).toBe(true);

    const removedImages = await sql(
      'select id from images where blob_removed_at is not null order by id',
    );
    expect(removedImages.rows.map((row: { id: string }) => row.id)).toEqual(
      [unmatchedOld.image.id, dismissed.image.id, closedLongAgo.image.id].sort(),
    );
    const removedEvidence = await sql(
      'select blob_key from evidence_blobs where blob_removed_at is not null',
    );
    expect(new Set(removedEvidence.rows.map((row: { blob_key: string }) => row.blob_key))).toEqual(
      new Set([...due, ...dueClosed].map((blob) => blob.key)),
    );
    // Rows and fingerprints stay: repost grouping and the negative bank compare against them.
    for (const { image } of [unmatchedOld, dismissed, closedLongAgo]) {
      expect(await repos.crawlResults.imageById(image.id)).toMatchObject({ sha256: image.sha256 });
      expect(await repos.imageFingerprints.of(image.id)).toMatchObject({ pdq: 'f'.repeat(64) });
    }
    expect(
      (
        await sql('select count(*)::int as n from match_dismissals where image_sha256 = $1', [
          shared.image.sha256,
        ])
      ).rows[0],
    ).toEqual({ n: 1 });

    // The expired document: thumbnails and original gone, fingerprints kept; the others intact.
    const [expiredPage] = await repos.documents.pagesOf(expired.id);
    expect(expiredPage).toMatchObject({ thumbnailCiphertext: null, thumbnailKeyId: null });
    expect((await repos.documents.findById(expired.id))?.contentRemovedAt).toBeInstanceOf(Date);
    expect((await repos.documents.findById(expired.id))?.originalBlobKey).toBeNull();
    await expect(stat(path.join(dataDir, originalKey))).rejects.toMatchObject({ code: 'ENOENT' });
    expect(
      (await sql('select pdq from page_fingerprints where page_id = $1', [expiredPage?.id])).rows,
    ).toEqual([{ pdq: '0'.repeat(64) }]);
    for (const document of [current, awaited]) {
      const [stillSealed] = await repos.documents.pagesOf(document.id);
      expect(stillSealed?.thumbnailCiphertext).toEqual(Buffer.from('sealed'));
      expect((await repos.documents.findById(document.id))?.contentRemovedAt).toBeNull();
    }

    // Audited: counts and bytes, never what was removed.
    const [entry, ...more] = await auditEntries();
    expect(more).toEqual([]);
    expect(entry).toMatchObject({
      actorType: 'system',
      targetType: 'retention',
      details: { dryRun: false, ...expectedCounts },
    });
    const details = JSON.stringify(entry?.details);
    for (const blob of [...due, ...dueClosed]) expect(details).not.toContain(blob.sha256);
    expect((await repos.audit.verify()).ok).toBe(true);

    // A second run finds nothing more to do.
    const again = await leakwatch('retention', 'run', '--json');
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(again.lines[0]).toMatchObject({
      unmatched: { blobs: 0, bytes: 0 },
      closedIncidents: { blobs: 0, bytes: 0 },
      documents: { documents: 0, thumbnails: 0, bytes: 0, originals: 0 },
      rowsMarked: { images: 0, evidence: 0, documents: 0 },
    });
    for (const blob of kept) expect(await onDisk(blob)).toBe(true);

    // Human output names what it did.
    const human = await leakwatch('retention', 'run', '--dry-run');
    expect(human.code, human.stdout + human.stderr).toBe(0);
    expect(human.stdout).toContain('would delete 0 capture(s)');
  });

  it('counts an image as stored again when a crawl brings back bytes retention removed', async () => {
    const { repos } = testDb();
    const bytes = Buffer.from(`ảnh được đăng lại ${randomUUID()}`);
    const stored = await blobs.put(bytes, 'image');
    const crawled = {
      sha256: stored.sha256,
      byteSize: stored.byteSize,
      mimeType: 'image/jpeg',
      width: null,
      height: null,
      blobKey: stored.key,
    };
    const { image } = await repos.crawlResults.upsertImage(crawled);
    await sql(
      `update images set status = 'processed', first_seen_at = $2, processed_at = $2 where id = $1`,
      [image.id, daysAgo(40)],
    );
    const run = await leakwatch('retention', 'run', '--json');
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.lines[0]).toMatchObject({ unmatched: { blobs: 1, bytes: stored.byteSize } });
    expect((await repos.crawlResults.imageById(image.id))?.blobRemovedAt).toBeInstanceOf(Date);
    expect(await onDisk(stored)).toBe(false);

    // The crawler stores the bytes first, then the image row: the row is no longer "removed".
    await blobs.put(bytes, 'image');
    const { image: again, created } = await repos.crawlResults.upsertImage(crawled);
    expect(created).toBe(false);
    expect(again).toMatchObject({ id: image.id, blobRemovedAt: null });
    expect(await onDisk(stored)).toBe(true);
  });
});

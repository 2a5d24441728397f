import { and, inArray, isNull, sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { documentPages, documents, evidenceBlobs, images } from '../schema/index.js';
import { tryLockBlobsExclusive } from './blob-locks.js';

/** What keeps a stored blob whatever its age (the same names as @leakwatch/evidence's holds). */
export type RetentionHoldName = 'image_not_processed' | 'undecided_alert' | 'open_incident';

/** A stored blob past both periods, with the facts that made it so. */
export interface RetentionBlobCandidate {
  blobKey: string;
  byteSize: number;
  /** Rows still pointing at the blob (images and evidence rows). */
  rows: number;
  holds: RetentionHoldName[];
  lastCapturedAt: Date;
  lastDismissedAt: Date | null;
  lastIncidentClosedAt: Date | null;
}

export interface RetentionBlobCutoffs {
  unmatchedBefore: Date;
  incidentClosedBefore: Date;
}

/** A registered document past its `retentionUntil` whose sealed content is still stored. */
export interface RetentionDocumentCandidate {
  documentId: string;
  retentionUntil: string;
  /** Only set when originals were kept (KEEP_ORIGINALS): `originals/<sha256>.<key>.sealed`. */
  originalBlobKey: string | null;
  thumbnails: number;
  thumbnailBytes: number;
}

/** Moments come back as epoch milliseconds: raw SQL results bypass drizzle's column mapping. */
interface FactsRow extends Record<string, unknown> {
  blob_key: string;
  byte_size: number;
  rows: number;
  image_not_processed: boolean;
  undecided_alert: boolean;
  open_incident: boolean;
  last_captured_ms: number;
  last_dismissed_ms: number | null;
  last_incident_closed_ms: number | null;
}

const dateOf = (ms: number | null) => (ms === null ? null : new Date(ms));

/** The database or a transaction on it: what reads and marks need. */
type Executor = Pick<Database, 'execute' | 'update'>;

/** What one locked removal did with the keys it was given. */
export interface LockedBlobRemoval<Removed = RetentionBlobCandidate> {
  /** Deleted and marked: what `remove` returned. */
  removed: Removed[];
  /** Skipped: a crawl was storing the same bytes again; the next run looks at them anew. */
  busy: number;
  /** Locked, but no longer due (a crawl just sighted them again, an alert was raised). */
  noLongerDue: number;
  marked: { images: number; evidence: number };
}

function candidateOf(row: FactsRow): RetentionBlobCandidate {
  return {
    blobKey: row.blob_key,
    byteSize: row.byte_size,
    rows: row.rows,
    holds: (['image_not_processed', 'undecided_alert', 'open_incident'] as const).filter(
      (hold) => row[hold],
    ),
    lastCapturedAt: new Date(row.last_captured_ms),
    lastDismissedAt: dateOf(row.last_dismissed_ms),
    lastIncidentClosedAt: dateOf(row.last_incident_closed_ms),
  };
}

/**
 * The retention run's reads and marks (docs/operations.md, "Retention"). Blobs are found from
 * the rows that still point at them, in key order and in chunks, so a run never holds the
 * whole store in memory and one killed part-way simply starts again.
 */
export class RetentionRepository {
  constructor(private readonly db: Database) {}

  /**
   * Stored blobs that are due, chunk by chunk: `scanChunk` keys are examined at a time (each
   * chunk yields the due ones among them, possibly none). A blob is due when no row pointing at
   * it is held — an image not yet judged, an alert waiting for a decision, a confirmed alert of
   * an incident not closed — and every row is past its period: captured (and any alert on it
   * dismissed) before `unmatchedBefore`, every incident it backs closed before
   * `incidentClosedBefore`. A post's evidence (screenshot, HTML, response body) counts as
   * evidence of every image seen in the post.
   */
  async *dueBlobs(
    cutoffs: RetentionBlobCutoffs,
    options: { scanChunk?: number } = {},
  ): AsyncGenerator<RetentionBlobCandidate[]> {
    const scanChunk = options.scanChunk ?? 500;
    let after = '';
    for (;;) {
      // Keys with at least one stored row old enough to matter, in key order from the cursor.
      const scanned = await this.db.execute<{ blob_key: string }>(sql`
        select blob_key from (
          (select blob_key from images
           where blob_removed_at is null and blob_key > ${after}
             and first_seen_at <= ${cutoffs.unmatchedBefore}
           order by blob_key limit ${scanChunk})
          union
          (select blob_key from evidence_blobs
           where blob_removed_at is null and blob_key > ${after}
             and captured_at <= ${cutoffs.unmatchedBefore}
           order by blob_key limit ${scanChunk})
        ) as keys
        order by blob_key limit ${scanChunk}`);
      const keys = scanned.rows.map((row) => row.blob_key);
      const last = keys.at(-1);
      if (last === undefined) return;
      after = last;
      yield (await this.factsOf(this.db, keys, cutoffs)).map(candidateOf);
      if (keys.length < scanChunk) return;
    }
  }

  /** The facts about each key over every stored row naming it, keeping only the due keys. */
  private async factsOf(
    db: Executor,
    keys: string[],
    cutoffs: RetentionBlobCutoffs,
  ): Promise<FactsRow[]> {
    const { rows } = await db.execute<FactsRow>(sql`
      with stored as (
        select i.blob_key, i.byte_size, greatest(i.first_seen_at, i.processed_at) as captured_at,
               i.id as image_id, null::uuid as post_id
        from images i
        where i.blob_removed_at is null and i.blob_key = any(${sql.param(keys)}::text[])
        union all
        select e.blob_key, e.byte_size, e.captured_at, e.image_id, e.post_id
        from evidence_blobs e
        where e.blob_removed_at is null and e.blob_key = any(${sql.param(keys)}::text[])
      ),
      numbered as (
        select row_number() over () as row_id, stored.* from stored
      ),
      -- Each row with the images it shows or is evidence of: its own, and every image seen in
      -- its post. A wall capture has none, and stands for itself.
      shown as (
        select n.row_id, n.blob_key, n.byte_size, n.captured_at, linked.image_id
        from numbered n
        left join lateral (
          select n.image_id as image_id where n.image_id is not null
          union
          select v.image_id from image_sightings v where v.post_id = n.post_id
        ) as linked on true
      ),
      facts as (
        select sh.blob_key,
               max(sh.byte_size)::int as byte_size,
               count(distinct sh.row_id)::int as rows,
               coalesce(bool_or(i.status = 'pending'), false) as image_not_processed,
               coalesce(bool_or(a.status in ('new', 'quarantined')), false) as undecided_alert,
               coalesce(bool_or(a.status = 'confirmed'
                 and (inc.status is distinct from 'closed' or inc.closed_at is null)), false)
                 as open_incident,
               max(sh.captured_at) as last_captured_at,
               max(coalesce(a.decided_at, a.created_at)) filter (where a.status = 'dismissed')
                 as last_dismissed_at,
               max(inc.closed_at) filter (where a.status = 'confirmed' and inc.status = 'closed')
                 as last_incident_closed_at
        from shown sh
        left join images i on i.id = sh.image_id
        left join alerts a on a.image_id = sh.image_id
        left join incidents inc on inc.id = a.incident_id
        group by sh.blob_key
      )
      select blob_key, byte_size, rows, image_not_processed, undecided_alert, open_incident,
             (extract(epoch from last_captured_at) * 1000)::float8 as last_captured_ms,
             (extract(epoch from last_dismissed_at) * 1000)::float8 as last_dismissed_ms,
             (extract(epoch from last_incident_closed_at) * 1000)::float8
               as last_incident_closed_ms
      from facts
      where not (image_not_processed or undecided_alert or open_incident)
        and last_captured_at <= ${cutoffs.unmatchedBefore}
        and (last_dismissed_at is null or last_dismissed_at <= ${cutoffs.unmatchedBefore})
        and (last_incident_closed_at is null
             or last_incident_closed_at <= ${cutoffs.incidentClosedBefore})
      order by blob_key`);
    return rows;
  }

  /**
   * Deletes the blobs of these keys that are still due, with no crawl able to store them again
   * meanwhile (docs/operations.md, "Retention"): in one transaction, each key's exclusive lock is
   * tried (a crawl storing the same bytes holds it shared: the key is skipped, `busy`), the
   * locked keys are judged again on what is committed now, `remove` deletes the still-due ones
   * and returns those it deleted, and their rows are marked before the locks go. A crawl that
   * brings the bytes back afterwards finds its rows marked and clears the mark as it stores them.
   */
  async removeDueBlobsLocked<Removed extends { blobKey: string }>(
    keys: readonly string[],
    cutoffs: RetentionBlobCutoffs,
    remove: (due: RetentionBlobCandidate[]) => Promise<Removed[]>,
  ): Promise<LockedBlobRemoval<Removed>> {
    if (keys.length === 0)
      return { removed: [], busy: 0, noLongerDue: 0, marked: { images: 0, evidence: 0 } };
    return this.db.transaction(async (tx) => {
      const locked = await tx.execute<{ blob_key: string }>(tryLockBlobsExclusive(keys));
      const lockedKeys = locked.rows.map((row) => row.blob_key);
      const due =
        lockedKeys.length === 0
          ? []
          : (await this.factsOf(tx, lockedKeys, cutoffs)).map(candidateOf);
      const removed = await remove(due);
      const marked = await markRemoved(
        tx,
        removed.map((candidate) => candidate.blobKey),
        new Date(),
      );
      return {
        removed,
        busy: new Set(keys).size - lockedKeys.length,
        noLongerDue: lockedKeys.length - due.length,
        marked,
      };
    });
  }

  /**
   * Marks every stored row naming these keys as removed by retention; returns how many rows of
   * each table it marked. The rows stay (and image fingerprints with them).
   */
  async markBlobsRemoved(
    keys: readonly string[],
    removedAt: Date,
  ): Promise<{ images: number; evidence: number }> {
    if (keys.length === 0) return { images: 0, evidence: 0 };
    return this.db.transaction((tx) => markRemoved(tx, keys, removedAt));
  }

  /**
   * Registered documents past `retentionUntil` (before `retainedBefore`, a YYYY-MM-DD day) whose
   * sealed content is still stored, in id order and in chunks. A document an undecided alert or
   * an incident not closed points at keeps its thumbnails: officers compare against them.
   */
  async *documentsPastRetention(
    retainedBefore: string,
    options: { chunk?: number } = {},
  ): AsyncGenerator<RetentionDocumentCandidate[]> {
    const chunk = options.chunk ?? 200;
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const { rows } = await this.db.execute<{
        id: string;
        retention_until: string;
        original_blob_key: string | null;
        thumbnails: number;
        thumbnail_bytes: number;
      }>(sql`
        select d.id, d.retention_until::text as retention_until, d.original_blob_key,
               count(p.thumbnail_ciphertext)::int as thumbnails,
               coalesce(sum(octet_length(p.thumbnail_ciphertext)), 0)::int as thumbnail_bytes
        from documents d
        left join document_pages p on p.document_id = d.id
        where d.content_removed_at is null
          and d.retention_until < ${retainedBefore}::date
          and d.id > ${after}::uuid
          and not exists (
            select 1 from alerts a
            where a.document_id = d.id and a.status in ('new', 'quarantined'))
          and not exists (
            select 1 from incidents i where i.document_id = d.id and i.status <> 'closed')
        group by d.id
        order by d.id
        limit ${chunk}`);
      const last = rows.at(-1);
      if (!last) return;
      after = last.id;
      yield rows.map((row) => ({
        documentId: row.id,
        retentionUntil: row.retention_until,
        originalBlobKey: row.original_blob_key,
        thumbnails: row.thumbnails,
        thumbnailBytes: row.thumbnail_bytes,
      }));
      if (rows.length < chunk) return;
    }
  }

  /**
   * Drops the sealed thumbnails of these documents' pages and forgets their kept original, and
   * marks the documents; their fingerprints stay. Returns the documents marked.
   */
  async markDocumentContentRemoved(ids: readonly string[], removedAt: Date): Promise<number> {
    if (ids.length === 0) return 0;
    return this.db.transaction(async (tx) => {
      await tx
        .update(documentPages)
        .set({ thumbnailCiphertext: null, thumbnailKeyId: null })
        .where(inArray(documentPages.documentId, [...ids]));
      const marked = await tx
        .update(documents)
        .set({ contentRemovedAt: removedAt, originalBlobKey: null })
        .where(and(inArray(documents.id, [...ids]), isNull(documents.contentRemovedAt)))
        .returning({ id: documents.id });
      return marked.length;
    });
  }
}

async function markRemoved(
  db: Executor,
  keys: readonly string[],
  removedAt: Date,
): Promise<{ images: number; evidence: number }> {
  if (keys.length === 0) return { images: 0, evidence: 0 };
  const markedImages = await db
    .update(images)
    .set({ blobRemovedAt: removedAt })
    .where(and(inArray(images.blobKey, [...keys]), isNull(images.blobRemovedAt)))
    .returning({ id: images.id });
  const markedEvidence = await db
    .update(evidenceBlobs)
    .set({ blobRemovedAt: removedAt })
    .where(and(inArray(evidenceBlobs.blobKey, [...keys]), isNull(evidenceBlobs.blobRemovedAt)))
    .returning({ id: evidenceBlobs.id });
  return { images: markedImages.length, evidence: markedEvidence.length };
}

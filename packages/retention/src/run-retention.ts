import type { BlobStore } from '@leakwatch/blob-store';
import type { RetentionBlobCandidate, Repositories } from '@leakwatch/db';
import {
  decideBlobRetention,
  isDocumentPastRetention,
  retentionCutoffs,
  type RetentionCategory,
  type RetentionSettings,
} from '@leakwatch/evidence';
import type { LogSink } from '@leakwatch/observability';
import type { OriginalStore } from '@leakwatch/registry';

/** What one run removed (or, with `dryRun`, would remove): counts and bytes, never content. */
export interface RetentionRunReport {
  dryRun: boolean;
  settings: RetentionSettings;
  unmatched: { blobs: number; bytes: number };
  closedIncidents: { blobs: number; bytes: number };
  documents: { documents: number; thumbnails: number; bytes: number; originals: number };
  rowsMarked: { images: number; evidence: number; documents: number };
  /** Blobs or originals that could not be deleted (left stored and unmarked for the next run). */
  failures: number;
  /**
   * Due blobs left alone because a crawl was storing the same bytes again at that moment, or
   * had just sighted them (they are wanted again; a later run judges them anew).
   */
  skippedInUse: number;
  /** Why the run stopped early (the counts say what it did until then); null when it finished. */
  error: string | null;
  startedAt: string;
  finishedAt: string;
}

export interface RetentionRunDependencies {
  repos: Repositories;
  blobs: BlobStore;
  originals: Pick<OriginalStore, 'remove'>;
  log: LogSink;
}

// Deletes in flight at once: S3 round trips overlap, a local disk is not flooded.
const deleteConcurrency = 8;

/**
 * Deletes what has outlived its purpose (docs/operations.md, "Retention"), in chunks of blobs
 * found by the database and confirmed by the policy of @leakwatch/evidence.
 *
 * Each chunk is handled under blob locks: keys a crawl is storing again are skipped, the rest
 * are judged again on what is committed, deleted, and their rows marked before the locks go —
 * so a crawl bringing the same bytes back either finishes first (and the blob is no longer due)
 * or waits, then stores them again and clears the mark.
 *
 * Order: blobs are deleted first, then rows marked. A run killed in between leaves rows unmarked
 * that point at deleted blobs; they are still due, so the next run finds them, deletes again
 * (deleting a missing blob is no error) and marks them. Marking first would instead leave,
 * after a crash, blobs still stored that no row lets any run find again: personal data kept
 * for good.
 */
export async function runRetention(
  deps: RetentionRunDependencies,
  options: { settings: RetentionSettings; dryRun: boolean; now?: Date; scanChunk?: number },
): Promise<RetentionRunReport> {
  const now = options.now ?? new Date();
  const report: RetentionRunReport = {
    dryRun: options.dryRun,
    settings: options.settings,
    unmatched: { blobs: 0, bytes: 0 },
    closedIncidents: { blobs: 0, bytes: 0 },
    documents: { documents: 0, thumbnails: 0, bytes: 0, originals: 0 },
    rowsMarked: { images: 0, evidence: 0, documents: 0 },
    failures: 0,
    skippedInUse: 0,
    error: null,
    startedAt: now.toISOString(),
    finishedAt: now.toISOString(),
  };
  try {
    await removeDueBlobs(deps, options, now, report);
    await removeDueDocumentContent(deps, options, now, report);
  } catch (error) {
    // What was removed so far is still reported (and audited by the caller).
    report.error = error instanceof Error ? error.message : String(error);
  }
  report.finishedAt = new Date().toISOString();
  return report;
}

type RunOptions = Parameters<typeof runRetention>[1];

async function removeDueBlobs(
  deps: RetentionRunDependencies,
  options: RunOptions,
  now: Date,
  report: RetentionRunReport,
): Promise<void> {
  const cutoffs = retentionCutoffs(options.settings, now);
  // The query and the policy state one rule twice; a disagreement keeps the blob.
  const confirmDue = (candidates: readonly RetentionBlobCandidate[]) =>
    candidates.flatMap((candidate) => {
      const decision = decideBlobRetention(candidate, options.settings, now);
      if (decision.outcome === 'due') return [{ ...candidate, category: decision.category }];
      deps.log.warn(
        { blobKey: candidate.blobKey, decision },
        'retention: the database offered a blob the policy keeps; kept',
      );
      return [];
    });

  for await (const chunk of deps.repos.retention.dueBlobs(cutoffs, {
    ...(options.scanChunk ? { scanChunk: options.scanChunk } : {}),
  })) {
    const due = confirmDue(chunk);
    if (options.dryRun) {
      tallyRemoved(report, due);
      continue;
    }
    // Judged again under lock: only what is still due once no crawl can store it is deleted.
    const outcome = await deps.repos.retention.removeDueBlobsLocked(
      due.map((candidate) => candidate.blobKey),
      cutoffs,
      async (stillDue) => {
        const confirmed = confirmDue(stillDue);
        const deleted = await deleteAll(
          confirmed,
          (candidate) => deps.blobs.delete(candidate.blobKey),
          deps.log,
        );
        report.failures += confirmed.length - deleted.length;
        return deleted;
      },
    );
    report.skippedInUse += outcome.busy + outcome.noLongerDue;
    tallyRemoved(report, outcome.removed);
    report.rowsMarked.images += outcome.marked.images;
    report.rowsMarked.evidence += outcome.marked.evidence;
  }
}

/** Counts removed blobs under the category the policy filed them in. */
function tallyRemoved(
  report: RetentionRunReport,
  removed: readonly { byteSize: number; category: RetentionCategory }[],
): void {
  for (const candidate of removed) {
    const tally =
      candidate.category === 'closed_incident' ? report.closedIncidents : report.unmatched;
    tally.blobs += 1;
    tally.bytes += candidate.byteSize;
  }
}

async function removeDueDocumentContent(
  deps: RetentionRunDependencies,
  options: RunOptions,
  now: Date,
  report: RetentionRunReport,
): Promise<void> {
  const cutoffs = retentionCutoffs(options.settings, now);
  for await (const chunk of deps.repos.retention.documentsPastRetention(
    cutoffs.documentsRetainedBefore,
  )) {
    const due = chunk.filter((candidate) => isDocumentPastRetention(candidate.retentionUntil, now));
    // A document's kept original is a file of its own; its thumbnails go with the mark.
    const removed = options.dryRun
      ? due
      : await deleteAll(
          due,
          async (candidate) => {
            if (candidate.originalBlobKey) await deps.originals.remove(candidate.originalBlobKey);
          },
          deps.log,
        );
    report.failures += due.length - removed.length;
    for (const candidate of removed) {
      report.documents.documents += 1;
      report.documents.thumbnails += candidate.thumbnails;
      report.documents.bytes += candidate.thumbnailBytes;
      if (candidate.originalBlobKey) report.documents.originals += 1;
    }
    if (!options.dryRun)
      report.rowsMarked.documents += await deps.repos.retention.markDocumentContentRemoved(
        removed.map((candidate) => candidate.documentId),
        new Date(),
      );
  }
}

/** Runs `remove` on every item, a few at a time; returns those it succeeded for. */
async function deleteAll<T>(
  items: readonly T[],
  remove: (item: T) => Promise<void>,
  log: LogSink,
): Promise<T[]> {
  const done: T[] = [];
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      try {
        await remove(item);
        done.push(item);
      } catch (error) {
        log.error({ err: error }, 'retention: a deletion failed; left for the next run');
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(deleteConcurrency, items.length) }, lane));
  return done;
}

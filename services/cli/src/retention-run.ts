import type { BlobStore } from '@leakwatch/blob-store';
import type { Repositories } from '@leakwatch/db';
import {
  decideBlobRetention,
  isDocumentPastRetention,
  retentionCutoffs,
  type RetentionSettings,
} from '@leakwatch/evidence';
import type { Logger } from '@leakwatch/observability';
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
  /** Why the run stopped early (the counts say what it did until then); null when it finished. */
  error: string | null;
  startedAt: string;
  finishedAt: string;
}

export interface RetentionRunDependencies {
  repos: Repositories;
  blobs: BlobStore;
  originals: Pick<OriginalStore, 'remove'>;
  log: Logger;
}

// Deletes in flight at once: S3 round trips overlap, a local disk is not flooded.
const deleteConcurrency = 8;

/**
 * Deletes what has outlived its purpose (docs/operations.md, "Retention"), in chunks of blobs
 * found by the database and confirmed by the policy of @leakwatch/evidence.
 *
 * Order: each chunk's blobs are deleted first, then their rows marked. A run killed in between
 * leaves rows unmarked that point at deleted blobs; they are still due, so the next run finds
 * them, deletes again (deleting a missing blob is no error) and marks them. Marking first would
 * instead leave, after a crash, blobs still stored that no row lets any run find again: personal
 * data kept for good. Until the next run, readers meet the missing blob as they would any
 * missing blob (a preview answers 404).
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

  for await (const chunk of deps.repos.retention.dueBlobs(cutoffs, {
    ...(options.scanChunk ? { scanChunk: options.scanChunk } : {}),
  })) {
    const due = chunk.flatMap((candidate) => {
      const decision = decideBlobRetention(candidate, options.settings, now);
      if (decision.outcome === 'due') return [{ ...candidate, category: decision.category }];
      // The query and the policy state one rule twice; a disagreement keeps the blob.
      deps.log.warn(
        { blobKey: candidate.blobKey, decision },
        'retention: the database offered a blob the policy keeps; kept',
      );
      return [];
    });
    const deleted = options.dryRun
      ? due
      : await deleteAll(due, (candidate) => deps.blobs.delete(candidate.blobKey), deps.log);
    report.failures += due.length - deleted.length;
    for (const candidate of deleted) {
      const tally =
        candidate.category === 'closed_incident' ? report.closedIncidents : report.unmatched;
      tally.blobs += 1;
      tally.bytes += candidate.byteSize;
    }
    if (!options.dryRun) {
      const marked = await deps.repos.retention.markBlobsRemoved(
        deleted.map((candidate) => candidate.blobKey),
        new Date(),
      );
      report.rowsMarked.images += marked.images;
      report.rowsMarked.evidence += marked.evidence;
    }
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
  log: Logger,
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

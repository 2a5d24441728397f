import type { BlobStore } from '@leakwatch/blob-store';
import type { FloodGuardPolicy, NewAlert, Repositories } from '@leakwatch/db';
import { LeakWatchError } from '@leakwatch/errors';
import { nearIdenticalPdqDistance, type MatchReport } from '@leakwatch/matcher';

export interface ProcessImageDependencies {
  repos: Pick<Repositories, 'crawlResults' | 'alerts' | 'imageFingerprints'>;
  blobs: BlobStore;
  match: (bytes: Uint8Array) => Promise<MatchReport>;
  /** Holds back the alerts of a page that suddenly matches everything (main.ts always sets it). */
  floodGuard?: FloodGuardPolicy;
}

export type ProcessImageResult =
  | {
      status: 'done';
      verdict: MatchReport['verdict'];
      alertsCreated: number;
      /** Alerts held back by the flood guard, and the holds this image opened. */
      alertsQuarantined: number;
      floodHoldsOpened: string[];
      /** Seconds per stage (decode, hash, ocr, match), for the metrics. */
      stages: MatchReport['stages'];
    }
  | { status: 'skipped'; reason: string };

/**
 * The alerts a verdict raises: one per matched document, or one for an unregistered leak. An
 * unregistered leak joins the group of a near-identical earlier one (`sensitiveGroup`) so its
 * reposts are confirmed once; otherwise it starts its own group.
 */
export function alertsFor(report: MatchReport, sensitiveGroup?: string): NewAlert[] {
  if (report.verdict === 'match') {
    const perDocument = new Map<string, MatchReport['matches'][number]>();
    for (const match of report.matches)
      if (!perDocument.has(match.documentId)) perDocument.set(match.documentId, match);
    return [...perDocument.values()].map((match) => ({
      kind: 'match' as const,
      documentId: match.documentId,
      pageId: match.pageId,
      score: match.score,
      signals: { rules: match.rules, ...match.signals },
      region: match.region,
      findings: report.findings.map(({ kind, count }) => ({ kind, count })),
      // Every image of the same page groups together in triage.
      dedupKey: `match:${match.pageId}`,
    }));
  }
  if (report.verdict === 'sensitive-unregistered')
    return [
      {
        kind: 'sensitive_unregistered' as const,
        score: report.risk,
        findings: report.findings.map(({ kind, count }) => ({ kind, count })),
        dedupKey: sensitiveGroup ?? `sensitive:${report.sha256}`,
      },
    ];
  return [];
}

/**
 * One `process-image` job: the stored bytes are matched once and the verdict, its alerts and the
 * job's completion are written together. Images are stored by content, so a repost of the same
 * picture never reaches here twice; a re-delivered job (worker killed mid-way) finds its
 * completion record and writes nothing again.
 */
export async function processImage(
  deps: ProcessImageDependencies,
  imageId: string,
  jobKey: string,
): Promise<ProcessImageResult> {
  const image = await deps.repos.crawlResults.imageById(imageId);
  if (!image) throw new LeakWatchError('LW_NOT_FOUND', { params: { what: `Image ${imageId}` } });
  if (image.status === 'processed') return { status: 'skipped', reason: 'already processed' };
  const report = await deps.match(await deps.blobs.get(image.blobKey));
  const { pdq, pdqQuality, phash, dhash, blockhash } = report.fingerprint;
  const sensitiveGroup =
    report.verdict === 'sensitive-unregistered'
      ? await deps.repos.imageFingerprints.nearIdenticalSensitiveKey(pdq, nearIdenticalPdqDistance)
      : undefined;
  const recorded = await deps.repos.alerts.recordImageVerdict({
    jobKey,
    queue: 'images',
    imageId,
    alerts: alertsFor(report, sensitiveGroup),
    outcome: { verdict: report.verdict, matches: report.matches.length, seconds: report.seconds },
    // Kept for recognising this picture when it comes back re-encoded (negative list, grouping).
    hashes: { pdq, pdqQuality, phash, dhash, blockhash },
    ...(deps.floodGuard ? { floodGuard: deps.floodGuard } : {}),
  });
  if (recorded.alreadyDone)
    return { status: 'skipped', reason: 'completed by an earlier delivery' };
  return {
    status: 'done',
    verdict: report.verdict,
    alertsCreated: recorded.alertsCreated,
    alertsQuarantined: recorded.alertsQuarantined,
    floodHoldsOpened: recorded.floodHoldsOpened,
    stages: report.stages,
  };
}

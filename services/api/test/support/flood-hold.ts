import { randomUUID } from 'node:crypto';
import type { FloodGuardPolicy, Repositories } from '@leakwatch/db';
import { decideFloodHold, floodHoldNotification } from '@leakwatch/incidents';

/** The worker's flood guard with a low bar (three alerts in an hour), so tests flood quickly. */
export const quickFloodGuard: FloodGuardPolicy = {
  windowMinutes: 60,
  baselineDays: 7,
  decide: (counts) =>
    decideFloodHold(counts, { windowMinutes: 60, minimumAlerts: 3, factor: 10, baselineDays: 7 }),
  notification: (hold, recipients) =>
    floodHoldNotification(hold, recipients, 'http://leakwatch.test'),
};

const hex = () => randomUUID().replace(/-/g, '');

export async function registerPage(repos: Repositories, title = 'Mẫu phiếu khai báo y tế') {
  const { document } = await repos.documents.register(
    { contentSha256: `${hex()}${hex()}`, title },
    [
      {
        pageNumber: 1,
        width: 1240,
        height: 1754,
        textSource: 'text_layer',
        thumbnailCiphertext: Buffer.from('sealed'),
        thumbnailKeyId: 't',
        pdq: '0'.repeat(64),
        pdqQuality: 100,
        phash: '0'.repeat(16),
        dhash: '0'.repeat(16),
        blockhash: '0'.repeat(64),
        keypoints: Buffer.alloc(0),
        textKeyId: 'k',
        shingles: [],
      },
    ],
  );
  const [page] = await repos.documents.pagesOf(document.id);
  if (!page) throw new Error('no page');
  return { documentId: document.id, pageId: page.id };
}

/** A new image matched to `page`, its verdict recorded under the quick flood guard. */
export async function recordMatch(
  repos: Repositories,
  page: { documentId: string; pageId: string },
): Promise<string> {
  const sha256 = `${hex()}${hex()}`;
  const { image } = await repos.crawlResults.upsertImage({
    sha256,
    byteSize: 1,
    mimeType: 'image/jpeg',
    width: null,
    height: null,
    blobKey: `image/${sha256.slice(0, 2)}/${sha256}`,
  });
  await repos.alerts.recordImageVerdict({
    jobKey: `process-image-${image.id}`,
    queue: 'images',
    imageId: image.id,
    alerts: [
      {
        kind: 'match',
        documentId: page.documentId,
        pageId: page.pageId,
        score: 0.9,
        dedupKey: `match:${page.pageId}`,
      },
    ],
    outcome: {},
    floodGuard: quickFloodGuard,
  });
  const [alert] = await repos.alerts.forImage(image.id);
  if (!alert) throw new Error('no alert');
  return alert.id;
}

/** A page flooded with `alerts` matches (at least the three that open its hold). */
export async function openFloodHold(repos: Repositories, alerts = 3) {
  const page = await registerPage(repos);
  const alertIds: string[] = [];
  for (let i = 0; i < alerts; i += 1) alertIds.push(await recordMatch(repos, page));
  const hold = (await repos.floodHolds.list()).find(
    (candidate) => candidate.pageId === page.pageId && candidate.endedAt === null,
  );
  if (!hold) throw new Error('no flood hold opened');
  return { hold, page, alertIds };
}

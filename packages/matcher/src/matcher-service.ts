import type { Repositories } from '@leakwatch/db';
import type { LogSink } from '@leakwatch/observability';
import { ThreadedDocumentReader, type OcrModel } from '@leakwatch/ocr';
import { boilerplateKeys, featureHash } from '@leakwatch/text';
import { loadOpenCv } from '@leakwatch/vision';
import { ImageMatcher, nearIdenticalPdqDistance, type MatchReport } from './image-matcher.js';
import { MatcherIndex } from './matcher-index.js';
import { RegistrySync } from './registry-sync.js';

export interface MatcherServiceOptions {
  repos: Pick<Repositories, 'documents' | 'matchDismissals'>;
  textKey: Buffer;
  textKeyId: string;
  ocr: { model: OcrModel; workers: number; timeoutMs: number };
  /** Follow registrations and revocations by other processes (long-lived processes). */
  follow: boolean;
  /** How often a following service looks for registry changes (default 2 s). */
  pollMs?: number;
  log?: LogSink;
}

export interface MatcherService {
  match(bytes: Uint8Array): Promise<MatchReport>;
  index: MatcherIndex;
  close(): Promise<void>;
}

/** Loads the registry into memory and matches images against it, as a process-wide service. */
export async function createMatcherService(
  options: MatcherServiceOptions,
): Promise<MatcherService> {
  const index = new MatcherIndex(
    new Set([...boilerplateKeys].map((key) => featureHash(key, options.textKey))),
  );
  const sync = new RegistrySync(options.repos, index, {
    textKeyId: options.textKeyId,
    ...(options.pollMs ? { pollMs: options.pollMs } : {}),
    ...(options.log ? { log: options.log } : {}),
  });
  // Reading (page geometry and OCR) runs on a thread of its own: a worker's other jobs go on
  // hashing while a document-like image is read.
  const [cv, reader] = await Promise.all([
    loadOpenCv(),
    ThreadedDocumentReader.start(options.ocr),
    sync.load(),
  ]);
  if (options.follow) sync.start();
  const matcher = new ImageMatcher({
    index,
    cv,
    reader,
    textKey: options.textKey,
    keypoints: (pageId) => options.repos.documents.keypointsOf(pageId),
    dismissedPages: ({ sha256, pdq }) =>
      options.repos.matchDismissals.dismissedPages(sha256, {
        pdq,
        maxDistance: nearIdenticalPdqDistance,
      }),
  });
  return {
    match: async (bytes) => {
      // One cheap query: a revocation committed a moment ago is honoured by the very next match,
      // not only at the next poll.
      if (options.follow) await sync.catchUp();
      return matcher.match(bytes);
    },
    index,
    close: async () => {
      await sync.stop();
      await reader.close();
    },
  };
}

import type { Repositories } from '@leakwatch/db';
import { OcrEngine, type OcrModel } from '@leakwatch/ocr';
import { loadOpenCv } from '@leakwatch/vision';
import {
  registerDocument,
  type RegistrationInput,
  type RegistrationResult,
} from './register-document.js';
import type { OriginalStore } from './original-store.js';
import type { ThumbnailKey } from './thumbnail-crypto.js';

export interface RegistryServiceOptions {
  repos: Pick<Repositories, 'documents'>;
  textKey: Buffer;
  textKeyId: string;
  /** The first key encrypts new thumbnails. */
  thumbnailKeys: readonly ThumbnailKey[];
  ocr: { model: OcrModel; workers: number; timeoutMs: number };
  searchPath: string;
  /** Set when the deployment keeps originals (KEEP_ORIGINALS=true): sealed files go here. */
  originals?: OriginalStore;
}

export interface RegistryService {
  register(input: RegistrationInput, onPage?: (done: number) => void): Promise<RegistrationResult>;
  revoke(documentId: string, revokedBy: string | null): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * Registration as a long-lived service (CLI, API, folder watcher): OpenCV loads once, the OCR
 * engine starts only when a scanned page first needs it.
 */
export async function createRegistryService(
  options: RegistryServiceOptions,
): Promise<RegistryService> {
  const cv = await loadOpenCv();
  const thumbnailKey = options.thumbnailKeys[0];
  if (!thumbnailKey) throw new Error('no thumbnail key configured');
  let engine: Promise<OcrEngine> | undefined;
  const ocr = () => (engine ??= OcrEngine.start(options.ocr));
  return {
    register: (input, onPage) =>
      registerDocument(
        {
          repos: options.repos,
          cv,
          ocr,
          textKey: options.textKey,
          textKeyId: options.textKeyId,
          thumbnailKey,
          searchPath: options.searchPath,
          ...(onPage ? { onPage } : {}),
          ...(options.originals
            ? { keepOriginal: options.originals.put.bind(options.originals) }
            : {}),
        },
        input,
      ),
    revoke: async (documentId, revokedBy) =>
      (await options.repos.documents.revoke(documentId, revokedBy)) !== undefined,
    close: async () => {
      if (engine) await (await engine).close();
    },
  };
}

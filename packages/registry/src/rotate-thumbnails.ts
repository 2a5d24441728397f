import type { Repositories } from '@leakwatch/db';
import { OriginalStore } from './original-store.js';
import { decryptThumbnail, encryptThumbnail, type ThumbnailKey } from './thumbnail-crypto.js';

export interface RotationResult {
  /** Thumbnails re-sealed under the current key. */
  resealed: number;
  /** Thumbnails whose key is no longer configured (listed by key id): they stay as they are. */
  unreadable: Record<string, number>;
  /** Kept originals (KEEP_ORIGINALS) re-sealed, and those whose key is gone. */
  originals: { resealed: number; unreadable: Record<string, number> };
}

const batch = 200;

/**
 * Re-seals every thumbnail under the first configured key, so older keys can be retired. Safe
 * to interrupt and re-run: each page is updated on its own, and only if nobody did it first.
 */
export async function rotateThumbnails(
  repos: Pick<Repositories, 'documents'>,
  keys: readonly ThumbnailKey[],
  onProgress?: (done: number) => void,
  originals?: OriginalStore,
): Promise<RotationResult> {
  const current = keys[0];
  if (!current) throw new Error('no thumbnail key configured');
  const result: RotationResult = {
    resealed: 0,
    unreadable: {},
    originals: { resealed: 0, unreadable: {} },
  };
  let after: string | undefined;
  for (;;) {
    const rows = await repos.documents.thumbnailsNotUnder(current.id, {
      limit: batch,
      ...(after ? { afterPageId: after } : {}),
    });
    if (rows.length === 0) break;
    for (const row of rows) {
      if (!keys.some((key) => key.id === row.keyId)) {
        result.unreadable[row.keyId] = (result.unreadable[row.keyId] ?? 0) + 1;
        continue;
      }
      const plain = decryptThumbnail(row.ciphertext, row.keyId, keys);
      const replaced = await repos.documents.replaceThumbnail(row.pageId, row.keyId, {
        keyId: current.id,
        ciphertext: encryptThumbnail(plain, current),
      });
      if (replaced) result.resealed += 1;
    }
    after = rows.at(-1)?.pageId;
    onProgress?.(result.resealed);
  }
  if (originals) {
    for (const { documentId, blobKey } of await repos.documents.originalsNotUnder(current.id)) {
      const keyId = OriginalStore.keyIdOf(blobKey) ?? '?';
      if (!keys.some((key) => key.id === keyId)) {
        result.originals.unreadable[keyId] = (result.originals.unreadable[keyId] ?? 0) + 1;
        continue;
      }
      const renewed = await originals.reseal(blobKey);
      if (await repos.documents.replaceOriginal(documentId, blobKey, renewed))
        result.originals.resealed += 1;
    }
  }
  return result;
}

import { LeakWatchError } from '@leakwatch/errors';
import { openSealed, sealBytes, SealError, type SealingKey } from '@leakwatch/sealing';

export type ThumbnailKey = SealingKey;

/** Thumbnails are sealed with the key id alone as associated data (the stored format). */
export function encryptThumbnail(plain: Buffer, key: ThumbnailKey): Buffer {
  return sealBytes(plain, key, key.id);
}

export function decryptThumbnail(
  sealed: Buffer,
  keyId: string,
  keys: readonly ThumbnailKey[],
): Buffer {
  try {
    return openSealed(sealed, keyId, keys, keyId);
  } catch (error) {
    if (error instanceof SealError && error.reason === 'unknown-key')
      throw new LeakWatchError('LW_THUMBNAIL_KEY_MISSING', { params: { keyId } });
    throw new LeakWatchError('LW_THUMBNAIL_DAMAGED', {
      params: { reason: error instanceof Error ? error.message : String(error) },
      cause: error,
    });
  }
}

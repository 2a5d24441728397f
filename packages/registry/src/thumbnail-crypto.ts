import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { LeakWatchError } from '@leakwatch/errors';

export interface ThumbnailKey {
  id: string;
  /** 32 bytes (AES-256). */
  key: Buffer;
}

const magic = Buffer.from('LWT1');

/**
 * AES-256-GCM: a fresh 12-byte nonce per thumbnail, the 16-byte tag authenticates the bytes and
 * the key id (as associated data), so a thumbnail cannot be moved under another key's label.
 * Layout: "LWT1" | nonce | tag | ciphertext.
 */
export function encryptThumbnail(plain: Buffer, key: ThumbnailKey): Buffer {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key.key, nonce);
  cipher.setAAD(Buffer.from(key.id));
  const ciphertext = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([magic, nonce, cipher.getAuthTag(), ciphertext]);
}

export function decryptThumbnail(
  sealed: Buffer,
  keyId: string,
  keys: readonly ThumbnailKey[],
): Buffer {
  const key = keys.find((candidate) => candidate.id === keyId);
  if (!key) throw new LeakWatchError('LW_THUMBNAIL_KEY_MISSING', { params: { keyId } });
  if (sealed.length < 32 || !sealed.subarray(0, 4).equals(magic)) {
    throw new LeakWatchError('LW_THUMBNAIL_DAMAGED', { params: { reason: 'unknown format' } });
  }
  const decipher = createDecipheriv('aes-256-gcm', key.key, sealed.subarray(4, 16));
  decipher.setAAD(Buffer.from(key.id));
  decipher.setAuthTag(sealed.subarray(16, 32));
  try {
    return Buffer.concat([decipher.update(sealed.subarray(32)), decipher.final()]);
  } catch (error) {
    throw new LeakWatchError('LW_THUMBNAIL_DAMAGED', {
      params: { reason: 'authentication failed' },
      cause: error,
    });
  }
}

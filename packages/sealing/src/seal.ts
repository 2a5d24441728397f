import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export interface SealingKey {
  id: string;
  /** 32 bytes (AES-256). */
  key: Buffer;
}

/** Why sealed bytes could not be opened; callers map it to their own error code. */
export class SealError extends Error {
  constructor(
    readonly reason: 'unknown-key' | 'damaged',
    message: string,
  ) {
    super(message);
    this.name = 'SealError';
  }
}

const magic = Buffer.from('LWT1');
const headerLength = 4 + 12 + 16;

/**
 * AES-256-GCM with a fresh 12-byte nonce per message. The tag authenticates the bytes and the
 * associated data (`aad`: at least the key id, plus what the bytes are for), so sealed bytes
 * cannot be moved under another key's label or reused for another purpose.
 * Layout: "LWT1" | nonce | tag | ciphertext.
 */
export function sealBytes(plain: Buffer, key: SealingKey, aad: string): Buffer {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key.key, nonce);
  cipher.setAAD(Buffer.from(aad));
  const ciphertext = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([magic, nonce, cipher.getAuthTag(), ciphertext]);
}

export function openSealed(
  sealed: Buffer,
  keyId: string,
  keys: readonly SealingKey[],
  aad: string,
): Buffer {
  const key = keys.find((candidate) => candidate.id === keyId);
  if (!key) throw new SealError('unknown-key', `no key with id "${keyId}" is configured`);
  if (sealed.length < headerLength || !sealed.subarray(0, 4).equals(magic))
    throw new SealError('damaged', 'unknown format');
  const decipher = createDecipheriv('aes-256-gcm', key.key, sealed.subarray(4, 16));
  decipher.setAAD(Buffer.from(aad));
  decipher.setAuthTag(sealed.subarray(16, headerLength));
  try {
    return Buffer.concat([decipher.update(sealed.subarray(headerLength)), decipher.final()]);
  } catch {
    throw new SealError('damaged', 'authentication failed');
  }
}

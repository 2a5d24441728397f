import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { LeakWatchError } from '@leakwatch/errors';
import { decryptThumbnail, encryptThumbnail, type ThumbnailKey } from './thumbnail-crypto.js';

/**
 * Originals of registered files, kept only when the deployment sets KEEP_ORIGINALS=true (for
 * example to re-register after a text-key change). Sealed with AES-256-GCM under the current
 * thumbnail key, never in clear; the blob key names the file and the key id that sealed it.
 */
export class OriginalStore {
  constructor(
    private readonly root: string,
    private readonly keys: readonly ThumbnailKey[],
  ) {}

  /** Seals and stores one file; returns its blob key (`originals/<sha256>.<keyId>.sealed`). */
  async put(bytes: Uint8Array, sha256: string): Promise<string> {
    const key = this.keys[0];
    if (!key) throw new Error('no thumbnail key configured');
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`not a SHA-256: ${sha256}`);
    const blobKey = `originals/${sha256}.${key.id}.sealed`;
    const file = path.join(this.root, blobKey);
    await mkdir(path.dirname(file), { recursive: true });
    // Written aside and renamed: a crash never leaves a half-written original under its name.
    const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
    await writeFile(temporary, encryptThumbnail(Buffer.from(bytes), key), { mode: 0o600 });
    await rename(temporary, file);
    return blobKey;
  }

  /** The key id an original's blob key says sealed it. */
  static keyIdOf(blobKey: string): string | undefined {
    return /^originals\/[0-9a-f]{64}\.([A-Za-z0-9_.-]+)\.sealed$/.exec(blobKey)?.[1];
  }

  /** Re-seals an original under the current key; the old file is removed once the new one exists. */
  async reseal(blobKey: string): Promise<string> {
    const sha256 = blobKey.slice('originals/'.length, 'originals/'.length + 64);
    const plain = await this.get(blobKey);
    const renewed = await this.put(plain, sha256);
    if (renewed !== blobKey) await rm(path.join(this.root, blobKey), { force: true });
    return renewed;
  }

  /** Deletes a kept original (the retention run, past the document's date); absent is fine. */
  async remove(blobKey: string): Promise<void> {
    if (OriginalStore.keyIdOf(blobKey) === undefined)
      throw new LeakWatchError('LW_VALIDATION_FAILED', {
        params: { problems: `not an original's key: ${blobKey}` },
      });
    await rm(path.join(this.root, blobKey), { force: true });
  }

  async get(blobKey: string): Promise<Buffer> {
    const match = /^originals\/[0-9a-f]{64}\.([A-Za-z0-9_.-]+)\.sealed$/.exec(blobKey);
    if (!match?.[1])
      throw new LeakWatchError('LW_VALIDATION_FAILED', {
        params: { problems: `not an original's key: ${blobKey}` },
      });
    return decryptThumbnail(await readFile(path.join(this.root, blobKey)), match[1], this.keys);
  }
}

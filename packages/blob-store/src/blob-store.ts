import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface StoredBlob {
  key: string;
  sha256: string;
  byteSize: number;
}

/** Where captured evidence and images live: a local folder, or an S3-compatible bucket. */
export interface BlobStore {
  put(bytes: Uint8Array, kind: string): Promise<StoredBlob>;
  /**
   * The bytes under a key; throws BlobMissingError when nothing is stored there (retention
   * removed it, or the store was moved), and an error when the bytes no longer match the
   * SHA-256 the key names.
   */
  get(key: string): Promise<Buffer>;
  /**
   * Removes the bytes under a key; nothing stored there is not an error, so a retention run that
   * stopped half-way can simply run again. Only the retention run calls it (docs/operations.md).
   */
  delete(key: string): Promise<void>;
}

/** Nothing is stored under the key: a reader can say "gone" rather than "broken". */
export class BlobMissingError extends Error {
  constructor(
    readonly key: string,
    options?: { cause?: unknown },
  ) {
    super(`no blob is stored under ${key}`, options);
    this.name = 'BlobMissingError';
  }
}

const kindPattern = /^[a-z][a-z0-9-]{0,30}$/;
const keyPattern = /^[a-z][a-z0-9-]{0,30}\/[0-9a-f]{2}\/([0-9a-f]{64})$/;

/** The content address of bytes: `<kind>/<first two hex>/<sha256>`. */
export function blobKey(bytes: Uint8Array, kind: string): StoredBlob {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return { key: blobKeyOfDigest(sha256, kind), sha256, byteSize: bytes.length };
}

/** The same address from a SHA-256 already computed (hex), without hashing the bytes again. */
export function blobKeyOfDigest(sha256: string, kind: string): string {
  if (!kindPattern.test(kind)) throw new Error(`invalid blob kind: ${kind}`);
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error('invalid SHA-256 for a blob key');
  return `${kind}/${sha256.slice(0, 2)}/${sha256}`;
}

/** Validates a key (it must not reach outside the store) and returns the SHA-256 it names. */
export function parseBlobKey(key: string): { sha256: string } {
  const sha256 = keyPattern.exec(key)?.[1];
  const folder = key.slice(key.indexOf('/') + 1, key.lastIndexOf('/'));
  if (sha256?.slice(0, 2) !== folder) throw new Error(`invalid blob key: ${key}`);
  return { sha256 };
}

/**
 * Content-addressed files under a folder. The same bytes are stored once however often they are
 * captured; a write goes to a temporary name and is renamed, so a crash never leaves a partial
 * blob under a real key. Files are readable by the owner only.
 */
export class LocalBlobStore implements BlobStore {
  constructor(private readonly root: string) {}

  async put(bytes: Uint8Array, kind: string): Promise<StoredBlob> {
    const blob = blobKey(bytes, kind);
    const file = path.join(this.root, blob.key);
    const existing = await stat(file).catch(() => undefined);
    if (existing?.size !== bytes.length) {
      await mkdir(path.dirname(file), { recursive: true });
      const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
      await writeFile(temporary, bytes, { mode: 0o600 });
      await rename(temporary, file);
    }
    return blob;
  }

  async get(key: string): Promise<Buffer> {
    const { sha256 } = parseBlobKey(key);
    const bytes = await readFile(path.join(this.root, key)).catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT')
        throw new BlobMissingError(key, { cause: error });
      throw error;
    });
    assertContent(bytes, sha256, key);
    return bytes;
  }

  async delete(key: string): Promise<void> {
    parseBlobKey(key);
    await rm(path.join(this.root, key), { force: true });
  }
}

/** Refuses bytes that are not what their key says: corrupted or swapped blobs are not evidence. */
export function assertContent(bytes: Uint8Array, sha256: string, key: string): void {
  const actual = createHash('sha256').update(bytes).digest('hex');
  if (actual !== sha256) throw new Error(`blob ${key} does not match its SHA-256 (got ${actual})`);
}

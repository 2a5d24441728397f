import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface StoredBlob {
  key: string;
  sha256: string;
  byteSize: number;
}

/** Where captured evidence and images live; a local folder now, S3-compatible storage later. */
export interface BlobStore {
  put(bytes: Uint8Array, kind: string): Promise<StoredBlob>;
  get(key: string): Promise<Buffer>;
}

const kindPattern = /^[a-z][a-z0-9-]{0,30}$/;
const keyPattern = /^[a-z][a-z0-9-]{0,30}\/[0-9a-f]{2}\/[0-9a-f]{64}$/;

/**
 * Content-addressed files under a folder: `<kind>/<first two hex>/<sha256>`. The same bytes are
 * stored once however often they are captured; a write goes to a temporary name and is renamed,
 * so a crash never leaves a partial blob under a real key. Files are readable by the owner only.
 */
export class LocalBlobStore implements BlobStore {
  constructor(private readonly root: string) {}

  async put(bytes: Uint8Array, kind: string): Promise<StoredBlob> {
    if (!kindPattern.test(kind)) throw new Error(`invalid blob kind: ${kind}`);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const key = `${kind}/${sha256.slice(0, 2)}/${sha256}`;
    const file = path.join(this.root, key);
    const existing = await stat(file).catch(() => undefined);
    if (existing?.size !== bytes.length) {
      await mkdir(path.dirname(file), { recursive: true });
      const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
      await writeFile(temporary, bytes, { mode: 0o600 });
      await rename(temporary, file);
    }
    return { key, sha256, byteSize: bytes.length };
  }

  async get(key: string): Promise<Buffer> {
    if (!keyPattern.test(key)) throw new Error(`invalid blob key: ${key}`);
    return readFile(path.join(this.root, key));
  }
}

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlobMissingError, S3BlobStore, openBlobStore } from '../src/index.js';

// s3rver is a real S3-compatible HTTP server (objects on disk), installed from npm. It checks the
// access key id but not SigV4 signatures themselves, so a wrong key id is what proves refusal.
const bucket = 'leakwatch-evidence';
const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
let directory = '';
let server: S3rver;
let endpoint = '';

beforeAll(async () => {
  directory = await mkdtemp(path.join(tmpdir(), 'lw-s3-'));
  server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    directory,
    silent: true,
    configureBuckets: [{ name: bucket }],
  });
  const address = await server.run();
  endpoint = `http://127.0.0.1:${address.port}`;
});
afterAll(async () => {
  await server.close();
  await rm(directory, { recursive: true, force: true });
});

function store(prefix?: string): S3BlobStore {
  return new S3BlobStore({ bucket, region: 'us-east-1', endpoint, ...credentials, prefix });
}

describe('S3-compatible blob store', () => {
  it('stores bytes once under their content address and gives them back', async () => {
    const blobs = store('tinh-lam-dong');
    const bytes = Buffer.from('ảnh chụp danh sách F1 — bằng chứng');
    const first = await blobs.put(bytes, 'screenshot');
    const again = await blobs.put(Buffer.from(bytes), 'screenshot');
    expect(again).toEqual(first);
    expect(first.key).toBe(`screenshot/${first.sha256.slice(0, 2)}/${first.sha256}`);
    expect((await blobs.get(first.key)).equals(bytes)).toBe(true);
    // The prefix keeps installations apart in one bucket.
    await expect(store('other').get(first.key)).rejects.toBeInstanceOf(BlobMissingError);
    blobs.close();
  });

  it('is what the configuration opens for BLOB_STORE=s3', async () => {
    const blobs = openBlobStore({
      kind: 's3',
      bucket,
      region: 'us-east-1',
      endpoint,
      ...credentials,
    });
    const bytes = Buffer.alloc(3 * 1024 * 1024, 7);
    const stored = await blobs.put(bytes, 'image');
    expect(stored.byteSize).toBe(bytes.length);
    expect((await blobs.get(stored.key)).equals(bytes)).toBe(true);
  });

  it('deletes an object, and deleting an absent one succeeds too', async () => {
    const blobs = store('tinh-lam-dong');
    const kept = await blobs.put(Buffer.from('bằng chứng sự cố đang mở'), 'image');
    const removed = await blobs.put(Buffer.from('ảnh không khớp, quá hạn'), 'image');
    await blobs.delete(removed.key);
    await expect(blobs.get(removed.key)).rejects.toBeInstanceOf(BlobMissingError);
    await blobs.delete(removed.key);
    // Only the key under this prefix is gone.
    expect((await blobs.get(kept.key)).toString()).toBe('bằng chứng sự cố đang mở');
    await expect(blobs.delete('../etc/passwd')).rejects.toThrow(/invalid blob key/);
    blobs.close();
  });

  it('refuses an object whose bytes were changed behind its back', async () => {
    const blobs = store();
    const stored = await blobs.put(Buffer.from('bản gốc'), 'html');
    // Tamper with the object in the server's own storage folder.
    const objectFile = path.join(directory, bucket, `${stored.key}._S3rver_object`);
    await writeFile(objectFile, 'bản đã sửa');
    await expect(blobs.get(stored.key)).rejects.toThrow(/does not match its SHA-256/);
  });

  it('refuses wrong credentials and keys outside the layout', async () => {
    const stranger = new S3BlobStore({
      bucket,
      region: 'us-east-1',
      endpoint,
      accessKeyId: 'UNKNOWNKEY',
      secretAccessKey: 'S3RVER',
    });
    await expect(stranger.put(Buffer.from('x'), 'image')).rejects.toMatchObject({
      $metadata: { httpStatusCode: 403 },
    });
    await expect(store().get('../etc/passwd')).rejects.toThrow(/invalid blob key/);
  });
});

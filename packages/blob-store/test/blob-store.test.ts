import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlobMissingError, blobKey, LocalBlobStore } from '../src/index.js';

let root = '';
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'lw-blobs-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('local blob store', () => {
  it('stores bytes once by content, privately, and gives them back', async () => {
    const store = new LocalBlobStore(root);
    const bytes = Buffer.from('ảnh chụp công văn');
    const first = await store.put(bytes, 'image');
    const again = await store.put(Buffer.from(bytes), 'image');
    expect(again).toEqual(first);
    expect(first.key).toBe(`image/${first.sha256.slice(0, 2)}/${first.sha256}`);
    expect((await store.get(first.key)).equals(bytes)).toBe(true);
    expect((await stat(path.join(root, first.key))).mode & 0o777).toBe(0o600);
    expect(await readdir(path.join(root, 'image', first.sha256.slice(0, 2)))).toEqual([
      first.sha256,
    ]);
  });

  it('says plainly when nothing is stored under a key', async () => {
    const store = new LocalBlobStore(root);
    const absent = blobKey(Buffer.from('never stored'), 'image');
    await expect(store.get(absent.key)).rejects.toBeInstanceOf(BlobMissingError);
  });

  it('refuses keys and kinds that could leave its folder', async () => {
    const store = new LocalBlobStore(root);
    await expect(store.get('../../etc/passwd')).rejects.toThrow(/invalid blob key/);
    await expect(store.put(Buffer.from('x'), '../up')).rejects.toThrow(/invalid blob kind/);
  });
});

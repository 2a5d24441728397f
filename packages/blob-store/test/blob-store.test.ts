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

  it('deletes a blob, and deleting one that is not there is no error', async () => {
    const store = new LocalBlobStore(root);
    const kept = await store.put(Buffer.from('giữ lại'), 'image');
    const removed = await store.put(Buffer.from('hết hạn lưu trữ'), 'image');
    await store.delete(removed.key);
    await expect(store.get(removed.key)).rejects.toBeInstanceOf(BlobMissingError);
    await expect(stat(path.join(root, removed.key))).rejects.toMatchObject({ code: 'ENOENT' });
    await store.delete(removed.key);
    expect((await store.get(kept.key)).toString()).toBe('giữ lại');
  });

  it('refuses keys and kinds that could leave its folder', async () => {
    const store = new LocalBlobStore(root);
    await expect(store.get('../../etc/passwd')).rejects.toThrow(/invalid blob key/);
    await expect(store.delete('../../etc/passwd')).rejects.toThrow(/invalid blob key/);
    await expect(store.put(Buffer.from('x'), '../up')).rejects.toThrow(/invalid blob kind/);
  });
});

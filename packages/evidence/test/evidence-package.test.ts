import { buffer, text } from 'node:stream/consumers';
import { unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { sha256Hex, streamEvidencePackage, verifyEvidencePackage } from '../src/index.js';

const meta = {
  incident: {
    id: 'inc-1',
    title: 'Lộ lọt: Danh sách F1',
    severity: 'high',
    status: 'open',
    detectedAt: '2026-11-30T01:00:00.000Z',
  },
  document: { id: 'doc-1', title: 'Danh sách F1', numberSymbol: '125/DS-SYT' },
  matches: [{ imagePath: 'files/image-1.jpg', pageNumber: 1 }],
  exportedAt: '2026-11-30T02:00:00.000Z',
  exportedBy: 'canbo@syt.lamdong.gov.vn',
};
/** A file as the export names it: hash and size known up front, bytes read when streamed. */
const file = (path: string, content: string, kind: 'image' | 'html', actual = content) => ({
  path,
  kind,
  sha256: sha256Hex(Buffer.from(content)),
  bytes: Buffer.from(content).length,
  capturedAt: '2026-11-30T01:00:00.000Z',
  sourceUrl: 'https://www.facebook.com/groups/x/posts/1/',
  postPermalink: 'https://www.facebook.com/groups/x/posts/1/',
  read: () => Promise.resolve(Buffer.from(actual)),
});

const imageText = 'ảnh';

describe('evidence packages', () => {
  const built = streamEvidencePackage(meta, [
    file('files/image-1.jpg', imageText, 'image'),
    file('files/post-1.html', '<html>bài đăng</html>', 'html'),
  ]);
  const zip = buffer(built.stream);

  it('verifies what it streamed, and names the manifest by its hash', async () => {
    const verified = verifyEvidencePackage(await zip);
    expect(verified).toMatchObject({ ok: true, files: 2, problems: [] });
    expect(verified.manifestSha256).toBe(built.manifestSha256);
    expect(built.manifest.files[0]).toMatchObject({
      sha256: sha256Hex(Buffer.from(imageText)),
      bytes: Buffer.from(imageText).length,
    });
  });

  it('detects a changed file, a missing one, an extra one and a broken zip', async () => {
    const entries = unzipSync(await zip);
    const changed = zipSync({ ...entries, 'files/image-1.jpg': Buffer.from('ảnh đã sửa') });
    expect(verifyEvidencePackage(changed).problems).toEqual([
      expect.stringMatching(
        new RegExp(
          `^files/image-1\\.jpg: \\d+ bytes, the manifest says ${Buffer.from(imageText).length}$`,
        ),
      ),
      expect.stringMatching(/^files\/image-1\.jpg: SHA-256 [0-9a-f]{64}, the manifest says/),
    ]);
    const { ['files/post-1.html']: _dropped, ...rest } = entries;
    expect(verifyEvidencePackage(zipSync(rest)).problems).toEqual(['files/post-1.html: missing']);
    expect(
      verifyEvidencePackage(zipSync({ ...entries, 'files/extra.txt': Buffer.from('x') })).problems,
    ).toEqual(['files/extra.txt: not in the manifest']);
    expect(verifyEvidencePackage(Buffer.from('not a zip')).ok).toBe(false);
    // A manifest rewritten to fit altered files verifies, but its hash is no longer the one
    // recorded at export: that comparison is what `leakwatch evidence verify` adds.
    const manifest = JSON.parse(Buffer.from(entries['manifest.json'] ?? []).toString()) as {
      files: { path: string; sha256: string; bytes: number }[];
    };
    const forged = Buffer.from('ảnh giả');
    manifest.files[0] = { ...manifest.files[0]!, sha256: sha256Hex(forged), bytes: forged.length };
    const rewritten = verifyEvidencePackage(
      zipSync({
        ...entries,
        'files/image-1.jpg': forged,
        'manifest.json': Buffer.from(JSON.stringify(manifest)),
      }),
    );
    expect(rewritten.ok).toBe(true);
    expect(rewritten.manifestSha256).not.toBe(built.manifestSha256);
  });

  it('reads each file only when the reader has taken the previous ones', async () => {
    const reads: string[] = [];
    const big = (n: number) => {
      const content = `${n}`.repeat(1 << 20);
      const source = file(`files/response-${n}.txt`, content, 'html');
      return {
        ...source,
        read: () => {
          reads.push(source.path);
          return source.read();
        },
      };
    };
    const { stream } = streamEvidencePackage(meta, [1, 2, 3, 4, 5].map(big));
    const settle = () => new Promise((resolve) => setTimeout(resolve, 50));
    await settle();
    // Nobody reads the stream yet: nothing is read.
    expect(reads).toEqual([]);
    // The reader takes a first chunk: a file or two in flight, not five megabytes in memory.
    const chunks: Buffer[] = [];
    const iterator = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
    const first = await iterator.next();
    if (!first.done) chunks.push(first.value);
    await settle();
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.length).toBeLessThanOrEqual(2);
    for (let next = await iterator.next(); !next.done; next = await iterator.next())
      chunks.push(next.value);
    const verified = verifyEvidencePackage(Buffer.concat(chunks));
    expect(verified).toMatchObject({ ok: true, files: 5 });
    expect(reads).toHaveLength(5);
  });

  it('ends the stream with an error instead of packaging bytes that are not what the manifest says', async () => {
    const { stream } = streamEvidencePackage(meta, [
      file('files/image-1.jpg', imageText, 'image', 'ảnh bị tráo'),
    ]);
    await expect(text(stream)).rejects.toThrow(/files\/image-1\.jpg: read \d+ bytes with SHA-256/);
  });
});

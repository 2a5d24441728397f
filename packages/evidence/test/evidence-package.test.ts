import { unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { buildEvidencePackage, sha256Hex, verifyEvidencePackage } from '../src/index.js';

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
const file = (path: string, text: string, kind: 'image' | 'html') => ({
  path,
  kind,
  content: Buffer.from(text),
  capturedAt: '2026-11-30T01:00:00.000Z',
  sourceUrl: 'https://www.facebook.com/groups/x/posts/1/',
  postPermalink: 'https://www.facebook.com/groups/x/posts/1/',
});

const imageText = 'ảnh';

describe('evidence packages', () => {
  const built = buildEvidencePackage(meta, [
    file('files/image-1.jpg', imageText, 'image'),
    file('files/post-1.html', '<html>bài đăng</html>', 'html'),
  ]);

  it('verifies what it built, and names the manifest by its hash', () => {
    const verified = verifyEvidencePackage(built.zip);
    expect(verified).toMatchObject({ ok: true, files: 2, problems: [] });
    expect(verified.manifestSha256).toBe(built.manifestSha256);
    expect(built.manifest.files[0]).toMatchObject({
      sha256: sha256Hex(Buffer.from(imageText)),
      bytes: Buffer.from(imageText).length,
    });
  });

  it('detects a changed file, a missing one, an extra one and a broken zip', () => {
    const entries = unzipSync(built.zip);
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
});

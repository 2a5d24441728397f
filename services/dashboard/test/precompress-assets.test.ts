import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { minimumBytesToCompress, precompressAssets } from '../scripts/precompress-assets.js';

const folders: string[] = [];

async function buildFolder(files: Record<string, string | Buffer>): Promise<string> {
  const folder = await mkdtemp(path.join(tmpdir(), 'lw-precompress-'));
  folders.push(folder);
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(folder, name)), { recursive: true });
    await writeFile(path.join(folder, name), content);
  }
  return folder;
}

afterEach(async () => {
  for (const folder of folders.splice(0)) await rm(folder, { recursive: true, force: true });
});

const script = 'export function greet(name) { return `Xin chào, ${name}!`; }\n'.repeat(200);

describe('precompressAssets', () => {
  it('writes brotli and gzip copies that decompress to the file, beside it', async () => {
    const folder = await buildFolder({
      'index.html': `<!doctype html><title>LeakWatch</title>${'<p>Bảng điều khiển</p>'.repeat(80)}`,
      'assets/app-1a2b.js': script,
      'assets/app-1a2b.css': 'body { color: #1a1a1a; }\n'.repeat(100),
    });
    const written = await precompressAssets(folder);
    expect(written.map((entry) => entry.file)).toEqual([
      'assets/app-1a2b.css',
      'assets/app-1a2b.js',
      'index.html',
    ]);
    for (const entry of written) {
      const original = await readFile(path.join(folder, entry.file));
      const br = await readFile(path.join(folder, `${entry.file}.br`));
      const gz = await readFile(path.join(folder, `${entry.file}.gz`));
      expect(brotliDecompressSync(br).equals(original), entry.file).toBe(true);
      expect(gunzipSync(gz).equals(original), entry.file).toBe(true);
      expect(entry).toEqual({
        file: entry.file,
        bytes: original.length,
        br: br.length,
        gzip: gz.length,
      });
      expect(br.length).toBeLessThan(original.length / 4);
    }
  });

  it('leaves small files, other formats and incompressible bytes alone', async () => {
    const folder = await buildFolder({
      'assets/tiny.js': 'x'.repeat(minimumBytesToCompress - 1),
      'assets/tiny.js.gz': Buffer.from('stale'),
      'assets/logo.png': script,
      'assets/random.js': randomBytes(8192),
      // Copies left by an earlier build of different content must not outlive it.
      'assets/random.js.br': Buffer.from('stale'),
    });
    const written = await precompressAssets(folder);
    expect(written).toEqual([{ file: 'assets/random.js', bytes: 8192 }]);
    expect((await readdir(path.join(folder, 'assets'))).sort()).toEqual([
      'logo.png',
      'random.js',
      'tiny.js',
    ]);
  });

  it('gives the same copies when run again, and never compresses a copy', async () => {
    const folder = await buildFolder({ 'assets/app.js': script });
    await precompressAssets(folder);
    const first = await readFile(path.join(folder, 'assets/app.js.br'));
    const again = await precompressAssets(folder);
    expect(again.map((entry) => entry.file)).toEqual(['assets/app.js']);
    expect((await readFile(path.join(folder, 'assets/app.js.br'))).equals(first)).toBe(true);
    expect((await readdir(path.join(folder, 'assets'))).sort()).toEqual([
      'app.js',
      'app.js.br',
      'app.js.gz',
    ]);
  });
});

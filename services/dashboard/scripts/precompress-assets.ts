import { readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

/**
 * Brotli and gzip copies of the built dashboard, written beside each file (`app.js.br`,
 * `app.js.gz`) for the API to send to browsers that accept them (@fastify/static
 * `preCompressed`). Compressing once at build time, at the strongest settings, costs a few
 * seconds per build instead of CPU on every request, and the app's first load over a
 * provincial office's link carries about a quarter of the bytes.
 */

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** Text formats worth compressing; images and fonts in the bundle are compressed already. */
const compressible = new Set(['.js', '.mjs', '.css', '.html', '.svg', '.json', '.txt']);

/** Below this, headers outweigh the saving. */
export const minimumBytesToCompress = 1024;

/** A copy is kept only when it is smaller than this share of the original. */
const worthwhileRatio = 0.9;

export interface PrecompressedFile {
  /** Relative to the folder, with `/` separators. */
  readonly file: string;
  readonly bytes: number;
  /** Sizes of the copies written; absent where the copy would not have been worth it. */
  readonly br?: number;
  readonly gzip?: number;
}

async function filesBelow(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

/**
 * Writes the `.br` and `.gz` copies for every compressible file of at least
 * `minimumBytesToCompress` under `folder`, replacing older copies. Returns what it wrote.
 */
export async function precompressAssets(folder: string): Promise<PrecompressedFile[]> {
  const files = (await filesBelow(folder)).filter((file) =>
    compressible.has(path.extname(file).toLowerCase()),
  );
  // Every file at once: zlib works on libuv's thread pool, so the cores share the build's
  // strongest (slowest) settings.
  const written = await Promise.all(files.map((file) => precompressFile(folder, file)));
  return written.filter((entry): entry is PrecompressedFile => entry !== undefined);
}

async function precompressFile(
  folder: string,
  file: string,
): Promise<PrecompressedFile | undefined> {
  if ((await stat(file)).size < minimumBytesToCompress) return undefined;
  const original = await readFile(file);
  const [br, gz] = await Promise.all([
    brotli(original, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_SIZE_HINT]: original.length,
      },
    }),
    gzipAsync(original, { level: constants.Z_BEST_COMPRESSION }),
  ]);
  const keep = (copy: Buffer): boolean => copy.length < original.length * worthwhileRatio;
  for (const [copy, extension] of [
    [br, '.br'],
    [gz, '.gz'],
  ] as const) {
    // An older copy that is no longer worth keeping must not be served instead of the file.
    if (keep(copy)) await writeFile(`${file}${extension}`, copy);
    else await rm(`${file}${extension}`, { force: true });
  }
  return {
    file: path.relative(folder, file).split(path.sep).join('/'),
    bytes: original.length,
    ...(keep(br) ? { br: br.length } : {}),
    ...(keep(gz) ? { gzip: gz.length } : {}),
  };
}

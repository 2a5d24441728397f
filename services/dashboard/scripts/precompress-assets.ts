import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
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
 * `minimumBytesToCompress` under `folder`, and removes older copies it does not replace.
 * Returns the files it compressed.
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
  const original = await readFile(file);
  const worthIt = (copy: Buffer): Buffer | undefined =>
    copy.length < original.length * worthwhileRatio ? copy : undefined;
  const [br, gz] =
    original.length < minimumBytesToCompress
      ? [undefined, undefined]
      : await Promise.all([
          brotli(original, {
            params: {
              [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
              [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
              [constants.BROTLI_PARAM_SIZE_HINT]: original.length,
            },
          }).then(worthIt),
          gzipAsync(original, { level: constants.Z_BEST_COMPRESSION }).then(worthIt),
        ]);
  // A copy from an earlier build that is not replaced must not be served instead of the file.
  await writeOrRemove(`${file}.br`, br);
  await writeOrRemove(`${file}.gz`, gz);
  if (original.length < minimumBytesToCompress) return undefined;
  return {
    file: path.relative(folder, file).split(path.sep).join('/'),
    bytes: original.length,
    ...(br ? { br: br.length } : {}),
    ...(gz ? { gzip: gz.length } : {}),
  };
}

async function writeOrRemove(file: string, content: Buffer | undefined): Promise<void> {
  if (content) await writeFile(file, content);
  else await rm(file, { force: true });
}

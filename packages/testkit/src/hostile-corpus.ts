import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The hostile-input corpus (fixtures/hostile, written by `pnpm corpus:hostile`): broken,
 * lying and malicious files, each with the code LeakWatch must refuse it with.
 */

/** Which entry points the file is aimed at; `both` files carry both expectations. */
export type HostileKind = 'image' | 'document' | 'both';

/** A code of the catalogue in packages/errors (testkit does not depend on it). */
export type HostileErrorCode = `LW_${string}`;

export interface HostileEntry {
  file: string;
  description: string;
  kind: HostileKind;
  expected: {
    /** Through decodeImage/fingerprintImage, "check an image", the crawler and the worker. */
    image?: HostileErrorCode;
    /** Through extractDocument, POST /api/documents and `leakwatch docs add`. */
    document?: HostileErrorCode;
  };
}

export interface HostileSample extends HostileEntry {
  /** Where the file is, for entry points that read paths (the CLI). */
  path: string;
  bytes: Buffer;
}

export const hostileCorpusDir = fileURLToPath(new URL('../fixtures/hostile/', import.meta.url));

/** The manifest's entries, in order. */
export function hostileManifest(dir = hostileCorpusDir): HostileEntry[] {
  return JSON.parse(readFileSync(`${dir}/manifest.json`, 'utf8')) as HostileEntry[];
}

/** Every corpus file with its bytes; `path` filters by entry point. */
export function loadHostileCorpus(
  only?: 'image' | 'document',
  dir = hostileCorpusDir,
): HostileSample[] {
  return hostileManifest(dir)
    .filter((entry) => only === undefined || entry.kind === only || entry.kind === 'both')
    .map((entry) => {
      const path = `${dir}/${entry.file}`;
      return { ...entry, path, bytes: readFileSync(path) };
    });
}

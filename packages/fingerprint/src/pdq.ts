import { formatPdqHash } from './hash-hex.js';
import { pdqBufferDim as bufferDim, pdqDownsample } from './pdq-downsample.js';
import type { RgbImage } from './rgb-image.js';

/**
 * PDQ (Meta ThreatExchange), step for step as the reference C++ computes it
 * (shared/reference/pdq.md §1). The reference works in float32 throughout; every sum, product
 * and quotient below is rounded to float32 (Math.fround, or a store into a Float32Array) in the
 * same order as the C++, so hashes are bit-exact rather than "usually equal".
 */

const hashDim = 16;
const minHashableDim = 5;

/**
 * Rows for DCT-II frequencies 1..16 over 64 samples: float32 scale, double product, stored as
 * float32 (pdq.md §1 step 6). Row-major 16×64.
 */
const dctMatrix = (() => {
  const scale = Math.fround(Math.sqrt(2 / 64));
  const matrix = new Float32Array(hashDim * bufferDim);
  for (let i = 0; i < hashDim; i++) {
    for (let j = 0; j < bufferDim; j++) {
      matrix[i * bufferDim + j] = scale * Math.cos((Math.PI / 2 / 64) * (i + 1) * (2 * j + 1));
    }
  }
  return matrix;
})();

/** The 8 dihedral variants, in the order and with the names of the reference header. */
export const pdqDihedralNames = [
  'original',
  'rot90',
  'rot180',
  'rot270',
  'flipx',
  'flipy',
  'flipplus1',
  'flipminus1',
] as const;

export type PdqDihedralName = (typeof pdqDihedralNames)[number];

export interface PdqResult {
  /** 64 lowercase hex digits (pdq.md §1 step 8). */
  readonly hash: string;
  /** 0..100; the reference suggests discarding hashes below 50. */
  readonly quality: number;
}

export interface PdqDihedralResult {
  readonly quality: number;
  /** One hash per variant, in `pdqDihedralNames` order. */
  readonly hashes: readonly string[];
}

/** Step 5: summed absolute gradients of the 64×64 buffer, scaled to 0..100. */
function pdqQuality(buffer: Float32Array): number {
  let gradientSum = 0;
  for (let i = 0; i < bufferDim - 1; i++) {
    for (let j = 0; j < bufferDim; j++) {
      const u = buffer[i * bufferDim + j] ?? 0;
      const v = buffer[(i + 1) * bufferDim + j] ?? 0;
      gradientSum += Math.abs(Math.trunc(Math.fround(Math.fround((u - v) * 100) / 255)));
    }
  }
  for (let i = 0; i < bufferDim; i++) {
    for (let j = 0; j < bufferDim - 1; j++) {
      const u = buffer[i * bufferDim + j] ?? 0;
      const v = buffer[i * bufferDim + j + 1] ?? 0;
      gradientSum += Math.abs(Math.trunc(Math.fround(Math.fround((u - v) * 100) / 255)));
    }
  }
  return Math.min(100, Math.floor(gradientSum / 90));
}

/** Step 6: B = D·A·Dᵀ, T = D·A first, float32 accumulation in index order. */
function dct16(buffer: Float32Array): Float32Array {
  const t = new Float32Array(hashDim * bufferDim);
  for (let i = 0; i < hashDim; i++) {
    for (let j = 0; j < bufferDim; j++) {
      let sum = 0;
      for (let k = 0; k < bufferDim; k++) {
        sum = Math.fround(
          sum + Math.fround((dctMatrix[i * bufferDim + k] ?? 0) * (buffer[k * bufferDim + j] ?? 0)),
        );
      }
      t[i * bufferDim + j] = sum;
    }
  }
  const b = new Float32Array(hashDim * hashDim);
  for (let i = 0; i < hashDim; i++) {
    for (let j = 0; j < hashDim; j++) {
      let sum = 0;
      for (let k = 0; k < bufferDim; k++) {
        sum = Math.fround(
          sum + Math.fround((t[i * bufferDim + k] ?? 0) * (dctMatrix[j * bufferDim + k] ?? 0)),
        );
      }
      b[i * hashDim + j] = sum;
    }
  }
  return b;
}

/** Steps 7 and 8: bit 16i+j is set iff B[i][j] exceeds the (lower) median, sorted[127]. */
function thresholdAtMedian(b: Float32Array): string {
  const median = Float32Array.from(b).sort()[(hashDim * hashDim) / 2 - 1] ?? 0;
  const words = new Uint16Array(hashDim);
  for (let i = 0; i < hashDim; i++) {
    let word = 0;
    for (let j = 0; j < hashDim; j++) if ((b[i * hashDim + j] ?? 0) > median) word |= 1 << j;
    words[i] = word;
  }
  return formatPdqHash(words);
}

/**
 * Step 9: each variant is a sign pattern and possibly a transpose of B (no second DCT). `sign`
 * receives row i and column j of the source coefficient.
 */
function dihedral(
  b: Float32Array,
  transpose: boolean,
  sign: (i: number, j: number) => number,
): Float32Array {
  const out = new Float32Array(hashDim * hashDim);
  for (let i = 0; i < hashDim; i++) {
    for (let j = 0; j < hashDim; j++) {
      const target = transpose ? j * hashDim + i : i * hashDim + j;
      out[target] = sign(i, j) * (b[i * hashDim + j] ?? 0);
    }
  }
  return out;
}

const odd = (n: number): boolean => (n & 1) === 1;

const dihedralTransforms: Record<PdqDihedralName, (b: Float32Array) => Float32Array> = {
  original: (b) => b,
  rot90: (b) => dihedral(b, true, (_i, j) => (odd(j) ? 1 : -1)),
  rot180: (b) => dihedral(b, false, (i, j) => (odd(i + j) ? -1 : 1)),
  rot270: (b) => dihedral(b, true, (i) => (odd(i) ? 1 : -1)),
  flipx: (b) => dihedral(b, false, (i) => (odd(i) ? 1 : -1)),
  flipy: (b) => dihedral(b, false, (_i, j) => (odd(j) ? 1 : -1)),
  flipplus1: (b) => dihedral(b, true, () => 1),
  flipminus1: (b) => dihedral(b, true, (i, j) => (odd(i + j) ? -1 : 1)),
};

const zeroHash = '0'.repeat(64);

function tooSmall(image: RgbImage): boolean {
  return image.height < minHashableDim || image.width < minHashableDim;
}

/** The 64×64 luma buffer and the 16×16 DCT, exposed for stage-by-stage debugging and tests. */
export function pdqIntermediates(image: RgbImage): { buffer64: Float32Array; dct16: Float32Array } {
  const buffer64 = pdqDownsample(image);
  return { buffer64, dct16: dct16(buffer64) };
}

/** PDQ hash and quality of RGB pixels; images under 5 pixels on a side hash to zeros, quality 0. */
export function computePdq(image: RgbImage): PdqResult {
  if (tooSmall(image)) return { hash: zeroHash, quality: 0 };
  const buffer = pdqDownsample(image);
  return { hash: thresholdAtMedian(dct16(buffer)), quality: pdqQuality(buffer) };
}

/**
 * The hash of the image and the 7 hashes of its rotations and flips, from one DCT. These
 * approximate, but do not equal, the hashes of physically rotated pixels (pdq.md §1 step 9).
 */
export function computePdqDihedral(image: RgbImage): PdqDihedralResult {
  if (tooSmall(image)) return { hashes: pdqDihedralNames.map(() => zeroHash), quality: 0 };
  const buffer = pdqDownsample(image);
  const b = dct16(buffer);
  return {
    hashes: pdqDihedralNames.map((name) => thresholdAtMedian(dihedralTransforms[name](b))),
    quality: pdqQuality(buffer),
  };
}

import { bitsToHex } from './hash-hex.js';
import { greyPlane, resampleArea } from './resample.js';
import type { RgbImage } from './rgb-image.js';

/**
 * pHash, the DCT perceptual hash, as pHash.org's `ph_dct_imagehash` defines it: grey (Rec. 601
 * luma), reduced to 32×32, 2-D DCT-II, then the 8×8 block of frequencies 1..8 in each
 * direction. The DC row and column are left out, as pHash.org and PDQ both do: they carry
 * overall brightness and single-direction ramps, which say little about the content. Each bit
 * is 1 when its coefficient is above the median of the 64 (the mean of the two middle values),
 * so about half the bits are set. Bits are in row-major order, the first as the most
 * significant, written as 16 hex digits.
 *
 * Not bit-compatible with other libraries: they differ in the reduction (pHash.org adds a 7×7
 * mean filter; Python's imagehash keeps the DC terms) and in bit order. Use it for distances
 * between hashes LeakWatch made.
 */

const side = 32;
const band = 8;

/** Orthonormal DCT-II rows for frequencies 1..8 over 32 samples (row-major 8×32). */
const dctRows = (() => {
  const rows = new Float64Array(band * side);
  const scale = Math.sqrt(2 / side);
  for (let u = 0; u < band; u++) {
    for (let x = 0; x < side; x++) {
      rows[u * side + x] = scale * Math.cos((Math.PI * (u + 1) * (2 * x + 1)) / (2 * side));
    }
  }
  return rows;
})();

export function computePhash(image: RgbImage): string {
  const grey = resampleArea(greyPlane(image), image.width, image.height, side, side);
  // C = D·G·Dᵀ restricted to the 8 wanted rows of D: T = D·G (8×32), then C = T·Dᵀ (8×8).
  const t = new Float64Array(band * side);
  for (let u = 0; u < band; u++) {
    for (let x = 0; x < side; x++) {
      let sum = 0;
      for (let y = 0; y < side; y++)
        sum += (dctRows[u * side + y] ?? 0) * (grey[y * side + x] ?? 0);
      t[u * side + x] = sum;
    }
  }
  const coefficients = new Float64Array(band * band);
  for (let u = 0; u < band; u++) {
    for (let v = 0; v < band; v++) {
      let sum = 0;
      for (let x = 0; x < side; x++) sum += (t[u * side + x] ?? 0) * (dctRows[v * side + x] ?? 0);
      coefficients[u * band + v] = sum;
    }
  }
  const sorted = Float64Array.from(coefficients).sort();
  const median = ((sorted[31] ?? 0) + (sorted[32] ?? 0)) / 2;
  return bitsToHex(Array.from(coefficients, (c) => (c > median ? 1 : 0)));
}

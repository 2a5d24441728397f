import type { RgbImage } from './rgb-image.js';

/**
 * For each output index, the source samples it covers and their weights: output cell i
 * covers the source interval [i·n/m, (i+1)·n/m), and a partly covered sample counts by the
 * covered fraction. Weights of one cell sum to 1. Works for enlarging too (one sample, weight 1).
 */
function coverage(n: number, m: number): { first: Int32Array; weights: Float64Array[] } {
  const scale = n / m;
  const first = new Int32Array(m);
  const weights: Float64Array[] = [];
  for (let i = 0; i < m; i++) {
    const start = i * scale;
    const end = (i + 1) * scale;
    const lo = Math.floor(start);
    const hi = Math.min(n, Math.ceil(end));
    const cell = new Float64Array(hi - lo);
    for (let s = lo; s < hi; s++)
      cell[s - lo] = (Math.min(end, s + 1) - Math.max(start, s)) / scale;
    first[i] = lo;
    weights.push(cell);
  }
  return { first, weights };
}

/**
 * Area-average resampling of one float plane to `outWidth`×`outHeight`, ignoring aspect
 * ratio: each output value is the mean of the source area it covers. Deterministic plain
 * arithmetic, so the hashes built on it do not move with image-library upgrades.
 */
export function resampleArea(
  plane: Float32Array | Float64Array,
  width: number,
  height: number,
  outWidth: number,
  outHeight: number,
): Float64Array {
  const cols = coverage(width, outWidth);
  const rows = coverage(height, outHeight);
  // Horizontal pass into a width-reduced copy, then vertical pass.
  const narrow = new Float64Array(outWidth * height);
  for (let y = 0; y < height; y++) {
    const rowStart = y * width;
    for (let x = 0; x < outWidth; x++) {
      const cell = cols.weights[x] ?? new Float64Array(0);
      const lo = rowStart + (cols.first[x] ?? 0);
      let sum = 0;
      for (let k = 0; k < cell.length; k++) sum += (plane[lo + k] ?? 0) * (cell[k] ?? 0);
      narrow[y * outWidth + x] = sum;
    }
  }
  const out = new Float64Array(outWidth * outHeight);
  for (let y = 0; y < outHeight; y++) {
    const cell = rows.weights[y] ?? new Float64Array(0);
    const lo = rows.first[y] ?? 0;
    for (let k = 0; k < cell.length; k++) {
      const weight = cell[k] ?? 0;
      const src = (lo + k) * outWidth;
      for (let x = 0; x < outWidth; x++) {
        out[y * outWidth + x] = (out[y * outWidth + x] ?? 0) + (narrow[src + x] ?? 0) * weight;
      }
    }
  }
  return out;
}

/** Rec. 601 luma of each pixel (the grey most perceptual hashes are defined on). */
export function greyPlane(image: RgbImage): Float64Array {
  const { data } = image;
  const grey = new Float64Array(image.width * image.height);
  for (let i = 0, p = 0; i < grey.length; i++, p += 3) {
    grey[i] = 0.299 * (data[p] ?? 0) + 0.587 * (data[p + 1] ?? 0) + 0.114 * (data[p + 2] ?? 0);
  }
  return grey;
}

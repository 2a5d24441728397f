import type { RgbImage } from './rgb-image.js';

/**
 * PDQ steps 1, 3 and 4 (shared/reference/pdq.md §1): float32 luma, two rounds of the Jarosz
 * box filter (along rows, then along columns), and sampling at 64×64 points. The arithmetic
 * is the reference C++'s, operation for operation, so the result is bit-identical; the
 * schedule is not, because a 12-megapixel photo must not take a second:
 * - rows are converted and row-filtered four at a time into a ring just deep enough for the
 *   column window, so the working set stays in cache instead of several full-size buffers;
 * - the column pass keeps one running sum per column and advances all of them row by row,
 *   which gives every column exactly the reference's sequence of float32 operations;
 * - the second round is only evaluated where step 4 samples it (its running sums still visit
 *   every sample, as the reference's do).
 * Hot loops live in top-level functions taking arrays as parameters: typed arrays captured by
 * closures are read through V8 context slots, which measurably slowed these loops.
 */

export const pdqBufferDim = 64;

const lanes = 4;

// float32 coefficients as the C++ declares them. A coefficient times an 8-bit value is exact
// in double, so one rounding to float32 equals the C++ float multiply. Red and green are
// pre-summed (with the C++'s rounding) in one 256 KB table: one lookup fewer per pixel.
const lumaR = Math.fround(0.299);
const lumaG = Math.fround(0.587);
const lumaB = Math.fround(0.114);
const lumaRGTable = Float32Array.from({ length: 65536 }, (_, rg) =>
  Math.fround(Math.fround(lumaR * (rg >> 8)) + Math.fround(lumaG * (rg & 255))),
);
const lumaBTable = Float32Array.from({ length: 256 }, (_, b) => lumaB * b);

/**
 * The reference divides each running sum by the number of samples in the window, in float32.
 * Multiplying the float32 sum by the double reciprocal and rounding to float32 gives the same
 * float32 for every count below 2^27: the double product is within 2^-52 (relative) of the
 * true quotient, and a float32 divided by an integer count is never closer than 2^-24 / count
 * (relative) to a float32 rounding midpoint. Division is several times slower, so each
 * filter step computes one reciprocal and multiplies.
 */
/** `computeJaroszFilterWindowSize(n, 64)`: ceil(n / 128). */
function jaroszWindow(n: number): number {
  return Math.floor((n + 2 * pdqBufferDim - 1) / (2 * pdqBufferDim));
}

/** `Y = 0.299 R + 0.587 G + 0.114 B`, products and sums in float32, left to right. */
function lumaRow(data: Uint8Array, cols: number, row: number, out: Float32Array, at: number): void {
  let p = row * cols * 3;
  const end = at + cols;
  for (let o = at; o < end; o++, p += 3) {
    out[o] =
      (lumaRGTable[((data[p] ?? 0) << 8) | (data[p + 1] ?? 0)] ?? 0) +
      (lumaBTable[data[p + 2] ?? 0] ?? 0);
  }
}

/**
 * The reference's 1-D box filter (`box1DFloat`) over four independent vectors at once. Per
 * vector it keeps a running float32 sum that grows, slides (add the new sample, then subtract
 * the old one) and shrinks, divided by the number of samples actually in the window. Each sum
 * is a serial chain of rounded additions, so one vector at a time is latency-bound; advancing
 * four chains per step lets the CPU overlap them without changing any result.
 *
 * Vector v reads `src[srcStart[v] + k * srcStep]` for k = 0..n-1. Output k goes to
 * `dst[dstStart[v] + outSlot[k]]`, and is not computed where `outSlot[k]` is -1. A vector may
 * repeat another (same source, same destination) to fill unused lanes.
 */
function boxFilter4(
  src: Float32Array,
  srcStart: Int32Array,
  srcStep: number,
  dst: Float32Array,
  dstStart: Int32Array,
  outSlot: Int32Array,
  n: number,
  window: number,
): void {
  const half = (window + 2) >> 1;
  const [a0 = 0, a1 = 0, a2 = 0, a3 = 0] = srcStart;
  const [d0 = 0, d1 = 0, d2 = 0, d3 = 0] = dstStart;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let ri = 0;
  let li = 0;
  let oi = 0;
  // Grow: add samples, writing from the half-th on.
  for (let k = 0; k < window; k++, ri += srcStep) {
    s0 = Math.fround(s0 + (src[a0 + ri] ?? 0));
    s1 = Math.fround(s1 + (src[a1 + ri] ?? 0));
    s2 = Math.fround(s2 + (src[a2 + ri] ?? 0));
    s3 = Math.fround(s3 + (src[a3 + ri] ?? 0));
    if (k < half - 1) continue;
    const slot = outSlot[oi++] ?? -1;
    if (slot < 0) continue;
    const inverse = 1 / (k + 1);
    dst[d0 + slot] = s0 * inverse;
    dst[d1 + slot] = s1 * inverse;
    dst[d2 + slot] = s2 * inverse;
    dst[d3 + slot] = s3 * inverse;
  }
  // Slide: add the new sample, then subtract the old one.
  const full = 1 / window;
  for (let k = window; k < n; k++, ri += srcStep, li += srcStep) {
    s0 = Math.fround(Math.fround(s0 + (src[a0 + ri] ?? 0)) - (src[a0 + li] ?? 0));
    s1 = Math.fround(Math.fround(s1 + (src[a1 + ri] ?? 0)) - (src[a1 + li] ?? 0));
    s2 = Math.fround(Math.fround(s2 + (src[a2 + ri] ?? 0)) - (src[a2 + li] ?? 0));
    s3 = Math.fround(Math.fround(s3 + (src[a3 + ri] ?? 0)) - (src[a3 + li] ?? 0));
    const slot = outSlot[oi++] ?? -1;
    if (slot < 0) continue;
    dst[d0 + slot] = s0 * full;
    dst[d1 + slot] = s1 * full;
    dst[d2 + slot] = s2 * full;
    dst[d3 + slot] = s3 * full;
  }
  // Shrink: subtract the old samples.
  for (let k = 1; k < half; k++, li += srcStep) {
    s0 = Math.fround(s0 - (src[a0 + li] ?? 0));
    s1 = Math.fround(s1 - (src[a1 + li] ?? 0));
    s2 = Math.fround(s2 - (src[a2 + li] ?? 0));
    s3 = Math.fround(s3 - (src[a3 + li] ?? 0));
    const slot = outSlot[oi++] ?? -1;
    if (slot < 0) continue;
    const inverse = 1 / (window - k);
    dst[d0 + slot] = s0 * inverse;
    dst[d1 + slot] = s1 * inverse;
    dst[d2 + slot] = s2 * inverse;
    dst[d3 + slot] = s3 * inverse;
  }
}

/**
 * The column pass's step over one row, in the reference's order: add row `addAt`, remove row
 * `subAt` (-1 for none), then write `sum / count` at `outAt` (-1 while nothing is written).
 */
function stepColumns(
  sums: Float32Array,
  rows: Float32Array,
  addAt: number,
  subAt: number,
  out: Float32Array,
  outAt: number,
  count: number,
): void {
  const cols = sums.length;
  const inverse = 1 / count;
  if (addAt >= 0 && subAt >= 0) {
    for (let c = 0; c < cols; c++) {
      const sum = Math.fround(
        Math.fround((sums[c] ?? 0) + (rows[addAt + c] ?? 0)) - (rows[subAt + c] ?? 0),
      );
      sums[c] = sum;
      out[outAt + c] = sum * inverse;
    }
    return;
  }
  if (addAt >= 0) for (let c = 0; c < cols; c++) sums[c] = (sums[c] ?? 0) + (rows[addAt + c] ?? 0);
  else for (let c = 0; c < cols; c++) sums[c] = (sums[c] ?? 0) - (rows[subAt + c] ?? 0);
  if (outAt >= 0) for (let c = 0; c < cols; c++) out[outAt + c] = (sums[c] ?? 0) * inverse;
}

/**
 * Step 4's sample positions along a dimension of n, `floor((i + 0.5) * n / 64)` in double.
 * Below 64 a position repeats, so distinct positions are numbered (`slotOf`, -1 where not
 * sampled) and `slotOfSample[i]` says which number sample i reads.
 */
function samplePositions(n: number): {
  slotOf: Int32Array;
  slotOfSample: Int32Array;
  slots: number;
} {
  const slotOf = new Int32Array(n).fill(-1);
  const slotOfSample = new Int32Array(pdqBufferDim);
  let slots = 0;
  for (let i = 0; i < pdqBufferDim; i++) {
    const position = Math.floor(((i + 0.5) * n) / pdqBufferDim);
    if (slotOf[position] === -1) slotOf[position] = slots++;
    slotOfSample[i] = slotOf[position] ?? 0;
  }
  return { slotOf, slotOfSample, slots };
}

/** Lane starts for up to four consecutive vectors; missing lanes repeat the first. */
function fillLanes(starts: Int32Array, present: number, first: (v: number) => number): void {
  for (let v = 0; v < lanes; v++) starts[v] = first(v < present ? v : 0);
}

/** The 64×64 float32 luma buffer the DCT reads (row-major). */
export function pdqDownsample(image: RgbImage): Float32Array {
  const { data, height: rows, width: cols } = image;
  const out = new Float32Array(pdqBufferDim * pdqBufferDim);
  if (rows === pdqBufferDim && cols === pdqBufferDim) {
    // The reference skips the filter and the sampling for an input that is already 64×64.
    for (let r = 0; r < rows; r++) lumaRow(data, cols, r, out, r * cols);
    return out;
  }

  const rowWindow = jaroszWindow(cols);
  const colWindow = jaroszWindow(rows);
  const sampledCols = samplePositions(cols);
  const sampledRows = samplePositions(rows);
  const everyColumn = Int32Array.from({ length: cols }, (_, c) => c);
  const srcStarts = new Int32Array(lanes);
  const dstStarts = new Int32Array(lanes);

  // Round 1 along rows fills a ring: the rows the column window still needs, plus one block.
  const ringRows = colWindow + 1 + lanes;
  const ring = new Float32Array(ringRows * cols);
  const lumaBlock = new Float32Array(lanes * cols);
  // Round 1 along columns; finished rows collect in blocks for round 2 along rows, which keeps
  // only the sampled columns.
  const columnSums = new Float32Array(cols);
  const columnBlock = new Float32Array(lanes * cols);
  const round2 = new Float32Array(rows * sampledCols.slots);
  let nextRowToFilter = 0;
  let blockRows = 0;
  let emitted = 0;
  let count = 0;

  const half = (colWindow + 2) >> 1;
  const steps = rows + half - 1;
  for (let k = 0; k < steps; k++) {
    const adding = k < rows;
    const removing = k >= colWindow;
    if (adding && k >= nextRowToFilter) {
      const first = nextRowToFilter;
      const present = Math.min(lanes, rows - first);
      for (let v = 0; v < present; v++) lumaRow(data, cols, first + v, lumaBlock, v * cols);
      fillLanes(srcStarts, present, (v) => v * cols);
      fillLanes(dstStarts, present, (v) => ((first + v) % ringRows) * cols);
      boxFilter4(lumaBlock, srcStarts, 1, ring, dstStarts, everyColumn, cols, rowWindow);
      nextRowToFilter += present;
    }
    if (adding && !removing) count++;
    if (removing && !adding) count--;
    const writing = k >= half - 1;
    stepColumns(
      columnSums,
      ring,
      adding ? (k % ringRows) * cols : -1,
      removing ? ((k - colWindow) % ringRows) * cols : -1,
      columnBlock,
      writing ? blockRows * cols : -1,
      count,
    );
    if (!writing) continue;
    blockRows++;
    if (blockRows === lanes || k === steps - 1) {
      const first = emitted;
      fillLanes(srcStarts, blockRows, (v) => v * cols);
      fillLanes(dstStarts, blockRows, (v) => (first + v) * sampledCols.slots);
      boxFilter4(columnBlock, srcStarts, 1, round2, dstStarts, sampledCols.slotOf, cols, rowWindow);
      emitted += blockRows;
      blockRows = 0;
    }
  }

  // Round 2 along columns, on the sampled columns only, four at a time, kept at sampled rows.
  const colSlots = sampledCols.slots;
  const samples = new Float32Array(sampledRows.slots * colSlots);
  const rowSlotOffsets = Int32Array.from(sampledRows.slotOf, (s) => (s < 0 ? -1 : s * colSlots));
  for (let j = 0; j < colSlots; j += lanes) {
    fillLanes(srcStarts, Math.min(lanes, colSlots - j), (v) => j + v);
    dstStarts.set(srcStarts);
    boxFilter4(round2, srcStarts, colSlots, samples, dstStarts, rowSlotOffsets, rows, colWindow);
  }

  for (let i = 0; i < pdqBufferDim; i++) {
    const rowBase = (sampledRows.slotOfSample[i] ?? 0) * colSlots;
    for (let j = 0; j < pdqBufferDim; j++) {
      out[i * pdqBufferDim + j] = samples[rowBase + (sampledCols.slotOfSample[j] ?? 0)] ?? 0;
    }
  }
  return out;
}

/**
 * Projective geometry for synthesising phone photos: the homography that maps four source
 * corners to four destination corners, and an inverse-mapped bilinear warp of raw RGB pixels.
 */

export interface Point {
  x: number;
  y: number;
}

export type Homography = [number, number, number, number, number, number, number, number, number];

/** Solves the 8×8 linear system of the four point correspondences (h33 = 1). */
export function homographyFromPoints(from: readonly Point[], to: readonly Point[]): Homography {
  if (from.length !== 4 || to.length !== 4)
    throw new Error('a homography needs exactly four point pairs');
  const a: number[][] = [];
  for (let i = 0; i < 4; i += 1) {
    const { x, y } = from[i] as Point;
    const { x: u, y: v } = to[i] as Point;
    a.push([x, y, 1, 0, 0, 0, -u * x, -u * y, u]);
    a.push([0, 0, 0, x, y, 1, -v * x, -v * y, v]);
  }
  // Gaussian elimination with partial pivoting on the augmented 8×9 matrix.
  for (let col = 0; col < 8; col += 1) {
    let pivot = col;
    for (let row = col + 1; row < 8; row += 1) {
      if (
        Math.abs((a[row] as number[])[col] as number) >
        Math.abs((a[pivot] as number[])[col] as number)
      )
        pivot = row;
    }
    [a[col], a[pivot]] = [a[pivot] as number[], a[col] as number[]];
    const pivotRow = a[col] as number[];
    const p = pivotRow[col] as number;
    if (Math.abs(p) < 1e-12) throw new Error('degenerate point configuration');
    for (let row = 0; row < 8; row += 1) {
      if (row === col) continue;
      const r = a[row] as number[];
      const factor = (r[col] as number) / p;
      for (let k = col; k < 9; k += 1) r[k] = (r[k] as number) - factor * (pivotRow[k] as number);
    }
  }
  const h = a.map((row, i) => (row[8] as number) / (row[i] as number));
  return [h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7], 1] as Homography;
}

export function invertHomography(m: Homography): Homography {
  const [a, b, c, d, e, f, g, h, i] = m;
  const det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
  if (Math.abs(det) < 1e-15) throw new Error('singular homography');
  const inv = [
    (e * i - f * h) / det,
    (c * h - b * i) / det,
    (b * f - c * e) / det,
    (f * g - d * i) / det,
    (a * i - c * g) / det,
    (c * d - a * f) / det,
    (d * h - e * g) / det,
    (b * g - a * h) / det,
    (a * e - b * d) / det,
  ];
  const scale = inv[8] as number;
  return inv.map((v) => v / scale) as Homography;
}

export function applyHomography(m: Homography, p: Point): Point {
  const w = m[6] * p.x + m[7] * p.y + m[8];
  return { x: (m[0] * p.x + m[1] * p.y + m[2]) / w, y: (m[3] * p.x + m[4] * p.y + m[5]) / w };
}

export interface RawImage {
  data: Uint8Array;
  width: number;
  height: number;
  /** 3 (RGB) for everything this module writes. */
  channels: number;
}

/**
 * Draws `source` onto `canvas` so that the source's corners land on `corners` (clockwise from
 * top-left). Pixels are sampled bilinearly; canvas pixels outside the quad are left as they are.
 */
export function warpOnto(source: RawImage, canvas: RawImage, corners: readonly Point[]): void {
  const sourceCorners = [
    { x: 0, y: 0 },
    { x: source.width, y: 0 },
    { x: source.width, y: source.height },
    { x: 0, y: source.height },
  ];
  const toSource = homographyFromPoints(corners, sourceCorners);
  const xs = corners.map((c) => c.x);
  const ys = corners.map((c) => c.y);
  const minX = Math.max(0, Math.floor(Math.min(...xs)));
  const maxX = Math.min(canvas.width - 1, Math.ceil(Math.max(...xs)));
  const minY = Math.max(0, Math.floor(Math.min(...ys)));
  const maxY = Math.min(canvas.height - 1, Math.ceil(Math.max(...ys)));
  const { data: src, width: sw, height: sh, channels: sc } = source;
  const { data: dst, width: dw, channels: dc } = canvas;
  const [h0, h1, h2, h3, h4, h5, h6, h7, h8] = toSource;
  for (let y = minY; y <= maxY; y += 1) {
    for (let x = minX; x <= maxX; x += 1) {
      const cx = x + 0.5;
      const cy = y + 0.5;
      const w = h6 * cx + h7 * cy + h8;
      const sx = (h0 * cx + h1 * cy + h2) / w - 0.5;
      const sy = (h3 * cx + h4 * cy + h5) / w - 0.5;
      if (sx < -0.5 || sy < -0.5 || sx > sw - 0.5 || sy > sh - 0.5) continue;
      const x0 = Math.max(0, Math.min(sw - 1, Math.floor(sx)));
      const y0 = Math.max(0, Math.min(sh - 1, Math.floor(sy)));
      const x1 = Math.min(sw - 1, x0 + 1);
      const y1 = Math.min(sh - 1, y0 + 1);
      const fx = Math.max(0, Math.min(1, sx - x0));
      const fy = Math.max(0, Math.min(1, sy - y0));
      const o = (y * dw + x) * dc;
      for (let ch = 0; ch < 3; ch += 1) {
        const p00 = src[(y0 * sw + x0) * sc + ch] as number;
        const p10 = src[(y0 * sw + x1) * sc + ch] as number;
        const p01 = src[(y1 * sw + x0) * sc + ch] as number;
        const p11 = src[(y1 * sw + x1) * sc + ch] as number;
        const top = p00 + (p10 - p00) * fx;
        const bottom = p01 + (p11 - p01) * fx;
        dst[o + ch] = Math.round(top + (bottom - top) * fy);
      }
    }
  }
}

import type { GreyImage, Point } from './grey-image.js';
import { applyHomography, rectangleCorners } from './homography.js';
import { withMats, type Mat, type OpenCv } from './opencv.js';

/**
 * Local features for geometric verification and localisation: ORB keypoints with 32-byte
 * binary descriptors, ratio-test matching by Hamming distance, and a RANSAC homography that
 * says where in a registered page a query image lies (the "matched region" in triage).
 */
export interface Keypoints {
  /** x0, y0, x1, y1, … in the image's pixel coordinates. */
  points: Float32Array;
  /** 32 bytes per keypoint. */
  descriptors: Uint8Array;
  width: number;
  height: number;
}

export const descriptorBytes = 32;

export interface KeypointOptions {
  maxFeatures?: number;
  /** Images are reduced so their long side is at most this before detection (speed). */
  workingSide?: number;
}

/**
 * 1,500 ORB features at ≤ 1,400 px. Measured against 2,000 at ≤ 1,200 px (2026-12-01): that
 * detects 13 % faster on bench:geometry's 12 MP photos (94 against 108 ms) and gives more
 * inliers (the geometry test's photographed page 146 against 103, its crop 85 against 42), but
 * every candidate page then compares 1.8× as many descriptor pairs, and the matcher compares up
 * to three: slower per query overall. 1,500 features at 1,200 px fell to 98 and 73.
 */
const defaultKeypointOptions = Object.freeze({ maxFeatures: 1500, workingSide: 1400 });

export function detectKeypoints(
  cv: OpenCv,
  image: GreyImage,
  options: KeypointOptions = {},
): Keypoints {
  const scale = Math.min(
    1,
    (options.workingSide ?? defaultKeypointOptions.workingSide) /
      Math.max(image.width, image.height),
  );
  return withMats((track) => {
    const source = track(new cv.Mat(image.height, image.width, cv.CV_8UC1));
    source.data.set(image.data);
    let working: Mat = source;
    if (scale < 1) {
      working = track(new cv.Mat());
      cv.resize(
        source,
        working,
        new cv.Size(Math.round(image.width * scale), Math.round(image.height * scale)),
        0,
        0,
        cv.INTER_AREA,
      );
    }
    const orb = track(new cv.ORB(options.maxFeatures ?? defaultKeypointOptions.maxFeatures));
    const keypoints = track(new cv.KeyPointVector());
    const descriptors = track(new cv.Mat());
    const noMask = track(new cv.Mat());
    orb.detectAndCompute(working, noMask, keypoints, descriptors);
    const count = keypoints.size();
    const points = new Float32Array(count * 2);
    for (let i = 0; i < count; i += 1) {
      const { pt } = keypoints.get(i);
      points[i * 2] = pt.x / scale;
      points[i * 2 + 1] = pt.y / scale;
    }
    const bytes = descriptors.rows > 0 ? new Uint8Array(descriptors.data) : new Uint8Array(0);
    return { points, descriptors: bytes, width: image.width, height: image.height };
  });
}

/** Keypoints as bytes for storage: a small header, the points, the descriptors. */
export function packKeypoints(keypoints: Keypoints): Buffer {
  const count = keypoints.points.length / 2;
  const header = Buffer.alloc(12);
  header.writeUInt32LE(count, 0);
  header.writeUInt32LE(keypoints.width, 4);
  header.writeUInt32LE(keypoints.height, 8);
  return Buffer.concat([
    header,
    Buffer.from(keypoints.points.buffer, keypoints.points.byteOffset, keypoints.points.byteLength),
    Buffer.from(
      keypoints.descriptors.buffer,
      keypoints.descriptors.byteOffset,
      keypoints.descriptors.byteLength,
    ),
  ]);
}

export function unpackKeypoints(bytes: Uint8Array): Keypoints {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = view.readUInt32LE(0);
  const width = view.readUInt32LE(4);
  const height = view.readUInt32LE(8);
  const pointsBytes = count * 8;
  if (view.length !== 12 + pointsBytes + count * descriptorBytes)
    throw new RangeError('keypoint data has the wrong length');
  const points = new Float32Array(count * 2);
  for (let i = 0; i < count * 2; i += 1) points[i] = view.readFloatLE(12 + i * 4);
  const descriptors = new Uint8Array(view.subarray(12 + pointsBytes));
  return { points, descriptors, width, height };
}

/** Set bits of every 16-bit value: two lookups count a word (faster here than bit tricks). */
const popcount16 = new Uint8Array(65536).map((_, i) => {
  let n = 0;
  for (let v = i; v !== 0; v &= v - 1) n += 1;
  return n;
});
function popcount32(word: number): number {
  return (popcount16[word & 0xffff] as number) + (popcount16[word >>> 16] as number);
}

/** Descriptors as 32-bit words (8 per descriptor), copied only when the bytes are misaligned. */
function descriptorWords(bytes: Uint8Array): Uint32Array {
  const aligned = bytes.byteOffset % 4 === 0 && bytes.byteLength % 4 === 0;
  return aligned
    ? new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4)
    : new Uint32Array(bytes.slice().buffer);
}

const descriptorWordCount = descriptorBytes / 4;

export interface KeypointMatch {
  query: Point;
  reference: Point;
}

/**
 * Nearest-neighbour matches from query to reference descriptors that pass Lowe's ratio test
 * (the best is clearly better than the second best) and an absolute distance limit.
 */
export function matchKeypoints(
  query: Keypoints,
  reference: Keypoints,
  ratio = 0.8,
  maxDistance = 64,
): KeypointMatch[] {
  const queryCount = query.points.length / 2;
  const referenceCount = reference.points.length / 2;
  const matches: KeypointMatch[] = [];
  if (referenceCount < 2) return matches;
  // Every query descriptor against every reference one (2 million pairs for two pages, which
  // byte by byte took 150 ms): the distance is summed over 32-bit words, eight per descriptor.
  const q = descriptorWords(query.descriptors);
  const r = descriptorWords(reference.descriptors);
  for (let i = 0; i < queryCount; i += 1) {
    const qo = i * descriptorWordCount;
    const q0 = q[qo] as number;
    const q1 = q[qo + 1] as number;
    const q2 = q[qo + 2] as number;
    const q3 = q[qo + 3] as number;
    const q4 = q[qo + 4] as number;
    const q5 = q[qo + 5] as number;
    const q6 = q[qo + 6] as number;
    const q7 = q[qo + 7] as number;
    let best = Number.POSITIVE_INFINITY;
    let second = Number.POSITIVE_INFINITY;
    let bestIndex = -1;
    for (let j = 0, ro = 0; j < referenceCount; j += 1, ro += descriptorWordCount) {
      const distance =
        popcount32(q0 ^ (r[ro] as number)) +
        popcount32(q1 ^ (r[ro + 1] as number)) +
        popcount32(q2 ^ (r[ro + 2] as number)) +
        popcount32(q3 ^ (r[ro + 3] as number)) +
        popcount32(q4 ^ (r[ro + 4] as number)) +
        popcount32(q5 ^ (r[ro + 5] as number)) +
        popcount32(q6 ^ (r[ro + 6] as number)) +
        popcount32(q7 ^ (r[ro + 7] as number));
      if (distance < best) {
        second = best;
        best = distance;
        bestIndex = j;
      } else if (distance < second) {
        second = distance;
      }
    }
    if (bestIndex >= 0 && best <= maxDistance && best < ratio * second) {
      matches.push({
        query: { x: query.points[i * 2] as number, y: query.points[i * 2 + 1] as number },
        reference: {
          x: reference.points[bestIndex * 2] as number,
          y: reference.points[bestIndex * 2 + 1] as number,
        },
      });
    }
  }
  return matches;
}

export interface Localisation {
  /** Row-major 3×3 matrix mapping query pixels to reference pixels. */
  homography: number[];
  inliers: number;
  matches: number;
  /** The query image's outline in the reference page (clockwise from top-left). */
  regionInReference: Point[];
}

/**
 * RANSAC homography from the matches; undefined when too few agree or the mapping is
 * degenerate (folds over, or squashes the query to a sliver).
 */
export function localise(
  cv: OpenCv,
  query: Keypoints,
  matches: readonly KeypointMatch[],
  threshold = 5,
  minInliers = 12,
): Localisation | undefined {
  if (matches.length < minInliers) return undefined;
  return withMats((track) => {
    const from = track(
      cv.matFromArray(
        matches.length,
        1,
        cv.CV_32FC2,
        matches.flatMap((m) => [m.query.x, m.query.y]),
      ),
    );
    const to = track(
      cv.matFromArray(
        matches.length,
        1,
        cv.CV_32FC2,
        matches.flatMap((m) => [m.reference.x, m.reference.y]),
      ),
    );
    const mask = track(new cv.Mat());
    const matrix = track(cv.findHomography(from, to, cv.RANSAC, threshold, mask));
    if (matrix.rows !== 3 || matrix.cols !== 3) return undefined;
    const values = Array.from(matrix.data64F);
    const maskValues = mask.data;
    let inliers = 0;
    for (let i = 0; i < matches.length; i += 1) if ((maskValues[i] as number) > 0) inliers += 1;
    if (inliers < minInliers) return undefined;
    const corners = rectangleCorners(query.width, query.height).map((p) =>
      applyHomography(values, p),
    );
    if (!isConvexQuad(corners)) return undefined;
    return { homography: values, inliers, matches: matches.length, regionInReference: corners };
  });
}

function isConvexQuad(points: readonly Point[]): boolean {
  let sign = 0;
  for (let i = 0; i < 4; i += 1) {
    const a = points[i] as Point;
    const b = points[(i + 1) % 4] as Point;
    const c = points[(i + 2) % 4] as Point;
    const cross = (b.x - a.x) * (c.y - b.y) - (b.y - a.y) * (c.x - b.x);
    if (!Number.isFinite(cross) || Math.abs(cross) < 1e-6) return false;
    const s = Math.sign(cross);
    if (sign === 0) sign = s;
    else if (s !== sign) return false;
  }
  return true;
}

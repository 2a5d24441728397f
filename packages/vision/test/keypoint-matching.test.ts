import { describe, expect, it } from 'vitest';
import { descriptorBytes, matchKeypoints, type Keypoints } from '../src/index.js';

/** Seeded bytes, so a failure can be replayed. */
function randomBytes(seed: number, length: number): Uint8Array {
  let state = seed;
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i += 1) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    bytes[i] = state >>> 24;
  }
  return bytes;
}

function keypointsOf(descriptors: Uint8Array): Keypoints {
  const count = descriptors.length / descriptorBytes;
  const points = new Float32Array(count * 2).map((_, i) => (i % 2 === 0 ? i : i * 3));
  return { points, descriptors, width: 2000, height: 3000 };
}

/** The definition, byte by byte: what the word-wise matcher must reproduce. */
function matchBitByBit(query: Keypoints, reference: Keypoints, ratio = 0.8, maxDistance = 64) {
  const bits = (a: Uint8Array, ai: number, b: Uint8Array, bi: number) => {
    let distance = 0;
    for (let k = 0; k < descriptorBytes; k += 1) {
      // Clear the lowest set bit until none is left (Kernighan), one byte at a time.
      for (
        let v = (a[ai * descriptorBytes + k] as number) ^ (b[bi * descriptorBytes + k] as number);
        v !== 0;
        v &= v - 1
      )
        distance += 1;
    }
    return distance;
  };
  const pairs: [number, number][] = [];
  for (let i = 0; i < query.descriptors.length / descriptorBytes; i += 1) {
    const distances = Array.from(
      { length: reference.descriptors.length / descriptorBytes },
      (_, j) => bits(query.descriptors, i, reference.descriptors, j),
    );
    const best = Math.min(...distances);
    const bestIndex = distances.indexOf(best);
    const second = Math.min(...distances.filter((_, j) => j !== bestIndex));
    if (best <= maxDistance && best < ratio * second) pairs.push([i, bestIndex]);
  }
  return pairs.map(([i, j]) => ({
    query: { x: query.points[i * 2], y: query.points[i * 2 + 1] },
    reference: { x: reference.points[j * 2], y: reference.points[j * 2 + 1] },
  }));
}

describe('keypoint matching', () => {
  // 400 reference descriptors; the query holds 120 of them with 1 to 80 bits flipped (true
  // matches), 60 copies of a descriptor planted twice in the reference (ambiguous: the ratio
  // test must drop them) and 120 unrelated ones.
  const reference = randomBytes(11, 400 * descriptorBytes);
  reference.set(reference.subarray(0, descriptorBytes * 60), descriptorBytes * 300);
  const query = new Uint8Array(300 * descriptorBytes);
  // Flipped bits at scattered positions, 1 to 80 of them: those near the distance limit (64)
  // and the ratio test's edge only come out right if every bit is counted.
  // 97 is odd, so i × 97 mod 256 visits every bit once, scattered across the descriptor.
  const positions = Array.from({ length: 256 }, (_, i) => (i * 97) % 256);
  for (let i = 0; i < 120; i += 1) {
    query.set(
      reference.subarray((100 + i) * descriptorBytes, (101 + i) * descriptorBytes),
      i * descriptorBytes,
    );
    for (const bit of positions.slice(0, (i % 80) + 1)) {
      const at = i * descriptorBytes + (bit >> 3);
      query[at] = (query[at] as number) ^ (1 << (bit & 7));
    }
  }
  query.set(reference.subarray(0, 60 * descriptorBytes), 120 * descriptorBytes);
  query.set(randomBytes(12, 120 * descriptorBytes), 180 * descriptorBytes);

  it('finds the same matches as counting differing bits byte by byte', () => {
    const expected = matchBitByBit(keypointsOf(query), keypointsOf(reference));
    const found = matchKeypoints(keypointsOf(query), keypointsOf(reference));
    expect(found).toEqual(expected);
    // The planted true matches within the distance limit pass; the ambiguous twins do not.
    expect(found.length).toBeGreaterThan(60);
    expect(found.length).toBeLessThan(180);
  });

  it('reads descriptors that do not start on a 4-byte boundary', () => {
    const shifted = new Uint8Array(query.length + 1);
    shifted.set(query, 1);
    const misaligned = shifted.subarray(1);
    expect(misaligned.byteOffset % 4).toBe(1);
    expect(matchKeypoints(keypointsOf(misaligned), keypointsOf(reference))).toEqual(
      matchKeypoints(keypointsOf(query), keypointsOf(reference)),
    );
  });
});

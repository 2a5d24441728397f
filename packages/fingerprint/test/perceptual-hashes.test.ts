import imghash from 'imghash';
import { describe, expect, it } from 'vitest';
import {
  computeBlockhash,
  computeDhash,
  computePhash,
  hammingDistance,
  type RgbImage,
} from '../src/index.js';
import { toRgba } from '../src/blockhash.js';
import { greyPlane, resampleArea } from '../src/resample.js';
import { noiseImage, smoothImage, textPage } from './support/synthetic-images.js';

const bitsSet = (hex: string): number => hammingDistance(hex, '0'.repeat(hex.length));

function horizontalRamp(width: number, height: number, rising: boolean): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      data.fill(
        Math.round((255 * (rising ? x : width - 1 - x)) / (width - 1)),
        (y * width + x) * 3,
        (y * width + x) * 3 + 3,
      );
    }
  }
  return { data, width, height, channels: 3 };
}

describe('resampleArea', () => {
  it('averages whole blocks when the factor is an integer', () => {
    const plane = Float64Array.from([1, 3, 5, 7, 2, 4, 6, 8]);
    expect(Array.from(resampleArea(plane, 4, 2, 2, 1))).toEqual([2.5, 6.5]);
  });

  it('weighs partly covered samples by the covered fraction and keeps the mean', () => {
    const plane = Float64Array.from([0, 3, 6]);
    // Two cells over three samples: [0, 1.5) and [1.5, 3).
    expect(Array.from(resampleArea(plane, 3, 1, 2, 1))).toEqual([1, 5]);
    const grey = greyPlane(textPage(301, 203, 1));
    const small = resampleArea(grey, 301, 203, 17, 9);
    const mean = (values: Float64Array) => values.reduce((sum, v) => sum + v, 0) / values.length;
    expect(mean(small)).toBeCloseTo(mean(grey), 9);
  });
});

describe('dHash', () => {
  it('is all ones when brightness rises to the right and all zeros when it falls', () => {
    expect(computeDhash(horizontalRamp(90, 40, true))).toBe('ffffffffffffffff');
    expect(computeDhash(horizontalRamp(90, 40, false))).toBe('0000000000000000');
  });
});

describe('pHash', () => {
  it('has 64 bits, half of them set, for an image without ties', () => {
    for (const image of [
      textPage(256, 256, 1),
      smoothImage(256, 256, 2),
      noiseImage(256, 256, 3),
    ]) {
      const hash = computePhash(image);
      expect(hash).toMatch(/^[0-9a-f]{16}$/);
      expect(bitsSet(hash)).toBe(32);
    }
  });

  it('ignores overall brightness (the DC terms are left out)', () => {
    const page = textPage(256, 256, 4);
    const darker: RgbImage = { ...page, data: page.data.map((v) => Math.round(v * 0.8)) };
    expect(hammingDistance(computePhash(page), computePhash(darker))).toBe(0);
  });
});

describe('blockhash', () => {
  it('has 256 bits (16x16 blocks)', () => {
    expect(computeBlockhash(textPage(256, 256, 1))).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each([
    [256, 256],
    [250, 173],
  ])('equals imghash.hashRaw on the same pixels (%ix%i)', (width, height) => {
    const image = textPage(width, height, 7);
    expect(computeBlockhash(image)).toBe(
      imghash.hashRaw({ width, height, data: toRgba(image) }, 16),
    );
  });
});

describe('all three', () => {
  it('tell two different pages apart and find a page again', () => {
    const page = textPage(256, 256, 10);
    const same = textPage(256, 256, 10);
    const other = textPage(256, 256, 11);
    for (const hash of [computePhash, computeDhash, computeBlockhash]) {
      expect(hammingDistance(hash(page), hash(same)), hash.name).toBe(0);
      expect(hammingDistance(hash(page), hash(other)), hash.name).toBeGreaterThan(8);
    }
  });
});

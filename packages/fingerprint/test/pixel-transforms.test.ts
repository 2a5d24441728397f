import { describe, expect, it } from 'vitest';
import {
  cropImage,
  pdqDihedralNames,
  transformImage,
  unletterbox,
  type RgbImage,
} from '../src/index.js';

/** A 3x2 image whose pixel at (x, y) has red = 10 * y + x, so positions can be read back. */
const tiny: RgbImage = {
  data: Uint8Array.from([0, 1, 2, 10, 11, 12].flatMap((v) => [v, 0, 0])),
  width: 3,
  height: 2,
  channels: 3,
};
const reds = (image: RgbImage): number[][] =>
  Array.from({ length: image.height }, (_, y) =>
    Array.from({ length: image.width }, (_, x) => image.data[(y * image.width + x) * 3]!),
  );

describe('transformImage', () => {
  // The original, as rows: [0 1 2] / [10 11 12].
  it.each([
    [
      'original',
      [
        [0, 1, 2],
        [10, 11, 12],
      ],
    ],
    [
      'rot90',
      [
        [2, 12],
        [1, 11],
        [0, 10],
      ],
    ],
    [
      'rot180',
      [
        [12, 11, 10],
        [2, 1, 0],
      ],
    ],
    [
      'rot270',
      [
        [10, 0],
        [11, 1],
        [12, 2],
      ],
    ],
    [
      'flipx',
      [
        [10, 11, 12],
        [0, 1, 2],
      ],
    ],
    [
      'flipy',
      [
        [2, 1, 0],
        [12, 11, 10],
      ],
    ],
    [
      'flipplus1',
      [
        [0, 10],
        [1, 11],
        [2, 12],
      ],
    ],
    [
      'flipminus1',
      [
        [12, 2],
        [11, 1],
        [10, 0],
      ],
    ],
  ] as const)(
    '%s moves the pixels as Pillow does for python-threatexchange',
    (variant, expected) => {
      expect(reds(transformImage(tiny, variant))).toEqual(expected);
    },
  );

  it('keeps all three channels together', () => {
    const image: RgbImage = {
      data: Uint8Array.from([1, 2, 3, 4, 5, 6]),
      width: 2,
      height: 1,
      channels: 3,
    };
    expect(Array.from(transformImage(image, 'rot90').data)).toEqual([4, 5, 6, 1, 2, 3]);
  });

  it('returns to the start after four quarter turns, and each flip undoes itself', () => {
    let turned = tiny;
    for (let i = 0; i < 4; i++) turned = transformImage(turned, 'rot90');
    expect(reds(turned)).toEqual(reds(tiny));
    for (const flip of pdqDihedralNames.filter((name) => name.startsWith('flip'))) {
      expect(reds(transformImage(transformImage(tiny, flip), flip))).toEqual(reds(tiny));
    }
  });
});

describe('unletterbox', () => {
  /** A 10x8 image: a frame of grey `frame` around a 4x3 block of mid grey at (3, 2). */
  function framed(frame: number): RgbImage {
    const data = new Uint8Array(10 * 8 * 3).fill(frame);
    for (let y = 2; y < 5; y++)
      for (let x = 3; x < 7; x++) data.fill(128, (y * 10 + x) * 3, (y * 10 + x) * 3 + 3);
    return { data, width: 10, height: 8, channels: 3 };
  }

  it('removes a black frame down to the content', () => {
    const cropped = unletterbox(framed(0));
    expect([cropped.width, cropped.height]).toEqual([4, 3]);
    expect(cropped.data.every((v) => v === 128)).toBe(true);
  });

  it('counts a row or column as black only if every channel is at most the threshold', () => {
    expect(unletterbox(framed(20), 10).width).toBe(10);
    expect(unletterbox(framed(20), 20).width).toBe(4);
    const oneRedPixel = framed(0);
    oneRedPixel.data[0] = 200;
    expect([unletterbox(oneRedPixel).width, unletterbox(oneRedPixel).height]).toEqual([7, 5]);
  });

  it('leaves an image without a frame, or black all over, as it is', () => {
    const plain = framed(128);
    expect(unletterbox(plain)).toBe(plain);
    const black = framed(0).data.fill(0);
    expect(unletterbox({ data: black, width: 10, height: 8, channels: 3 }).width).toBe(10);
  });
});

describe('cropImage', () => {
  it('copies the rectangle and refuses one outside the image', () => {
    expect(reds(cropImage(tiny, { left: 1, top: 0, width: 2, height: 2 }))).toEqual([
      [1, 2],
      [11, 12],
    ]);
    expect(() => cropImage(tiny, { left: 2, top: 0, width: 2, height: 1 })).toThrow(RangeError);
    expect(() => cropImage(tiny, { left: 0, top: 0, width: 0, height: 1 })).toThrow(RangeError);
  });
});

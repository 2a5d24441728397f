import sharp, { type Sharp } from 'sharp';
import { describe, expect, it } from 'vitest';
import { isLeakWatchError, type ErrorCode } from '@leakwatch/errors';
import {
  computePdq,
  decodeImage,
  hammingDistance,
  type DecodeMode,
  type RgbImage,
} from '../src/index.js';
import { pngColourType, writePng } from './support/png-writer.js';
import { seededRandom, textPage } from './support/synthetic-images.js';

/**
 * Hostile and awkward inputs: each must end in pixels or in a typed error, promptly. Inputs
 * are generated here (with sharp as an encoder, or byte by byte), never read from disk.
 */

const modes: DecodeMode[] = ['conformance', 'matching'];

async function decodeError(
  bytes: Uint8Array,
  mode: DecodeMode = 'matching',
  limits = {},
): Promise<ErrorCode> {
  try {
    await decodeImage(bytes, { mode, limits });
  } catch (error) {
    if (isLeakWatchError(error)) return error.code;
    throw error;
  }
  throw new Error('decoding succeeded');
}

function encode(image: RgbImage): Sharp {
  return sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } });
}

const pixel = (image: RgbImage, x: number, y: number): number[] =>
  Array.from(image.data.subarray((y * image.width + x) * 3, (y * image.width + x) * 3 + 3));

const page = textPage(400, 300, 11);

describe('decodeImage refuses what is not a usable image', () => {
  it.each(modes)('zero bytes: LW_IMAGE_EMPTY (%s)', async (mode) => {
    expect(await decodeError(new Uint8Array(0), mode)).toBe('LW_IMAGE_EMPTY');
  });

  it('input over the byte limit: LW_IMAGE_TOO_LARGE, before decoding', async () => {
    const png = await encode(page).png().toBuffer();
    expect(await decodeError(png, 'matching', { maxInputBytes: png.length - 1 })).toBe(
      'LW_IMAGE_TOO_LARGE',
    );
    await expect(
      decodeImage(png, { mode: 'matching', limits: { maxInputBytes: png.length } }),
    ).resolves.toMatchObject({
      width: 400,
    });
  });

  it.each(modes)(
    'truncated JPEG and PNG (a partial download): LW_IMAGE_UNDECODABLE (%s)',
    async (mode) => {
      const jpeg = await encode(page).jpeg().toBuffer();
      const png = await encode(page).png().toBuffer();
      expect(await decodeError(jpeg.subarray(0, Math.floor(jpeg.length * 0.7)), mode)).toBe(
        'LW_IMAGE_UNDECODABLE',
      );
      expect(await decodeError(jpeg.subarray(0, jpeg.length - 2), mode)).toBe(
        'LW_IMAGE_UNDECODABLE',
      );
      expect(await decodeError(png.subarray(0, Math.floor(png.length * 0.7)), mode)).toBe(
        'LW_IMAGE_UNDECODABLE',
      );
      expect(await decodeError(jpeg.subarray(0, 100), mode)).toBe('LW_IMAGE_UNDECODABLE');
    },
  );

  it.each(modes)('random bytes, HTML and JSON: LW_IMAGE_UNDECODABLE (%s)', async (mode) => {
    const random = seededRandom(5);
    const noise = Uint8Array.from({ length: 4096 }, () => Math.floor(random() * 256));
    expect(await decodeError(noise, mode)).toBe('LW_IMAGE_UNDECODABLE');
    expect(
      await decodeError(Buffer.from('<!doctype html><html><body>Not found</body></html>'), mode),
    ).toBe('LW_IMAGE_UNDECODABLE');
    expect(
      await decodeError(Buffer.from('{"error":{"message":"Unsupported get request"}}'), mode),
    ).toBe('LW_IMAGE_UNDECODABLE');
  });

  it('SVG, which libvips could render: LW_IMAGE_UNSUPPORTED', async () => {
    const svg = Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>',
    );
    expect(await decodeError(svg)).toBe('LW_IMAGE_UNSUPPORTED');
  });

  it('a pixel bomb (167 bytes claiming 30000x30000): LW_IMAGE_TOO_LARGE from the header, at once', async () => {
    const bomb = writePng({
      width: 30_000,
      height: 30_000,
      bitDepth: 8,
      colourType: pngColourType.rgb,
      pixels: new Uint8Array(90),
      rowBytes: 90_000,
    });
    expect(bomb.length).toBeLessThan(200);
    const started = performance.now();
    for (const mode of modes) expect(await decodeError(bomb, mode)).toBe('LW_IMAGE_TOO_LARGE');
    expect(performance.now() - started).toBeLessThan(1_000);
    // Just over the limit is refused too; the limit is on width × height, not on bytes.
    const wide = writePng({
      width: 10_001,
      height: 5_000,
      bitDepth: 8,
      colourType: pngColourType.grey,
      pixels: new Uint8Array(10),
    });
    expect(await decodeError(wide)).toBe('LW_IMAGE_TOO_LARGE');
  });
});

describe('decodeImage handles every pixel layout', () => {
  it.each(['gif', 'webp'] as const)(
    'an animated %s: the first frame, and the frame limit is honoured',
    async (format) => {
      const frames = 30;
      const [width, height] = [64, 48];
      const rgba = new Uint8Array(width * height * frames * 4);
      for (let f = 0; f < frames; f++) {
        // Frame 0 red; the others blue with a white stripe that moves (encoders merge frames
        // that look alike).
        for (let i = 0; i < width * height; i++) {
          const stripe = (i % width) >> 1 === f;
          const colour =
            f === 0 ? [220, 20, 20, 255] : stripe ? [255, 255, 255, 255] : [20, 20, 220, 255];
          rgba.set(colour, (f * width * height + i) * 4);
        }
      }
      const animated = await sharp(rgba, {
        raw: { width, height: height * frames, channels: 4, pageHeight: height },
      })
        .toFormat(format)
        .toBuffer();
      expect((await sharp(animated).metadata()).pages).toBe(frames);
      for (const mode of modes) {
        const image = await decodeImage(animated, { mode });
        expect([image.width, image.height]).toEqual([width, height]);
        const [r = 0, , b = 0] = pixel(image, 10, 10);
        expect(r).toBeGreaterThan(180);
        expect(b).toBeLessThan(60);
      }
      expect(await decodeError(animated, 'matching', { maxFrames: frames - 1 })).toBe(
        'LW_IMAGE_TOO_LARGE',
      );
    },
  );

  it.each(modes)('a CMYK JPEG decodes to RGB close to its source (%s)', async (mode) => {
    const cmyk = await encode(page).toColourspace('cmyk').jpeg({ quality: 95 }).toBuffer();
    expect((await sharp(cmyk).metadata()).space).toBe('cmyk');
    const image = await decodeImage(cmyk, { mode });
    expect(image.channels).toBe(3);
    expect(image.data.length).toBe(400 * 300 * 3);
    // libvips converts through its CMYK profile; Pillow's naive formula is not reproduced
    // (6 bits on the repo's CMYK.jpg, fixtures README). 10 is pdq/README.md's tolerance between
    // correct implementations on quality >= 80 images.
    expect(hammingDistance(computePdq(image).hash, computePdq(page).hash)).toBeLessThanOrEqual(10);
  });

  it('16-bit RGB: the high byte of each sample, in both modes', async () => {
    const rgb16 = await encode(page).toColourspace('rgb16').png().toBuffer();
    expect((await sharp(rgb16).metadata()).depth).toBe('ushort');
    for (const mode of modes) {
      expect(Buffer.from((await decodeImage(rgb16, { mode })).data).equals(page.data)).toBe(true);
    }
  });

  it('16-bit grey: clipped at 255 like Pillow in conformance mode, scaled in matching mode', async () => {
    const samples = [0, 100, 255, 256, 1000, 65535];
    const pixels = Buffer.alloc(samples.length * 2);
    samples.forEach((value, i) => pixels.writeUInt16BE(value, i * 2));
    const grey16 = writePng({
      width: 6,
      height: 1,
      bitDepth: 16,
      colourType: pngColourType.grey,
      pixels,
    });
    const greys = async (mode: DecodeMode) =>
      Array.from((await decodeImage(grey16, { mode })).data).filter((_, i) => i % 3 === 0);
    expect(await greys('conformance')).toEqual([0, 100, 255, 255, 255, 255]);
    expect(await greys('matching')).toEqual([0, 0, 0, 1, 3, 255]);
  });

  it('grey+alpha: alpha dropped in conformance mode, flattened onto white in matching mode', async () => {
    const greyAlpha = writePng({
      width: 2,
      height: 1,
      bitDepth: 8,
      colourType: pngColourType.greyAlpha,
      pixels: Uint8Array.from([100, 0, 100, 255]),
    });
    expect(Array.from((await decodeImage(greyAlpha, { mode: 'conformance' })).data)).toEqual([
      100, 100, 100, 100, 100, 100,
    ]);
    expect(Array.from((await decodeImage(greyAlpha, { mode: 'matching' })).data)).toEqual([
      255, 255, 255, 100, 100, 100,
    ]);
  });

  it.each(modes)('a palette PNG: the palette colours (%s)', async (mode) => {
    const palette = writePng({
      width: 3,
      height: 1,
      bitDepth: 8,
      colourType: pngColourType.palette,
      pixels: Uint8Array.from([2, 0, 1]),
      palette: Uint8Array.from([255, 0, 0, 0, 128, 0, 10, 20, 30]),
    });
    expect(Array.from((await decodeImage(palette, { mode })).data)).toEqual([
      10, 20, 30, 255, 0, 0, 0, 128, 0,
    ]);
  });

  it('EXIF orientation 6: matching mode turns the image upright, conformance mode does not', async () => {
    // A 60x40 image, white with a red block in its top-left corner, stored with orientation 6
    // ("rotate 90° clockwise to display"): upright, the block is in the top-right corner.
    const stored = new Uint8Array(60 * 40 * 3).fill(255);
    for (let y = 0; y < 10; y++)
      for (let x = 0; x < 15; x++) stored.set([220, 0, 0], (y * 60 + x) * 3);
    const jpeg = await encode({ data: stored, width: 60, height: 40, channels: 3 })
      .jpeg({ quality: 95 })
      .withMetadata({ orientation: 6 })
      .toBuffer();
    expect((await sharp(jpeg).metadata()).orientation).toBe(6);

    const upright = await decodeImage(jpeg, { mode: 'matching' });
    expect([upright.width, upright.height]).toEqual([40, 60]);
    expect(pixel(upright, 35, 5)[1]).toBeLessThan(60);
    expect(pixel(upright, 5, 5)[1]).toBeGreaterThan(200);

    const asStored = await decodeImage(jpeg, { mode: 'conformance' });
    expect([asStored.width, asStored.height]).toEqual([60, 40]);
    expect(pixel(asStored, 5, 5)[1]).toBeLessThan(60);
  });
});

/**
 * Decoded pixels as every hash in this package consumes them: 8-bit RGB, row-major, no padding
 * between rows. Hashing functions take this shape rather than bytes so that one decode feeds
 * every hash.
 */
export interface RgbImage {
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
  readonly channels: 3;
}

/** Wraps raw RGB bytes, refusing a buffer whose length does not match the dimensions. */
export function rgbImage(data: Uint8Array, width: number, height: number): RgbImage {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`invalid image dimensions ${width}x${height}`);
  }
  if (data.length !== width * height * 3) {
    throw new RangeError(`expected ${width * height * 3} RGB bytes, got ${data.length}`);
  }
  return { data, width, height, channels: 3 };
}

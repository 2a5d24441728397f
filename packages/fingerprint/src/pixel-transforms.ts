import type { PdqDihedralName } from './pdq.js';
import type { RgbImage } from './rgb-image.js';

/**
 * Pixel-level rotations, flips and border cropping. PDQ gets its 8 variants from the DCT for
 * free, but those only approximate the hash of the physically turned image (pdq.md §1 step 9);
 * these give the exact pixels, for hashes with no DCT-domain shortcut (pHash, dHash, blockhash)
 * and for checking against tools that turn the image first (python-threatexchange).
 */

/**
 * Maps output pixel (x, y) of a `width`×`height` output to the source pixel, for a source of
 * `w`×`h`. Rotations are counter-clockwise, as Pillow's `rotate(90)`; flipx swaps top and bottom,
 * flipy mirrors left and right, flipplus1 transposes, flipminus1 mirrors along the other diagonal.
 */
const sourcePixel: Record<
  PdqDihedralName,
  (x: number, y: number, w: number, h: number) => [number, number]
> = {
  original: (x, y) => [x, y],
  rot90: (x, y, w) => [w - 1 - y, x],
  rot180: (x, y, w, h) => [w - 1 - x, h - 1 - y],
  rot270: (x, y, _w, h) => [y, h - 1 - x],
  flipx: (x, y, _w, h) => [x, h - 1 - y],
  flipy: (x, y, w) => [w - 1 - x, y],
  flipplus1: (x, y) => [y, x],
  flipminus1: (x, y, w, h) => [w - 1 - y, h - 1 - x],
};

const swapsAxes = (variant: PdqDihedralName): boolean =>
  variant === 'rot90' ||
  variant === 'rot270' ||
  variant === 'flipplus1' ||
  variant === 'flipminus1';

/** The image rotated or flipped as `variant` names it (a new buffer; the input is untouched). */
export function transformImage(image: RgbImage, variant: PdqDihedralName): RgbImage {
  const { data, width: w, height: h } = image;
  const [width, height] = swapsAxes(variant) ? [h, w] : [w, h];
  const out = new Uint8Array(data.length);
  const source = sourcePixel[variant];
  let o = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++, o += 3) {
      const [sx, sy] = source(x, y, w, h);
      const s = (sy * w + sx) * 3;
      out[o] = data[s] ?? 0;
      out[o + 1] = data[s + 1] ?? 0;
      out[o + 2] = data[s + 2] ?? 0;
    }
  }
  return { data: out, width, height, channels: 3 };
}

/** The image cropped to the rectangle `[left, left+width) × [top, top+height)`. */
export function cropImage(
  image: RgbImage,
  box: { left: number; top: number; width: number; height: number },
): RgbImage {
  const { left, top, width, height } = box;
  if (
    left < 0 ||
    top < 0 ||
    width < 1 ||
    height < 1 ||
    left + width > image.width ||
    top + height > image.height
  ) {
    throw new RangeError(
      `crop ${width}x${height}+${left}+${top} is outside the ${image.width}x${image.height} image`,
    );
  }
  const out = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    const start = ((top + y) * image.width + left) * 3;
    out.set(image.data.subarray(start, start + width * 3), y * width * 3);
  }
  return { data: out, width, height, channels: 3 };
}

/**
 * Removes a black frame: whole rows and columns, from each edge inwards, whose every channel is
 * at most `blackThreshold`, as python-threatexchange's `--photo-preprocess=unletterbox` decides
 * them (there, 0 by default; 25 recovers the fixture's original exactly). An image that is black
 * all over is returned unchanged, since there is nothing left to hash once the frame is gone.
 */
export function unletterbox(image: RgbImage, blackThreshold = 0): RgbImage {
  const { data, width, height } = image;
  const rowIsBlack = (y: number): boolean => {
    const end = (y + 1) * width * 3;
    for (let p = y * width * 3; p < end; p++) if ((data[p] ?? 0) > blackThreshold) return false;
    return true;
  };
  const columnIsBlack = (x: number, top: number, bottom: number): boolean => {
    for (let y = top; y < bottom; y++) {
      const p = (y * width + x) * 3;
      for (let c = 0; c < 3; c++) if ((data[p + c] ?? 0) > blackThreshold) return false;
    }
    return true;
  };
  let top = 0;
  while (top < height && rowIsBlack(top)) top++;
  if (top === height) return image;
  let bottom = height;
  while (rowIsBlack(bottom - 1)) bottom--;
  // Columns only need checking over the rows that remain: the cut rows are black everywhere.
  let left = 0;
  while (columnIsBlack(left, top, bottom)) left++;
  let right = width;
  while (columnIsBlack(right - 1, top, bottom)) right--;
  if (left === 0 && top === 0 && right === width && bottom === height) return image;
  return cropImage(image, { left, top, width: right - left, height: bottom - top });
}

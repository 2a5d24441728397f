import { bitsToHex } from './hash-hex.js';
import { greyPlane, resampleArea } from './resample.js';
import type { RgbImage } from './rgb-image.js';

/**
 * dHash, the difference hash (Krawetz): grey (Rec. 601 luma) reduced to 9×8, and for each of
 * the 8 rows, 8 bits saying whether each pixel is darker than its right-hand neighbour
 * (1 when the right one is brighter). Bits are row-major, the first as the most significant,
 * written as 16 hex digits. It tracks horizontal gradients, which on a text page are the
 * lines and margins.
 */
export function computeDhash(image: RgbImage): string {
  const width = 9;
  const height = 8;
  const grey = resampleArea(greyPlane(image), image.width, image.height, width, height);
  const bits: number[] = [];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width - 1; x++) {
      bits.push((grey[y * width + x + 1] ?? 0) > (grey[y * width + x] ?? 0) ? 1 : 0);
    }
  }
  return bitsToHex(bits);
}

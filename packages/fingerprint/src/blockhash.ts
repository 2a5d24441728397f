import { bmvbhash } from 'blockhash-core';
import type { RgbImage } from './rgb-image.js';

/**
 * Blockhash (blockhash.io), 16×16 blocks = 256 bits = 64 hex digits: the image is cut into a
 * 16×16 grid, each block's brightness (R+G+B summed) is compared with the median of its
 * horizontal quarter of the grid. 16 per side is the reference tools' default (imghash's is 8,
 * 64 bits): on a document page a 16×16 grid still resolves paragraphs and table blocks, where
 * 8×8 mostly sees the margins.
 *
 * blockhash-core does the work. imghash's `hashRaw` is the same function behind one more call,
 * and its `hash` decodes the file again with its own decoders; `pnpm bench:hash` measures both
 * paths on the same pixels (docs/benchmarks.md), and they give identical hashes.
 */
export const blockhashBits = 16;

/** The RGBA layout blockhash-core reads (alpha opaque: it treats alpha 0 as white). */
export function toRgba(image: RgbImage): Uint8Array {
  const { data } = image;
  const rgba = new Uint8Array(image.width * image.height * 4);
  for (let i = 0, o = 0; i < data.length; i += 3, o += 4) {
    rgba[o] = data[i] ?? 0;
    rgba[o + 1] = data[i + 1] ?? 0;
    rgba[o + 2] = data[i + 2] ?? 0;
    rgba[o + 3] = 255;
  }
  return rgba;
}

export function computeBlockhash(image: RgbImage): string {
  return bmvbhash({ width: image.width, height: image.height, data: toRgba(image) }, blockhashBits);
}

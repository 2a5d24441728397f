import sharp from 'sharp';
import type { GreyImage } from '@leakwatch/vision';

/** An image file's pixels in grey, at full size: what the OCR tests read. */
export async function greyImageOf(bytes: Buffer): Promise<GreyImage> {
  const { data, info } = await sharp(bytes).greyscale().raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data), width: info.width, height: info.height };
}

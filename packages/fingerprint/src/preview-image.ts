import sharp from 'sharp';
import { decodeImageWithSize, type DecodeLimits } from './decode-image.js';

export interface PreviewOptions {
  /** Longest side of the preview, in pixels. */
  maxSide: number;
  /** Blurred so that no text is legible but the page's layout still is (see below). */
  blurred: boolean;
  limits?: Partial<DecodeLimits>;
}

export interface ImagePreview {
  jpeg: Buffer;
  /** Size of the preview, and of the source image after EXIF orientation (for outlines). */
  width: number;
  height: number;
  sourceWidth: number;
  sourceHeight: number;
}

/**
 * An image for people to look at: decoded with the same limits as for matching (a hostile
 * file is refused the same way), oriented, shrunk and re-encoded as JPEG, which also drops
 * every metadata field of the original (GPS position, camera, author).
 *
 * The blur radius grows with the preview so that body text (a line is about 1/60 of a page's
 * height) is smeared over several line heights whatever the size, while tables, stamps and
 * headings stay recognisable enough to compare with the registered page.
 */
export async function renderPreview(
  bytes: Uint8Array,
  options: PreviewOptions,
): Promise<ImagePreview> {
  const decoded = await decodeImageWithSize(bytes, {
    mode: 'matching',
    maxSide: options.maxSide,
    ...(options.limits ? { limits: options.limits } : {}),
  });
  const { image } = decoded;
  let pipeline = sharp(image.data, {
    raw: { width: image.width, height: image.height, channels: 3 },
  });
  if (options.blurred)
    pipeline = pipeline.blur(Math.max(3, Math.max(image.width, image.height) / 140));
  const jpeg = await pipeline.jpeg({ quality: 78, mozjpeg: true }).toBuffer();
  return {
    jpeg,
    width: image.width,
    height: image.height,
    sourceWidth: decoded.width,
    sourceHeight: decoded.height,
  };
}

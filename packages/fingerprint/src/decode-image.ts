import sharp, { type Metadata, type SharpOptions } from 'sharp';
import { LeakWatchError } from '@leakwatch/errors';
import type { RgbImage } from './rgb-image.js';

/**
 * The sharp (libvips) adapter: the only module that touches sharp. Everything it returns is
 * plain RGB pixels; hashing never sees bytes.
 *
 * Two ways to turn bytes into pixels:
 * - `conformance` reproduces the pixels of the PDQ reference pipeline (Pillow's
 *   `convert('RGB')`, as python-threatexchange and HMA use): embedded ICC profile ignored,
 *   EXIF orientation ignored, alpha dropped, 16-bit grey clipped to 255. Hashes then equal the
 *   reference's bit for bit (fixtures README, "Decoder notes"); use it to exchange hashes with
 *   other PDQ users.
 * - `matching` gives the pixels a person sees: EXIF orientation applied, colours converted to
 *   sRGB through the embedded profile, transparency flattened onto white (as a browser shows
 *   it), 16-bit scaled. Phone photos of documents are routinely stored sideways with an EXIF
 *   tag, so this is the mode for matching.
 * CMYK converts to sRGB through libvips' colour management in both modes; Pillow's naive
 * conversion is not reproduced (the fixtures README measures 6 bits of PDQ difference).
 */

export type DecodeMode = 'conformance' | 'matching';

export interface DecodeLimits {
  /** Largest accepted input, in bytes. */
  readonly maxInputBytes: number;
  /** Largest width × height of a frame, checked from the header before any pixel is decoded. */
  readonly maxInputPixels: number;
  /** Most frames (animations) or pages (TIFF) accepted; only the first is ever decoded. */
  readonly maxFrames: number;
  /** Longest libvips may work on one image before giving up. */
  readonly timeoutSeconds: number;
}

export const defaultDecodeLimits: DecodeLimits = Object.freeze({
  // Facebook serves photos well under 10 MB; 25 MB leaves room for originals from elsewhere.
  maxInputBytes: 25 * 1024 * 1024,
  // 50 MP covers every phone camera (a 48 MP sensor) and refuses decompression bombs, which
  // declare huge dimensions in a tiny file: 50 MP of RGB is 150 MB decoded.
  maxInputPixels: 50_000_000,
  // Only the first frame is decoded, but counting frames parses the whole file; a document
  // photo is never a long animation.
  maxFrames: 100,
  // A 50 MP decode takes about a second here; twenty means something is wrong with the file.
  timeoutSeconds: 20,
});

export interface DecodeOptions {
  readonly mode: DecodeMode;
  readonly limits?: Partial<DecodeLimits>;
  /**
   * `matching` only: decode to at most this many pixels on the long side. libvips then reads
   * JPEG and WebP at a reduced scale directly (shrink-on-load), which is several times cheaper
   * than a full decode followed by a resize.
   */
  readonly maxSide?: number;
}

/** Decoded pixels and the size of the image they were decoded from (after EXIF orientation). */
export interface DecodedImage {
  readonly image: RgbImage;
  readonly width: number;
  readonly height: number;
}

/**
 * Formats accepted as photos. sharp also reads SVG, PDF and others depending on the build;
 * those are documents or vector art, can render at any size, and are not what gets leaked as
 * a photo, so they are refused rather than rasterised. (`heif` is how sharp names AVIF.)
 */
const acceptedFormats: ReadonlySet<string> = new Set([
  'jpeg',
  'png',
  'webp',
  'gif',
  'tiff',
  'heif',
]);

/**
 * Tunes sharp for a worker process that hashes many images: call once at start-up.
 * - concurrency 1: parallelism comes from the queue running several jobs (and from several
 *   processes); libvips threads per image on top of that oversubscribe the cores and make
 *   latency erratic.
 * - cache off: each image is decoded once and never again, so libvips' operation cache (by
 *   default 50 MB, 20 files, 100 operations) only holds memory that is never reused.
 */
export function configureSharpForWorkers(): void {
  sharp.concurrency(1);
  sharp.cache(false);
}

function tooLarge(reason: string, cause?: unknown): LeakWatchError {
  return new LeakWatchError('LW_IMAGE_TOO_LARGE', { params: { reason }, cause });
}

function undecodable(reason: string, cause?: unknown): LeakWatchError {
  return new LeakWatchError('LW_IMAGE_UNDECODABLE', { params: { reason }, cause });
}

/** Maps a libvips failure to a stable code; the decoder's first line becomes the reason. */
function classifyDecodeError(error: unknown, limits: DecodeLimits): LeakWatchError {
  const message = error instanceof Error ? error.message : String(error);
  if (/pixel limit/i.test(message)) {
    return tooLarge(`more than ${limits.maxInputPixels} pixels`, error);
  }
  if (/timeout/i.test(message)) {
    return tooLarge(`decoding took longer than ${limits.timeoutSeconds} s`, error);
  }
  if (/unsupported image format/i.test(message)) {
    return undecodable('the bytes are not in any known image format', error);
  }
  return undecodable(message.split('\n')[0] ?? message, error);
}

/** Header checks, before any pixel is decoded (libvips has checked the pixel count). */
function checkHeader(metadata: Metadata, limits: DecodeLimits): void {
  if (!acceptedFormats.has(metadata.format)) {
    throw new LeakWatchError('LW_IMAGE_UNSUPPORTED', {
      params: { reason: `${metadata.format} is not a photo format LeakWatch hashes` },
    });
  }
  const frames = metadata.pages ?? 1;
  if (frames > limits.maxFrames) {
    throw tooLarge(`${frames} frames, more than the limit of ${limits.maxFrames}`);
  }
}

/** Grey (1 band) to RGB by repeating the value, as Pillow's `convert('RGB')` does. */
function greyToRgb(grey: Uint8Array | Uint16Array): Uint8Array {
  const rgb = new Uint8Array(grey.length * 3);
  for (let i = 0, o = 0; i < grey.length; i++, o += 3) {
    // 16-bit values above 255 clip, as Pillow converts mode I to RGB.
    const value = Math.min(255, grey[i] ?? 0);
    rgb[o] = value;
    rgb[o + 1] = value;
    rgb[o + 2] = value;
  }
  return rgb;
}

async function decodeConformance(
  bytes: Uint8Array,
  input: SharpOptions,
  metadata: Metadata,
  timeoutSeconds: number,
): Promise<RgbImage> {
  const pipeline = sharp(bytes, input).timeout({ seconds: timeoutSeconds }).keepIccProfile();
  if (metadata.channels === 1 && metadata.depth === 'ushort') {
    // Pillow opens 16-bit grey as mode I and clips it; libvips would scale it (fixtures README:
    // 118-130 bits off). Read the raw 16-bit values and clip them the same way.
    const { data, info } = await pipeline
      .toColourspace('grey16')
      .raw({ depth: 'ushort' })
      .toBuffer({ resolveWithObject: true });
    const samples = new Uint16Array(data.buffer, data.byteOffset, data.byteLength / 2);
    return { data: greyToRgb(samples), width: info.width, height: info.height, channels: 3 };
  }
  const { data, info } = await pipeline.removeAlpha().raw().toBuffer({ resolveWithObject: true });
  if (info.channels === 1) {
    return { data: greyToRgb(data), width: info.width, height: info.height, channels: 3 };
  }
  return checkedRgb(data, info.width, info.height, info.channels);
}

async function decodeMatching(
  bytes: Uint8Array,
  input: SharpOptions,
  timeoutSeconds: number,
  maxSide: number | undefined,
): Promise<RgbImage> {
  let pipeline = sharp(bytes, { ...input, autoOrient: true })
    .timeout({ seconds: timeoutSeconds })
    .flatten({ background: '#ffffff' });
  if (maxSide !== undefined) {
    pipeline = pipeline.resize({
      width: maxSide,
      height: maxSide,
      fit: 'inside',
      withoutEnlargement: true,
    });
  }
  const { data, info } = await pipeline
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  return checkedRgb(data, info.width, info.height, info.channels);
}

function checkedRgb(data: Uint8Array, width: number, height: number, channels: number): RgbImage {
  if (channels !== 3) {
    throw new LeakWatchError('LW_IMAGE_UNSUPPORTED', {
      params: { reason: `decoding gave ${channels} channels instead of RGB` },
    });
  }
  return { data, width, height, channels: 3 };
}

/**
 * Decodes an image (the first frame of an animation, the first page of a TIFF) to 8-bit RGB.
 * Refuses, with a typed error and before decoding where the header allows: empty input
 * (`LW_IMAGE_EMPTY`), anything over a limit (`LW_IMAGE_TOO_LARGE`), formats that are not
 * photos (`LW_IMAGE_UNSUPPORTED`), and bytes that are not an image or are corrupt or truncated
 * (`LW_IMAGE_UNDECODABLE`; a partial download must not produce a half-grey hash).
 */
export async function decodeImage(bytes: Uint8Array, options: DecodeOptions): Promise<RgbImage> {
  return (await decodeImageWithSize(bytes, options)).image;
}

/** `decodeImage`, also telling the source image's size when `maxSide` reduced it. */
export async function decodeImageWithSize(
  bytes: Uint8Array,
  options: DecodeOptions,
): Promise<DecodedImage> {
  const limits: DecodeLimits = { ...defaultDecodeLimits, ...options.limits };
  if (bytes.length === 0) throw new LeakWatchError('LW_IMAGE_EMPTY');
  if (bytes.length > limits.maxInputBytes) {
    throw tooLarge(`${bytes.length} bytes, more than the limit of ${limits.maxInputBytes}`);
  }
  const input: SharpOptions = {
    // Refuse truncated or corrupt data; tolerate warnings (such as stray bytes between JPEG
    // markers) that Pillow and browsers accept too.
    failOn: 'error',
    // libvips refuses an image over this from its header: in metadata() below, before any
    // pixel is decoded, and again in the decoding pipeline.
    limitInputPixels: limits.maxInputPixels,
    pages: 1,
    page: 0,
  };
  let metadata: Metadata;
  try {
    metadata = await sharp(bytes, input).metadata();
  } catch (error) {
    throw classifyDecodeError(error, limits);
  }
  checkHeader(metadata, limits);
  // EXIF orientations 5–8 turn the image a quarter, swapping its sides in matching mode.
  const turned = options.mode === 'matching' && (metadata.orientation ?? 1) >= 5;
  const width = turned ? metadata.height : metadata.width;
  const height = turned ? metadata.width : metadata.height;
  try {
    const image =
      options.mode === 'conformance'
        ? await decodeConformance(bytes, input, metadata, limits.timeoutSeconds)
        : await decodeMatching(bytes, input, limits.timeoutSeconds, options.maxSide);
    return { image, width, height };
  } catch (error) {
    if (error instanceof LeakWatchError) throw error;
    throw classifyDecodeError(error, limits);
  }
}

/**
 * Decoded pixels reduced to `width`×`height` (aspect ratio not kept) by libvips: a box shrink
 * by the largest integer factor, then Lanczos-3 for the rest. This is the cheap, heavy part
 * of the pHash, dHash and blockhash inputs (a 12 MP image in about 20 ms, against about
 * 200 ms in JavaScript); PDQ never uses it, because the reference filters at full resolution.
 */
export async function reduceImage(
  image: RgbImage,
  width: number,
  height: number,
): Promise<RgbImage> {
  const { data, info } = await sharp(image.data, {
    raw: { width: image.width, height: image.height, channels: 3 },
  })
    .resize(width, height, { fit: 'fill', kernel: 'lanczos3' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return checkedRgb(data, info.width, info.height, info.channels);
}

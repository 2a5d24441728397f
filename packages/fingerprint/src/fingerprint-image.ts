import { webcrypto } from 'node:crypto';
import { computeBlockhash } from './blockhash.js';
import {
  decodeImageWithSize,
  reduceImage,
  type DecodeLimits,
  type DecodeMode,
} from './decode-image.js';
import { computeDhash } from './dhash.js';
import { computePdqDihedral } from './pdq.js';
import { computePhash } from './phash.js';
import type { RgbImage } from './rgb-image.js';

/** Everything LeakWatch records about one image, from one decode. Hashes are lowercase hex. */
export interface ImageFingerprint {
  /** Of the bytes as received: the identity of the file, for deduplication. */
  readonly sha256: string;
  /** Of the image (after EXIF orientation in `matching` mode). */
  readonly width: number;
  readonly height: number;
  /** PDQ hash (64 hex digits), equal to `pdqDihedral[0]`. */
  readonly pdq: string;
  readonly pdqQuality: number;
  /** PDQ of the image and of its 7 rotations and flips, in `pdqDihedralNames` order. */
  readonly pdqDihedral: readonly string[];
  /** 16 hex digits. */
  readonly phash: string;
  /** 16 hex digits. */
  readonly dhash: string;
  /** 64 hex digits (16×16 blocks). */
  readonly blockhash: string;
}

export interface FingerprintOptions {
  /** `matching` (default) for LeakWatch's own matching; `conformance` to match PDQ elsewhere. */
  readonly mode?: DecodeMode;
  readonly limits?: Partial<DecodeLimits>;
}

/**
 * The side of the image pHash, dHash and blockhash are computed from. libvips reduces to it
 * (cheap, and enough: pHash reads 32×32, dHash 9×8, blockhash 16×16 blocks of 16×16 pixels).
 * Changing it changes those three hashes, so stored ones would have to be recomputed.
 */
export const perceptualHashInputSide = 256;

/**
 * In `matching` mode images are decoded to at most this long side before hashing, as Meta's
 * own PDQ tool does (it resizes to 512): libvips then decodes JPEGs at a fraction of their
 * size, which makes fingerprinting a 12 MP photo cost about what decoding it to a thumbnail
 * does. PDQ of the reduction lies a few bits from PDQ of the full image; registered pages and
 * queries are hashed the same way. `conformance` mode hashes full-resolution pixels.
 */
export const matchingHashSide = 512;

/**
 * Decodes once and computes every hash LeakWatch uses. The libvips reduction and the SHA-256
 * run on libuv's thread pool while PDQ runs on this thread, so they cost little extra time.
 * Fails with the typed errors of `decodeImage`.
 */
export async function fingerprintImage(
  bytes: Uint8Array,
  options: FingerprintOptions = {},
): Promise<ImageFingerprint> {
  return (await fingerprintImageWithPixels(bytes, options)).fingerprint;
}

/**
 * `fingerprintImage`, also handing back the decoded pixels the hashes were computed from (at
 * most `matchingHashSide` in matching mode): enough for cheap checks such as the
 * document-likeness gate without a second decode.
 */
export async function fingerprintImageWithPixels(
  bytes: Uint8Array,
  options: FingerprintOptions = {},
): Promise<{
  fingerprint: ImageFingerprint;
  pixels: RgbImage;
  /** Time spent decoding and hashing (operations metrics). */
  seconds: { decode: number; hash: number };
}> {
  const started = performance.now();
  const digest = webcrypto.subtle.digest('SHA-256', bytes);
  // A rejected digest must not surface as an unhandled rejection when decoding fails first.
  digest.catch(() => undefined);
  const mode = options.mode ?? 'matching';
  const decoded = await decodeImageWithSize(bytes, {
    mode,
    limits: options.limits,
    ...(mode === 'matching' ? { maxSide: matchingHashSide } : {}),
  });
  const { image } = decoded;
  const decodedAt = performance.now();
  const reduced = reduceImage(image, perceptualHashInputSide, perceptualHashInputSide);
  reduced.catch(() => undefined);
  const pdq = computePdqDihedral(image);
  const small = await reduced;
  const fingerprint: ImageFingerprint = {
    sha256: Buffer.from(await digest).toString('hex'),
    width: decoded.width,
    height: decoded.height,
    pdq: pdq.hashes[0] ?? '',
    pdqQuality: pdq.quality,
    pdqDihedral: pdq.hashes,
    phash: computePhash(small),
    dhash: computeDhash(small),
    blockhash: computeBlockhash(small),
  };
  return {
    fingerprint,
    pixels: image,
    seconds: { decode: (decodedAt - started) / 1000, hash: (performance.now() - decodedAt) / 1000 },
  };
}

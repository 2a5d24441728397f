import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import {
  computeBlockhash,
  computeDhash,
  computePdqDihedral,
  computePhash,
  decodeImage,
  fingerprintImage,
  hammingDistance,
  matchingHashSide,
  perceptualHashInputSide,
  type RgbImage,
} from '../src/index.js';
import { textPage } from './support/synthetic-images.js';

const encode = (image: RgbImage) =>
  sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } });

describe('fingerprintImage', () => {
  it('computes every hash from one decode', async () => {
    const png = await encode(textPage(640, 480, 42))
      .png()
      .toBuffer();
    const fingerprint = await fingerprintImage(png);
    const pixels = await decodeImage(png, { mode: 'matching', maxSide: matchingHashSide });
    const pdq = computePdqDihedral(pixels);
    expect(fingerprint).toMatchObject({
      sha256: createHash('sha256').update(png).digest('hex'),
      width: 640,
      height: 480,
      pdq: pdq.hashes[0],
      pdqQuality: pdq.quality,
      pdqDihedral: pdq.hashes,
    });
    expect(fingerprint.pdq).toMatch(/^[0-9a-f]{64}$/);
    expect(fingerprint.phash).toMatch(/^[0-9a-f]{16}$/);
    expect(fingerprint.dhash).toMatch(/^[0-9a-f]{16}$/);
    expect(fingerprint.blockhash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('gives the same perceptual hashes as full-resolution pixels, within a few bits', async () => {
    // The three hashes read a libvips reduction of the decoded pixels (cheap); computed from
    // the full-size pixels directly they barely move (measured: 0-8 bits).
    const page = textPage(1200, 1600, 3);
    const fingerprint = await fingerprintImage(await encode(page).png().toBuffer());
    expect(hammingDistance(fingerprint.phash, computePhash(page))).toBeLessThanOrEqual(4);
    expect(hammingDistance(fingerprint.dhash, computeDhash(page))).toBeLessThanOrEqual(8);
    expect(hammingDistance(fingerprint.blockhash, computeBlockhash(page))).toBeLessThanOrEqual(16);
  });

  it('keeps giving the hashes stored so far (a change means stored hashes must be recomputed)', async () => {
    // PNG is lossless, so these move only if the algorithms or the pinned libvips reductions
    // (to matchingHashSide for PDQ, perceptualHashInputSide for the others) change.
    expect(perceptualHashInputSide).toBe(256);
    expect(matchingHashSide).toBe(512);
    const fingerprint = await fingerprintImage(
      await encode(textPage(640, 480, 42))
        .png()
        .toBuffer(),
    );
    expect(fingerprint).toMatchObject({
      pdq: 'a162f26bccf6ce9c56ab70a909f6ad5453045b2ef045b7cbac1158f1e801ef16',
      pdqQuality: 100,
      phash: '7a80bf88dba2a42f',
      dhash: '123f3b376d495312',
      blockhash: 'ffffffff80018001e00fe95bc11fc01fc00bfdbfe4a3c01380018001ffffffff',
    });
  });

  it('decodes for matching by default and for the PDQ reference on request', async () => {
    const stored = encode(textPage(900, 1200, 5)).jpeg();
    const tagged = await stored.clone().withMetadata({ orientation: 6 }).toBuffer();
    const untagged = await stored.clone().toBuffer();
    const matching = await fingerprintImage(tagged);
    const conformance = await fingerprintImage(tagged, { mode: 'conformance' });
    expect([matching.width, matching.height]).toEqual([1200, 900]);
    expect([conformance.width, conformance.height]).toEqual([900, 1200]);
    // The same bytes: one file identity whatever the decoding.
    expect(matching.sha256).toBe(conformance.sha256);
    // Orientation 6 means "turn 90° clockwise to display", PDQ's rot270 (its names count
    // counter-clockwise): of the 8 dihedral hashes of the stored pixels (same reduction, no tag),
    // that one finds the upright page. The DCT-domain transform is not exact for a physically
    // turned image, least so for small, dense text (measured 32 bits at 512 px; unrelated pages
    // sit near 128), which is why turned documents are matched by their text, not by PDQ.
    const storedPixels = await fingerprintImage(untagged);
    const distances = storedPixels.pdqDihedral.map((hash) => hammingDistance(matching.pdq, hash));
    expect(distances.indexOf(Math.min(...distances))).toBe(3);
    expect(distances[3]).toBeLessThanOrEqual(40);
    expect(Math.min(...distances.filter((_, i) => i !== 3))).toBeGreaterThan(80);
  });

  it('fails with the typed decoding errors', async () => {
    await expect(fingerprintImage(new Uint8Array(0))).rejects.toMatchObject({
      code: 'LW_IMAGE_EMPTY',
    });
    await expect(fingerprintImage(Buffer.from('<html></html>'))).rejects.toMatchObject({
      code: 'LW_IMAGE_UNDECODABLE',
    });
  });
});

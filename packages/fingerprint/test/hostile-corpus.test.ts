import { describe, expect, it } from 'vitest';
import { isLeakWatchError } from '@leakwatch/errors';
import { loadHostileCorpus } from '@leakwatch/testkit';
import { decodeImage, fingerprintImage } from '../src/index.js';

/**
 * Every file of the hostile corpus (packages/testkit/fixtures/hostile) aimed at the image path
 * is refused with the code its manifest gives, by both decoding modes and by fingerprinting,
 * promptly: a hang fails on the time limit, a crash or an untyped error on the code.
 */

const samples = loadHostileCorpus('image');

/** Generous: each file is refused in well under a second here; a hang is what this catches. */
const perFileLimitMs = 30_000;

async function refusal(work: Promise<unknown>): Promise<string> {
  try {
    await work;
  } catch (error) {
    return isLeakWatchError(error) ? error.code : `untyped error: ${String(error)}`;
  }
  return 'accepted';
}

describe('hostile images are refused with their code', () => {
  it('covers the corpus', () => {
    expect(samples.length).toBeGreaterThanOrEqual(30);
  });

  it.each(samples.map((sample) => [sample.file, sample] as const))(
    '%s',
    async (_file, sample) => {
      const expected = sample.expected.image;
      expect(await refusal(decodeImage(sample.bytes, { mode: 'matching' }))).toBe(expected);
      expect(await refusal(decodeImage(sample.bytes, { mode: 'conformance' }))).toBe(expected);
      expect(await refusal(decodeImage(sample.bytes, { mode: 'matching', maxSide: 512 }))).toBe(
        expected,
      );
      expect(await refusal(fingerprintImage(sample.bytes))).toBe(expected);
    },
    perFileLimitMs,
  );
});

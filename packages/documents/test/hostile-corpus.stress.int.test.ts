import { describe, expect, it } from 'vitest';
import { isLeakWatchError } from '@leakwatch/errors';
import { loadHostileCorpus } from '@leakwatch/testkit';
import { extractDocument } from '../src/index.js';

/**
 * The hostile corpus's ZIP files (DOCX bombs, damaged and incomplete archives) with LibreOffice
 * on the PATH, as the API and the CLI run: each is refused with its manifest code — by the
 * archive checks, or by the conversion, which must fail cleanly and within its time limit.
 */

const officeFiles = loadHostileCorpus('document').filter(
  (sample) => sample.bytes.subarray(0, 4).toString('latin1') === 'PK\x03\x04',
);
const conversionTimeoutSeconds = 120;

async function refusal(bytes: Uint8Array): Promise<string> {
  try {
    const document = await extractDocument(bytes, {
      searchPath: process.env['PATH'] ?? '',
      limits: { conversionTimeoutSeconds },
    });
    const pages: number[] = [];
    for await (const page of document.pages) pages.push(page.number);
  } catch (error) {
    return isLeakWatchError(error) ? error.code : `untyped error: ${String(error)}`;
  }
  return 'accepted';
}

describe('hostile office files, with LibreOffice', () => {
  it('covers the archives of the corpus', () => {
    expect(officeFiles.length).toBeGreaterThanOrEqual(5);
  });

  it.each(officeFiles.map((sample) => [sample.file, sample] as const))(
    '%s',
    async (_file, sample) => {
      expect(await refusal(sample.bytes)).toBe(sample.expected.document);
    },
    // A conversion that overran is killed at its limit; the test allows for that and more.
    (conversionTimeoutSeconds + 60) * 1000,
  );
});

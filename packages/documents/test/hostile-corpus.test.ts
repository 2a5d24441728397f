import { describe, expect, it } from 'vitest';
import { isLeakWatchError } from '@leakwatch/errors';
import { loadHostileCorpus } from '@leakwatch/testkit';
import { extractDocument, type ExtractOptions } from '../src/index.js';

/**
 * Every file of the hostile corpus aimed at registration is refused by extractDocument with
 * the code its manifest gives, promptly. No LibreOffice here: the few office files that pass
 * the archive checks stop at the converter, and hostile-corpus.int.test.ts runs those
 * through LibreOffice.
 */

const samples = loadHostileCorpus('document');
const noConverter: ExtractOptions = { searchPath: '' };
const perFileLimitMs = 30_000;

/** Opens the file and reads every page: some refusals only come while pages are produced. */
async function refusal(bytes: Uint8Array): Promise<string> {
  try {
    const document = await extractDocument(bytes, noConverter);
    const pages: number[] = [];
    for await (const page of document.pages) pages.push(page.number);
  } catch (error) {
    return isLeakWatchError(error) ? error.code : `untyped error: ${String(error)}`;
  }
  return 'accepted';
}

const isZip = (bytes: Uint8Array) =>
  bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;

describe('hostile documents are refused with their code', () => {
  it('covers the corpus', () => {
    expect(samples.length).toBeGreaterThanOrEqual(30);
  });

  it.each(samples.map((sample) => [sample.file, sample] as const))(
    '%s',
    async (_file, sample) => {
      const code = await refusal(sample.bytes);
      if (code === 'LW_DOCUMENT_CONVERTER_MISSING') {
        // Only an office archive that passed inspection gets this far.
        expect(isZip(sample.bytes)).toBe(true);
        return;
      }
      expect(code).toBe(sample.expected.document);
    },
    perFileLimitMs,
  );
});

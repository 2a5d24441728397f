import type { CorpusManifest, MatchOutcome } from '@leakwatch/corpus';

/**
 * A matcher under test. `register` receives the registered documents (PDF path and page
 * images); `match` receives one query image's bytes and answers like the pipeline would.
 */
export interface MatcherUnderTest {
  name: string;
  /** Operating point and method, printed with the results. */
  description: string;
  register(corpusDir: string, documents: CorpusManifest['registered']): Promise<void>;
  match(bytes: Buffer): Promise<Omit<MatchOutcome, 'seconds'>>;
  close?(): Promise<void>;
}

/** Hamming distance between two equal-length hex strings. */
export function hexDistance(a: string, b: string): number {
  let distance = 0;
  for (let i = 0; i < a.length; i += 8) {
    let x = (Number.parseInt(a.slice(i, i + 8), 16) ^ Number.parseInt(b.slice(i, i + 8), 16)) >>> 0;
    while (x !== 0) {
      x &= x - 1;
      distance += 1;
    }
  }
  return distance;
}

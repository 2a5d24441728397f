import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fingerprintImage, hammingDistance } from '@leakwatch/fingerprint';
import type { MatcherUnderTest } from './matcher.js';

/** Meta's confident-match threshold and minimum quality (pdq.md §3). */
const threshold = 31;
const minimumQuality = 50;

/**
 * Baseline: the nearest registered page by PDQ alone, over the query's 8 rotations and flips,
 * linear scan. This is what a stock hash-matching service (HMA) would do.
 */
export function pdqBaseline(): MatcherUnderTest {
  const registered: { documentId: string; page: number; pdq: string }[] = [];
  return {
    name: 'PDQ alone',
    description: `PDQ (@leakwatch/fingerprint), 8 dihedral query hashes, match when distance ≤ ${threshold} and query quality ≥ ${minimumQuality}`,
    async register(corpusDir, documents) {
      for (const document of documents) {
        for (const page of document.pages) {
          const fingerprint = await fingerprintImage(
            await readFile(path.join(corpusDir, page.file)),
          );
          registered.push({ documentId: document.id, page: page.page, pdq: fingerprint.pdq });
        }
      }
    },
    async match(bytes) {
      const query = await fingerprintImage(bytes);
      if (query.pdqQuality < minimumQuality) return { verdict: 'no-match', matches: [] };
      const ranked = registered
        .map((entry) => ({
          ...entry,
          distance: Math.min(...query.pdqDihedral.map((hash) => hammingDistance(hash, entry.pdq))),
        }))
        .filter((entry) => entry.distance <= threshold)
        .sort((a, b) => a.distance - b.distance);
      return {
        verdict: ranked.length > 0 ? 'match' : 'no-match',
        matches: ranked.slice(0, 5).map((entry) => ({
          documentId: entry.documentId,
          page: entry.page,
          score: 1 - entry.distance / 256,
        })),
      };
    },
  };
}

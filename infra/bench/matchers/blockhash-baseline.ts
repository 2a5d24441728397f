import { readFile } from 'node:fs/promises';
import path from 'node:path';
import imghash from 'imghash';
import sharp from 'sharp';
import { hexDistance, type MatcherUnderTest } from './matcher.js';

/** 256-bit blockhash (16×16), as the original blockhash.io method. */
const bits = 16;
/** About 10% of the 256 bits, in line with PDQ's 31/256. */
const threshold = 25;

async function blockhash(bytes: Buffer): Promise<string> {
  try {
    return await imghash.hash(bytes, bits);
  } catch {
    // imghash's own decoder reads JPEG and PNG only; hand it a PNG for anything else (WebP).
    return imghash.hash(await sharp(bytes).png().toBuffer(), bits);
  }
}

/** Baseline: the nearest registered page by blockhash alone (imghash), linear scan. */
export function blockhashBaseline(): MatcherUnderTest {
  const registered: { documentId: string; page: number; hash: string }[] = [];
  return {
    name: 'blockhash alone (imghash)',
    description: `imghash blockhash, ${bits * bits} bits, match when Hamming distance ≤ ${threshold}`,
    async register(corpusDir, documents) {
      for (const document of documents) {
        for (const page of document.pages) {
          registered.push({
            documentId: document.id,
            page: page.page,
            hash: await blockhash(await readFile(path.join(corpusDir, page.file))),
          });
        }
      }
    },
    async match(bytes) {
      const hash = await blockhash(bytes);
      const ranked = registered
        .map((entry) => ({ ...entry, distance: hexDistance(hash, entry.hash) }))
        .sort((a, b) => a.distance - b.distance)
        .filter((entry) => entry.distance <= threshold);
      return {
        verdict: ranked.length > 0 ? 'match' : 'no-match',
        matches: ranked.slice(0, 5).map((entry) => ({
          documentId: entry.documentId,
          page: entry.page,
          score: 1 - entry.distance / (bits * bits),
        })),
      };
    },
  };
}

import { describe, expect, it } from 'vitest';
import { PdqIndex } from '../src/index.js';

function seeded(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state;
  };
}

function randomHash(next: () => number): string {
  return Array.from({ length: 8 }, () => next().toString(16).padStart(8, '0')).join('');
}

/** Flips `bits` distinct random bits of a hex hash. */
function perturb(hash: string, bits: number, next: () => number): string {
  const value = Array.from(hash.match(/[0-9a-f]/g) ?? [], (c) => Number.parseInt(c, 16));
  const flipped = new Set<number>();
  while (flipped.size < bits) flipped.add(next() % 256);
  for (const bit of flipped) value[bit >> 2] = (value[bit >> 2] as number) ^ (1 << (bit & 3));
  return value.map((v) => v.toString(16)).join('');
}

describe('PdqIndex (multi-index hashing)', () => {
  it('finds exactly what a linear scan finds, for distances up to 31', () => {
    const next = seeded(42);
    const index = new PdqIndex();
    const planted: { id: number; hash: string }[] = [];
    for (let id = 0; id < 20_000; id += 1) {
      const hash = randomHash(next);
      index.add(id, hash);
      if (id % 500 === 0) planted.push({ id, hash });
    }
    index.rebuild();
    for (const [i, { id, hash }] of planted.entries()) {
      const query = perturb(hash, i % 32, next);
      const hits = index.query([query]);
      expect(hits).toEqual(index.linearScan([query]));
      expect(hits[0]).toEqual({ id, distance: i % 32 });
    }
  });

  it('counts distances exactly when the differing bits crowd one end of the hash', () => {
    // The query counts a candidate's distance in stages and stops early: bits packed into the
    // first or last words, at 31 (found) and 32 (not), probe each stage's edge.
    const next = seeded(11);
    const index = new PdqIndex();
    const stored = Array.from({ length: 6 }, () => randomHash(next));
    stored.forEach((hash, id) => {
      index.add(id, hash);
    });
    index.rebuild();
    const flipRange = (hash: string, fromBit: number, count: number) => {
      const value = Array.from(hash, (c) => Number.parseInt(c, 16));
      for (let bit = fromBit; bit < fromBit + count; bit += 1)
        value[bit >> 2] = (value[bit >> 2] as number) ^ (8 >> (bit & 3));
      return value.map((v) => v.toString(16)).join('');
    };
    for (const [id, fromBit] of [0, 33, 64, 96, 224].entries()) {
      const hash = stored[id] as string;
      expect(index.query([flipRange(hash, fromBit, 31)])).toEqual([{ id, distance: 31 }]);
      expect(index.query([flipRange(hash, fromBit, 32)]), `bits ${fromBit}…`).toEqual([]);
      expect(index.query([flipRange(hash, fromBit, 31)], 30)).toEqual([]);
    }
  });

  it('searches all query variants (the 8 dihedral hashes) at once', () => {
    const next = seeded(7);
    const index = new PdqIndex();
    const target = randomHash(next);
    index.add(1, target);
    index.add(2, randomHash(next));
    const hits = index.query([randomHash(next), perturb(target, 10, next)]);
    expect(hits).toEqual([{ id: 1, distance: 10 }]);
  });

  it('serves additions before a rebuild and forgets removals at once', () => {
    const next = seeded(9);
    const index = new PdqIndex();
    const a = randomHash(next);
    const b = randomHash(next);
    index.add(1, a);
    index.rebuild();
    index.add(2, b);
    expect(index.query([b])).toEqual([{ id: 2, distance: 0 }]);
    index.remove(1);
    expect(index.query([a])).toEqual([]);
    expect(index.size).toBe(1);
    index.rebuild();
    expect(index.query([a])).toEqual([]);
    expect(index.query([b])).toEqual([{ id: 2, distance: 0 }]);
  });

  it('refuses radii it cannot answer and hashes that are not 256-bit hex', () => {
    const index = new PdqIndex();
    expect(() => index.query(['0'.repeat(64)], 32)).toThrow(RangeError);
    expect(() => {
      index.add(1, 'xyz');
    }).toThrow(RangeError);
  });
});

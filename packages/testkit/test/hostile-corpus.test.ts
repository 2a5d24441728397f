import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeHostileCorpus } from '../scripts/generate-hostile-corpus.js';
import { hostileCorpusDir, loadHostileCorpus } from '../src/index.js';

let regenerated = '';

beforeAll(async () => {
  regenerated = await mkdtemp(path.join(tmpdir(), 'lw-hostile-corpus-'));
  await writeHostileCorpus(regenerated);
}, 120_000);

afterAll(async () => {
  await rm(regenerated, { recursive: true, force: true });
});

describe('the hostile corpus', () => {
  it('is exactly what the generator writes (committed files cannot drift from the script)', async () => {
    const committed = (await readdir(hostileCorpusDir)).sort();
    expect((await readdir(regenerated)).sort()).toEqual(committed);
    for (const name of committed) {
      const [expected, actual] = await Promise.all([
        readFile(path.join(hostileCorpusDir, name)),
        readFile(path.join(regenerated, name)),
      ]);
      expect(actual.equals(expected), `${name} differs from a fresh pnpm corpus:hostile`).toBe(
        true,
      );
    }
  });

  it('gives every file, with a code for each entry point it is aimed at, under 2 MB in all', () => {
    const samples = loadHostileCorpus();
    expect(samples.length).toBeGreaterThanOrEqual(40);
    expect(new Set(samples.map((s) => s.file)).size).toBe(samples.length);
    for (const sample of samples) {
      expect(sample.description.length, sample.file).toBeGreaterThan(10);
      if (sample.kind !== 'document') expect(sample.expected.image, sample.file).toMatch(/^LW_/);
      if (sample.kind !== 'image') expect(sample.expected.document, sample.file).toMatch(/^LW_/);
    }
    expect(samples.reduce((sum, s) => sum + s.bytes.length, 0)).toBeLessThan(2 * 1024 * 1024);
    expect(loadHostileCorpus('image').every((s) => s.expected.image)).toBe(true);
    expect(loadHostileCorpus('document').every((s) => s.expected.document)).toBe(true);
  });
});

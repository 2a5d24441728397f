import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { handmadePdf, loadHostileCorpus, useTestDatabase } from '@leakwatch/testkit';
import { cliAgainst } from './support/leakwatch-cli.js';

/**
 * `leakwatch docs add` and `leakwatch match` given files of the hostile corpus, one of each
 * family: every file fails with its manifest code on its own JSON line, the exit status says
 * so, nothing hostile is registered, and a good file after them is still registered.
 */

const testDb = useTestDatabase();
let dir = '';
let validPdf = '';

const leakwatch = cliAgainst(
  () => testDb().url,
  inject('leakwatch').redisUrl,
  () => path.join(dir, 'data'),
);

const families = [
  'empty.jpg', // nothing
  'truncated.jpg', // broken image
  'pixel-bomb.png', // decompression bomb
  'many-frames.webp', // thousands of frames
  'script.svg', // vector with script and external references
  'html-page.jpg', // not an image at all
  'png-bomb-named.pdf', // wrong extension
  'encrypted.pdf',
  'javascript-page-aa.pdf', // active content
  'broken-page-tree.pdf', // malformed PDF
  'zip-bomb.docx',
  'not-a-zip.docx',
];
const samples = loadHostileCorpus().filter((sample) => families.includes(sample.file));

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'lw-docs-hostile-'));
  validPdf = path.join(dir, 'Công văn 17.pdf');
  await writeFile(validPdf, handmadePdf({ pages: [['SO Y TE LAM DONG', 'Cong van 17/SYT']] }));
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('leakwatch with hostile files', () => {
  it('finds every family in the corpus', () => {
    expect(samples.map((sample) => sample.file).sort()).toEqual([...families].sort());
  });

  it('docs add refuses each with its code, registers none of them, and goes on', async () => {
    const run = await leakwatch('docs', 'add', ...samples.map((s) => s.path), validPdf, '--json');
    expect(run.code).toBe(1);
    const outcomes = run.lines.map((line) => ({
      file: path.basename(String(line['file'])),
      status: line['status'],
      code: (line['error'] as { code?: string } | undefined)?.code,
    }));
    expect(outcomes).toEqual([
      ...samples.map((sample) => ({
        file: sample.file,
        status: 'failed',
        code: sample.expected.document,
      })),
      { file: path.basename(validPdf), status: 'registered', code: undefined },
    ]);

    const listed = await leakwatch('docs', 'list', '--json');
    expect(listed.code).toBe(0);
    expect(listed.lines.map((line) => line['title'])).toEqual(['Công văn 17']);
  }, 300_000);

  it('match refuses each with its code and exits non-zero', async () => {
    const run = await leakwatch('match', ...samples.map((s) => s.path), '--json');
    expect(run.code).toBe(1);
    expect(
      run.lines.map((line) => ({
        file: path.basename(String(line['file'])),
        code: (line['error'] as { code?: string } | undefined)?.code,
      })),
    ).toEqual(samples.map((sample) => ({ file: sample.file, code: sample.expected.image })));
  }, 300_000);
});

import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  CorpusRenderer,
  documentHtml,
  healthDocument,
  loadPageImage,
  makeVariant,
  Random,
} from '@leakwatch/corpus';
import { MatcherIndex, RegistrySync } from '@leakwatch/matcher';
import { useTestDatabase } from '@leakwatch/testkit';
import { cliAgainst } from './support/leakwatch-cli.js';

const testDb = useTestDatabase();
let dir = '';
let photo = '';
let lookAlikePhoto = '';

const leakwatch = cliAgainst(
  () => testDb().url,
  inject('leakwatch').redisUrl,
  () => path.join(dir, 'data'),
);

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'lw-docs-cli-'));
  const renderer = await CorpusRenderer.open(undefined);
  try {
    const render = async (seed: string) => {
      const random = new Random(seed);
      return renderer.renderDocument(
        documentHtml(healthDocument(random, 'quarantine-decision', seed), random.fork('html')),
      );
    };
    const decision = await render('cli-decision');
    const lookAlike = await render('cli-look-alike');
    await mkdir(path.join(dir, 'inbox/2021-07'), { recursive: true });
    await writeFile(path.join(dir, 'inbox/QĐ cách ly 311.pdf'), decision.pdf);
    await writeFile(path.join(dir, 'inbox/2021-07/scan.png'), lookAlike.pages[0]!);
    await writeFile(path.join(dir, 'inbox/2021-07/broken.pdf'), decision.pdf.subarray(0, 400));
    await writeFile(path.join(dir, 'inbox/notes.txt'), 'not a document');
    const page = await loadPageImage(decision.pages[0]!);
    photo = path.join(dir, 'photo.jpg');
    await writeFile(photo, (await makeVariant('phone-photo', [page], new Random('cli'))).bytes);
    const other = await loadPageImage(lookAlike.pages[0]!);
    lookAlikePhoto = path.join(dir, 'look-alike.jpg');
    await writeFile(
      lookAlikePhoto,
      (await makeVariant('phone-photo', [other], new Random('cli'))).bytes,
    );
  } finally {
    await renderer.close();
  }
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('leakwatch docs and match', () => {
  let decisionId = '';

  it('docs add registers a folder, reports each file, and fails only the bad ones', async () => {
    const missing = path.join(dir, 'missing.pdf');
    const run = await leakwatch('docs', 'add', path.join(dir, 'inbox'), missing, '--json');
    expect(run.code).toBe(1);
    const byName = new Map(run.lines.map((line) => [path.basename(String(line['file'])), line]));
    expect([...byName.keys()].sort()).toEqual(
      ['QĐ cách ly 311.pdf', 'broken.pdf', 'missing.pdf', 'scan.png'].sort(),
    );
    const decision = byName.get('QĐ cách ly 311.pdf');
    expect(Object.keys(decision ?? {}).sort()).toEqual([
      'documentId',
      'file',
      'pages',
      'status',
      'title',
    ]);
    expect(decision).toMatchObject({
      file: path.join(dir, 'inbox/QĐ cách ly 311.pdf'),
      title: 'QĐ cách ly 311',
      status: 'registered',
    });
    expect(String(decision?.['documentId'])).toMatch(/^[0-9a-f-]{36}$/);
    expect(decision?.['pages']).toBeGreaterThanOrEqual(1);
    decisionId = String(decision?.['documentId']);
    expect(byName.get('scan.png')).toMatchObject({ pages: 1, status: 'registered' });
    expect(byName.get('broken.pdf')).toMatchObject({
      status: 'failed',
      error: { code: 'LW_DOCUMENT_UNREADABLE' },
    });
    expect(byName.get('missing.pdf')).toMatchObject({
      status: 'failed',
      error: { code: 'LW_NOT_FOUND' },
    });

    const again = await leakwatch(
      'docs',
      'add',
      path.join(dir, 'inbox/QĐ cách ly 311.pdf'),
      '--json',
    );
    expect(again.code).toBe(0);
    expect(again.lines).toEqual([{ ...decision, status: 'already-registered' }]);
  });

  it('docs add refuses bad options with every problem named', async () => {
    const run = await leakwatch(
      'docs',
      'add',
      path.join(dir, 'photo.jpg'),
      '--classification',
      'secret',
      '--retention',
      '31/12/2030',
    );
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('LW_VALIDATION_FAILED');
    expect(run.stderr).toContain('--classification');
    expect(run.stderr).toContain('--retention');
    expect(run.lines).toEqual([]);
  });

  it('docs list shows what is registered', async () => {
    const run = await leakwatch('docs', 'list', '--json');
    expect(run.code).toBe(0);
    expect(run.lines).toHaveLength(2);
    expect(run.lines.find((line) => line['documentId'] === decisionId)).toMatchObject({
      title: 'QĐ cách ly 311',
      status: 'active',
      classification: 'thuong',
    });
  });

  it('match finds the registered decision in a phone photo and explains it', async () => {
    const run = await leakwatch('match', photo, lookAlikePhoto, '--json');
    expect(run.code).toBe(0);
    const [leak, lookAlike] = run.lines;
    expect(leak).toMatchObject({ file: photo, verdict: 'match' });
    const matches = leak?.['matches'] as {
      documentId: string;
      title: string;
      page: number;
      score: number;
      signals: { rules: string[] };
    }[];
    expect(matches[0]).toMatchObject({ documentId: decisionId, title: 'QĐ cách ly 311', page: 1 });
    expect(matches[0]?.score).toBeGreaterThan(0);
    expect(matches[0]?.signals.rules).toContain('text');
    expect(String(leak?.['sha256'])).toMatch(/^[0-9a-f]{64}$/);
    expect(Object.keys(leak ?? {})).toEqual(
      expect.arrayContaining(['file', 'verdict', 'matches', 'findings', 'seconds']),
    );
    // The scan registered from the look-alike is its own document, not the decision.
    expect(
      (lookAlike?.['matches'] as { documentId: string }[]).map((m) => m.documentId),
    ).not.toContain(decisionId);
  });

  // Four CLI runs, the last one reading the photo by OCR: 24 s alone, 57 s in a full run on
  // this two-core machine, so the default 60 s is too tight.
  it('docs revoke reaches a running matcher in another process within seconds', async () => {
    const { repos } = testDb();
    const index = new MatcherIndex(new Set());
    const sync = new RegistrySync(repos, index, {
      textKeyId: (await repos.documents.indexablePages({ limit: 1 }))[0]?.textKeyId ?? 'none',
      pollMs: 200,
    });
    await sync.load();
    sync.start();
    try {
      expect(index.hasDocument(decisionId)).toBe(true);
      const run = await leakwatch('docs', 'revoke', decisionId, '--json');
      const revokedAt = Date.now();
      expect(run.lines).toEqual([{ documentId: decisionId, status: 'revoked' }]);
      await expect
        .poll(() => index.hasDocument(decisionId), { timeout: 5_000, interval: 50 })
        .toBe(false);
      expect(Date.now() - revokedAt).toBeLessThan(3_000);
    } finally {
      await sync.stop();
    }

    const unknown = randomUUID();
    const again = await leakwatch('docs', 'revoke', decisionId, unknown, '--json');
    expect(again.code).toBe(1);
    expect(again.lines).toEqual([
      { documentId: decisionId, status: 'already-revoked' },
      { documentId: unknown, status: 'not-found' },
    ]);
    const invalid = await leakwatch('docs', 'revoke', 'not-an-id');
    expect(invalid.code).not.toBe(0);
    expect(invalid.stderr).toContain('not-an-id');

    const after = await leakwatch('match', photo, '--json');
    expect(after.lines[0]?.['verdict']).not.toBe('match');
  }, 150_000);
});

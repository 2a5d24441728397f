import { randomBytes } from 'node:crypto';
import { appendFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handmadePdf, useTestDatabase } from '@leakwatch/testkit';
import {
  createRegistryService,
  FolderImporter,
  type ImportOutcome,
  type RegistryService,
} from '../src/index.js';

const testDb = useTestDatabase();
let dir = '';
let registry: RegistryService;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'lw-import-'));
  registry = await createRegistryService({
    repos: testDb().repos,
    textKey: randomBytes(32),
    textKeyId: 'import-test',
    thumbnailKeys: [{ id: 'import-test', key: randomBytes(32) }],
    ocr: { model: 'best-int', workers: 1, timeoutMs: 60_000 },
    searchPath: process.env['PATH'] ?? '',
  });
});

afterAll(async () => {
  await registry.close();
  await rm(dir, { recursive: true, force: true });
});

function importer(folder: string, outcomes: ImportOutcome[]) {
  return new FolderImporter({
    folder,
    journalFile: path.join(dir, 'journal', 'inbox.jsonl'),
    register: (input) => registry.register(input),
    onOutcome: (outcome) => outcomes.push(outcome),
    maxBytes: 10 * 1024 * 1024,
    // Scans are driven by the test.
    pollMs: 3_600_000,
  });
}

const letter = (line: string) =>
  handmadePdf({ pages: [['SO Y TE TINH LAM DONG', 'CONG VAN', line, 'Noi nhan: nhu tren']] });

describe('watched-folder importer', () => {
  it('registers settled files once, reports bad ones once, and survives a restart', async () => {
    const inbox = path.join(dir, 'inbox');
    await mkdir(path.join(inbox, '2021-07'), { recursive: true });
    await writeFile(path.join(inbox, 'cong-van-125.pdf'), letter('So: 125/SYT-NVY'));
    await writeFile(
      path.join(inbox, '2021-07', 'hong.pdf'),
      Buffer.from('%PDF-1.7 but nothing else'),
    );
    await writeFile(path.join(inbox, 'ghi-chu.txt'), 'not a document');
    await writeFile(path.join(inbox, '.tam.pdf'), letter('a hidden temporary file'));

    const outcomes: ImportOutcome[] = [];
    const first = importer(inbox, outcomes);
    await first.start(); // first look: files seen, not yet known to be settled
    expect(outcomes).toEqual([]);
    await first.scan();
    const byName = new Map(outcomes.map((o) => [path.basename(o.file), o]));
    expect([...byName.keys()].sort()).toEqual(['cong-van-125.pdf', 'hong.pdf']);
    expect(byName.get('cong-van-125.pdf')).toMatchObject({
      status: 'registered',
      title: 'cong-van-125',
      pages: 1,
    });
    expect(byName.get('hong.pdf')).toMatchObject({ error: { code: 'LW_DOCUMENT_UNREADABLE' } });

    // A copy in progress is left alone until it stops growing.
    const growing = path.join(inbox, 'quyet-dinh-311.pdf');
    const full = letter('So: 311/QD-SYT');
    await writeFile(growing, full.subarray(0, 200));
    await first.scan();
    await appendFile(growing, full.subarray(200));
    await first.scan();
    expect(outcomes).toHaveLength(2);
    await first.scan();
    expect(outcomes).toHaveLength(3);
    expect(outcomes[2]).toMatchObject({ file: growing, status: 'registered' });
    await first.stop();

    // Restarted, it remembers what it did.
    const again: ImportOutcome[] = [];
    const second = importer(inbox, again);
    await second.start();
    await second.scan();
    expect(again).toEqual([]);

    // A replaced file is read again.
    await writeFile(path.join(inbox, '2021-07', 'hong.pdf'), letter('So: 126/SYT-NVY'));
    await second.scan();
    await second.scan();
    expect(again).toHaveLength(1);
    expect(again[0]).toMatchObject({ status: 'registered' });
    await second.stop();

    expect((await testDb().repos.documents.list({ status: 'active' })).length).toBe(3);
  });
});

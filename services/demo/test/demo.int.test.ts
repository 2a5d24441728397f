import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPlan, demoTimeline, loadDemoScenario } from '../src/index.js';

let dataDir = '';
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'lw-demo-'));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('the demo scenario', () => {
  it('is built once, kept under the data folder, and read back identical', async () => {
    const first = await loadDemoScenario(dataDir, process.env['CHROMIUM_PATH']);
    expect(first.documents).toHaveLength(demoPlan.documents.length);
    expect(first.leaks).toHaveLength(demoPlan.leaks.length);
    expect(
      first.documents.every((document) => document.pdf.subarray(0, 5).toString() === '%PDF-'),
    ).toBe(true);
    const [folder] = await readdir(path.join(dataDir, 'demo'));
    expect(folder).toMatch(new RegExp(`^${demoPlan.seed}-[0-9a-f]{12}$`));
    const manifest = path.join(dataDir, 'demo', folder ?? '', 'manifest.json');
    const writtenAt = (await stat(manifest)).mtimeMs;

    const again = await loadDemoScenario(dataDir, process.env['CHROMIUM_PATH']);
    expect((await stat(manifest)).mtimeMs).toBe(writtenAt);
    // Same bytes: the registry recognises the documents and registers nothing twice.
    expect(
      again.documents.map((document) =>
        document.pdf.equals(
          first.documents[again.documents.indexOf(document)]?.pdf ?? Buffer.alloc(0),
        ),
      ),
    ).toEqual(first.documents.map(() => true));
    expect(again.leaks.map((leak) => leak.leakOf)).toEqual(first.leaks.map((leak) => leak.leakOf));
    expect(
      again.leaks.every((leak, index) =>
        leak.bytes.equals(first.leaks[index]?.bytes ?? Buffer.alloc(0)),
      ),
    ).toBe(true);

    // Every leak is posted within the first two minutes, then the first one is reposted.
    const events = demoTimeline(again, 'demo-group', Date.now());
    const posted = events.flatMap((event) => ('publish' in event ? [event] : []));
    expect(Math.max(...posted.map((event) => event.atMs))).toBeLessThanOrEqual(120_000);
    const leakBytes = again.leaks.map((leak) => leak.bytes);
    const leakPosts = posted.filter((event) =>
      event.publish.post.photos.some((photo) =>
        leakBytes.some((bytes) => photo.bytes?.equals(bytes)),
      ),
    );
    expect(leakPosts).toHaveLength(again.leaks.length + 1);
    expect(new Set(posted.map((event) => event.publish.post.id)).size).toBe(posted.length);
  }, 120_000);
});

import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCatalogue, type ErrorCode } from '@leakwatch/errors';
import { handmadePdf, loadHostileCorpus, useTestDatabase } from '@leakwatch/testkit';
import { multipart, tokenHeaders } from './support/api-harness.js';
import { startApi } from './support/api-harness.js';

/**
 * Every file of the hostile corpus (packages/testkit/fixtures/hostile) sent to document
 * registration and to "check an image": each gets a 4xx problem+json with its manifest code,
 * nothing is stored for it, and the API goes on serving.
 */

const testDb = useTestDatabase();
const samples = loadHostileCorpus();
let api: { app: FastifyInstance; close: () => Promise<void> };
let dataDir = '';
let storedBefore: { documents: number; files: string[] };

/** Every file under the data directory with its size: where originals and blobs land. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = await Promise.all(
    entries
      .filter((entry) => entry.isFile())
      .map(async (entry) => {
        const file = path.join(entry.parentPath, entry.name);
        return `${path.relative(dir, file)} ${(await stat(file)).size}`;
      }),
  );
  return files.sort();
}

async function stored() {
  const { repos } = testDb();
  return {
    documents: (await repos.documents.list({ limit: 500 })).length,
    files: await filesUnder(dataDir),
  };
}

/** A small photo with nothing of a document in it: the matcher answers without OCR. */
async function ordinaryPhoto(): Promise<Buffer> {
  const [width, height] = [160, 120];
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const at = (y * width + x) * 3;
      pixels[at] = (x * 255) / width;
      pixels[at + 1] = (y * 255) / height;
      pixels[at + 2] = 128;
    }
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 85 })
    .toBuffer();
}

async function upload(route: '/api/documents' | '/api/match', file: string, bytes: Buffer) {
  const { repos } = testDb();
  // One token per request: the routes' per-caller rate limits are not what is tested here.
  const caller = await tokenHeaders(repos, ['documents:write', 'match:run']);
  const body = multipart({ name: file, bytes });
  return api.app.inject({
    method: 'POST',
    url: route,
    headers: { ...caller.headers, ...body.headers },
    payload: body.payload,
  });
}

function expectProblem(
  response: Awaited<ReturnType<typeof upload>>,
  code: string | undefined,
  file: string,
) {
  expect(code !== undefined && code in errorCatalogue, `${file}: a catalogue code`).toBe(true);
  const problem = response.json<{ code: string; status: number }>();
  expect({ file, code: problem.code }).toEqual({ file, code });
  expect(response.statusCode).toBe(errorCatalogue[code as ErrorCode].status);
  expect(response.statusCode).toBeGreaterThanOrEqual(400);
  expect(response.statusCode).toBeLessThan(500);
  expect(problem.status).toBe(response.statusCode);
  expect(response.headers['content-type']).toContain('application/problem+json');
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'lw-api-hostile-'));
  // Originals kept: a refused file must not leave one behind.
  api = await startApi(
    testDb().repos,
    { KEEP_ORIGINALS: 'true' },
    { documentServices: true, dataDir },
  );
  // Start registration and matching (keys, original store, index) before counting what is stored.
  const registered = await upload(
    '/api/documents',
    'hợp lệ.pdf',
    handmadePdf({ pages: [['SO Y TE LAM DONG', 'Cong van 17/SYT']] }),
  );
  expect(registered.statusCode).toBe(201);
  const checked = await upload('/api/match', 'ảnh.jpg', await ordinaryPhoto());
  expect(checked.statusCode).toBe(200);
  storedBefore = await stored();
  // The original of the valid document is on disk: the check below would see another one.
  expect(storedBefore.documents).toBe(1);
  expect(storedBefore.files.length).toBeGreaterThan(0);
}, 300_000);

afterAll(async () => {
  await api.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('hostile files over HTTP', () => {
  it('covers the corpus', () => {
    expect(samples.length).toBeGreaterThanOrEqual(40);
  });

  it.each(samples.map((sample) => [sample.file, sample] as const))(
    '%s: refused with its code by registration and by "check an image"',
    async (file, sample) => {
      expectProblem(
        await upload('/api/documents', file, sample.bytes),
        sample.expected.document,
        file,
      );
      expectProblem(await upload('/api/match', file, sample.bytes), sample.expected.image, file);
    },
    // Two of the office files reach LibreOffice, which takes a minute on a loaded machine.
    300_000,
  );

  it('stored nothing for them and still serves', async () => {
    expect(await stored()).toEqual(storedBefore);
    const health = await api.app.inject({ url: '/healthz' });
    expect(health.statusCode).toBe(200);
    const checked = await upload('/api/match', 'ảnh sau.jpg', await ordinaryPhoto());
    expect(checked.statusCode).toBe(200);
    expect(checked.json()).toMatchObject({ file: 'ảnh sau.jpg', verdict: 'no-match' });
  }, 120_000);
});

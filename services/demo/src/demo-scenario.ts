import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { CorpusRenderer } from '@leakwatch/corpus';
import { buildLeakScenario, type LeakScenario, type LeakScenarioPlan } from '@leakwatch/scenarios';

/**
 * What the demo shows: three registered documents, four leaks, a look-alike, ordinary photos.
 * The leak variants are ones the matcher finds reliably (docs/benchmarks.md), so a newcomer sees
 * every step; the end-to-end test covers harder ones.
 */
export const demoPlan: LeakScenarioPlan = {
  seed: 'leakwatch-demo-v1',
  documents: ['close-contact-list', 'quarantine-decision', 'investigation-report'],
  leaks: [
    { document: 0, page: 1, variant: 'overlay' },
    { document: 1, page: 1, variant: 'screenshot' },
    { document: 2, page: 1, variant: 'crop' },
    { document: 1, page: 1, variant: 'phone-photo' },
  ],
  lookAlikes: 1,
  ordinary: ['photo', 'meme'],
};

const imageSchema = z.object({
  role: z.enum(['leak', 'look-alike', 'ordinary']),
  file: z.string().regex(/^[a-z0-9-]+\.jpg$/),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  caption: z.string(),
  leakOf: z
    .object({
      documentKey: z.string(),
      pageNumber: z.number().int().positive(),
      variant: z.string(),
    })
    .optional(),
  describes: z.string().optional(),
});
const manifestSchema = z.object({
  seed: z.string(),
  documents: z.array(
    z.object({
      key: z.string(),
      kind: z.string(),
      title: z.string(),
      numberSymbol: z.string(),
      fileName: z.string().regex(/^[a-z0-9-]+\.pdf$/),
      pageCount: z.number().int().positive(),
    }),
  ),
  images: z.array(imageSchema),
});

/**
 * The demo's documents and images, built once and kept under the data folder: Chromium's PDFs
 * differ byte for byte between renders, and the registry recognises a document by its bytes, so
 * a restart must present the same files (and so registers nothing twice).
 */
export async function loadDemoScenario(
  dataDir: string,
  chromiumPath: string | undefined,
): Promise<LeakScenario> {
  // Named after the plan's content: a changed plan is built afresh, never read from an old cache.
  const folder = path.join(dataDir, 'demo', `${demoPlan.seed}-${planDigest()}`);
  const cached = await readScenario(folder).catch(() => undefined);
  if (cached) return cached;
  const renderer = await CorpusRenderer.open(chromiumPath);
  let scenario: LeakScenario;
  try {
    scenario = await buildLeakScenario(renderer, demoPlan);
  } finally {
    await renderer.close();
  }
  await writeScenario(folder, scenario);
  return scenario;
}

function planDigest(): string {
  return createHash('sha256').update(JSON.stringify(demoPlan)).digest('hex').slice(0, 12);
}

async function readScenario(folder: string): Promise<LeakScenario> {
  const manifest = manifestSchema.parse(
    JSON.parse(await readFile(path.join(folder, 'manifest.json'), 'utf8')),
  );
  if (manifest.seed !== demoPlan.seed) throw new Error('another demo version');
  const documents = await Promise.all(
    manifest.documents.map(async (document) => ({
      ...document,
      kind: document.kind as LeakScenario['documents'][number]['kind'],
      pdf: await readFile(path.join(folder, document.fileName)),
    })),
  );
  const images = await Promise.all(
    manifest.images.map(async ({ file, leakOf, describes, ...image }) => ({
      ...image,
      bytes: await readFile(path.join(folder, file)),
      ...(leakOf
        ? {
            leakOf: {
              ...leakOf,
              variant: leakOf.variant as NonNullable<
                LeakScenario['leaks'][number]['leakOf']
              >['variant'],
            },
          }
        : {}),
      ...(describes ? { describes } : {}),
    })),
  );
  return {
    documents,
    leaks: images.filter((image) => image.role === 'leak'),
    lookAlikes: images.filter((image) => image.role === 'look-alike'),
    ordinary: images.filter((image) => image.role === 'ordinary'),
  };
}

/** Written to a temporary folder and renamed, so a crash never leaves half a scenario. */
async function writeScenario(folder: string, scenario: LeakScenario): Promise<void> {
  const temporary = `${folder}.tmp-${process.pid}`;
  await rm(temporary, { recursive: true, force: true });
  await mkdir(temporary, { recursive: true });
  for (const document of scenario.documents)
    await writeFile(path.join(temporary, document.fileName), document.pdf);
  const images = [...scenario.leaks, ...scenario.lookAlikes, ...scenario.ordinary];
  const entries = [];
  for (const [index, { bytes, ...image }] of images.entries()) {
    const file = `${image.role}-${index}.jpg`;
    await writeFile(path.join(temporary, file), bytes);
    entries.push({ ...image, file });
  }
  const manifest = {
    seed: demoPlan.seed,
    documents: scenario.documents.map(({ pdf: _pdf, ...document }) => document),
    images: entries,
  };
  await writeFile(path.join(temporary, 'manifest.json'), JSON.stringify(manifest, null, 2));
  await rm(folder, { recursive: true, force: true });
  await rename(temporary, folder);
}

import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { healthDocument, healthDocumentKinds } from './content/health-documents.js';
import type { DocumentSpec } from './content/document-model.js';
import { distractorKindAt, makeDistractor } from './distractors.js';
import {
  corpusManifest,
  corpusVersion,
  type CorpusManifest,
  type DocumentEntry,
  type QueryEntry,
} from './manifest.js';
import { Random } from './random.js';
import { documentHtml } from './render/document-html.js';
import { CorpusRenderer } from './render/renderer.js';
import {
  loadPageImage,
  makeVariant,
  variantClasses,
  type PageImage,
  type VariantClass,
} from './variants/leak-variants.js';

/** Corpus sizes. `default` is the benchmark; `small` fits a CI run (minutes, not tens). */
export const corpusProfiles = {
  default: { registeredPages: 200, lookalikePages: 200, distractors: 500 },
  small: { registeredPages: 3, lookalikePages: 3, distractors: 10 },
} as const;

export type CorpusProfile = keyof typeof corpusProfiles;

export interface BuildCorpusOptions {
  profile: CorpusProfile;
  seed: string;
  /** Parent folder; the corpus goes to `<dir>/<profile>-<seed>-v<version>-<sizes>`. */
  dir: string;
  chromiumPath: string | undefined;
  /** Progress lines (stderr in the scripts). */
  progress?: (message: string) => void;
}

export interface BuiltCorpus {
  dir: string;
  manifest: CorpusManifest;
  reused: boolean;
}

interface RenderedPage {
  documentId: string;
  page: number;
  image: PageImage;
}

/** Runs `work` over `items` with at most `limit` in flight: overlaps sharp's threads with JS work. */
async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      await work(items[index] as T, index);
    }
  });
  await Promise.all(lanes);
}

/** Counts what the page text really shows (not every person has every field printed). */
function personalData(spec: DocumentSpec): DocumentEntry['personalData'] {
  const texts = spec.blocks.flatMap((block) => {
    if (block.type === 'table') return block.rows.flat();
    if (block.type === 'paragraph' || block.type === 'heading' || block.type === 'authority')
      return [block.text];
    return block.lines;
  });
  const joined = texts.join('\n');
  const ids = joined.match(/\b(\d{12}|\d{9})\b/g)?.length ?? 0;
  const phones = joined.replace(/(\d)[ .](?=\d)/g, '$1').match(/\b0\d{9}\b/g)?.length ?? 0;
  return { people: spec.people.length, ids, phones };
}

/**
 * Generates (or reuses) the corpus: registered documents and look-alikes rendered by Chromium
 * to PDF and 150-dpi page images, leak variants of every registered page in every class,
 * look-alike queries, and distractors. Deterministic for a given seed and profile.
 */
export async function buildCorpus(options: BuildCorpusOptions): Promise<BuiltCorpus> {
  const sizes = corpusProfiles[options.profile];
  // The sizes are part of the name: a profile resized in code must not reuse an old corpus.
  const sizeKey = `${sizes.registeredPages}r${sizes.lookalikePages}l${sizes.distractors}d`;
  const dir = path.join(
    options.dir,
    `${options.profile}-${options.seed}-v${corpusVersion}-${sizeKey}`,
  );
  const manifestPath = path.join(dir, 'manifest.json');
  const progress = options.progress ?? (() => undefined);
  if (existsSync(manifestPath)) {
    const manifest = corpusManifest.parse(JSON.parse(await readFile(manifestPath, 'utf8')));
    return { dir, manifest, reused: true };
  }
  const started = Date.now();
  await rm(dir, { recursive: true, force: true });
  for (const sub of ['registered', 'lookalikes', 'queries'])
    await mkdir(path.join(dir, sub), { recursive: true });
  const root = new Random(`${options.seed}/${options.profile}`);
  const renderer = await CorpusRenderer.open(options.chromiumPath);
  try {
    const renderSet = async (set: 'registered' | 'lookalikes', targetPages: number) => {
      const entries: DocumentEntry[] = [];
      const pages: RenderedPage[] = [];
      for (let n = 1; pages.length < targetPages; n += 1) {
        const id = `${set === 'registered' ? 'reg' : 'look'}-${String(n).padStart(4, '0')}`;
        const random = root.fork(id);
        const kind = healthDocumentKinds[(n - 1) % healthDocumentKinds.length] ?? 'official-letter';
        const spec = healthDocument(random, kind, id);
        const rendered = await renderer.renderDocument(documentHtml(spec, random.fork('html')));
        const pdf = `${set}/${id}.pdf`;
        await writeFile(path.join(dir, pdf), rendered.pdf);
        const pageEntries: DocumentEntry['pages'] = [];
        for (const [i, png] of rendered.pages.entries()) {
          const file = `${set}/${id}-p${i + 1}.png`;
          await writeFile(path.join(dir, file), png);
          const image = await loadPageImage(png);
          pageEntries.push({ page: i + 1, file, width: image.width, height: image.height });
          pages.push({ documentId: id, page: i + 1, image });
        }
        entries.push({
          id,
          kind,
          title:
            spec.blocks.find((b) => b.type === 'title')?.lines.join(' ') ??
            spec.subjectLine ??
            kind,
          numberSymbol: spec.numberSymbol,
          pdf,
          pages: pageEntries,
          personalData: personalData(spec),
        });
        progress(`${set}: ${pages.length}/${targetPages} pages`);
      }
      return { entries, pages };
    };
    const registered = await renderSet('registered', sizes.registeredPages);
    const lookalikes = await renderSet('lookalikes', sizes.lookalikePages);

    const queries: QueryEntry[] = [];
    const addQuery = async (entry: Omit<QueryEntry, 'file'>, bytes: Buffer, extension: string) => {
      const file = `queries/${entry.id}.${extension}`;
      await writeFile(path.join(dir, file), bytes);
      queries.push({ ...entry, file });
    };

    // Leaks: every registered page in every class; two-pages pairs neighbouring pages.
    const singleClasses = variantClasses.filter(
      (c): c is Exclude<VariantClass, 'two-pages'> => c !== 'two-pages',
    );
    const leakJobs: { pages: RenderedPage[]; variant: VariantClass }[] = [];
    for (const page of registered.pages)
      for (const variant of singleClasses) leakJobs.push({ pages: [page], variant });
    for (let i = 0; i < registered.pages.length; i += 2) {
      const first = registered.pages[i] as RenderedPage;
      const second = registered.pages[i + 1] ?? first;
      leakJobs.push({ pages: [first, second], variant: 'two-pages' });
    }
    await forEachLimited(leakJobs, 2, async (job, index) => {
      const first = job.pages[0] as RenderedPage;
      const id = `leak-${String(index + 1).padStart(5, '0')}-${job.variant}`;
      const made = await makeVariant(
        job.variant,
        job.pages.map((p) => p.image),
        root.fork(id),
      );
      await addQuery(
        {
          id,
          origin: 'registered',
          variant: job.variant,
          expected: job.pages.map((p) => ({ documentId: p.documentId, page: p.page })),
          sourceDocumentId: first.documentId,
          keptFraction: Number(made.keptFraction.toFixed(4)),
          params: made.params,
        },
        made.bytes,
        made.extension,
      );
      if (index % 50 === 0) progress(`leak variants: ${index + 1}/${leakJobs.length}`);
    });

    // Look-alikes: a clean re-encode and one distorted copy of every page; none may match.
    const lookalikeJobs = lookalikes.pages.flatMap((page) => {
      const pick = root
        .fork(`lookalike-class-${page.documentId}-${page.page}`)
        .pick(['phone-photo', 'crop', 'screenshot', 'overlay'] as const);
      return [
        { page, variant: 'reencode' as const },
        { page, variant: pick },
      ];
    });
    await forEachLimited(lookalikeJobs, 2, async (job, index) => {
      const id = `look-${String(index + 1).padStart(5, '0')}-${job.variant}`;
      const made = await makeVariant(job.variant, [job.page.image], root.fork(id));
      await addQuery(
        {
          id,
          origin: 'lookalike',
          variant: job.variant,
          expected: [],
          sourceDocumentId: job.page.documentId,
          keptFraction: Number(made.keptFraction.toFixed(4)),
          params: made.params,
        },
        made.bytes,
        made.extension,
      );
    });
    progress(`look-alike queries: ${lookalikeJobs.length}`);

    for (let i = 0; i < sizes.distractors; i += 1) {
      const kind = distractorKindAt(i, sizes.distractors);
      const id = `noise-${String(i + 1).padStart(5, '0')}-${kind}`;
      const made = await makeDistractor(kind, root.fork(id), renderer, id);
      await addQuery(
        {
          id,
          origin: 'distractor',
          variant: kind,
          expected: [],
          keptFraction: 1,
          params: made.params,
        },
        made.bytes,
        made.extension,
      );
      if (i % 50 === 0) progress(`distractors: ${i + 1}/${sizes.distractors}`);
    }

    queries.sort((a, b) => a.id.localeCompare(b.id));
    const manifest: CorpusManifest = {
      version: corpusVersion,
      profile: options.profile,
      seed: options.seed,
      generatedAt: new Date().toISOString(),
      generationSeconds: Math.round((Date.now() - started) / 100) / 10,
      registered: registered.entries,
      lookalikes: lookalikes.entries,
      queries,
    };
    // Written last and atomically: a manifest on disk means a complete corpus.
    await writeFile(`${manifestPath}.tmp`, JSON.stringify(manifest, null, 1));
    await rename(`${manifestPath}.tmp`, manifestPath);
    return { dir, manifest, reused: false };
  } finally {
    await renderer.close();
  }
}

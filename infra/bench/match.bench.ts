// pnpm bench:match [--small] [--seed <text>] [--matchers leakwatch,blockhash,pdq] [--write-docs] [--limit N] [--every K]
// Registers the corpus's registered documents with each matcher, matches every query image,
// and prints recall, top-1 page accuracy, false positives and time per query by class.
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { getConfig } from '@leakwatch/config';
import {
  buildCorpus,
  scoreRun,
  scorecardMarkdown,
  variantClasses,
  type ScoredQuery,
  type Scorecard,
} from '@leakwatch/corpus';
import { findClosingPages } from './closing-pages.js';
import { blockhashBaseline } from './matchers/blockhash-baseline.js';
import { leakwatchMatcher } from './matchers/leakwatch-matcher.js';
import type { MatcherUnderTest } from './matchers/matcher.js';
import { pdqBaseline } from './matchers/pdq-baseline.js';
import { publishReport } from './report.js';

const config = getConfig();
const available: Record<string, () => MatcherUnderTest> = {
  leakwatch: () => leakwatchMatcher(config),
  blockhash: blockhashBaseline,
  pdq: pdqBaseline,
};

const { values } = parseArgs({
  options: {
    small: { type: 'boolean', default: false },
    seed: { type: 'string', default: 'leakwatch-2021' },
    matchers: { type: 'string', default: Object.keys(available).join(',') },
    'write-docs': { type: 'boolean', default: false },
    limit: { type: 'string' },
    every: { type: 'string' },
  },
});

const log = (line: string) => process.stderr.write(`${line}\n`);
const corpus = await buildCorpus({
  profile: values.small ? 'small' : 'default',
  seed: values.seed,
  dir: path.join(config.dataDir, 'corpus'),
  chromiumPath: config.browser.executablePath,
  progress: log,
});
const { manifest } = corpus;
const every = Number(values.every ?? 1);
// --every K keeps about one query in K, chosen by a hash of its id (classes cycle in the
// manifest, so taking every K-th entry would keep a single class).
const sampled = manifest.queries.filter(
  (query) => createHash('sha256').update(query.id).digest().readUInt32BE(0) % every === 0,
);
const queries = values.limit ? sampled.slice(0, Number(values.limit)) : sampled;
const registeredPages = manifest.registered.reduce((n, d) => n + d.pages.length, 0);
log(
  `corpus ${corpus.dir}: ${manifest.registered.length} documents (${registeredPages} pages) registered, ${queries.length} queries`,
);

const closingPages = await findClosingPages(corpus.dir, manifest.registered);
log(`${closingPages.size} registered pages hold only the closing block (recipients, signature)`);

const cards: { card: Scorecard; description: string; registerSeconds: number }[] = [];
const outcomes: { matcher: string; queries: unknown[] }[] = [];
for (const name of values.matchers.split(',')) {
  const factory = available[name.trim()];
  if (!factory)
    throw new Error(`unknown matcher "${name}" (known: ${Object.keys(available).join(', ')})`);
  const matcher = factory();
  const registerStarted = performance.now();
  await matcher.register(corpus.dir, manifest.registered);
  const registerSeconds = (performance.now() - registerStarted) / 1000;
  const scored: ScoredQuery[] = [];
  for (const [i, query] of queries.entries()) {
    const bytes = await readFile(path.join(corpus.dir, query.file));
    const started = performance.now();
    try {
      const outcome = await matcher.match(bytes);
      scored.push({
        query,
        outcome: { ...outcome, seconds: (performance.now() - started) / 1000 },
      });
    } catch (error) {
      scored.push({
        query,
        outcome: {
          verdict: 'no-match',
          matches: [],
          seconds: (performance.now() - started) / 1000,
          error: error instanceof Error ? error.message : String(error),
        },
      });
    }
    if ((i + 1) % 100 === 0) log(`${matcher.name}: ${i + 1}/${queries.length}`);
  }
  await matcher.close?.();
  cards.push({
    card: scoreRun(matcher.name, scored, variantClasses, closingPages),
    description: matcher.description,
    registerSeconds,
  });
  outcomes.push({
    matcher: matcher.name,
    queries: scored.map((s) => ({
      id: s.query.id,
      variant: s.query.variant,
      expected: s.query.expected,
      ...s.outcome,
    })),
  });
}

const header = [
  `Corpus: profile \`${manifest.profile}\`, seed \`${manifest.seed}\` — ${manifest.registered.length} registered documents (${registeredPages} pages), ` +
    `${manifest.lookalikes.reduce((n, d) => n + d.pages.length, 0)} look-alike pages, ${queries.length} query images ` +
    `(${queries.filter((q) => q.origin === 'registered').length} leaks, ${queries.filter((q) => q.origin === 'lookalike').length} look-alike, ${queries.filter((q) => q.origin === 'distractor').length} distractors).`,
  `Command: \`pnpm bench:match${values.small ? ' --small' : ''}${every > 1 ? ` --every ${every}` : ''}${values.limit ? ` --limit ${values.limit}` : ''}\`; run ${new Date().toISOString().slice(0, 16)}Z on the development machine.`,
  `${closingPages.size} of the ${registeredPages} registered pages hold nothing but the closing block ("Nơi nhận" and the signature), which documents by the same signer share word for word; "recall, pages with content" leaves leaks of those pages out (infra/bench/closing-pages.ts).`,
].join('\n');
const tables = cards
  .map(
    ({ card, description, registerSeconds }) =>
      `**${card.matcher}** — ${description}; registration ${registerSeconds.toFixed(1)} s.\n\n${scorecardMarkdown(card)}`,
  )
  .join('\n\n');
const markdown = `${header}\n\n${tables}\n`;
process.stdout.write(`${markdown}\n`);

const outDir = path.join(config.workspaceRoot, 'bench-results');
await mkdir(outDir, { recursive: true });
const base = path.join(outDir, `match-${manifest.profile}`);
await writeFile(
  `${base}.json`,
  JSON.stringify(
    { manifest: { profile: manifest.profile, seed: manifest.seed }, cards, outcomes },
    null,
    1,
  ),
);
await writeFile(`${base}.md`, markdown);
log(`wrote ${base}.json and ${base}.md`);

if (values['write-docs']) await publishReport(config.workspaceRoot, 'match', markdown, true);

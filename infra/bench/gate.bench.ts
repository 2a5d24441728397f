// pnpm bench:gate [--small] [--seed <text>] [--write-docs]
// The document-likeness gate decides which images are worth OCR. On every image of the matching
// corpus it reports the share sent to OCR per class (distractors should stay out, leaks get in)
// and the time it costs on top of the decode and hashes the matcher does anyway.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { getConfig } from '@leakwatch/config';
import { buildCorpus } from '@leakwatch/corpus';
import { fingerprintImageWithPixels } from '@leakwatch/fingerprint';
import { assessDocumentLikeness } from '@leakwatch/vision';
import { publishReport } from './report.js';

const { values } = parseArgs({
  options: {
    small: { type: 'boolean', default: false },
    seed: { type: 'string', default: 'leakwatch-2021' },
    'write-docs': { type: 'boolean', default: false },
  },
});
const config = getConfig();
const log = (line: string) => process.stderr.write(`${line}\n`);
const corpus = await buildCorpus({
  profile: values.small ? 'small' : 'default',
  seed: values.seed,
  dir: path.join(config.dataDir, 'corpus'),
  chromiumPath: config.browser.executablePath,
  progress: log,
});

interface Group {
  passed: number;
  total: number;
  hashMs: number;
  gateMs: number;
}
const groups = new Map<string, Group>();
for (const query of corpus.manifest.queries) {
  const group =
    query.origin === 'distractor'
      ? `distractor: ${query.variant}`
      : query.origin === 'lookalike'
        ? 'look-alike pages'
        : `leak: ${query.variant}`;
  const bytes = await readFile(path.join(corpus.dir, query.file));
  // Exactly what the matcher looks at: the small decode the hashes are computed from.
  const hashed = performance.now();
  const { pixels } = await fingerprintImageWithPixels(bytes);
  const gated = performance.now();
  const verdict = assessDocumentLikeness(pixels);
  const done = performance.now();
  const entry = groups.get(group) ?? { passed: 0, total: 0, hashMs: 0, gateMs: 0 };
  entry.total += 1;
  entry.hashMs += gated - hashed;
  entry.gateMs += done - gated;
  if (verdict.documentLike) entry.passed += 1;
  groups.set(group, entry);
}

const rows = [...groups]
  .sort(([a], [b]) => a.localeCompare(b))
  .map(
    ([group, g]) =>
      `| ${group} | ${g.total} | ${g.passed} (${((g.passed / g.total) * 100).toFixed(1)}%) | ${(g.gateMs / g.total).toFixed(1)} | ${(g.hashMs / g.total).toFixed(1)} |`,
  );
const distractors = [...groups].filter(([name]) => name.startsWith('distractor'));
const sent = distractors.reduce((n, [, g]) => n + g.passed, 0);
const total = distractors.reduce((n, [, g]) => n + g.total, 0);
const markdown = [
  `Command: \`pnpm bench:gate${values.small ? ' --small' : ''}\`; run ${new Date().toISOString().slice(0, 16)}Z; corpus \`${corpus.manifest.profile}\` (${corpus.manifest.queries.length} images). The gate looks at the ≤ 512 px decode the hashes are computed from, as in the matcher; "gate ms" is its own cost, "decode + hashes ms" what the matcher spends anyway.`,
  '',
  '| images | count | sent to OCR | gate ms | decode + hashes ms |',
  '| --- | ---: | ---: | ---: | ---: |',
  ...rows,
  '',
  `Distractors sent to OCR: ${sent} of ${total} (${((sent / total) * 100).toFixed(1)}%). Any image a PDQ candidate points at is read too, gate or not.`,
].join('\n');
process.stdout.write(`${markdown}\n`);
await publishReport(config.workspaceRoot, 'gate', markdown, values['write-docs']);

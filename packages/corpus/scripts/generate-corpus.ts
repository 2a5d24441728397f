// pnpm corpus:generate [--small] [--seed <text>] [--out <dir>]
// Generates the matching-quality corpus (or reports the cached one) and prints its size.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { getConfig } from '@leakwatch/config';
import { buildCorpus } from '../src/index.js';

const { values } = parseArgs({
  options: {
    small: { type: 'boolean', default: false },
    seed: { type: 'string', default: 'leakwatch-2021' },
    out: { type: 'string' },
  },
});
const config = getConfig();
const corpus = await buildCorpus({
  profile: values.small ? 'small' : 'default',
  seed: values.seed,
  dir: values.out ?? path.join(config.dataDir, 'corpus'),
  chromiumPath: config.browser.executablePath,
  progress: (line) => process.stderr.write(`${line}\n`),
});
const { manifest } = corpus;
const pages = (set: typeof manifest.registered) => set.reduce((n, d) => n + d.pages.length, 0);
console.log(
  JSON.stringify({
    dir: corpus.dir,
    reused: corpus.reused,
    registeredDocuments: manifest.registered.length,
    registeredPages: pages(manifest.registered),
    lookalikePages: pages(manifest.lookalikes),
    queries: manifest.queries.length,
    generationSeconds: manifest.generationSeconds,
  }),
);

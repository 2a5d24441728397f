import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as prettier from 'prettier';

/**
 * Saves a benchmark's markdown under `bench-results/` and, when asked, replaces its section of
 * `docs/benchmarks.md` (between `<!-- bench:<name>:start -->` and `<!-- bench:<name>:end -->`).
 */
export async function publishReport(
  workspaceRoot: string,
  name: string,
  markdown: string,
  writeDocs: boolean,
): Promise<void> {
  await mkdir(path.join(workspaceRoot, 'bench-results'), { recursive: true });
  await writeFile(path.join(workspaceRoot, 'bench-results', `${name}.md`), `${markdown}\n`);
  if (!writeDocs) return;
  const docsPath = path.join(workspaceRoot, 'docs', 'benchmarks.md');
  const docs = await readFile(docsPath, 'utf8');
  const start = `<!-- bench:${name}:start -->`;
  const end = `<!-- bench:${name}:end -->`;
  if (!docs.includes(start) || !docs.includes(end))
    throw new Error(`docs/benchmarks.md lacks the ${start} … ${end} markers`);
  const updated = `${docs.slice(0, docs.indexOf(start) + start.length)}\n\n${markdown}\n\n${docs.slice(docs.indexOf(end))}`;
  // Formatted as `pnpm lint` expects: a benchmark run must never leave the docs failing CI.
  const options = (await prettier.resolveConfig(docsPath)) ?? {};
  await writeFile(docsPath, await prettier.format(updated, { ...options, filepath: docsPath }));
  process.stderr.write('updated docs/benchmarks.md\n');
}

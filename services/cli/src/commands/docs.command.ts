import { createHash } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { z } from 'zod';
import { LeakWatchError } from '@leakwatch/errors';
import { defaultExtractionLimits } from '@leakwatch/documents';
import { FolderImporter, registrableExtensions, type DocumentMetadata } from '@leakwatch/registry';
import { readInputFile, toCodedError } from '../files.js';
import { print, printError, printJson } from '../output.js';
import { openRegistry } from '../services.js';
import { withRuntime } from '../with-runtime.js';

const addOptions = z.object({
  json: z.boolean().optional(),
  title: z.string().trim().min(1).max(500).optional(),
  number: z.string().trim().max(100).optional(),
  issuingUnit: z.string().trim().max(300).optional(),
  classification: z.enum(['thuong', 'mat', 'toi_mat', 'tuyet_mat']).optional(),
  owner: z.string().trim().max(300).optional(),
  tag: z.array(z.string().trim().min(1).max(100)).optional(),
  retention: z.iso.date().optional(),
});

async function expand(paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const given of paths) {
    let info;
    try {
      info = await stat(given);
    } catch {
      files.push(given); // reported as not found, in order
      continue;
    }
    if (!info.isDirectory()) {
      files.push(given);
      continue;
    }
    const entries = await readdir(given, { recursive: true, withFileTypes: true });
    for (const entry of entries) {
      if (entry.isFile() && registrableExtensions.has(path.extname(entry.name).toLowerCase()))
        files.push(path.join(entry.parentPath, entry.name));
    }
  }
  return files;
}

function problems(error: z.ZodError): string {
  return error.issues.map((issue) => `--${issue.path.join('.')}: ${issue.message}`).join('; ');
}

export function registerDocsCommands(program: Command): void {
  const docs = program
    .command('docs')
    .description('registered internal documents: only their fingerprints are kept');

  docs
    .command('add')
    .description(
      'register documents (PDF, PNG, JPEG, TIFF, WebP; DOCX/ODT with LibreOffice); folders are searched recursively',
    )
    .argument('<paths...>', 'files or folders')
    .option('--json', 'one JSON line per document: { file, documentId, title, pages, status }')
    .option('--title <title>', 'title (one file only; default: the file name without extension)')
    .option('--number <symbol>', 'số và ký hiệu, e.g. 125/SYT-NVY')
    .option('--issuing-unit <unit>', 'issuing unit')
    .option('--classification <level>', 'thuong | mat | toi_mat | tuyet_mat (default thuong)')
    .option('--owner <department>', 'owner department')
    .option('--tag <tag...>', 'tags')
    .option('--retention <date>', 'keep until (YYYY-MM-DD)')
    .action(async (paths: string[], raw: Record<string, unknown>) => {
      const parsed = addOptions.safeParse(raw);
      if (!parsed.success)
        throw new LeakWatchError('LW_VALIDATION_FAILED', {
          params: { problems: problems(parsed.error) },
        });
      const options = parsed.data;
      const files = await expand(paths);
      if (options.title && files.length > 1) {
        throw new LeakWatchError('LW_VALIDATION_FAILED', {
          params: { problems: `--title names one document, but ${files.length} files were given` },
        });
      }
      const metadata: DocumentMetadata = {
        ...(options.title ? { title: options.title } : {}),
        ...(options.number ? { numberSymbol: options.number } : {}),
        ...(options.issuingUnit ? { issuingUnit: options.issuingUnit } : {}),
        ...(options.classification ? { classification: options.classification } : {}),
        ...(options.owner ? { ownerDepartment: options.owner } : {}),
        ...(options.tag ? { tags: options.tag } : {}),
        ...(options.retention ? { retentionUntil: options.retention } : {}),
      };
      let failures = 0;
      await withRuntime('docs-add', async (runtime) => {
        const registry = await openRegistry(runtime);
        const bar =
          !options.json && process.stderr.isTTY
            ? new SingleBar({
                format: '{file} [{bar}] {value} pages',
                stream: process.stderr,
                clearOnComplete: true,
              })
            : undefined;
        try {
          for (const file of files) {
            try {
              const bytes = await readInputFile(file, {
                maxBytes: defaultExtractionLimits.maxBytes,
                code: 'LW_DOCUMENT_TOO_LARGE',
              });
              bar?.start(0, 0, { file: path.basename(file) });
              const result = await registry.register(
                { bytes, fileName: file, metadata },
                (done) => {
                  bar?.setTotal(done);
                  bar?.update(done);
                },
              );
              bar?.stop();
              if (options.json) printJson({ file, ...result });
              else
                print(
                  `${result.status === 'registered' ? 'registered' : 'already registered'}  ${file}  → ${result.documentId}  "${result.title}"  ${result.pages} page(s)`,
                );
            } catch (error) {
              bar?.stop();
              failures += 1;
              const coded = toCodedError(error);
              if (options.json) printJson({ file, status: 'failed', error: coded });
              else printError(`failed  ${file}  error ${coded.code}: ${coded.message}`);
            }
          }
        } finally {
          await registry.close();
        }
      });
      if (failures > 0) process.exitCode = 1;
    });

  docs
    .command('list')
    .description('list registered documents')
    .option('--json', 'one JSON line per document')
    .option('--status <status>', 'active | revoked')
    .option('--classification <level>', 'thuong | mat | toi_mat | tuyet_mat')
    .option('--owner <department>', 'owner department')
    .option('--search <text>', 'in titles and numbers')
    .option('--limit <n>', 'at most this many (default 100)')
    .action(async (raw: Record<string, unknown>) => {
      const parsed = z
        .object({
          json: z.boolean().optional(),
          status: z.enum(['active', 'revoked']).optional(),
          classification: z.enum(['thuong', 'mat', 'toi_mat', 'tuyet_mat']).optional(),
          owner: z.string().optional(),
          search: z.string().optional(),
          limit: z.coerce.number().int().min(1).max(10_000).optional(),
        })
        .safeParse(raw);
      if (!parsed.success)
        throw new LeakWatchError('LW_VALIDATION_FAILED', {
          params: { problems: problems(parsed.error) },
        });
      const { json, owner, ...filter } = parsed.data;
      const rows = await withRuntime('docs-list', (runtime) =>
        runtime.repos.documents.list({ ...filter, ...(owner ? { ownerDepartment: owner } : {}) }),
      );
      for (const d of rows) {
        const line = {
          documentId: d.id,
          title: d.title,
          numberSymbol: d.numberSymbol,
          classification: d.classification,
          ownerDepartment: d.ownerDepartment,
          pages: d.pageCount,
          status: d.status,
          registeredAt: d.registeredAt.toISOString(),
        };
        if (json) printJson(line);
        else
          print(
            `${d.id}  ${d.status.padEnd(7)}  ${d.classification.padEnd(9)}  ${String(d.pageCount).padStart(3)} p.  ${d.numberSymbol ?? '-'}  ${d.title}`,
          );
      }
      if (!json && rows.length === 0) print('(no documents)');
    });

  docs
    .command('revoke')
    .description('revoke documents: their fingerprints leave every matcher within seconds')
    .argument('<documentId...>', 'document ids')
    .option(
      '--json',
      'one JSON line per document: { documentId, status: revoked | already-revoked | not-found }',
    )
    .action(async (ids: string[], options: { json?: boolean }) => {
      const invalid = ids.filter((id) => !z.uuid().safeParse(id).success);
      if (invalid.length > 0)
        throw new LeakWatchError('LW_VALIDATION_FAILED', {
          params: { problems: `not document ids: ${invalid.join(', ')}` },
        });
      let failures = 0;
      await withRuntime('docs-revoke', async (runtime) => {
        for (const documentId of ids) {
          const document = await runtime.repos.documents.findById(documentId);
          let status: 'revoked' | 'already-revoked' | 'not-found';
          if (!document) status = 'not-found';
          else if (document.status === 'revoked') status = 'already-revoked';
          else
            status = (await runtime.repos.documents.revoke(documentId, null))
              ? 'revoked'
              : 'already-revoked';
          if (status === 'not-found') failures += 1;
          if (options.json) printJson({ documentId, status });
          else print(`${documentId}  ${status}`);
        }
      });
      if (failures > 0) process.exitCode = 1;
    });

  docs
    .command('watch')
    .description(
      'register every document that appears in a folder (and its subfolders), until stopped; originals stay where they are',
    )
    .argument('<folder>', 'the folder to watch (a network share works: it is polled)')
    .option(
      '--json',
      'one JSON line per file: { file, documentId, title, pages, status } or { file, error }',
    )
    .option('--poll-seconds <n>', 'how often to look (default 5)', '5')
    .action(async (folder: string, raw: { json?: boolean; pollSeconds: string }) => {
      const pollSeconds = z.coerce.number().min(1).max(3600).safeParse(raw.pollSeconds);
      if (!pollSeconds.success)
        throw new LeakWatchError('LW_VALIDATION_FAILED', {
          params: { problems: '--poll-seconds: a number of seconds between 1 and 3600' },
        });
      const info = await stat(folder).catch(() => undefined);
      if (!info?.isDirectory())
        throw new LeakWatchError('LW_NOT_FOUND', { params: { what: `Folder ${folder}` } });
      await withRuntime('docs-watch', async (runtime) => {
        const registry = await openRegistry(runtime);
        const importer = new FolderImporter({
          folder: path.resolve(folder),
          journalFile: path.join(
            runtime.config.dataDir,
            'imports',
            `${createHash('sha256').update(path.resolve(folder)).digest('hex').slice(0, 16)}.jsonl`,
          ),
          register: (input) => registry.register(input),
          maxBytes: defaultExtractionLimits.maxBytes,
          pollMs: pollSeconds.data * 1000,
          onOutcome: (outcome) => {
            if (raw.json) printJson(outcome);
            else if ('error' in outcome)
              printError(`${outcome.file}  error ${outcome.error.code}: ${outcome.error.message}`);
            else
              print(
                `${outcome.file}  ${outcome.status}  "${outcome.title}"  ${outcome.pages} page(s)`,
              );
          },
        });
        await importer.start();
        if (!raw.json) print(`watching ${path.resolve(folder)} (Ctrl-C to stop)`);
        await new Promise<void>((resolve) => {
          const stop = () => {
            resolve();
          };
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        });
        await importer.stop();
        await registry.close();
      });
    });
}

import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { verifyEvidencePackage } from '@leakwatch/evidence';
import { print, printJson } from '../output.js';
import { withRuntime } from '../with-runtime.js';

export function registerEvidenceCommands(program: Command): void {
  const evidence = program.command('evidence').description('evidence packages of incidents');
  evidence
    .command('verify')
    .argument('<zip>', 'an evidence package (GET /api/incidents/:id/evidence.zip)')
    .description(
      'check every file against the manifest (SHA-256, size, nothing missing or added) and the manifest against the audit log of its export; exit status 1 on any problem',
    )
    .option('--offline', 'check the files only, without the audit log (e.g. on another machine)')
    .option(
      '--json',
      'one JSON line: { ok, files, manifestSha256, problems, export: { at, actorId } | null }',
    )
    .action(async (zipPath: string, options: { json?: boolean; offline?: boolean }) => {
      let bytes: Buffer;
      try {
        bytes = await readFile(zipPath);
      } catch (error) {
        throw new Error(
          `cannot read ${zipPath}: ${error instanceof Error ? error.message : String(error)}`,
          { cause: error },
        );
      }
      const verified = verifyEvidencePackage(bytes);
      const problems = [...verified.problems];
      let recorded: { at: string; actorId: string | null } | null = null;
      if (!options.offline && verified.manifestSha256) {
        const manifestSha256 = verified.manifestSha256;
        const incidentId = verified.manifest?.incident.id;
        const exports = await withRuntime('evidence-verify', (runtime) =>
          runtime.repos.audit.list({
            action: 'evidence.exported',
            ...(incidentId ? { targetId: incidentId } : {}),
          }),
        );
        const entry = exports.find(
          (row) =>
            (row.details as { manifestSha256?: string } | null)?.manifestSha256 === manifestSha256,
        );
        if (entry) recorded = { at: entry.at.toISOString(), actorId: entry.actorId };
        else
          problems.push(
            `the manifest (SHA-256 ${manifestSha256}) matches no export in the audit log: it was changed after export, or exported elsewhere`,
          );
      }
      const ok = problems.length === 0;
      if (options.json)
        printJson({
          ok,
          files: verified.files,
          manifestSha256: verified.manifestSha256,
          problems,
          export: recorded,
        });
      else if (ok)
        print(
          `evidence package intact: ${verified.files} files match the manifest (SHA-256 ${verified.manifestSha256 ?? '?'})${recorded ? `, exported at ${recorded.at} as recorded in the audit log` : ''}`,
        );
      else {
        print(`evidence package NOT intact (${problems.length} problems):`);
        for (const problem of problems) print(`  - ${problem}`);
      }
      if (!ok) process.exitCode = 1;
    });
}

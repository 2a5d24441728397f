import type { Command } from 'commander';
import { OriginalStore } from '@leakwatch/registry';
import { runAuditedRetention, type RetentionRunReport } from '@leakwatch/retention';
import { print, printJson } from '../output.js';
import { withRuntime } from '../with-runtime.js';

export function registerRetentionCommands(program: Command): void {
  const retention = program
    .command('retention')
    .description('deletion of captures and evidence past their period (docs/operations.md)');
  retention
    .command('run')
    .description(
      'delete the blobs past RETENTION_UNMATCHED_DAYS / RETENTION_CLOSED_INCIDENT_DAYS and the sealed content of documents past their retention date; rows are kept, marked; audited',
    )
    .option('--dry-run', 'count what is due, delete nothing')
    .option(
      '--json',
      'one JSON line: { dryRun, settings, unmatched: { blobs, bytes }, closedIncidents: { blobs, bytes }, documents: { documents, thumbnails, bytes, originals }, rowsMarked, failures, skippedInUse, error, startedAt, finishedAt }',
    )
    .action(async (options: { dryRun?: boolean; json?: boolean }) => {
      // Loaded here, not with the program: the S3 client would slow every other command's start.
      const { openBlobStore } = await import('@leakwatch/blob-store');
      const report = await withRuntime('retention', async (runtime) => {
        const blobs = openBlobStore(runtime.config.blobs);
        try {
          return await runAuditedRetention(
            {
              repos: runtime.repos,
              blobs,
              // Removing needs no key: originals are deleted whatever key sealed them.
              originals: new OriginalStore(runtime.config.dataDir, []),
              log: runtime.log,
            },
            {
              settings: runtime.config.retention,
              dryRun: options.dryRun ?? false,
              actorId: `cli:${process.env['USER'] ?? 'unknown'}`,
            },
          );
        } finally {
          blobs.close?.();
        }
      });
      if (options.json) printJson(report);
      else for (const line of describe(report)) print(line);
      if (report.failures > 0 || report.error !== null) process.exitCode = 1;
    });
}

function describe(report: RetentionRunReport): string[] {
  const verb = report.dryRun ? 'would delete' : 'deleted';
  const size = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MB`;
  return [
    `${verb} ${report.unmatched.blobs} capture(s) that led to no alert, ${size(report.unmatched.bytes)} (older than ${report.settings.unmatchedDays} days)`,
    `${verb} ${report.closedIncidents.blobs} blob(s) of incidents closed over ${report.settings.closedIncidentDays} days ago, ${size(report.closedIncidents.bytes)}`,
    `${verb} the sealed thumbnails of ${report.documents.documents} document(s) past their retention date (${report.documents.thumbnails} page(s), ${report.documents.originals} kept original(s))`,
    ...(report.skippedInUse > 0
      ? [
          `${report.skippedInUse} blob(s) left alone: a crawl was storing or had just sighted them again`,
        ]
      : []),
    ...(report.failures > 0
      ? [`${report.failures} deletion(s) failed: left for the next run (see the log)`]
      : []),
    ...(report.error ? [`stopped early: ${report.error}`] : []),
  ];
}

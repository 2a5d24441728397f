import type { Command } from 'commander';
import { print, printJson } from '../output.js';
import { withRuntime } from '../with-runtime.js';

export function registerAuditCommands(program: Command): void {
  const audit = program.command('audit').description('the tamper-evident audit log');
  audit
    .command('verify')
    .description('check the hash chain of the whole audit log; exit status 1 at a broken link')
    .option(
      '--json',
      'one JSON line: { ok, rows, headHash } or { ok, rows, broken: { id, reason, … } }',
    )
    .action(async (options: { json?: boolean }) => {
      const result = await withRuntime('audit-verify', (runtime) => runtime.repos.audit.verify());
      if (options.json) printJson(result);
      else if (result.ok)
        print(
          `audit log intact: ${result.rows} entries; head hash ${result.headHash} (write it down to detect truncation later)`,
        );
      else
        print(
          `audit log BROKEN at entry ${result.broken.id} (${result.broken.reason}); ${result.rows} entries before it are intact`,
        );
      if (!result.ok) process.exitCode = 1;
    });
}

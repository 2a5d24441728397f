import type { Command } from 'commander';
import { print, printJson } from '../output.js';
import { withRuntime } from '../with-runtime.js';

export function registerDbCommands(program: Command): void {
  const db = program.command('db').description('database schema');

  db.command('migrate')
    .description('apply pending migrations (every service and command also does this on start)')
    .option('--json', 'print the result as JSON')
    .action(async (options: { json?: boolean }) => {
      // openRuntime applies migrations; reading the status afterwards proves it.
      const status = await withRuntime('db-migrate', (runtime) =>
        runtime.repos.health.migrationStatus(),
      );
      if (options.json) printJson(status);
      else
        print(`Migrations: ${status.applied} of ${status.expected} applied; schema is up to date.`);
    });

  db.command('status')
    .description('show how many of the shipped migrations the database has')
    .option('--json', 'print the result as JSON')
    .action(async (options: { json?: boolean }) => {
      const status = await withRuntime('db-status', (runtime) =>
        runtime.repos.health.migrationStatus(),
      );
      if (options.json) printJson(status);
      else
        print(
          `Migrations: ${status.applied} of ${status.expected} applied${status.upToDate ? '' : ' (pending)'}.`,
        );
    });
}

import { Command } from 'commander';

type RegisterCommand = (program: Command) => void;

/**
 * Every top-level command, in the order help lists them, and the module that defines it.
 * Modules load only when needed: together they pull in the database, queues, OCR, PDF
 * rendering and the crawler's browser driver, which took a `leakwatch` start to 3.4 s where
 * one command's own imports take a fraction of that.
 */
const commandModules: Record<string, () => Promise<RegisterCommand>> = {
  start: async () => (await import('./commands/start.command.js')).registerStartCommand,
  db: async () => (await import('./commands/db.command.js')).registerDbCommands,
  config: async () => (await import('./commands/config.command.js')).registerConfigCommands,
  hash: async () => (await import('./commands/hash.command.js')).registerHashCommand,
  ocr: async () => (await import('./commands/ocr.command.js')).registerOcrCommand,
  docs: async () => (await import('./commands/docs.command.js')).registerDocsCommands,
  match: async () => (await import('./commands/match.command.js')).registerMatchCommand,
  keys: async () => (await import('./commands/keys.command.js')).registerKeysCommands,
  users: async () => (await import('./commands/users.command.js')).registerUsersCommands,
  audit: async () => (await import('./commands/audit.command.js')).registerAuditCommands,
  evidence: async () => (await import('./commands/evidence.command.js')).registerEvidenceCommands,
  'parse-facebook': async () =>
    (await import('./commands/parse-facebook.command.js')).registerParseFacebookCommand,
  sources: async () => (await import('./commands/sources.command.js')).registerSourcesCommands,
  accounts: async () => (await import('./commands/accounts.command.js')).registerAccountsCommands,
  retention: async () =>
    (await import('./commands/retention.command.js')).registerRetentionCommands,
};

/** The top-level command names, in help order. */
export const commandNames: readonly string[] = Object.keys(commandModules);

/**
 * The `leakwatch` program for these arguments (`process.argv` form). The program takes no
 * options of its own, so the first argument names the command: only that command is loaded.
 * Anything else (no command, `--help`, `help`, a misspelt name) loads every command, so help
 * and commander's "did you mean" see them all.
 */
export async function buildProgram(argv: readonly string[] = process.argv): Promise<Command> {
  const program = new Command('leakwatch')
    .description(
      'LeakWatch: find leaked internal documents on social media and route them to the departments that must act',
    )
    .showHelpAfterError()
    .configureOutput({
      writeOut: (text) => process.stdout.write(text),
      writeErr: (text) => process.stderr.write(text),
    });
  const invoked = argv[2];
  // hasOwn: `toString` and the like are not commands.
  const only =
    invoked !== undefined && Object.hasOwn(commandModules, invoked)
      ? commandModules[invoked]
      : undefined;
  const load = only === undefined ? Object.values(commandModules) : [only];
  const registrars = await Promise.all(load.map((loadModule) => loadModule()));
  for (const register of registrars) register(program);
  return program;
}

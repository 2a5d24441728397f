import { Command } from 'commander';
import { registerAccountsCommands } from './commands/accounts.command.js';
import { registerAuditCommands } from './commands/audit.command.js';
import { registerEvidenceCommands } from './commands/evidence.command.js';
import { registerConfigCommands } from './commands/config.command.js';
import { registerDbCommands } from './commands/db.command.js';
import { registerDocsCommands } from './commands/docs.command.js';
import { registerHashCommand } from './commands/hash.command.js';
import { registerKeysCommands } from './commands/keys.command.js';
import { registerMatchCommand } from './commands/match.command.js';
import { registerOcrCommand } from './commands/ocr.command.js';
import { registerParseFacebookCommand } from './commands/parse-facebook.command.js';
import { registerRetentionCommands } from './commands/retention.command.js';
import { registerSourcesCommands } from './commands/sources.command.js';
import { registerStartCommand } from './commands/start.command.js';
import { registerUsersCommands } from './commands/users.command.js';

/** The `leakwatch` program; later features add their commands here. */
export function buildProgram(): Command {
  const program = new Command('leakwatch')
    .description(
      'LeakWatch: find leaked internal documents on social media and route them to the departments that must act',
    )
    .showHelpAfterError()
    .configureOutput({
      writeOut: (text) => process.stdout.write(text),
      writeErr: (text) => process.stderr.write(text),
    });
  registerStartCommand(program);
  registerDbCommands(program);
  registerConfigCommands(program);
  registerHashCommand(program);
  registerOcrCommand(program);
  registerDocsCommands(program);
  registerMatchCommand(program);
  registerKeysCommands(program);
  registerUsersCommands(program);
  registerAuditCommands(program);
  registerEvidenceCommands(program);
  registerParseFacebookCommand(program);
  registerSourcesCommands(program);
  registerAccountsCommands(program);
  registerRetentionCommands(program);
  return program;
}

import type { Command } from 'commander';
import { z } from 'zod';
import { createAccount } from '@leakwatch/accounts';
import { LeakWatchError } from '@leakwatch/errors';
import { print, printJson } from '../output.js';
import { withRuntime } from '../with-runtime.js';

const createAdminOptions = z.object({
  email: z.email(),
  name: z.string().trim().min(1).max(200),
  json: z.boolean().optional(),
});

export function registerUsersCommands(program: Command): void {
  const users = program.command('users').description('accounts (docs/security.md, "Roles")');

  users
    .command('create-admin')
    .description('create an admin account; its one-time password is printed once')
    .requiredOption('--email <email>', 'sign-in email')
    .option('--name <name>', 'display name', 'Quản trị viên')
    .option('--json', 'one JSON line: { userId, email, role, initialPassword }')
    .action(async (raw: unknown) => {
      const parsed = createAdminOptions.safeParse(raw);
      if (!parsed.success)
        throw new LeakWatchError('LW_VALIDATION_FAILED', {
          params: {
            problems: parsed.error.issues
              .map((issue) => `--${issue.path.join('.')}: ${issue.message}`)
              .join('; '),
          },
        });
      const options = parsed.data;
      const created = await withRuntime('users-create-admin', (runtime) =>
        createAccount(
          runtime.repos,
          { email: options.email, displayName: options.name, role: 'admin' },
          { actorType: 'system', actorId: `cli:${process.env['USER'] ?? 'unknown'}` },
        ),
      );
      const result = {
        userId: created.user.id,
        email: created.user.email,
        role: created.user.role,
        initialPassword: created.initialPassword ?? null,
      };
      if (options.json) printJson(result);
      else
        print(
          [
            `Admin ${result.email} created.`,
            `One-time password (shown only now; change it after signing in): ${result.initialPassword ?? ''}`,
          ].join('\n'),
        );
    });

  users
    .command('list')
    .description('every account with its role and state')
    .option(
      '--json',
      'one JSON line per account: { userId, email, displayName, role, permissions, disabled, lockedUntil }',
    )
    .action(async (options: { json?: boolean }) => {
      const rows = await withRuntime('users-list', (runtime) => runtime.repos.users.list());
      for (const user of rows) {
        const line = {
          userId: user.id,
          email: user.email,
          displayName: user.displayName,
          role: user.role,
          permissions: user.permissions,
          disabled: user.disabledAt !== null,
          lockedUntil: user.lockedUntil?.toISOString() ?? null,
        };
        if (options.json) printJson(line);
        else
          print(
            `${line.email}\t${line.role}${line.permissions.length ? ` +${line.permissions.join(',')}` : ''}\t${line.displayName}${line.disabled ? '\t(disabled)' : ''}`,
          );
      }
    });
}

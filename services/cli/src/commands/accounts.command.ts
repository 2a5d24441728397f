import type { Command } from 'commander';
import { z } from 'zod';
import { LeakWatchError } from '@leakwatch/errors';
import { loadSecrets } from '@leakwatch/runtime';
import {
  addMonitoringAccount,
  monitoringAccountView,
  parseStorageState,
  sealStorageState,
  type MonitoringAccountView,
} from '@leakwatch/sources';
import { readInputFile } from '../files.js';
import { print, printJson } from '../output.js';
import { withRuntime } from '../with-runtime.js';

/** A storage state is a few kilobytes of cookies; anything near this is the wrong file. */
const storageStateLimit = { maxBytes: 5 * 1024 * 1024, code: 'LW_DOCUMENT_TOO_LARGE' as const };

const addOptions = z.object({
  label: z.string().trim().min(1).max(200),
  storageState: z.string().min(1),
  proxy: z.url({ protocol: /^(https?|socks5)$/ }).optional(),
  json: z.boolean().optional(),
});

const cliActor = () => ({
  actorType: 'system' as const,
  actorId: `cli:${process.env['USER'] ?? 'unknown'}`,
});

function describe(view: MonitoringAccountView): string {
  const until = view.stateUntil ? ` until ${view.stateUntil}` : '';
  return `${view.id}\t${view.label}\t${view.state}${until}${view.hasStorageState ? '' : '\t(no cookies)'}${view.lastError ? `\t— ${view.lastError}` : ''}`;
}

async function readStorageState(file: string) {
  return parseStorageState((await readInputFile(file, storageStateLimit)).toString('utf8'));
}

export function registerAccountsCommands(program: Command): void {
  const accounts = program
    .command('accounts')
    .description('monitoring accounts: Facebook accounts the department owns (docs/crawling.md)');

  accounts
    .command('add')
    .description('add an account from a Playwright storage state saved after signing in')
    .requiredOption('--label <label>', 'a name people recognise')
    .requiredOption('--storage-state <file>', 'the JSON file Playwright storageState() wrote')
    .option('--proxy <url>', 'every crawl with this account leaves through this proxy')
    .option('--json', 'the account as one JSON line (never its cookies)')
    .action(async (raw: unknown) => {
      const parsed = addOptions.safeParse(raw);
      if (!parsed.success)
        throw new LeakWatchError('LW_VALIDATION_FAILED', {
          params: {
            problems: parsed.error.issues
              .map((issue) => `--${issue.path.join('.')}: ${issue.message}`)
              .join('; '),
          },
        });
      const options = parsed.data;
      const storageState = await readStorageState(options.storageState);
      const view = await withRuntime('accounts-add', async (runtime) => {
        const { thumbnailKeys } = await loadSecrets(runtime.config);
        const account = await addMonitoringAccount(
          runtime.repos,
          { label: options.label, storageState, proxyUrl: options.proxy ?? null },
          thumbnailKeys,
          cliActor(),
        );
        return monitoringAccountView(account);
      });
      if (options.json) printJson(view);
      else
        print(
          `added\t${describe(view)}\nThe storage-state file still holds the cookies in clear: delete it now.`,
        );
    });

  accounts
    .command('list')
    .description('every monitoring account with its state (never its cookies)')
    .option('--json', 'one JSON line per account')
    .action(async (options: { json?: boolean }) => {
      const rows = await withRuntime('accounts-list', (runtime) =>
        runtime.repos.monitoringAccounts.list(),
      );
      for (const account of rows) {
        const view = monitoringAccountView(account);
        if (options.json) printJson(view);
        else print(describe(view));
      }
    });

  accounts
    .command('update-cookies')
    .description('replace the cookies after signing in again (clears a login or checkpoint state)')
    .argument('<id>', 'the account id (see accounts list)')
    .requiredOption('--storage-state <file>', 'the JSON file Playwright storageState() wrote')
    .option('--json', 'the account as one JSON line')
    .action(async (id: string, options: { storageState: string; json?: boolean }) => {
      checkId(id);
      const storageState = await readStorageState(options.storageState);
      const view = await withRuntime('accounts-update-cookies', async (runtime) => {
        const { thumbnailKeys } = await loadSecrets(runtime.config);
        const account = await runtime.repos.monitoringAccounts.replaceStorageState(
          id,
          sealStorageState(storageState, thumbnailKeys),
        );
        if (!account) throw new LeakWatchError('LW_NOT_FOUND', { params: { what: 'The account' } });
        await runtime.repos.audit.append({
          ...cliActor(),
          action: 'monitoring_account.cookies_replaced',
          targetType: 'monitoring_account',
          targetId: id,
          details: { cookies: storageState.cookies.length },
        });
        return monitoringAccountView(account);
      });
      if (options.json) printJson(view);
      else print(`updated\t${describe(view)}`);
    });

  accounts
    .command('remove')
    .description('delete an account and its cookies; its sources are crawled without one')
    .argument('<id>', 'the account id (see accounts list)')
    .action(async (id: string) => {
      checkId(id);
      const removed = await withRuntime('accounts-remove', async (runtime) => {
        const account = await runtime.repos.monitoringAccounts.remove(id);
        if (!account) throw new LeakWatchError('LW_NOT_FOUND', { params: { what: 'The account' } });
        await runtime.repos.audit.append({
          ...cliActor(),
          action: 'monitoring_account.removed',
          targetType: 'monitoring_account',
          targetId: id,
          details: { label: account.label },
        });
        return account;
      });
      print(`removed\t${removed.label}`);
    });
}

function checkId(id: string): void {
  if (!z.uuid().safeParse(id).success)
    throw new LeakWatchError('LW_VALIDATION_FAILED', {
      params: { problems: `"${id}" is not an account id` },
    });
}

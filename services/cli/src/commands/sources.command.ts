import type { Command } from 'commander';
import { z } from 'zod';
import { LeakWatchError } from '@leakwatch/errors';
import {
  addSource,
  changeSource,
  removeSource,
  requestCrawl,
  sourceView,
  type SourceActor,
  type SourceView,
} from '@leakwatch/sources';
import { print, printJson } from '../output.js';
import { withRuntime } from '../with-runtime.js';

const cliActor = (): SourceActor => ({
  actorType: 'system',
  actorId: `cli:${process.env['USER'] ?? 'unknown'}`,
});

const addOptions = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  cadence: z.coerce.number().int().optional(),
  paused: z.boolean().optional(),
  json: z.boolean().optional(),
});

function parseOptions<T>(schema: z.ZodType<T>, raw: unknown): T {
  const parsed = schema.safeParse(raw);
  if (!parsed.success)
    throw new LeakWatchError('LW_VALIDATION_FAILED', {
      params: {
        problems: parsed.error.issues
          .map((issue) => `--${issue.path.join('.')}: ${issue.message}`)
          .join('; '),
      },
    });
  return parsed.data;
}

function describe(view: SourceView): string {
  const state = view.paused ? `${view.state}, paused` : view.state;
  const next = view.nextCrawlAt ? ` next ${view.nextCrawlAt}` : '';
  const error = view.lastError ? ` — ${view.lastError}` : '';
  return `${view.id}\t${view.kind}\t${state}\t${view.url}${view.name ? `\t${view.name}` : ''}${next}${error}`;
}

export function registerSourcesCommands(program: Command): void {
  const sources = program
    .command('sources')
    .description('Facebook pages, groups and posts to watch (docs/crawling.md)');

  sources
    .command('add')
    .description('watch a page, group or post; the same address in any spelling is one source')
    .argument('<url...>', 'facebook.com addresses (pages, /groups/…, profile.php?id=, posts)')
    .option('--name <name>', 'a label for people')
    .option('--cadence <minutes>', 'minutes between crawls (5 to 10080; default 30)')
    .option('--paused', 'add without crawling yet')
    .option('--json', 'one JSON line per address: { url, created, source } or { url, error }')
    .action(async (urls: string[], raw: unknown) => {
      const options = parseOptions(addOptions, raw);
      let failed = 0;
      await withRuntime('sources-add', async (runtime) => {
        const extraOrigins = [runtime.config.crawl.facebookBaseUrl];
        for (const url of urls) {
          try {
            const { source, created } = await addSource(
              runtime.repos,
              {
                url,
                ...(options.name ? { name: options.name } : {}),
                ...(options.cadence === undefined ? {} : { cadenceMinutes: options.cadence }),
                ...(options.paused ? { paused: true } : {}),
              },
              cliActor(),
              { extraOrigins },
            );
            const view = sourceView(source);
            if (options.json) printJson({ url, created, source: view });
            else print(`${created ? 'added' : 'already watched'}\t${describe(view)}`);
          } catch (error) {
            failed += 1;
            const code = error instanceof LeakWatchError ? error.code : 'LW_INTERNAL';
            const message = error instanceof Error ? error.message : String(error);
            if (options.json) printJson({ url, error: { code, message } });
            else print(`refused\t${url}\t${message}`);
          }
        }
      });
      if (failed > 0) process.exitCode = 1;
    });

  sources
    .command('list')
    .description('every watched source with its state and next crawl')
    .option('--all', 'include removed sources')
    .option('--json', "one JSON line per source (the API's Source fields)")
    .action(async (options: { all?: boolean; json?: boolean }) => {
      const rows = await withRuntime('sources-list', (runtime) =>
        runtime.repos.sources.list({ includeRemoved: options.all ?? false }),
      );
      for (const source of rows) {
        const view = sourceView(source);
        if (options.json) printJson(view);
        else print(describe(view));
      }
    });

  const change = (
    name: string,
    description: string,
    apply: (id: string, actor: SourceActor) => Parameters<typeof withRuntime<SourceView>>[1],
  ) =>
    sources
      .command(name)
      .description(description)
      .argument('<id>', 'the source id (see sources list)')
      .option('--json', 'the source as one JSON line')
      .action(async (id: string, options: { json?: boolean }) => {
        if (!z.uuid().safeParse(id).success)
          throw new LeakWatchError('LW_VALIDATION_FAILED', {
            params: { problems: `"${id}" is not a source id` },
          });
        const view = await withRuntime(`sources-${name}`, apply(id, cliActor()));
        if (options.json) printJson(view);
        else print(describe(view));
      });

  change(
    'pause',
    'stop crawling a source until it is resumed',
    (id, actor) => async (runtime) =>
      sourceView(await changeSource(runtime.repos, id, { paused: true }, actor)),
  );
  change(
    'resume',
    'crawl a paused source again',
    (id, actor) => async (runtime) =>
      sourceView(await changeSource(runtime.repos, id, { paused: false }, actor)),
  );
  change(
    'remove',
    'stop watching a source (captured posts and evidence are kept)',
    (id, actor) => async (runtime) => sourceView(await removeSource(runtime.repos, id, actor)),
  );
  sources
    .command('set-account')
    .description('crawl a source with a monitoring account (for groups that need a login)')
    .argument('<id>', 'the source id (see sources list)')
    .argument('<account>', 'the account id or label (see accounts list), or "none"')
    .option('--json', 'the source as one JSON line')
    .action(async (id: string, accountRef: string, options: { json?: boolean }) => {
      if (!z.uuid().safeParse(id).success)
        throw new LeakWatchError('LW_VALIDATION_FAILED', {
          params: { problems: `"${id}" is not a source id` },
        });
      const view = await withRuntime('sources-set-account', async (runtime) => {
        let accountId: string | null = null;
        if (accountRef !== 'none') {
          const account = z.uuid().safeParse(accountRef).success
            ? await runtime.repos.monitoringAccounts.findById(accountRef)
            : await runtime.repos.monitoringAccounts.findByLabel(accountRef);
          if (!account)
            throw new LeakWatchError('LW_NOT_FOUND', {
              params: { what: `The monitoring account "${accountRef}"` },
            });
          accountId = account.id;
        }
        return sourceView(await changeSource(runtime.repos, id, { accountId }, cliActor()));
      });
      if (options.json) printJson(view);
      else print(describe(view));
    });

  change(
    'crawl',
    'queue a crawl now (a crawler must be running; blocked sources wait)',
    (id, actor) => async (runtime) => {
      const source = await runtime.repos.sources.findById(id);
      if (!source) throw new LeakWatchError('LW_NOT_FOUND', { params: { what: 'The source' } });
      await requestCrawl(runtime.queues, source, 'manual');
      await runtime.repos.audit.append({
        ...actor,
        action: 'source.crawl_requested',
        targetType: 'source',
        targetId: id,
      });
      return sourceView(source);
    },
  );
}

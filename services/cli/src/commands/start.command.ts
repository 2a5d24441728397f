import type { Command } from 'commander';
import { getConfig, type LeakWatchConfig } from '@leakwatch/config';
import { ensureFirstAdmin } from '@leakwatch/accounts';
import { createDatabase, createRepositories, migrateDatabase } from '@leakwatch/db';
import { resolveServices, type ResolvedServices, type ServiceOrigin } from '@leakwatch/local-stack';
import { createLogger, redactUrl, type Logger } from '@leakwatch/observability';
import { describeError, print, printError } from '../output.js';
import { demoGroupVanity } from '@leakwatch/fb-sim';
import { demoSimulator, serviceCatalogue } from '../supervisor/service-catalogue.js';
import { Supervisor } from '../supervisor/supervisor.js';

const readyTimeoutMs = 90_000;

/**
 * One `leakwatch start`: resolve databases, migrate, run the services, announce the URL, and
 * on Ctrl-C (or SIGTERM, SIGHUP, or the parent going away) stop the services first and the
 * databases it started last.
 */
class StartSession {
  private stopping = false;
  private signals = 0;
  private supervisor: Supervisor | undefined;
  private services: ResolvedServices | undefined;

  constructor(
    private readonly config: LeakWatchConfig,
    private readonly log: Logger,
  ) {}

  installSignalHandlers(): void {
    const onSignal = () => {
      this.signals += 1;
      if (this.signals === 1) void this.shutdown(0);
      else void this.shutdownNow();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    process.on('SIGHUP', onSignal);
    // pnpm answers SIGTERM by killing only its shell; if our parent goes, stop rather than linger.
    const parentPid = process.ppid;
    setInterval(() => {
      if (process.ppid !== parentPid && this.signals === 0) onSignal();
    }, 1_000).unref();
  }

  async run(): Promise<void> {
    this.services = await resolveServices({ config: this.config, mode: 'app', log: this.log });
    if (this.isStopping()) return;
    await migrateDatabase(this.services.databaseUrl, this.log);
    if (this.isStopping()) return;
    const { firstAdmin, demoUrl } = await this.prepare(this.services.databaseUrl);

    this.supervisor = new Supervisor({
      root: this.config.workspaceRoot,
      env: { DATABASE_URL: this.services.databaseUrl, REDIS_URL: this.services.redisUrl },
      log: this.log,
      onFatal: (reason) => {
        this.log.error({ reason }, 'giving up');
        void this.shutdown(1);
      },
    });
    if (demoUrl) {
      // The demo's Facebook must answer before the crawler's first visit, or that visit fails
      // and backs off for minutes.
      this.supervisor.start([demoSimulator]);
      if (!(await this.waitUntilReady(demoUrl)))
        this.log.warn({ demoUrl }, 'the demo simulator is not answering yet; starting anyway');
    }
    this.supervisor.start(serviceCatalogue);

    const host = this.config.api.host === '0.0.0.0' ? '127.0.0.1' : this.config.api.host;
    const readyUrl = `http://${host}:${this.config.api.port}/readyz`;
    if (!(await this.waitUntilReady(readyUrl))) {
      if (this.isStopping()) return;
      this.log.error({ readyUrl }, `the API did not become ready in ${readyTimeoutMs / 1000} s`);
      await this.shutdown(1);
      return;
    }
    print(
      [
        '',
        'LeakWatch is running.',
        `  Dashboard:  ${this.config.api.publicUrl}/`,
        `  PostgreSQL: ${describe(this.services.origin.postgres, this.services.databaseUrl)}`,
        `  Redis:      ${describe(this.services.origin.redis, this.services.redisUrl)}`,
        ...(demoUrl
          ? [
              `  Demo:       watching a simulated Facebook group, ${demoUrl}`,
              '              (add real sources with `pnpm leakwatch sources add <url>`, then remove the demo one)',
            ]
          : []),
        ...(firstAdmin
          ? [
              '',
              'First start: an admin account was created. Its password is shown only this once:',
              `  Email:      ${firstAdmin.email}`,
              `  Password:   ${firstAdmin.initialPassword}`,
              '  Sign in and change it (Đổi mật khẩu), then create the other accounts.',
            ]
          : []),
        'Press Ctrl-C to stop.',
        '',
      ].join('\n'),
    );
  }

  /**
   * The first admin on a new installation, and the demo source when nothing is watched yet
   * (never re-added once an operator has removed it): returns the demo group's address while
   * the demo source is active, so its simulator runs.
   */
  private async prepare(databaseUrl: string) {
    const handle = createDatabase(databaseUrl, { max: 1, applicationName: 'leakwatch-start' });
    try {
      const repos = createRepositories(handle.db);
      const firstAdmin = await ensureFirstAdmin(repos);
      if ((await repos.sources.list({ includeRemoved: true })).length === 0) {
        await repos.sources.upsert({
          kind: 'group',
          url: `http://127.0.0.1:${this.config.crawl.demoSimulatorPort}/groups/${demoGroupVanity}`,
          canonicalKey: `group:${demoGroupVanity}`,
          name: 'Nhóm mô phỏng (demo) – Cộng đồng Lâm Đồng',
          // The simulator is local: a short cadence shows a leak within a minute of its post.
          cadenceSeconds: 30,
          demo: true,
          nextCrawlAt: new Date(),
        });
      }
      const demo = (await repos.sources.list()).find((source) => source.demo && !source.paused);
      // Each start replays the demo from its beginning: crawl it now, whatever happened before.
      if (demo) await repos.sources.dueNow(demo.id);
      return { firstAdmin, demoUrl: demo?.url };
    } finally {
      await handle.close();
    }
  }

  /** A method, not the field: the field changes under our feet (signals), which narrowing ignores. */
  private isStopping(): boolean {
    return this.stopping;
  }

  private async waitUntilReady(url: string): Promise<boolean> {
    const deadline = Date.now() + readyTimeoutMs;
    while (Date.now() < deadline && !this.stopping) {
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
        if (response.ok) return true;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    return false;
  }

  async shutdown(exitCode: number): Promise<void> {
    if (this.isStopping()) return;
    this.stopping = true;
    print('\nStopping LeakWatch…');
    await this.supervisor?.stop(this.config.shutdownTimeoutMs);
    await this.services?.stop();
    print('LeakWatch stopped.');
    process.exit(exitCode);
  }

  /** Second Ctrl-C: no more waiting for drains, but the databases are still stopped cleanly. */
  private async shutdownNow(): Promise<void> {
    await this.supervisor?.stop(0, true);
    await this.services?.stop();
    process.exit(130);
  }
}

function describe(origin: ServiceOrigin, url: string): string {
  const label = {
    embedded: 'started by LeakWatch',
    probed: 'found running',
    configured: 'configured',
  }[origin];
  return `${redactUrl(url)} (${label})`;
}

export function registerStartCommand(program: Command): void {
  program
    .command('start')
    .description(
      'start LeakWatch: databases if needed, migrations, API and workers; Ctrl-C stops everything',
    )
    .action(async () => {
      const config = getConfig();
      const session = new StartSession(
        config,
        createLogger({ name: 'supervisor', level: config.log.level }),
      );
      session.installSignalHandlers();
      try {
        await session.run();
      } catch (error) {
        printError(describeError(error));
        await session.shutdown(1);
      }
    });
}

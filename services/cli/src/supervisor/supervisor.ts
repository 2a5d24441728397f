import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { childProcessEnv } from '@leakwatch/config';
import type { LogSink } from '@leakwatch/observability';
import type { ServiceSpec } from './service-catalogue.js';

const tsxLoader = import.meta.resolve('tsx');

/** A crash within this long after a start counts towards giving up. */
const quickCrashMs = 30_000;
const maxQuickCrashes = 5;

interface Supervised {
  spec: ServiceSpec;
  child?: ChildProcess;
  startedAt: number;
  quickCrashes: number;
  restartTimer?: NodeJS.Timeout;
}

export interface SupervisorOptions {
  root: string;
  env: Record<string, string | undefined>;
  log: LogSink;
  /** Called once when a service keeps crashing and the supervisor gives up. */
  onFatal: (reason: string) => void;
}

/**
 * Runs each service as a child process and restarts it (with backoff) when it crashes.
 * Children live in their own process group: a Ctrl-C reaches only the supervisor, which then
 * asks each child exactly once to stop (SIGTERM), so their graceful shutdown is not cut short
 * by a second signal. Each child also has an IPC channel and stops by itself if the
 * supervisor dies without asking.
 */
export class Supervisor {
  private readonly services: Supervised[] = [];
  private stopping = false;

  constructor(private readonly options: SupervisorOptions) {}

  start(specs: ServiceSpec[]): void {
    for (const spec of specs) {
      const supervised: Supervised = { spec, startedAt: 0, quickCrashes: 0 };
      this.services.push(supervised);
      this.launch(supervised);
    }
  }

  pids(): number[] {
    return this.services.flatMap((s) => (s.child?.pid ? [s.child.pid] : []));
  }

  private launch(supervised: Supervised): void {
    const { spec } = supervised;
    const child = spawn(
      process.execPath,
      ['--import', tsxLoader, path.join(this.options.root, spec.entry)],
      {
        cwd: this.options.root,
        env: childProcessEnv(this.options.env),
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        detached: true,
      },
    );
    supervised.child = child;
    supervised.startedAt = Date.now();
    this.options.log.debug({ service: spec.name, pid: child.pid }, 'service started');
    child.on('exit', (code, signal) => {
      supervised.child = undefined;
      if (this.stopping) return;
      const quick = Date.now() - supervised.startedAt < quickCrashMs;
      supervised.quickCrashes = quick ? supervised.quickCrashes + 1 : 0;
      if (supervised.quickCrashes >= maxQuickCrashes) {
        this.options.onFatal(
          `${spec.name} exited ${maxQuickCrashes} times in a row shortly after starting (last: ${signal ?? `code ${code}`})`,
        );
        return;
      }
      const delay = Math.min(1_000 * 2 ** supervised.quickCrashes, 30_000);
      this.options.log.warn(
        { service: spec.name, code, signal, restartInMs: delay },
        'service exited; restarting',
      );
      supervised.restartTimer = setTimeout(() => {
        this.launch(supervised);
      }, delay);
    });
  }

  /** Asks every child to stop, waits up to `timeoutMs`, then kills what is left. */
  async stop(timeoutMs: number, force = false): Promise<void> {
    this.stopping = true;
    const running = this.services.filter((s) => {
      clearTimeout(s.restartTimer);
      return s.child?.exitCode === null && s.child.signalCode === null;
    });
    await Promise.all(
      running.map(async ({ spec, child }) => {
        if (!child) return;
        const exited = new Promise<void>((resolve) => {
          child.once('exit', () => {
            resolve();
          });
        });
        child.kill(force ? 'SIGKILL' : 'SIGTERM');
        const timer = setTimeout(() => {
          this.options.log.warn({ service: spec.name }, 'service did not stop in time; killing it');
          child.kill('SIGKILL');
        }, timeoutMs);
        await exited;
        clearTimeout(timer);
      }),
    );
  }
}

import type { LogSink } from '@leakwatch/observability';

export interface ShutdownStep {
  name: string;
  close: () => Promise<unknown>;
}

/**
 * Runs `steps` in order on the first SIGINT/SIGTERM (workers first, then connections), each
 * bounded by the remaining time; a second signal stops waiting. Returns a function that runs
 * the same sequence programmatically (tests, fatal errors).
 */
export function installGracefulShutdown(
  steps: ShutdownStep[],
  options: { log: LogSink; timeoutMs: number; exit?: (code: number) => void },
): () => Promise<void> {
  const exit =
    options.exit ??
    ((code: number) => {
      process.exit(code);
    });
  let running: Promise<void> | undefined;

  const shutdown = (): Promise<void> => {
    running ??= (async () => {
      const deadline = Date.now() + options.timeoutMs;
      for (const step of steps) {
        const remaining = Math.max(0, deadline - Date.now());
        let timer: NodeJS.Timeout | undefined;
        const timedOut = new Promise<'timeout'>((resolve) => {
          timer = setTimeout(() => {
            resolve('timeout');
          }, remaining);
        });
        try {
          const result = await Promise.race([step.close().then(() => 'closed' as const), timedOut]);
          if (result === 'timeout')
            options.log.warn({ step: step.name }, 'shutdown step timed out');
        } catch (error) {
          options.log.error({ step: step.name, err: error }, 'shutdown step failed');
        } finally {
          clearTimeout(timer);
        }
      }
    })();
    return running;
  };

  const begin = (reason: string) => {
    if (running) return;
    options.log.info({ reason }, 'shutting down');
    void shutdown().then(() => {
      exit(0);
    });
  };
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    signals += 1;
    if (signals > 1) {
      options.log.warn({ signal }, 'second signal: stopping now');
      exit(130);
      return;
    }
    begin(signal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // Started by the `pnpm start` supervisor: if it dies without asking us to stop, stop anyway.
  if (process.connected) {
    process.on('disconnect', () => {
      begin('supervisor gone');
    });
  }
  return shutdown;
}

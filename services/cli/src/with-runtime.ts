import { createLogger } from '@leakwatch/observability';
import { getConfig } from '@leakwatch/config';
import { openRuntime, type Runtime } from '@leakwatch/runtime';

/**
 * Runs a command with database and Redis open (starting the embedded ones if nothing is
 * configured, and stopping them afterwards). CLI logs go to stderr so stdout stays clean for
 * results and `--json` lines.
 */
export async function withRuntime<T>(
  name: string,
  use: (runtime: Runtime) => Promise<T>,
): Promise<T> {
  const config = getConfig();
  const logger = createLogger({
    name: `cli-${name}`,
    level: config.log.level === 'info' ? 'warn' : config.log.level,
    destination: process.stderr,
  });
  const runtime = await openRuntime({ name: `cli-${name}`, poolSize: 4, logger });
  try {
    return await use(runtime);
  } finally {
    await runtime.close();
  }
}

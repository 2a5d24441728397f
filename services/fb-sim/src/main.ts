import { openRuntime } from '@leakwatch/runtime';
import { installGracefulShutdown } from '@leakwatch/queue';
import { demoGroup } from './content.js';
import { FacebookSimulator } from './simulator.js';

// The demo's Facebook: `pnpm start` runs it while the demo source is being watched.
const runtime = await openRuntime({ name: 'fb-sim', poolSize: 1 });
const { config, log } = runtime;
const simulator = new FacebookSimulator({ groups: [demoGroup()], cdnLifetimeSeconds: 3_600 });
const origin = await simulator.listen(config.crawl.demoSimulatorPort);
installGracefulShutdown(
  [
    { name: 'simulator', close: () => simulator.close() },
    { name: 'runtime', close: () => runtime.close() },
  ],
  { log, timeoutMs: config.shutdownTimeoutMs },
);
log.info({ origin }, 'Facebook simulator (demo) listening');

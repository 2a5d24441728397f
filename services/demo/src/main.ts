import { demoGroup, FacebookSimulator } from '@leakwatch/fb-sim';
import { installGracefulShutdown } from '@leakwatch/queue';
import { openRuntime } from '@leakwatch/runtime';
import { loadDemoScenario } from './demo-scenario.js';
import { demoTimeline } from './demo-timeline.js';
import { registerDemoDocuments } from './register-demo-documents.js';

// The demo `pnpm start` runs while the demo source is watched: a simulated Facebook group, demo
// documents registered, and leaks of them posted over the first two minutes.
const runtime = await openRuntime({ name: 'demo', poolSize: 2 });
const { config, log } = runtime;
const group = demoGroup();
const simulator = new FacebookSimulator({ groups: [group], cdnLifetimeSeconds: 3_600 });
// Listening first: the crawler visits the group straight away, leaks or not.
const origin = await simulator.listen(config.crawl.demoSimulatorPort);
installGracefulShutdown(
  [
    { name: 'simulator', close: () => simulator.close() },
    { name: 'runtime', close: () => runtime.close() },
  ],
  { log, timeoutMs: config.shutdownTimeoutMs },
);
log.info({ origin }, 'Facebook simulator (demo) listening');

const scenario = await loadDemoScenario(config.dataDir, config.browser.executablePath);
await registerDemoDocuments(runtime, scenario, log);
const startedAt = Date.now();
simulator.play(demoTimeline(scenario, group.vanity, startedAt));
log.info(
  { leaks: scenario.leaks.length, documents: scenario.documents.length },
  'demo leaks will appear over the next two minutes',
);

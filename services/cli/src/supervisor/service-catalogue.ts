/**
 * The LeakWatch processes `pnpm start` runs, in start order. Each is a TypeScript entry point
 * relative to the checkout; `readyPath` (if any) is polled on the API's address before the
 * dashboard URL is announced.
 */
export interface ServiceSpec {
  name: string;
  entry: string;
  readyPath?: string;
}

export const serviceCatalogue: ServiceSpec[] = [
  { name: 'api', entry: 'services/api/src/server.ts', readyPath: '/readyz' },
  { name: 'image-worker', entry: 'services/worker/src/main.ts' },
  { name: 'crawler', entry: 'services/crawler/src/main.ts' },
  { name: 'notifier', entry: 'services/notifier/src/main.ts' },
];

/**
 * The demo: the simulated Facebook group the demo source points at, demo documents and their
 * leaks posted over the first minutes. Started only while that source is watched.
 */
export const demoSimulator: ServiceSpec = { name: 'demo', entry: 'services/demo/src/main.ts' };

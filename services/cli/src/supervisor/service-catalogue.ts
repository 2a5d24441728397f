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
];

/** The simulated Facebook the demo source points at; started only while that source is watched. */
export const demoSimulator: ServiceSpec = { name: 'fb-sim', entry: 'services/fb-sim/src/main.ts' };

export function servicesToRun(options: { demo: boolean }): ServiceSpec[] {
  return options.demo ? [demoSimulator, ...serviceCatalogue] : serviceCatalogue;
}

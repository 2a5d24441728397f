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
];

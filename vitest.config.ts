import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// Three tiers, one command (`pnpm test`): `*.test.ts` are pure and need no services;
// `*.int.test.ts` run against real PostgreSQL/Redis/Chromium prepared by the global setup;
// `e2e/*.e2e.test.ts` drive the whole system in Chromium.
// `*.stress.int.test.ts` repeat, through slower entry points (a real crawl, the CLI, LibreOffice),
// what faster tests already prove; they run with `pnpm test:stress`, outside the CI budget.
const stress = process.env['LEAKWATCH_STRESS'] === '1';

export default defineConfig({
  test: {
    reporters: process.env['CI'] ? ['verbose'] : ['default'],
    // Left to itself Vitest runs one file at a time on 2 cores. Most integration files spend
    // their time waiting on services and child processes, so two at a time cut the suite by a
    // quarter (1,018 s → 757 s here). Each file has its own database clone and queue prefix.
    maxWorkers: Math.max(2, availableParallelism()),
    projects: [
      {
        test: {
          name: 'unit',
          include: ['packages/*/test/**/*.test.ts', 'services/*/test/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', '**/*.e2e.test.ts', '**/node_modules/**'],
          testTimeout: 20_000,
          // One process runs file after file instead of a fresh one per file: pure tests hold
          // no state between files, and loading the modules once cut this tier 73 s → 43 s.
          isolate: false,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['packages/*/test/**/*.int.test.ts', 'services/*/test/**/*.int.test.ts'],
          exclude: ['**/node_modules/**', ...(stress ? [] : ['**/*.stress.int.test.ts'])],
          globalSetup: ['packages/testkit/src/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Files run in parallel: each gets its own database clone and queue prefix.
          pool: 'forks',
          // Reusing each worker process across files spares every file the seconds it took to
          // load its modules: the whole suite 1,288 s → 1,031 s here. Files share no state:
          // each opens and closes its own connections and services, and nothing mocks modules.
          isolate: false,
        },
      },
      {
        test: {
          name: 'e2e',
          // Whole-system flows in a real browser (services/*/test/e2e): `pnpm start` as users run it.
          include: ['services/*/test/e2e/**/*.e2e.test.ts'],
          globalSetup: ['packages/testkit/src/global-setup.ts'],
          testTimeout: 240_000,
          hookTimeout: 240_000,
          pool: 'forks',
        },
      },
    ],
  },
});

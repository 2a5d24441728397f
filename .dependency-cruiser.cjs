/**
 * Architecture rules, checked by `pnpm deps:check` (part of `pnpm lint`):
 * no import cycles; packages never import services; packages reach each other only through
 * their public entry (`@leakwatch/<name>`, i.e. src/index.ts); only packages/db touches drizzle;
 * production code never imports the test kit.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Import cycles make initialisation order fragile.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'packages-not-to-services',
      severity: 'error',
      comment: 'Services are deployable processes; libraries must not depend on them.',
      from: { path: '^packages/' },
      to: { path: '^services/' },
    },
    {
      name: 'no-deep-imports-between-packages',
      severity: 'error',
      comment: 'Another package is reached through its index.ts only.',
      from: { path: '^(packages|services)/([^/]+)/' },
      to: {
        path: '^packages/([^/]+)/src/.+',
        pathNot: ['^packages/$2/', '^packages/[^/]+/src/index\\.ts$'],
      },
    },
    {
      name: 'only-db-uses-drizzle',
      severity: 'error',
      comment: 'Repositories in packages/db are the only code that builds queries.',
      from: { pathNot: '^packages/db/' },
      to: { path: 'node_modules/(drizzle-orm|drizzle-kit|drizzle-zod)/' },
    },
    {
      name: 'testkit-only-in-tests',
      severity: 'error',
      comment: 'The test kit (vitest hooks, test databases) never ships in a process.',
      from: { path: '^(packages|services)/[^/]+/src/', pathNot: '^packages/testkit/' },
      to: { path: '^packages/testkit/' },
    },
    {
      name: 'dashboard-runs-in-the-browser',
      severity: 'error',
      comment:
        'The dashboard talks to the API over HTTP; server packages and Node built-ins would not run (or would leak) in a browser bundle.',
      from: { path: '^services/dashboard/src/' },
      to: { path: '^(packages|services/(?!dashboard/))' },
    },
    {
      name: 'dashboard-without-node-built-ins',
      severity: 'error',
      comment: 'Node built-ins do not exist in a browser.',
      from: { path: '^services/dashboard/src/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['node_modules', '\\.data', 'dist'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'],
    },
    // Resolve workspace packages to their sources so the graph crosses package boundaries.
    preserveSymlinks: false,
  },
};

import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin, type UserConfig } from 'vite';
import { getConfig } from '@leakwatch/config';
import { precompressAssets } from './scripts/precompress-assets.js';

/**
 * Where the API listens, from the one configuration reader. Only the dev server needs it, and
 * only then is the environment read (a production build must not demand production secrets).
 */
function apiTarget(): string {
  const { host, port } = getConfig().api;
  const reachable = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
}

/** Brotli and gzip copies of the build, for the API to send (scripts/precompress-assets.ts). */
const precompress: Plugin = {
  name: 'leakwatch-precompress',
  apply: 'build',
  async writeBundle(options) {
    if (options.dir !== undefined) await precompressAssets(options.dir);
  },
};

// In development Vite serves the app and hands /api to the API (`pnpm start`), so the session
// cookie stays same-origin exactly as in production, where the API serves dist/ itself.
export default defineConfig(({ command }): UserConfig => ({
  plugins: [react(), precompress],
  publicDir: false,
  build: { outDir: 'dist', emptyOutDir: true },
  server: command === 'serve' ? { proxy: { '/api': { target: apiTarget() } } } : {},
}));

import react from '@vitejs/plugin-react';
import { defineConfig, type UserConfig } from 'vite';
import { getConfig } from '@leakwatch/config';

/**
 * Where the API listens, from the one configuration reader. Only the dev server needs it, and
 * only then is the environment read (a production build must not demand production secrets).
 */
function apiTarget(): string {
  const { host, port } = getConfig().api;
  const reachable = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
}

// In development Vite serves the app and hands /api to the API (`pnpm start`), so the session
// cookie stays same-origin exactly as in production, where the API serves dist/ itself.
export default defineConfig(({ command }): UserConfig => ({
  plugins: [react()],
  publicDir: false,
  build: { outDir: 'dist', emptyOutDir: true },
  server: command === 'serve' ? { proxy: { '/api': { target: apiTarget() } } } : {},
}));

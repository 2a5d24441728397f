export { envSchema, type Config, type Env } from './schema.js';
export { childProcessEnv, getConfig, parseConfig, type LeakWatchConfig } from './load-config.js';
export { findWorkspaceRoot } from './workspace-root.js';

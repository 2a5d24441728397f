import { existsSync } from 'node:fs';
import path from 'node:path';
import { LeakWatchError } from '@leakwatch/errors';
import { envSchema, toConfig, type Config } from './schema.js';
import { findWorkspaceRoot } from './workspace-root.js';

type DeepReadonly<T> = T extends (infer U)[]
  ? readonly DeepReadonly<U>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

export type LeakWatchConfig = DeepReadonly<Config>;

function deepFreeze<T>(value: T): DeepReadonly<T> {
  if (value !== null && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value as DeepReadonly<T>;
}

/**
 * Parses an environment into the frozen config. Pure: tests pass their own record.
 * Every problem is reported at once, so an operator fixes the environment in one pass.
 */
export function parseConfig(
  env: Record<string, string | undefined>,
  workspaceRoot = findWorkspaceRoot(),
): LeakWatchConfig {
  const result = envSchema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map(
      (issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`,
    );
    throw new LeakWatchError('LW_CONFIG_INVALID', {
      params: { problems: `\n  - ${problems.join('\n  - ')}` },
      details: problems,
    });
  }
  return deepFreeze(toConfig(result.data, workspaceRoot));
}

let cached: LeakWatchConfig | undefined;

/** The process's configuration, read from `process.env` (and `<root>/.env` if present) once. */
export function getConfig(): LeakWatchConfig {
  if (cached) return cached;
  const root = findWorkspaceRoot();
  const dotenv = path.join(root, '.env');
  // Node's loader never overrides variables that are already set in the environment.
  if (existsSync(dotenv)) process.loadEnvFile(dotenv);
  cached = parseConfig(process.env, root);
  return cached;
}

/**
 * The environment for a child process this one starts: ours plus overrides. Kept here so that
 * `process.env` is only ever touched by this package.
 */
export function childProcessEnv(
  overrides: Record<string, string | undefined> = {},
): NodeJS.ProcessEnv {
  const merged = { ...process.env, ...overrides };
  return Object.fromEntries(Object.entries(merged).filter(([, value]) => value !== undefined));
}

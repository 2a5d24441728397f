/** What the integration global setup hands to every test file (through vitest's `provide`). */
export interface ProvidedServices {
  databaseUrl: string;
  redisUrl: string;
  templateDatabase: string;
  runId: string;
  origin: { postgres: string; redis: string };
}

declare module 'vitest' {
  export interface ProvidedContext {
    leakwatch: ProvidedServices;
  }
}

/** `postgres://…/db` with the database name replaced. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isLeakWatchError } from '@leakwatch/errors';
import { envSchema, parseConfig } from '../src/index.js';

const root = '/srv/leakwatch';

describe('parseConfig', () => {
  it('gives working defaults for an empty environment', () => {
    const config = parseConfig({}, root);
    expect(config.env).toBe('development');
    expect(config.dataDir).toBe('/srv/leakwatch/.data');
    expect(config.database.url).toBeUndefined();
    expect(config.redis.probeUrl).toBe('redis://127.0.0.1:6379');
    expect(config.api.publicUrl).toBe('http://127.0.0.1:8080');
    expect(config.queue.prefix).toBe('lw');
  });

  it('treats empty strings as unset, as .env files write them', () => {
    const config = parseConfig({ DATABASE_URL: '', REDIS_URL: '  ' }, root);
    expect(config.database.url).toBeUndefined();
    expect(config.redis.url).toBeUndefined();
  });

  it('reports every problem at once', () => {
    let caught: unknown;
    try {
      parseConfig(
        { DATABASE_URL: 'mysql://x', API_PORT: '99999', LOG_LEVEL: 'loud', QUEUE_PREFIX: 'a:b' },
        root,
      );
    } catch (error) {
      caught = error;
    }
    expect(isLeakWatchError(caught, 'LW_CONFIG_INVALID')).toBe(true);
    const problems = (caught as { details: string[] }).details;
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual([
      'API_PORT',
      'DATABASE_URL',
      'LOG_LEVEL',
      'QUEUE_PREFIX',
    ]);
  });

  it('reads the job lock, 30 s by default, and refuses one too short to renew safely', () => {
    expect(parseConfig({}, root).queue.jobLockSeconds).toBe(30);
    expect(parseConfig({ QUEUE_JOB_LOCK_SECONDS: '10' }, root).queue.jobLockSeconds).toBe(10);
    expect(() => parseConfig({ QUEUE_JOB_LOCK_SECONDS: '2' }, root)).toThrow(
      /QUEUE_JOB_LOCK_SECONDS/,
    );
    expect(() => parseConfig({ QUEUE_JOB_LOCK_SECONDS: 'soon' }, root)).toThrow(
      /QUEUE_JOB_LOCK_SECONDS/,
    );
  });

  it('reads the flood guard settings, with defaults, and refuses a factor below 1', () => {
    expect(parseConfig({}, root).floodGuard).toEqual({
      windowMinutes: 60,
      minimumAlerts: 20,
      factor: 10,
      baselineDays: 7,
    });
    expect(
      parseConfig({ FLOOD_GUARD_WINDOW_MINUTES: '30', FLOOD_GUARD_FACTOR: '2.5' }, root).floodGuard,
    ).toMatchObject({ windowMinutes: 30, factor: 2.5 });
    expect(() => parseConfig({ FLOOD_GUARD_FACTOR: '0.5' }, root)).toThrow(/FLOOD_GUARD_FACTOR/);
  });

  it('reads the retention schedule, refusing a pattern or zone the scheduler could not use', () => {
    expect(parseConfig({}, root).retentionSchedule).toEqual({
      pattern: '0 3 * * *',
      timeZone: 'Asia/Ho_Chi_Minh',
    });
    expect(parseConfig({ RETENTION_SCHEDULE: 'off' }, root).retentionSchedule).toBe('off');
    expect(
      parseConfig({ RETENTION_SCHEDULE: '30 1 * * 0', RETENTION_TIMEZONE: 'UTC' }, root)
        .retentionSchedule,
    ).toEqual({ pattern: '30 1 * * 0', timeZone: 'UTC' });
    const problemsOf = (env: Record<string, string>) => {
      try {
        parseConfig(env, root);
      } catch (error) {
        return (error as { details: string[] }).details;
      }
      return [];
    };
    // Five fields, but a minute of 61: the field count alone would have let it through.
    expect(problemsOf({ RETENTION_SCHEDULE: '61 3 * * *' })).toEqual([
      expect.stringMatching(/^RETENTION_SCHEDULE: .*"61 3 \* \* \*".*0-59/),
    ]);
    expect(problemsOf({ RETENTION_SCHEDULE: 'daily' })).toEqual([
      expect.stringMatching(/^RETENTION_SCHEDULE: /),
    ]);
    expect(problemsOf({ RETENTION_TIMEZONE: 'Asia/Da_Lat' })).toEqual([
      expect.stringMatching(/^RETENTION_TIMEZONE: an IANA time zone/),
    ]);
  });

  it('returns a deeply frozen object', () => {
    const config = parseConfig({}, root);
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.api)).toBe(true);
    expect(() => {
      (config.api as { port: number }).port = 1;
    }).toThrow(TypeError);
  });

  it('resolves a relative data dir against the checkout', () => {
    expect(parseConfig({ LEAKWATCH_DATA_DIR: 'var/lw' }, root).dataDir).toBe(
      '/srv/leakwatch/var/lw',
    );
  });
});

describe('.env.example', () => {
  it('documents every variable of the schema, and nothing else', () => {
    const example = readFileSync(new URL('../../../.env.example', import.meta.url), 'utf8');
    const documented = [...example.matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]).sort();
    expect(documented).toEqual(Object.keys(envSchema.shape).sort());
  });
});

import { availableParallelism } from 'node:os';
import path from 'node:path';
import { CronExpressionParser } from 'cron-parser';
import { z } from 'zod';

const port = z.coerce.number().int().min(1).max(65535);
const postgresUrl = z
  .url({ protocol: /^postgres(ql)?$/ })
  .describe('postgres://user:password@host:port/database');
const redisUrl = z.url({ protocol: /^rediss?$/ }).describe('redis://host:port[/db]');
/** base64 for at least 32 random bytes. */
const secretKey = z
  .string()
  .refine(
    (value) => Buffer.from(value, 'base64').length >= 32,
    'must be base64 of at least 32 bytes (openssl rand -base64 32)',
  );

/** Private addresses an outbound request may reach all the same (`address:port`, IPv6 bracketed). */
const addressPortList = z
  .string()
  .regex(
    /^(\[[0-9a-fA-F:.]+\]|[0-9.]+):\d{1,5}(,(\[[0-9a-fA-F:.]+\]|[0-9.]+):\d{1,5})*$/,
    'expected address:port[,address:port…] (IPv6 as [addr]:port)',
  );

/** Why a cron pattern is refused (the parser BullMQ schedules with), or null when it is valid. */
function cronProblem(pattern: string): string | null {
  try {
    CronExpressionParser.parse(pattern);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** Whether Intl knows the zone (cron schedules are read in it). */
function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const optionalString = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value));

/**
 * Every environment variable LeakWatch reads, with its default. `.env.example` documents the
 * same list; a test keeps the two in step.
 */
export const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info'),
    LEAKWATCH_DATA_DIR: optionalString,
    DATABASE_URL: optionalString.pipe(postgresUrl.optional()),
    REDIS_URL: optionalString.pipe(redisUrl.optional()),
    LEAKWATCH_PROBE_DATABASE_URL: postgresUrl.default(
      'postgres://postgres@127.0.0.1:5432/postgres',
    ),
    LEAKWATCH_PROBE_REDIS_URL: redisUrl.default('redis://127.0.0.1:6379'),
    LEAKWATCH_REDIS_SERVER_BIN: z.string().min(1).default('redis-server'),
    QUEUE_PREFIX: z
      .string()
      .regex(/^[a-z0-9_-]+$/i, 'letters, digits, - and _ only')
      .default('lw'),
    // How long a job's lock lasts without renewal, and how often workers look for jobs whose
    // worker died (BullMQ's lockDuration and stalledInterval): a killed worker's job is taken
    // over within one to two of these. Renewal comes every half, so this must stay well above
    // the longest pause of a worker's event loop.
    QUEUE_JOB_LOCK_SECONDS: z.coerce.number().int().min(5).max(600).default(30),
    API_HOST: z.string().min(1).default('127.0.0.1'),
    API_PORT: port.default(8080),
    PUBLIC_URL: optionalString.pipe(z.url().optional()),
    CORS_ORIGINS: optionalString.pipe(
      z
        .string()
        .regex(/^https?:\/\/[^,\s]+(,https?:\/\/[^,\s]+)*$/, 'expected origin[,origin…]')
        .optional(),
    ),
    TRUST_PROXY: z.stringbool().default(false),
    SESSION_IDLE_MINUTES: z.coerce.number().int().min(5).max(10_080).default(720),
    SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(720).default(168),
    LOGIN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(10),
    CHROMIUM_PATH: optionalString,
    FACEBOOK_BASE_URL: z.url({ protocol: /^https?$/ }).default('https://www.facebook.com'),
    CRAWL_MAX_POSTS: z.coerce.number().int().min(1).max(10_000).default(200),
    CRAWL_DISPATCH_SECONDS: z.coerce.number().int().min(1).max(3_600).default(30),
    CRAWLS_PER_MINUTE: z.coerce.number().int().min(1).max(600).default(6),
    DEMO_SIMULATOR_PORT: port.default(4100),
    IMAGE_FETCH_MAX_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .max(1024 * 1024 * 1024)
      .default(25 * 1024 * 1024),
    IMAGE_FETCH_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(600_000).default(30_000),
    IMAGE_FETCH_MAX_REDIRECTS: z.coerce.number().int().min(0).max(10).default(3),
    IMAGE_FETCH_ALLOW: optionalString.pipe(addressPortList.optional()),
    ACCOUNT_CRAWLS_PER_HOUR: z.coerce.number().int().min(1).max(1_000).default(20),
    CRAWL_BROWSER_BUDGET: z.coerce.number().int().min(1).max(10_000).default(25),
    TAKEDOWN_CHECK_MINUTES: z.coerce.number().int().min(1).max(10_080).default(60),
    TEXT_FINGERPRINT_KEY: optionalString.pipe(secretKey.optional()),
    THUMBNAIL_KEYS: optionalString.pipe(
      z
        .string()
        .regex(
          /^[A-Za-z0-9_.-]+:[A-Za-z0-9+/=]+(,[A-Za-z0-9_.-]+:[A-Za-z0-9+/=]+)*$/,
          'expected id:base64[,id:base64…]',
        )
        .refine(
          (value) =>
            value
              .split(',')
              .every((pair) => Buffer.from(pair.split(':')[1] ?? '', 'base64').length === 32),
          'every key must be base64 of exactly 32 bytes (AES-256)',
        )
        .optional(),
    ),
    KEEP_ORIGINALS: z.stringbool().default(false),
    BLOB_STORE: z.enum(['local', 's3']).default('local'),
    S3_ENDPOINT: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
    S3_REGION: z.string().min(1).default('us-east-1'),
    S3_BUCKET: optionalString.pipe(
      z
        .string()
        .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'not a valid bucket name')
        .optional(),
    ),
    S3_PREFIX: optionalString.pipe(
      z
        .string()
        .regex(/^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/, 'letters, digits, . _ - and /')
        .optional(),
    ),
    S3_ACCESS_KEY_ID: optionalString,
    S3_SECRET_ACCESS_KEY: optionalString,
    S3_FORCE_PATH_STYLE: z.stringbool().default(true),
    OCR_MODEL: z.enum(['best-int', 'fast']).default('best-int'),
    OCR_WORKERS: z.coerce.number().int().min(1).max(16).optional(),
    IMAGE_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(4),
    OCR_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(600_000).default(60_000),
    SMTP_URL: optionalString.pipe(z.url({ protocol: /^smtps?$/ }).optional()),
    SMTP_FROM: z.string().min(3).default('LeakWatch <leakwatch@localhost>'),
    NOTIFIER_POLL_MS: z.coerce.number().int().min(100).max(600_000).default(2_000),
    /** How long a claimed delivery is one notifier's before another may take it over. */
    NOTIFIER_LEASE_MS: z.coerce.number().int().min(500).max(3_600_000).default(60_000),
    /** Deliveries one notifier process makes at once (they wait on SMTP and webhooks). */
    NOTIFIER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
    /** Webhook receivers on private addresses that may be called all the same. */
    WEBHOOK_ALLOW: optionalString.pipe(addressPortList.optional()),
    FLOOD_GUARD_WINDOW_MINUTES: z.coerce.number().int().min(1).max(1_440).default(60),
    FLOOD_GUARD_MIN_ALERTS: z.coerce.number().int().min(2).max(100_000).default(20),
    FLOOD_GUARD_FACTOR: z.coerce.number().min(1).max(1_000).default(10),
    FLOOD_GUARD_BASELINE_DAYS: z.coerce.number().int().min(1).max(90).default(7),
    METRICS_HOST: z.string().min(1).default('127.0.0.1'),
    API_METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9101),
    WORKER_METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9102),
    CRAWLER_METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9103),
    SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(20_000),
    /** Retention (docs/operations.md): set with the department's legal officer. */
    RETENTION_UNMATCHED_DAYS: z.coerce.number().int().min(1).max(3_650).default(30),
    RETENTION_CLOSED_INCIDENT_DAYS: z.coerce.number().int().min(1).max(36_500).default(365),
    /** When the workers run retention: a cron pattern (5 or 6 fields), or `off`. */
    RETENTION_SCHEDULE: z
      .string()
      .trim()
      .superRefine((pattern, context) => {
        const problem = pattern === 'off' ? null : cronProblem(pattern);
        if (problem)
          context.addIssue({
            code: 'custom',
            message: `a cron pattern (e.g. "0 3 * * *") or off; "${pattern}": ${problem}`,
          });
      })
      .default('0 3 * * *'),
    RETENTION_TIMEZONE: z
      .string()
      .refine(isTimeZone, 'an IANA time zone, e.g. Asia/Ho_Chi_Minh')
      .default('Asia/Ho_Chi_Minh'),
  })
  .superRefine((env, context) => {
    if (env.BLOB_STORE === 's3') {
      for (const key of ['S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const) {
        if (!env[key])
          context.addIssue({
            code: 'custom',
            path: [key],
            message: 'is required when BLOB_STORE=s3',
          });
      }
    }
    // Outside production, missing keys are generated once into the data folder (see runtime).
    if (env.NODE_ENV !== 'production') return;
    for (const key of ['TEXT_FINGERPRINT_KEY', 'THUMBNAIL_KEYS'] as const) {
      if (!env[key])
        context.addIssue({
          code: 'custom',
          path: [key],
          message: 'is required in production (docs/security.md, "Keys")',
        });
    }
  });

export type Env = z.input<typeof envSchema>;
export type ParsedEnv = z.output<typeof envSchema>;

/** The nested, typed view of the environment that the rest of the code uses. */
export function toConfig(env: ParsedEnv, workspaceRoot: string) {
  const dataDir = path.resolve(workspaceRoot, env.LEAKWATCH_DATA_DIR ?? '.data');
  return {
    env: env.NODE_ENV,
    isProduction: env.NODE_ENV === 'production',
    workspaceRoot,
    dataDir,
    log: { level: env.LOG_LEVEL },
    database: { url: env.DATABASE_URL, probeUrl: env.LEAKWATCH_PROBE_DATABASE_URL },
    redis: {
      url: env.REDIS_URL,
      probeUrl: env.LEAKWATCH_PROBE_REDIS_URL,
      serverBin: env.LEAKWATCH_REDIS_SERVER_BIN,
    },
    queue: { prefix: env.QUEUE_PREFIX, jobLockSeconds: env.QUEUE_JOB_LOCK_SECONDS },
    api: {
      host: env.API_HOST,
      port: env.API_PORT,
      publicUrl: env.PUBLIC_URL ?? `http://${displayHost(env.API_HOST)}:${env.API_PORT}`,
      corsOrigins: env.CORS_ORIGINS?.split(',') ?? [],
      trustProxy: env.TRUST_PROXY,
      loginRateLimitPerMinute: env.LOGIN_RATE_LIMIT_PER_MINUTE,
    },
    sessions: {
      idleMinutes: env.SESSION_IDLE_MINUTES,
      maxHours: env.SESSION_MAX_HOURS,
      // Cookies travel over plain HTTP only on a developer's own machine.
      secureCookie: env.NODE_ENV !== 'development',
    },
    browser: { executablePath: env.CHROMIUM_PATH },
    crawl: {
      facebookBaseUrl: new URL(env.FACEBOOK_BASE_URL).origin,
      maxPosts: env.CRAWL_MAX_POSTS,
      dispatchEveryMs: env.CRAWL_DISPATCH_SECONDS * 1000,
      crawlsPerMinute: env.CRAWLS_PER_MINUTE,
      accountCrawlsPerHour: env.ACCOUNT_CRAWLS_PER_HOUR,
      crawlsPerBrowser: env.CRAWL_BROWSER_BUDGET,
      takedownCheckEveryMs: env.TAKEDOWN_CHECK_MINUTES * 60_000,
      demoSimulatorPort: env.DEMO_SIMULATOR_PORT,
      imageFetch: {
        allow: env.IMAGE_FETCH_ALLOW?.split(',') ?? [],
        maxBytes: env.IMAGE_FETCH_MAX_BYTES,
        timeoutMs: env.IMAGE_FETCH_TIMEOUT_MS,
        maxRedirects: env.IMAGE_FETCH_MAX_REDIRECTS,
      },
    },
    secrets: {
      textFingerprintKey: env.TEXT_FINGERPRINT_KEY,
      thumbnailKeys: env.THUMBNAIL_KEYS?.split(',').map((pair) => {
        const [id = '', key = ''] = pair.split(':');
        return { id, key };
      }),
    },
    registry: { keepOriginals: env.KEEP_ORIGINALS },
    blobs: blobStoreConfig(env, dataDir),
    imageWorker: { concurrency: env.IMAGE_WORKER_CONCURRENCY },
    ocr: {
      model: env.OCR_MODEL,
      workers: env.OCR_WORKERS ?? Math.max(1, Math.min(4, availableParallelism())),
      timeoutMs: env.OCR_TIMEOUT_MS,
    },
    notifier: {
      smtpUrl: env.SMTP_URL,
      from: env.SMTP_FROM,
      pollMs: env.NOTIFIER_POLL_MS,
      leaseMs: env.NOTIFIER_LEASE_MS,
      concurrency: env.NOTIFIER_CONCURRENCY,
      webhookAllow: env.WEBHOOK_ALLOW?.split(',') ?? [],
    },
    floodGuard: {
      windowMinutes: env.FLOOD_GUARD_WINDOW_MINUTES,
      minimumAlerts: env.FLOOD_GUARD_MIN_ALERTS,
      factor: env.FLOOD_GUARD_FACTOR,
      baselineDays: env.FLOOD_GUARD_BASELINE_DAYS,
    },
    metrics: {
      host: env.METRICS_HOST,
      ports: {
        api: env.API_METRICS_PORT,
        worker: env.WORKER_METRICS_PORT,
        crawler: env.CRAWLER_METRICS_PORT,
      },
    },
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    retention: {
      unmatchedDays: env.RETENTION_UNMATCHED_DAYS,
      closedIncidentDays: env.RETENTION_CLOSED_INCIDENT_DAYS,
    },
    retentionSchedule:
      env.RETENTION_SCHEDULE === 'off'
        ? ('off' as const)
        : { pattern: env.RETENTION_SCHEDULE, timeZone: env.RETENTION_TIMEZONE },
  };
}

function blobStoreConfig(env: ParsedEnv, dataDir: string) {
  if (env.BLOB_STORE === 'local')
    return { kind: 'local' as const, root: path.join(dataDir, 'blobs') };
  return {
    kind: 's3' as const,
    endpoint: env.S3_ENDPOINT,
    region: env.S3_REGION,
    bucket: env.S3_BUCKET ?? '',
    prefix: env.S3_PREFIX,
    accessKeyId: env.S3_ACCESS_KEY_ID ?? '',
    secretAccessKey: env.S3_SECRET_ACCESS_KEY ?? '',
    forcePathStyle: env.S3_FORCE_PATH_STYLE,
  };
}

function displayHost(host: string): string {
  return host === '0.0.0.0' || host === '::' ? 'localhost' : host;
}

export type Config = ReturnType<typeof toConfig>;

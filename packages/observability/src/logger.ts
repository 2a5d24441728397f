import { pino, type Logger, type LoggerOptions } from 'pino';
import { redactUrlQuery } from './url.js';

export type { Logger } from 'pino';

/**
 * Keys whose values never reach a log line, wherever they appear in a logged object:
 * secrets, session material and the personal data that evidence carries. Header sets are
 * redacted at the top and one level down: `req.headers`, and @fastify/multipart's
 * `busboyOptions.headers`, which it logs at trace with every header of the request.
 */
export const redactedLogPaths = [
  ...[
    'password',
    'currentPassword',
    'newPassword',
    'initialPassword',
    'passwordHash',
    'token',
    'csrfToken',
    'secret',
    'webhookSecret',
    'storageState',
    'databaseUrl',
    'redisUrl',
  ].flatMap((key) => [key, `*.${key}`]),
  'authorization',
  'cookie',
  ...[
    'headers.authorization',
    'headers.cookie',
    'headers["x-csrf-token"]',
    'headers["set-cookie"]',
  ].flatMap((path) => [path, `*.${path}`]),
];

export interface CreateLoggerOptions {
  name: string;
  level: LoggerOptions['level'];
  /** Where lines go; defaults to stdout. Tests pass a stream to inspect what was logged. */
  destination?: pino.DestinationStream;
}

/** Structured JSON logs (one object per line) for every process. */
export function createLogger({ name, level, destination }: CreateLoggerOptions): Logger {
  const options: LoggerOptions = {
    name,
    level,
    redact: { paths: redactedLogPaths, censor: '[redacted]' },
    // Serializers of this logger take precedence over Fastify's own for its request lines.
    serializers: { err: serializeError, req: serializeRequest },
    base: { pid: process.pid, service: name },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return destination ? pino(options, destination) : pino(options);
}

/** The subset of a logger the libraries need, so callers may pass any pino child. */
export type LogSink = Pick<Logger, 'info' | 'warn' | 'error' | 'debug'>;

/**
 * An error as pino writes it, without the values of a failed query: drizzle puts every
 * parameter (password hashes, sealed cookies, personal data) into the message, the stack and a
 * `params` property. The statement itself stays, which is what a reader needs.
 */
function serializeError(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const serialized = pino.stdSerializers.err(error);
  const params: unknown = (serialized as { params?: unknown }).params;
  if (!Array.isArray(params)) return serialized;
  delete (serialized as { params?: unknown }).params;
  // `${params}` in drizzle's message is the array's own string form.
  const printed = `\nparams: ${String(params)}`;
  const replacement = `\nparams: [${params.length} values not logged]`;
  const scrub = (text: string) => {
    const replaced = text.split(printed).join(replacement);
    const at = replaced.indexOf('\nparams: ');
    // A form not recognised: everything after the statement goes, rather than risk a value.
    return at >= 0 && !replaced.startsWith(replacement, at)
      ? `${replaced.slice(0, at)}${replacement}`
      : replaced;
  };
  serialized.message = scrub(serialized.message);
  serialized.stack = scrub(serialized.stack);
  return serialized;
}

interface LoggedRequest {
  method?: string;
  url?: string;
  host?: string;
  ip?: string;
  headers?: Record<string, unknown>;
  socket?: { remoteAddress?: string; remotePort?: number };
}

/**
 * A request line as Fastify writes it, with the values of credential-like query parameters
 * replaced: acknowledgement links carry their token in the address (`?token=…`).
 */
function serializeRequest(request: LoggedRequest) {
  return {
    method: request.method,
    url: request.url === undefined ? undefined : redactUrlQuery(request.url),
    host: request.host ?? request.headers?.['host'],
    remoteAddress: request.ip ?? request.socket?.remoteAddress,
    remotePort: request.socket?.remotePort,
  };
}

import { pino, type Logger, type LoggerOptions } from 'pino';

export type { Logger } from 'pino';

/**
 * Keys whose values never reach a log line, wherever they appear in a logged object:
 * secrets, session material and the personal data that evidence carries.
 */
export const redactedLogPaths = [
  'password',
  '*.password',
  'token',
  '*.token',
  'secret',
  '*.secret',
  'authorization',
  'cookie',
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'databaseUrl',
  'redisUrl',
  '*.databaseUrl',
  '*.redisUrl',
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
    base: { pid: process.pid, service: name },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return destination ? pino(options, destination) : pino(options);
}

/** The subset of a logger the libraries need, so callers may pass any pino child. */
export type LogSink = Pick<Logger, 'info' | 'warn' | 'error' | 'debug'>;

import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/index.js';
import { redactUrlQuery } from '../src/url.js';

/** A logger at trace whose lines are kept, parsed, for inspection. */
function capturing() {
  const lines: string[] = [];
  const log = createLogger({
    name: 'test',
    level: 'trace',
    destination: { write: (line: string) => void lines.push(line) },
  });
  return { log, lines, entries: () => lines.map((line) => JSON.parse(line) as object) };
}

/** The shape of drizzle-orm's DrizzleQueryError: every parameter printed into the message. */
class QueryError extends Error {
  constructor(
    readonly query: string,
    readonly params: unknown[],
    cause: Error,
  ) {
    super(`Failed query: ${query}\nparams: ${String(params)}`, { cause });
  }
}

describe('the logger', () => {
  it('writes what it is given (the control for everything below)', () => {
    const { log, lines } = capturing();
    log.info({ detail: 'visible-marker' }, 'hello');
    expect(lines.join('')).toContain('visible-marker');
  });

  it('redacts credential headers wherever a request is logged, also by @fastify/multipart at trace', () => {
    const { log, lines } = capturing();
    const headers = {
      cookie: 'lw_session=cookie-secret',
      authorization: 'Bearer lwt_token-secret',
      'x-csrf-token': 'csrf-secret',
      'content-type': 'multipart/form-data',
    };
    log.trace({ busboyOptions: { headers, limits: { files: 1 } } }, 'Providing options to busboy');
    log.info({ headers }, 'top level');
    log.info({ res: { headers: { 'set-cookie': 'lw_session=set-secret' } } }, 'response');
    log.info({ body: { currentPassword: 'pw-1', newPassword: 'pw-2', webhookSecret: 'wh' } }, 'x');
    const text = lines.join('');
    for (const value of [
      'cookie-secret',
      'token-secret',
      'csrf-secret',
      'set-secret',
      'pw-1',
      'pw-2',
    ])
      expect(text).not.toContain(value);
    expect(text).not.toContain('"wh"');
    // What is not a credential stays readable.
    expect(text).toContain('multipart/form-data');
  });

  it('logs request addresses without the values of credential parameters', () => {
    const { log, entries } = capturing();
    log.info(
      { req: { method: 'GET', url: '/api/notifications/1/ack?token=123.abc&lang=vi', ip: '::1' } },
      'incoming request',
    );
    expect(entries()[0]).toMatchObject({
      req: {
        method: 'GET',
        url: '/api/notifications/1/ack?token=[redacted]&lang=vi',
        remoteAddress: '::1',
      },
    });
    expect(redactUrlQuery('/a?Token=x&api_key=y&access_token=z&q=keep#frag')).toBe(
      '/a?Token=[redacted]&api_key=[redacted]&access_token=[redacted]&q=keep#frag',
    );
    expect(redactUrlQuery('/no-query')).toBe('/no-query');
  });

  it('logs a failed query with its statement but without its parameter values', () => {
    const { log, lines, entries } = capturing();
    const hash = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA';
    const error = new QueryError(
      'insert into "users" ("email", "password_hash") values ($1, $2)',
      ['a@syt.lamdong.gov.vn', hash, null],
      new Error('invalid byte sequence for encoding "UTF8": 0x00'),
    );
    log.error({ err: error }, 'request failed');
    const text = lines.join('');
    expect(text).not.toContain('argon2');
    expect(text).not.toContain('a@syt.lamdong.gov.vn');
    const logged = (entries()[0] as { err: { message: string; stack: string } }).err;
    expect(logged.message).toContain('insert into "users"');
    expect(logged.message).toContain('[3 values not logged]');
    expect(logged.message).toContain('invalid byte sequence');
    expect(logged.stack).toContain('[3 values not logged]');
    expect(logged).not.toHaveProperty('params');
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import type { i18n } from 'i18next';
import { errorCatalogue } from '@leakwatch/errors';
import {
  ApiError,
  NetworkError,
  errorMessageFor,
  explainedCodes,
  toProblem,
} from '../src/api/problem.js';
import { translatorFor } from './support/locales.js';

let vi: i18n;
let en: i18n;

beforeAll(async () => {
  vi = await translatorFor('vi');
  en = await translatorFor('en');
});

const say = (translator: i18n, error: unknown) => {
  const { key, values } = errorMessageFor(error);
  expect(translator.exists(key), `${translator.language}: ${key}`).toBe(true);
  return translator.t(key, values);
};

const problem = (status: number, code: string, extra: Record<string, unknown> = {}) =>
  new ApiError(
    toProblem(status, { status, code, detail: 'English detail', requestId: 'req-1', ...extra }),
  );

describe('API errors as messages', () => {
  it('explains only codes the API really has, in both languages', () => {
    const known = Object.keys(errorCatalogue);
    for (const code of explainedCodes) {
      expect(known, code).toContain(code);
      expect(vi.exists(`errors.${code}`), `vi ${code}`).toBe(true);
      expect(en.exists(`errors.${code}`), `en ${code}`).toBe(true);
    }
  });

  it('tells a wrong password in the reader’s language, never the API’s English detail', () => {
    const error = problem(401, 'LW_INVALID_CREDENTIALS');
    expect(say(vi, error)).toBe('Thư điện tử hoặc mật khẩu không đúng.');
    expect(say(en, error)).toBe('The email or password is wrong.');
  });

  it('gives the wait of a locked account or a rate limit', () => {
    const locked = problem(429, 'LW_ACCOUNT_LOCKED', { details: { retryAfterSeconds: 120 } });
    expect(say(vi, locked)).toContain('120 giây');
    expect(say(en, locked)).toContain('120 seconds');
    const limited = problem(429, 'LW_RATE_LIMITED');
    expect(errorMessageFor(limited).key).toBe('errors.LW_RATE_LIMITED_unknownWait');
    say(vi, limited);
  });

  it('carries the request id of server failures for the administrator', () => {
    expect(say(vi, problem(500, 'LW_INTERNAL'))).toContain('req-1');
    // A proxy's bare 502 has no problem body: still a sentence, with the status.
    expect(say(en, new ApiError(toProblem(502, '<html>Bad gateway</html>')))).toContain('502');
    expect(say(vi, problem(418, 'LW_SOMETHING_NEW'))).toContain('418');
  });

  it('tells a network failure apart from anything else', () => {
    expect(errorMessageFor(new NetworkError(new TypeError('fetch failed'))).key).toBe(
      'errors.network',
    );
    expect(errorMessageFor(new Error('bug')).key).toBe('errors.unexpected');
    say(vi, new NetworkError(null));
  });

  it('reads problem bodies defensively', () => {
    expect(toProblem(404, null)).toEqual({ status: 404 });
    expect(toProblem(403, { code: 42, detail: 'x', status: 403 })).toEqual({
      status: 403,
      detail: 'x',
    });
  });
});

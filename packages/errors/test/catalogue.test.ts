import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LeakWatchError, errorCodes, formatErrorMessage } from '../src/index.js';

describe('error catalogue', () => {
  it('documents every code in docs/errors.md', () => {
    const doc = readFileSync(new URL('../../../docs/errors.md', import.meta.url), 'utf8');
    const undocumented = errorCodes.filter((code) => !doc.includes(`\`${code}\``));
    expect(undocumented).toEqual([]);
  });

  it('fills placeholders and keeps unknown ones visible', () => {
    expect(formatErrorMessage('LW_NOT_FOUND', { what: 'Document 7' })).toBe(
      'Document 7 was not found',
    );
    expect(formatErrorMessage('LW_NOT_FOUND')).toBe('{what} was not found');
  });

  it('carries code, status and cause', () => {
    const cause = new Error('socket closed');
    const error = new LeakWatchError('LW_SERVICE_UNAVAILABLE', {
      params: { service: 'PostgreSQL' },
      cause,
    });
    expect(error.code).toBe('LW_SERVICE_UNAVAILABLE');
    expect(error.status).toBe(503);
    expect(error.cause).toBe(cause);
    expect(JSON.stringify(error)).toBe(
      '{"code":"LW_SERVICE_UNAVAILABLE","message":"PostgreSQL is unavailable"}',
    );
  });
});

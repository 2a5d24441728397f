import { describe, expect, it } from 'vitest';
import { LeakWatchError } from '@leakwatch/errors';
import { classifyImageFailure } from '../src/index.js';

describe('classifying image failures', () => {
  it('makes decoding and missing-data failures permanent, the rest transient', () => {
    expect(
      classifyImageFailure(new LeakWatchError('LW_IMAGE_UNDECODABLE', { params: { reason: 'x' } })),
    ).toEqual({ failure: 'undecodable', permanent: true });
    expect(
      classifyImageFailure(new LeakWatchError('LW_IMAGE_TOO_LARGE', { params: { reason: 'x' } })),
    ).toEqual({ failure: 'too_large', permanent: true });
    expect(
      classifyImageFailure(
        new LeakWatchError('LW_IMAGE_UNSUPPORTED', { params: { reason: 'svg' } }),
      ),
    ).toEqual({ failure: 'not_an_image', permanent: true });
    expect(
      classifyImageFailure(new LeakWatchError('LW_NOT_FOUND', { params: { what: 'Image' } })),
    ).toEqual({ failure: 'missing', permanent: true });
    expect(
      classifyImageFailure(new LeakWatchError('LW_OCR_TIMEOUT', { params: { seconds: 60 } })),
    ).toEqual({ failure: 'timeout', permanent: false });
    expect(classifyImageFailure(new Error('blob image/ab/… does not match its SHA-256'))).toEqual({
      failure: 'corrupt_blob',
      permanent: true,
    });
    expect(classifyImageFailure(Object.assign(new Error('gone'), { code: 'ENOENT' }))).toEqual({
      failure: 'missing',
      permanent: true,
    });
    // PostgreSQL away (a restart, a fail-over): retried, and named in the metrics.
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
      code: 'ECONNREFUSED',
    });
    expect(classifyImageFailure(new Error('Failed query: select 1', { cause: refused }))).toEqual({
      failure: 'database_unavailable',
      permanent: false,
    });
    expect(classifyImageFailure(new Error('connection reset'))).toEqual({
      failure: 'internal',
      permanent: false,
    });
  });
});

import { isDatabaseUnavailable } from '@leakwatch/db';
import { isLeakWatchError } from '@leakwatch/errors';

/**
 * Why an image could not be processed. Permanent classes fail the job at once (it goes to the
 * dead-letter queue); transient ones are retried with backoff and reach the dead letters only
 * when the retries run out.
 */
export type ImageFailureClass =
  | 'missing'
  | 'not_an_image'
  | 'too_large'
  | 'undecodable'
  | 'corrupt_blob'
  | 'timeout'
  | 'database_unavailable'
  | 'internal';

const byCode: Record<string, ImageFailureClass> = {
  LW_NOT_FOUND: 'missing',
  LW_IMAGE_EMPTY: 'not_an_image',
  // An SVG or another format LeakWatch does not hash: not a picture it can match.
  LW_IMAGE_UNSUPPORTED: 'not_an_image',
  LW_IMAGE_TOO_LARGE: 'too_large',
  LW_IMAGE_UNDECODABLE: 'undecodable',
  LW_OCR_TIMEOUT: 'timeout',
};

export function classifyImageFailure(error: unknown): {
  failure: ImageFailureClass;
  permanent: boolean;
} {
  if (isLeakWatchError(error)) {
    const failure = byCode[error.code] ?? 'internal';
    return { failure, permanent: error.status < 500 };
  }
  if (isDatabaseUnavailable(error)) return { failure: 'database_unavailable', permanent: false };
  if (error instanceof Error && error.message.includes('does not match its SHA-256'))
    return { failure: 'corrupt_blob', permanent: true };
  if (error instanceof Error && (error as NodeJS.ErrnoException).code === 'ENOENT')
    return { failure: 'missing', permanent: true };
  return { failure: 'internal', permanent: false };
}

/** RFC 9457 problem details as the API sends them (docs/errors.md). */
export interface Problem {
  type?: string;
  title?: string;
  status: number;
  code?: string;
  detail?: string;
  requestId?: string;
  details?: unknown;
}

/** A request that reached the API and was refused or failed. */
export class ApiError extends Error {
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
    this.name = 'ApiError';
    this.problem = problem;
  }

  get status(): number {
    return this.problem.status;
  }
}

/** A request that never got an answer (network down, API stopped). */
export class NetworkError extends Error {
  constructor(cause: unknown) {
    super('network error', { cause });
    this.name = 'NetworkError';
  }
}

/** Reads a problem body, tolerating proxies that answer with something else. */
export function toProblem(status: number, body: unknown): Problem {
  if (typeof body === 'object' && body !== null) {
    const record = body as Record<string, unknown>;
    const text = (key: string) => (typeof record[key] === 'string' ? record[key] : undefined);
    const problem: Problem = {
      status: typeof record['status'] === 'number' ? record['status'] : status,
    };
    const code = text('code');
    const detail = text('detail');
    const title = text('title');
    const requestId = text('requestId');
    if (code !== undefined) problem.code = code;
    if (detail !== undefined) problem.detail = detail;
    if (title !== undefined) problem.title = title;
    if (requestId !== undefined) problem.requestId = requestId;
    if ('details' in record) problem.details = record['details'];
    return problem;
  }
  return { status };
}

/** Codes with their own sentence in the translation files (`errors.<code>`). */
export const explainedCodes = [
  'LW_VALIDATION_FAILED',
  'LW_NOT_FOUND',
  'LW_UNAUTHENTICATED',
  'LW_INVALID_CREDENTIALS',
  'LW_ACCOUNT_LOCKED',
  'LW_FORBIDDEN',
  'LW_CSRF_REJECTED',
  'LW_RATE_LIMITED',
  'LW_CONFLICT',
  'LW_REQUEST_TOO_LARGE',
  'LW_UNSUPPORTED_MEDIA_TYPE',
  'LW_INTERNAL',
  'LW_SERVICE_UNAVAILABLE',
] as const;

export interface ErrorMessage {
  key: string;
  values: Record<string, string | number>;
}

function retryAfterSeconds(problem: Problem): number | undefined {
  const details = problem.details;
  if (typeof details === 'object' && details !== null && 'retryAfterSeconds' in details) {
    const seconds = details.retryAfterSeconds;
    if (typeof seconds === 'number' && Number.isFinite(seconds))
      return Math.max(1, Math.ceil(seconds));
  }
  return undefined;
}

/**
 * What to tell the person, in their language: the translation key for an error and its values.
 * The API's own `detail` is English for operators and never shown as the message.
 */
export function errorMessageFor(error: unknown): ErrorMessage {
  if (error instanceof NetworkError) return { key: 'errors.network', values: {} };
  if (!(error instanceof ApiError)) return { key: 'errors.unexpected', values: {} };
  const { problem } = error;
  const requestId = problem.requestId ?? '—';
  const code = (explainedCodes as readonly string[]).includes(problem.code ?? '')
    ? (problem.code as string)
    : undefined;
  if (code === 'LW_ACCOUNT_LOCKED' || code === 'LW_RATE_LIMITED') {
    const seconds = retryAfterSeconds(problem);
    return seconds === undefined
      ? { key: `errors.${code}_unknownWait`, values: {} }
      : { key: `errors.${code}`, values: { seconds } };
  }
  if (code === 'LW_INTERNAL' || code === 'LW_SERVICE_UNAVAILABLE')
    return { key: `errors.${code}`, values: { requestId } };
  if (code) return { key: `errors.${code}`, values: {} };
  if (problem.status >= 500)
    return { key: 'errors.server', values: { status: problem.status, requestId } };
  return { key: 'errors.unexpectedStatus', values: { status: problem.status } };
}

/**
 * Every error LeakWatch reports on purpose has a stable code from this catalogue.
 * Codes never change meaning once released: operators grep logs and scripts match on them.
 * `status` is the HTTP status the API edge maps the code to; lower layers never look at it.
 */
export const errorCatalogue = {
  LW_CONFIG_INVALID: { status: 500, message: 'The environment is invalid: {problems}' },
  LW_SECRETS_UNREADABLE: {
    status: 500,
    message:
      'The key file {file} cannot be used: {reason}. Restore it from backup; LeakWatch never replaces it, since new keys would orphan every stored fingerprint and thumbnail',
  },
  LW_VALIDATION_FAILED: { status: 400, message: 'The input is invalid: {problems}' },
  LW_DATE_RANGE_INVALID: { status: 400, message: 'The date range is invalid: {reason}' },
  LW_NOT_FOUND: { status: 404, message: '{what} was not found' },
  LW_UNAUTHENTICATED: {
    status: 401,
    message: 'Sign in first (session cookie or Authorization: Bearer token)',
  },
  LW_INVALID_CREDENTIALS: { status: 401, message: 'The email or password is wrong' },
  LW_ACCOUNT_LOCKED: {
    status: 429,
    message: 'Too many failed sign-ins: the account is locked for {seconds} more seconds',
  },
  LW_FORBIDDEN: { status: 403, message: 'This needs the permission {permission}' },
  LW_ACK_LINK_INVALID: {
    status: 401,
    message: 'This acknowledgement link is not valid: {reason}',
  },
  LW_CSRF_REJECTED: {
    status: 403,
    message:
      'A change made with a session cookie must carry the X-CSRF-Token header given at sign-in',
  },
  LW_RATE_LIMITED: { status: 429, message: 'Too many requests: try again in {seconds} seconds' },
  LW_CONFLICT: { status: 409, message: '{what} already exists' },
  LW_REQUEST_TOO_LARGE: { status: 413, message: 'The request body is larger than allowed' },
  LW_UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'Unsupported content type: {contentType}' },
  LW_INTERNAL: { status: 500, message: 'An internal error occurred' },
  LW_SERVICE_UNAVAILABLE: { status: 503, message: '{service} is unavailable' },
  LW_REDIS_SERVER_MISSING: {
    status: 500,
    message: 'No Redis is reachable and no redis-server program was found: {hint}',
  },
  LW_REDIS_START_FAILED: { status: 500, message: 'The local Redis server did not start: {reason}' },
  LW_POSTGRES_START_FAILED: {
    status: 500,
    message: 'The embedded PostgreSQL server did not start: {reason}',
  },
  LW_POSTGRES_BINARIES_MISSING: {
    status: 500,
    message: 'No embedded PostgreSQL binaries for {platform}: {hint}',
  },
  LW_BROWSER_MISSING: { status: 500, message: 'No Chromium at {path}: {hint}' },
  LW_SOURCE_URL_INVALID: {
    status: 400,
    message: 'Not a Facebook page, group or post address: {reason}',
  },
  LW_OCR_MODEL_MISSING: {
    status: 500,
    message: 'The Vietnamese OCR model "{model}" is not installed: {hint}',
  },
  LW_OCR_TIMEOUT: { status: 503, message: 'OCR did not finish within {seconds} s' },
  LW_OCR_FAILED: { status: 500, message: 'OCR failed: {reason}' },
  LW_DOCUMENT_UNREADABLE: { status: 422, message: 'The document cannot be read: {reason}' },
  LW_DOCUMENT_UNSUPPORTED: {
    status: 415,
    message: 'This kind of file cannot be registered: {reason}',
  },
  LW_DOCUMENT_TOO_LARGE: { status: 413, message: 'The document is too large: {reason}' },
  LW_DOCUMENT_ENCRYPTED: { status: 422, message: 'The PDF is password-protected: {hint}' },
  LW_DOCUMENT_ACTIVE_CONTENT: {
    status: 422,
    message: 'The document contains {what}, which LeakWatch refuses: {hint}',
  },
  LW_DOCUMENT_CONVERTER_MISSING: {
    status: 501,
    message: 'Office documents need LibreOffice: {hint}',
  },
  LW_THUMBNAIL_KEY_MISSING: {
    status: 500,
    message: 'No thumbnail key with id "{keyId}" is configured',
  },
  LW_THUMBNAIL_DAMAGED: {
    status: 500,
    message: 'A stored thumbnail cannot be decrypted: {reason}',
  },
  LW_MIGRATION_FAILED: { status: 500, message: 'Database migrations failed: {reason}' },
  LW_QUEUE_PAYLOAD_INVALID: {
    status: 400,
    message: 'Job {job} has an invalid payload: {problems}',
  },
  LW_QUEUE_HANDLER_MISSING: { status: 500, message: 'No handler is registered for job {job}' },
  LW_QUEUE_HANDLER_DUPLICATE: {
    status: 500,
    message: 'Job {job} has more than one handler registered',
  },
  LW_IMAGE_EMPTY: { status: 400, message: 'The image is empty (0 bytes)' },
  LW_IMAGE_TOO_LARGE: { status: 413, message: 'The image is too large: {reason}' },
  LW_IMAGE_UNDECODABLE: { status: 422, message: 'The image could not be decoded: {reason}' },
  LW_IMAGE_UNSUPPORTED: { status: 415, message: 'The image is not supported: {reason}' },
  LW_EVIDENCE_REMOVED: {
    status: 410,
    message: '{what} was deleted by the retention run on {removedAt}',
  },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof errorCatalogue;

export const errorCodes = Object.keys(errorCatalogue) as ErrorCode[];

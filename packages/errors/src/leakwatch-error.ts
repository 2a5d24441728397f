import { errorCatalogue, type ErrorCode } from './catalogue.js';

export type ErrorParams = Record<string, string | number>;

/** Fills `{name}` placeholders; unknown placeholders are left visible rather than dropped. */
export function formatErrorMessage(code: ErrorCode, params: ErrorParams = {}): string {
  return errorCatalogue[code].message.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}

export interface LeakWatchErrorOptions {
  params?: ErrorParams;
  cause?: unknown;
  /** Structured details safe to show to the caller (never secrets or personal data). */
  details?: unknown;
  /** Overrides the catalogue message when a more precise sentence exists. */
  message?: string;
}

export class LeakWatchError extends Error {
  override readonly name = 'LeakWatchError';
  readonly code: ErrorCode;
  readonly details: unknown;

  constructor(code: ErrorCode, options: LeakWatchErrorOptions = {}) {
    super(options.message ?? formatErrorMessage(code, options.params), { cause: options.cause });
    this.code = code;
    this.details = options.details;
  }

  get status(): number {
    return errorCatalogue[this.code].status;
  }

  toJSON(): { code: ErrorCode; message: string } {
    return { code: this.code, message: this.message };
  }
}

export function isLeakWatchError(error: unknown, code?: ErrorCode): error is LeakWatchError {
  return error instanceof LeakWatchError && (code === undefined || error.code === code);
}

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Bearer secrets (session cookies, API tokens, CSRF tokens): 256 random bits, base64url.
 * API tokens carry a visible prefix so a leaked one is recognisable in logs and by secret
 * scanners; only their SHA-256 is stored, so a database dump yields no usable credential.
 */
export const apiTokenPrefix = 'lwt_';

export function randomSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function newApiToken(): string {
  return `${apiTokenPrefix}${randomSecret()}`;
}

export function looksLikeApiToken(value: string): boolean {
  return /^lwt_[A-Za-z0-9_-]{43}$/.test(value);
}

/** Tokens are high-entropy, so a plain SHA-256 (no salt, no stretching) is the right lookup key. */
export function secretDigest(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** A readable one-time password for a new account (to be changed at first sign-in). */
export function initialPassword(): string {
  return randomBytes(18).toString('base64url');
}

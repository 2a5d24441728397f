import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import type { SealingKey } from '@leakwatch/sealing';

/** How long an acknowledgement link in a message works. */
export const ackLinkTtlDays = 30;

// Its own HKDF label: an acknowledgement token can never pass for a seal or any other MAC made
// with the same root key.
const purpose = 'leakwatch notification-ack v1';
const tokenPattern = /^(\d{1,12})\.([A-Za-z0-9_-]{43})$/;

function ackKey(root: SealingKey): Buffer {
  return Buffer.from(hkdfSync('sha256', root.key, Buffer.alloc(0), purpose, 32));
}

function mac(root: SealingKey, notificationId: string, expires: number): Buffer {
  return createHmac('sha256', ackKey(root)).update(`${notificationId}.${expires}`).digest();
}

/**
 * The token of a notification's acknowledgement link: `<expiry, unix seconds>.<HMAC>`, the HMAC
 * over the outbox id and the expiry under a key derived from the first sealing key. Nothing is
 * stored: the link proves itself.
 */
export function makeAckToken(
  notificationId: string,
  keys: readonly SealingKey[],
  now: Date,
  ttlDays = ackLinkTtlDays,
): string {
  const key = keys[0];
  if (!key) throw new Error('no sealing key is configured');
  const expires = Math.floor(now.getTime() / 1000) + ttlDays * 86_400;
  return `${expires}.${mac(key, notificationId, expires).toString('base64url')}`;
}

export type AckTokenCheck =
  { ok: true } | { ok: false; reason: 'malformed' | 'forged' | 'expired' };

/**
 * Checks a token against every configured key (links sent before a key rotation keep working
 * while the old key is kept), in constant time per key. The signature is checked before the
 * expiry, so a forged token never learns whether its expiry would have passed.
 */
export function verifyAckToken(
  notificationId: string,
  token: string,
  keys: readonly SealingKey[],
  now: Date,
): AckTokenCheck {
  const parts = tokenPattern.exec(token);
  if (!parts?.[1] || !parts[2]) return { ok: false, reason: 'malformed' };
  const expires = Number(parts[1]);
  const given = Buffer.from(parts[2], 'base64url');
  const genuine = keys.some((key) => {
    const expected = mac(key, notificationId, expires);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  if (!genuine) return { ok: false, reason: 'forged' };
  if (now.getTime() / 1000 > expires) return { ok: false, reason: 'expired' };
  return { ok: true };
}

/** The public acknowledgement address: a page to confirm on (GET), and the API (POST). */
export function ackUrl(publicUrl: string, notificationId: string, token: string): string {
  return `${publicUrl.replace(/\/$/, '')}/api/notifications/${notificationId}/ack?token=${encodeURIComponent(token)}`;
}

import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ackLinkTtlDays, ackUrl, makeAckToken, verifyAckToken } from '../src/index.js';

const id = '0b6a3f4e-2f7c-4d55-9a57-0e0f1c2d3e4f';
const other = '7d1e2f3a-4b5c-4d6e-8f90-a1b2c3d4e5f6';
const current = { id: 'k2', key: randomBytes(32) };
const retired = { id: 'k1', key: randomBytes(32) };
const sentAt = new Date('2026-12-01T08:00:00Z');
const later = (days: number) => new Date(sentAt.getTime() + days * 86_400_000);

describe('notification acknowledgement tokens', () => {
  it('accept the token of their own notification until it expires', () => {
    const token = makeAckToken(id, [current], sentAt);
    expect(token).toMatch(/^\d+\.[A-Za-z0-9_-]{43}$/);
    expect(verifyAckToken(id, token, [current], later(ackLinkTtlDays - 1))).toEqual({ ok: true });
    expect(verifyAckToken(id, token, [current], later(ackLinkTtlDays + 1))).toEqual({
      ok: false,
      reason: 'expired',
    });
  });

  it('refuse another notification, another key, an edited expiry and garbage', () => {
    const token = makeAckToken(id, [current], sentAt);
    expect(verifyAckToken(other, token, [current], sentAt)).toEqual({
      ok: false,
      reason: 'forged',
    });
    expect(verifyAckToken(id, token, [{ id: 'k2', key: randomBytes(32) }], sentAt).ok).toBe(false);
    const [expires, signature] = token.split('.');
    const extended = `${Number(expires) + 86_400 * 365}.${signature ?? ''}`;
    expect(verifyAckToken(id, extended, [current], later(ackLinkTtlDays + 1))).toEqual({
      ok: false,
      reason: 'forged',
    });
    for (const bad of ['', 'abc', `${expires ?? ''}.`, `${token}x`, `x${token}`])
      expect(verifyAckToken(id, bad, [current], sentAt)).toEqual({
        ok: false,
        reason: 'malformed',
      });
  });

  it('use a key derived for this purpose, never the sealing key itself', () => {
    const [expires, signature] = makeAckToken(id, [current], sentAt).split('.');
    const direct = createHmac('sha256', current.key)
      .update(`${id}.${expires ?? ''}`)
      .digest('base64url');
    expect(signature).not.toBe(direct);
  });

  it('keep working across a key rotation while the old key is kept', () => {
    const token = makeAckToken(id, [retired], sentAt);
    expect(verifyAckToken(id, token, [current, retired], sentAt)).toEqual({ ok: true });
    expect(verifyAckToken(id, token, [current], sentAt).ok).toBe(false);
  });

  it('form the public link with the token', () => {
    expect(ackUrl('https://leakwatch.syt.lamdong.gov.vn/', id, '123.abc-_')).toBe(
      `https://leakwatch.syt.lamdong.gov.vn/api/notifications/${id}/ack?token=123.abc-_`,
    );
  });
});

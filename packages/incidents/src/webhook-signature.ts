import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Webhook signatures: HMAC-SHA256 over `<unix seconds>.<body>`, sent as
 * `LeakWatch-Signature: t=<unix seconds>,v1=<hex>`. The timestamp inside the signed text lets a
 * receiver refuse replays older than its tolerance.
 */
export function signWebhook(secret: string, body: string, at: Date): string {
  const timestamp = Math.floor(at.getTime() / 1000);
  const digest = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return `t=${timestamp},v1=${digest}`;
}

export function verifyWebhook(
  secret: string,
  body: string,
  header: string,
  now: Date,
  toleranceSeconds = 300,
): { ok: true } | { ok: false; reason: string } {
  const parts = new Map(
    header.split(',').map((part) => {
      const at = part.indexOf('=');
      return [part.slice(0, at).trim(), part.slice(at + 1).trim()] as const;
    }),
  );
  const timestamp = Number(parts.get('t'));
  const signature = parts.get('v1') ?? '';
  if (!Number.isInteger(timestamp) || !/^[0-9a-f]{64}$/.test(signature))
    return { ok: false, reason: 'malformed signature header' };
  if (Math.abs(now.getTime() / 1000 - timestamp) > toleranceSeconds)
    return { ok: false, reason: 'timestamp outside the tolerance (replay?)' };
  const expected = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest();
  const given = Buffer.from(signature, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected)
    ? { ok: true }
    : { ok: false, reason: 'signature mismatch' };
}

import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openSealed, sealBytes, SealError } from '../src/index.js';

const key = { id: 'k1', key: randomBytes(32) };
const other = { id: 'k2', key: randomBytes(32) };

describe('sealBytes / openSealed', () => {
  it('round-trips, with a fresh nonce each time', () => {
    const plain = Buffer.from('{"cookies":[{"name":"c_user","value":"1000"}]}');
    const a = sealBytes(plain, key, 'account:k1');
    const b = sealBytes(plain, key, 'account:k1');
    expect(a.equals(b)).toBe(false);
    expect(a.includes(Buffer.from('c_user'))).toBe(false);
    expect(openSealed(a, 'k1', [other, key], 'account:k1')).toEqual(plain);
  });

  it('refuses another purpose, another key, a missing key and tampered bytes', () => {
    const sealed = sealBytes(Buffer.from('secret'), key, 'account:k1');
    const reason = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return error instanceof SealError ? error.reason : 'other';
      }
      return 'opened';
    };
    expect(reason(() => openSealed(sealed, 'k1', [key], 'thumbnail:k1'))).toBe('damaged');
    expect(
      reason(() => openSealed(sealed, 'k1', [{ id: 'k1', key: other.key }], 'account:k1')),
    ).toBe('damaged');
    expect(reason(() => openSealed(sealed, 'k3', [key], 'account:k1'))).toBe('unknown-key');
    const tampered = Buffer.from(sealed);
    tampered[tampered.length - 1] = (tampered.at(-1) ?? 0) ^ 1;
    expect(reason(() => openSealed(tampered, 'k1', [key], 'account:k1'))).toBe('damaged');
    expect(reason(() => openSealed(Buffer.from('short'), 'k1', [key], 'account:k1'))).toBe(
      'damaged',
    );
  });
});

import { openSealed, sealBytes, type SealingKey } from '@leakwatch/sealing';

const purpose = (keyId: string) => `routing-target-webhook:${keyId}`;

/** `[id length][key id][AES-256-GCM sealed secret]`: stored at rest, opened only to sign. */
export function sealWebhookSecret(secret: string, keys: readonly SealingKey[]): Buffer {
  const key = keys[0];
  if (!key) throw new Error('no sealing key is configured');
  const id = Buffer.from(key.id);
  return Buffer.concat([
    Buffer.from([id.length]),
    id,
    sealBytes(Buffer.from(secret), key, purpose(key.id)),
  ]);
}

export function openWebhookSecret(sealed: Buffer, keys: readonly SealingKey[]): string {
  const idLength = sealed[0] ?? 0;
  const keyId = sealed.subarray(1, 1 + idLength).toString();
  return openSealed(sealed.subarray(1 + idLength), keyId, keys, purpose(keyId)).toString();
}

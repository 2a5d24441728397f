import { z } from 'zod';
import type { MonitoringAccount, NewAuditEntry, Repositories } from '@leakwatch/db';
import { LeakWatchError } from '@leakwatch/errors';
import { openSealed, sealBytes, type SealingKey } from '@leakwatch/sealing';

/** Playwright's storage state, as `context.storageState({ path })` saves it after a sign-in. */
export const storageStateSchema = z.object({
  cookies: z
    .array(
      z.looseObject({
        name: z.string().min(1),
        value: z.string(),
        domain: z.string().min(1),
        path: z.string().default('/'),
        expires: z.number().default(-1),
        httpOnly: z.boolean().default(false),
        secure: z.boolean().default(false),
        sameSite: z.enum(['Strict', 'Lax', 'None']).default('Lax'),
      }),
    )
    .min(1, 'holds no cookies: sign in first, then save the storage state'),
  origins: z
    .array(
      z.object({
        origin: z.string(),
        localStorage: z.array(z.object({ name: z.string(), value: z.string() })),
      }),
    )
    .default([]),
});
export type StorageState = z.output<typeof storageStateSchema>;

/** An account as the API and `leakwatch accounts list --json` show it: never its cookies. */
export interface MonitoringAccountView {
  id: string;
  label: string;
  proxyUrl: string | null;
  state: MonitoringAccount['state'];
  stateUntil: string | null;
  lastError: string | null;
  lastUsedAt: string | null;
  hasStorageState: boolean;
  createdAt: string;
}

export function monitoringAccountView(account: MonitoringAccount): MonitoringAccountView {
  return {
    id: account.id,
    label: account.label,
    proxyUrl: account.proxyUrl,
    state: account.state,
    stateUntil: account.stateUntil?.toISOString() ?? null,
    lastError: account.lastError,
    lastUsedAt: account.lastUsedAt?.toISOString() ?? null,
    hasStorageState: account.storageStateCiphertext !== null,
    createdAt: account.createdAt.toISOString(),
  };
}

const purpose = (keyId: string) => `monitoring-account-storage-state:${keyId}`;

/** Stored form: key-id length (1 byte) | key id | sealed JSON. The newest key seals. */
export function sealStorageState(state: StorageState, keys: readonly SealingKey[]): Buffer {
  const key = keys[0];
  if (!key) throw new Error('no sealing key is configured');
  const id = Buffer.from(key.id);
  return Buffer.concat([
    Buffer.from([id.length]),
    id,
    sealBytes(Buffer.from(JSON.stringify(state)), key, purpose(key.id)),
  ]);
}

export function openStorageState(stored: Buffer, keys: readonly SealingKey[]): StorageState {
  const idLength = stored[0] ?? 0;
  const keyId = stored.subarray(1, 1 + idLength).toString();
  const plain = openSealed(stored.subarray(1 + idLength), keyId, keys, purpose(keyId));
  return storageStateSchema.parse(JSON.parse(plain.toString()));
}

/** Reads what an operator hands over (a file's text), naming every problem. */
export function parseStorageState(text: string): StorageState {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new LeakWatchError('LW_VALIDATION_FAILED', {
      params: { problems: 'the storage state is not JSON (save it with Playwright storageState)' },
    });
  }
  const parsed = storageStateSchema.safeParse(json);
  if (!parsed.success)
    throw new LeakWatchError('LW_VALIDATION_FAILED', {
      params: {
        problems: parsed.error.issues
          .map((issue) => `storage state ${issue.path.join('.') || '(root)'}: ${issue.message}`)
          .join('; '),
      },
    });
  return parsed.data;
}

export async function addMonitoringAccount(
  repos: Pick<Repositories, 'monitoringAccounts' | 'audit'>,
  input: { label: string; storageState: StorageState; proxyUrl?: string | null },
  keys: readonly SealingKey[],
  actor: Pick<NewAuditEntry, 'actorType' | 'actorId' | 'requestId' | 'ip'>,
): Promise<MonitoringAccount> {
  const created = await repos.monitoringAccounts.create({
    label: input.label,
    storageStateCiphertext: sealStorageState(input.storageState, keys),
    proxyUrl: input.proxyUrl ?? null,
  });
  if (!created)
    throw new LeakWatchError('LW_CONFLICT', { params: { what: `An account "${input.label}"` } });
  await repos.audit.append({
    ...actor,
    action: 'monitoring_account.added',
    targetType: 'monitoring_account',
    targetId: created.id,
    // Never the cookies: only how many there were.
    details: { label: created.label, cookies: input.storageState.cookies.length },
  });
  return created;
}

import { createHash, randomBytes } from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { LeakWatchConfig } from '@leakwatch/config';
import { LeakWatchError } from '@leakwatch/errors';

export interface Secrets {
  /** HMAC key for text fingerprints. */
  textKey: Buffer;
  /** Short, non-secret identifier of the text key (stored with each page's shingles). */
  textKeyId: string;
  /** AES-256 keys for thumbnails; the first encrypts new ones. */
  thumbnailKeys: { id: string; key: Buffer }[];
}

const key32 = z
  .base64()
  .refine((value) => Buffer.from(value, 'base64').length === 32, 'must be 32 bytes in base64');

const secretsFileSchema = z.object({
  textFingerprintKey: key32,
  thumbnailKeys: z
    .array(z.object({ id: z.string().regex(/^[A-Za-z0-9_.-]{1,40}$/), key: key32 }))
    .min(1),
});
type SecretsFile = z.infer<typeof secretsFileSchema>;

/** A short, non-secret identifier of a key (a truncated hash), stored beside what it protects. */
export function keyId(key: Buffer): string {
  return createHash('sha256').update('leakwatch key id\n').update(key).digest('hex').slice(0, 12);
}

async function readSecretsFile(file: string): Promise<SecretsFile | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new LeakWatchError('LW_SECRETS_UNREADABLE', {
      params: { file, reason: (error as Error).message },
      cause: error,
    });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new LeakWatchError('LW_SECRETS_UNREADABLE', {
      params: { file, reason: 'it is not valid JSON' },
      cause: error,
    });
  }
  const result = secretsFileSchema.safeParse(parsed);
  if (!result.success) {
    throw new LeakWatchError('LW_SECRETS_UNREADABLE', {
      params: {
        file,
        reason: result.error.issues
          .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
          .join('; '),
      },
    });
  }
  return result.data;
}

/**
 * The keys from the environment; outside production, keys missing there come from
 * `<data dir>/secrets.json` (mode 0600), created once, so a fresh checkout works and keeps
 * working across restarts. An existing file that cannot be read is an error, never replaced.
 * Production refuses to start without keys in the environment (config validation).
 */
export async function loadSecrets(config: LeakWatchConfig): Promise<Secrets> {
  let textKey = config.secrets.textFingerprintKey;
  let thumbnailKeys = config.secrets.thumbnailKeys?.map(({ id, key }) => ({ id, key }));
  if (!textKey || !thumbnailKeys) {
    const file = path.join(config.dataDir, 'secrets.json');
    let stored = await readSecretsFile(file);
    if (!stored) {
      stored = {
        textFingerprintKey: randomBytes(32).toString('base64'),
        thumbnailKeys: [{ id: 'local-1', key: randomBytes(32).toString('base64') }],
      };
      await mkdir(config.dataDir, { recursive: true });
      // Written aside, then hard-linked into place: the link appears atomically with the whole
      // content, and fails if another process got there first, whose keys are then used.
      const temporary = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
      await writeFile(temporary, JSON.stringify(stored, null, 2), { mode: 0o600 });
      try {
        await link(temporary, file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        stored = await readSecretsFile(file);
        if (!stored) throw error;
      } finally {
        await unlink(temporary);
      }
    }
    textKey ??= stored.textFingerprintKey;
    thumbnailKeys ??= stored.thumbnailKeys;
  }
  const text = Buffer.from(textKey, 'base64');
  return {
    textKey: text,
    textKeyId: keyId(text),
    thumbnailKeys: thumbnailKeys.map(({ id, key }) => ({ id, key: Buffer.from(key, 'base64') })),
  };
}

import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '@leakwatch/config';
import { isLeakWatchError } from '@leakwatch/errors';
import { loadSecrets } from '../src/secrets.js';

let dataDir = '';
beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'lw-secrets-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const configWith = (env: Record<string, string> = {}) =>
  parseConfig({ LEAKWATCH_DATA_DIR: dataDir, ...env });

describe('loadSecrets', () => {
  it('creates keys once, private to the owner, and finds the same keys again', async () => {
    const first = await loadSecrets(configWith());
    const file = path.join(dataDir, 'secrets.json');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(first.textKey.length).toBe(32);
    expect(first.thumbnailKeys.map((k) => k.key.length)).toEqual([32]);
    const again = await loadSecrets(configWith());
    expect(again.textKey.equals(first.textKey)).toBe(true);
    expect(again.textKeyId).toBe(first.textKeyId);
    expect(again.thumbnailKeys[0]?.key.equals(first.thumbnailKeys[0]!.key)).toBe(true);
  });

  it('gives every concurrent first start the same keys', async () => {
    const all = await Promise.all(Array.from({ length: 8 }, () => loadSecrets(configWith())));
    expect(new Set(all.map((s) => s.textKeyId)).size).toBe(1);
  });

  it('prefers keys from the environment', async () => {
    const textKey = Buffer.alloc(32, 7).toString('base64');
    const thumbnail = Buffer.alloc(32, 9).toString('base64');
    const secrets = await loadSecrets(
      configWith({
        TEXT_FINGERPRINT_KEY: textKey,
        THUMBNAIL_KEYS: `k2:${thumbnail},k1:${textKey}`,
      }),
    );
    expect(secrets.textKey.toString('base64')).toBe(textKey);
    expect(secrets.thumbnailKeys.map((k) => k.id)).toEqual(['k2', 'k1']);
    await expect(stat(path.join(dataDir, 'secrets.json'))).rejects.toThrow(/ENOENT/);
  });

  it('refuses a damaged key file and leaves it as it was', async () => {
    const file = path.join(dataDir, 'secrets.json');
    for (const content of ['{"textFingerprintKey": "c2hvcnQ=", "thumbnailKeys": []}', '{ half']) {
      await writeFile(file, content);
      try {
        await loadSecrets(configWith());
        expect.unreachable('a damaged key file must be refused');
      } catch (error) {
        expect(isLeakWatchError(error, 'LW_SECRETS_UNREADABLE')).toBe(true);
        expect((error as Error).message).toContain(file);
      }
      expect(await readFile(file, 'utf8')).toBe(content);
    }
  });
});

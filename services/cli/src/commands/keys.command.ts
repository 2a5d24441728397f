import type { Command } from 'commander';
import { OriginalStore, rotateThumbnails } from '@leakwatch/registry';
import { loadSecrets } from '@leakwatch/runtime';
import { print, printJson } from '../output.js';
import { withRuntime } from '../with-runtime.js';

export function registerKeysCommands(program: Command): void {
  const keys = program.command('keys').description('encryption keys (docs/security.md, "Keys")');
  keys
    .command('rotate-thumbnails')
    .description(
      're-seal every registered page thumbnail under the first key of THUMBNAIL_KEYS, so older keys can be removed',
    )
    .option(
      '--json',
      'one JSON line: { keyId, resealed, unreadable, originals: { resealed, unreadable } }',
    )
    .action(async (options: { json?: boolean }) => {
      const outcome = await withRuntime('keys-rotate', async (runtime) => {
        const secrets = await loadSecrets(runtime.config);
        const originals = runtime.config.registry.keepOriginals
          ? new OriginalStore(runtime.config.dataDir, secrets.thumbnailKeys)
          : undefined;
        const result = await rotateThumbnails(
          runtime.repos,
          secrets.thumbnailKeys,
          undefined,
          originals,
        );
        return { keyId: secrets.thumbnailKeys[0]?.id ?? '', ...result };
      });
      const stranded = [
        ...Object.entries(outcome.unreadable),
        ...Object.entries(outcome.originals.unreadable),
      ];
      if (options.json) printJson(outcome);
      else {
        print(`${outcome.resealed} thumbnail(s) re-sealed under key "${outcome.keyId}"`);
        if (outcome.originals.resealed > 0)
          print(`${outcome.originals.resealed} kept original(s) re-sealed`);
        for (const [keyId, count] of stranded)
          print(
            `${count} sealed item(s) under key "${keyId}", which is not configured: left as they are`,
          );
      }
      if (stranded.length > 0) process.exitCode = 1;
    });
}

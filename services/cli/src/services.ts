import { childProcessEnv } from '@leakwatch/config';
import { createMatcherService, type MatcherService } from '@leakwatch/matcher';
import { createRegistryService, OriginalStore, type RegistryService } from '@leakwatch/registry';
import { loadSecrets, type Runtime } from '@leakwatch/runtime';

/** The registry for commands that add or revoke documents. */
export async function openRegistry(runtime: Runtime): Promise<RegistryService> {
  const secrets = await loadSecrets(runtime.config);
  return createRegistryService({
    repos: runtime.repos,
    textKey: secrets.textKey,
    textKeyId: secrets.textKeyId,
    thumbnailKeys: secrets.thumbnailKeys,
    ocr: runtime.config.ocr,
    searchPath: childProcessEnv()['PATH'] ?? '',
    ...(runtime.config.registry.keepOriginals
      ? { originals: new OriginalStore(runtime.config.dataDir, secrets.thumbnailKeys) }
      : {}),
  });
}

/** The matcher for commands that check images (one OCR worker: files are read one by one). */
export async function openMatcher(runtime: Runtime): Promise<MatcherService> {
  const secrets = await loadSecrets(runtime.config);
  return createMatcherService({
    repos: runtime.repos,
    textKey: secrets.textKey,
    textKeyId: secrets.textKeyId,
    ocr: runtime.config.ocr,
    follow: false,
    log: runtime.log,
  });
}

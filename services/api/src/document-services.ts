import { childProcessEnv, type LeakWatchConfig } from '@leakwatch/config';
import type { Repositories } from '@leakwatch/db';
import { createMatcherService, type MatcherService } from '@leakwatch/matcher';
import type { Logger } from '@leakwatch/observability';
import { createRegistryService, OriginalStore, type RegistryService } from '@leakwatch/registry';
import { loadSecrets } from '@leakwatch/runtime';

/**
 * Registration and matching inside the API process, started on first use: OpenCV, the OCR
 * workers and the in-memory index cost memory and seconds that an API serving only the
 * dashboard never needs to pay.
 */
export interface DocumentServices {
  registry(): Promise<RegistryService>;
  matcher(): Promise<MatcherService>;
  close(): Promise<void>;
}

export function lazyDocumentServices(
  config: LeakWatchConfig,
  repos: Repositories,
  log: Logger,
): DocumentServices {
  let registry: Promise<RegistryService> | undefined;
  let matcher: Promise<MatcherService> | undefined;
  // Read once: the registry and the matcher share the same keys.
  let keys: ReturnType<typeof loadSecrets> | undefined;
  const secrets = () => (keys ??= loadSecrets(config));
  return {
    registry: () =>
      (registry ??= secrets().then((keys) =>
        createRegistryService({
          repos,
          textKey: keys.textKey,
          textKeyId: keys.textKeyId,
          thumbnailKeys: keys.thumbnailKeys,
          ocr: config.ocr,
          searchPath: childProcessEnv()['PATH'] ?? '',
          ...(config.registry.keepOriginals
            ? { originals: new OriginalStore(config.dataDir, keys.thumbnailKeys) }
            : {}),
        }),
      )),
    matcher: () =>
      (matcher ??= secrets().then((keys) =>
        createMatcherService({
          repos,
          textKey: keys.textKey,
          textKeyId: keys.textKeyId,
          ocr: config.ocr,
          // Documents registered or revoked elsewhere (CLI, another API process) show up here.
          follow: true,
          log,
        }),
      )),
    close: async () => {
      await Promise.all([
        registry?.then((service) => service.close()),
        matcher?.then((service) => service.close()),
      ]);
    },
  };
}

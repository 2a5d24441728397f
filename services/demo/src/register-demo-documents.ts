import { childProcessEnv } from '@leakwatch/config';
import type { LogSink } from '@leakwatch/observability';
import { createRegistryService } from '@leakwatch/registry';
import { loadSecrets, type Runtime } from '@leakwatch/runtime';
import type { LeakScenario } from '@leakwatch/scenarios';

/**
 * Registers the demo's documents, marked as demo (the dashboard labels them), classified "mật",
 * owned by the health department. Idempotent: a restart finds them registered.
 */
export async function registerDemoDocuments(
  runtime: Pick<Runtime, 'config' | 'repos'>,
  scenario: LeakScenario,
  log: LogSink,
): Promise<string[]> {
  const secrets = await loadSecrets(runtime.config);
  const registry = await createRegistryService({
    repos: runtime.repos,
    textKey: secrets.textKey,
    textKeyId: secrets.textKeyId,
    thumbnailKeys: secrets.thumbnailKeys,
    ocr: { ...runtime.config.ocr, workers: 1 },
    searchPath: childProcessEnv()['PATH'] ?? '',
  });
  try {
    const ids: string[] = [];
    for (const document of scenario.documents) {
      const result = await registry.register({
        bytes: document.pdf,
        fileName: document.fileName,
        metadata: {
          title: `[DEMO] ${document.title}`,
          numberSymbol: document.numberSymbol,
          issuingUnit: 'Sở Y tế tỉnh Lâm Đồng (mô phỏng)',
          classification: 'mat',
          ownerDepartment: 'Sở Y tế',
          tags: ['demo'],
          demo: true,
        },
      });
      log.info({ documentId: result.documentId, status: result.status }, 'demo document');
      ids.push(result.documentId);
    }
    return ids;
  } finally {
    await registry.close();
  }
}

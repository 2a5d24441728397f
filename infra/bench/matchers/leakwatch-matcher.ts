import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { childProcessEnv, type LeakWatchConfig } from '@leakwatch/config';
import {
  createDatabase,
  createRepositories,
  migrateDatabase,
  type DatabaseHandle,
} from '@leakwatch/db';
import { resolveServices, type ResolvedServices } from '@leakwatch/local-stack';
import { ImageMatcher, MatcherIndex, RegistrySync } from '@leakwatch/matcher';
import { createLogger } from '@leakwatch/observability';
import { inlineDocumentReader, OcrEngine } from '@leakwatch/ocr';
import { registerDocument } from '@leakwatch/registry';
import { boilerplateKeys, featureHash } from '@leakwatch/text';
import { loadOpenCv } from '@leakwatch/vision';
import type { MatcherUnderTest } from './matcher.js';

/**
 * LeakWatch itself: every registered document's PDF goes through `registerDocument` (the
 * path `docs add` and the API use) into a throw-away database; queries go through
 * `ImageMatcher` (the path the pipeline uses), after `RegistrySync` loaded the indexes.
 */
export function leakwatchMatcher(config: LeakWatchConfig): MatcherUnderTest {
  const log = createLogger({ name: 'bench-match', level: 'warn' });
  const textKey = randomBytes(32);
  const database = `lwbench_${Date.now()}`;
  let services: ResolvedServices | undefined;
  let handle: DatabaseHandle | undefined;
  let ocr: OcrEngine | undefined;
  let matcher: ImageMatcher | undefined;
  const corpusIds = new Map<string, string>();

  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: services?.databaseUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };

  return {
    name: 'LeakWatch',
    description: `registerDocument (PDF, text layer) → RegistrySync → ImageMatcher: PDQ + gate + OCR (${config.ocr.model}, ${config.ocr.workers} worker${config.ocr.workers > 1 ? 's, pages read in bands' : ''}) + template-aware text containment + keypoints, default thresholds`,
    async register(corpusDir, documents) {
      services = await resolveServices({ config, mode: 'test', log });
      await admin(`create database ${database}`);
      const url = new URL(services.databaseUrl);
      url.pathname = `/${database}`;
      await migrateDatabase(url.toString());
      handle = createDatabase(url.toString(), { max: 4 });
      const repos = createRepositories(handle.db);
      const cv = await loadOpenCv();
      ocr = await OcrEngine.start({ ...config.ocr, timeoutMs: 120_000 });
      const engine = ocr;
      const thumbnailKey = { id: 'bench', key: randomBytes(32) };
      for (const document of documents) {
        const bytes = await readFile(path.join(corpusDir, document.pdf));
        const result = await registerDocument(
          {
            repos,
            cv,
            ocr: () => Promise.resolve(engine),
            textKey,
            textKeyId: 'bench',
            thumbnailKey,
            searchPath: childProcessEnv()['PATH'] ?? '',
          },
          {
            bytes,
            fileName: path.basename(document.pdf),
            metadata: { title: document.title, numberSymbol: document.numberSymbol },
          },
        );
        corpusIds.set(result.documentId, document.id);
      }
      const index = new MatcherIndex(
        new Set([...boilerplateKeys].map((key) => featureHash(key, textKey))),
      );
      await new RegistrySync(repos, index, { textKeyId: 'bench', log }).load();
      matcher = new ImageMatcher({
        index,
        keypoints: (pageId) => repos.documents.keypointsOf(pageId),
        cv,
        // Matching quality is measured here, one image at a time: reading on this thread.
        reader: inlineDocumentReader(engine, cv),
        textKey,
      });
    },
    async match(bytes) {
      if (!matcher) throw new Error('register first');
      const report = await matcher.match(bytes);
      return {
        verdict: report.verdict,
        matches: report.matches.map((m) => ({
          documentId: corpusIds.get(m.documentId) ?? m.documentId,
          page: m.page,
          score: m.score,
        })),
        detail: {
          documentLike: report.documentLike,
          ocr: report.ocr.ran,
          ocrSeconds: report.ocr.seconds,
          risk: report.risk,
          best: report.considered[0]
            ? {
                document: corpusIds.get(report.considered[0].documentId),
                page: report.considered[0].pageNumber,
                rules: report.considered[0].rules,
                text: report.considered[0].text,
                geometry: report.considered[0].geometry
                  ? {
                      inliers: report.considered[0].geometry.inliers,
                      matches: report.considered[0].geometry.matches,
                    }
                  : null,
                pdq: report.considered[0].pdqDistance,
              }
            : null,
        },
      };
    },
    async close() {
      await ocr?.close();
      await handle?.close();
      if (services) {
        await admin(`drop database if exists ${database} with (force)`).catch(() => undefined);
        await services.stop();
      }
    },
  };
}

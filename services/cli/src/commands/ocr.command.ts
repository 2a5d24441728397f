import type { Command } from 'commander';
import { getConfig } from '@leakwatch/config';
import { decodeImage } from '@leakwatch/fingerprint';
import { OcrEngine, ocrModels, readDocument, type OcrModel } from '@leakwatch/ocr';
import { assessSensitivity } from '@leakwatch/text';
import { loadOpenCv, toGrey } from '@leakwatch/vision';
import { imageFileLimit, readInputFile, toCodedError } from '../files.js';
import { print, printError, printJson } from '../output.js';

interface OcrOptions {
  json?: boolean;
  model?: string;
}

function isOcrModel(value: string): value is OcrModel {
  return (ocrModels as readonly string[]).includes(value);
}

export function registerOcrCommand(program: Command): void {
  program
    .command('ocr')
    .description(
      'read Vietnamese text from images (photos, screenshots, crops) and report personal data found; needs no database',
    )
    .argument('<image...>', 'image files')
    .option('--json', 'one JSON line per image')
    .option('--model <model>', 'best-int (default) or fast')
    .action(async (files: string[], options: OcrOptions) => {
      const config = getConfig();
      const model = options.model ?? config.ocr.model;
      if (!isOcrModel(model)) {
        printError(
          `error LW_VALIDATION_FAILED: --model must be one of ${ocrModels.join(', ')}, not "${model}"`,
        );
        process.exitCode = 2;
        return;
      }
      const [engine, cv] = await Promise.all([
        OcrEngine.start({ model, workers: config.ocr.workers, timeoutMs: config.ocr.timeoutMs }),
        loadOpenCv(),
      ]);
      let failures = 0;
      try {
        for (const file of files) {
          try {
            const image = await decodeImage(await readInputFile(file, imageFileLimit), {
              mode: 'matching',
            });
            const reading = await readDocument(engine, cv, toGrey(image));
            const assessment = assessSensitivity(reading.page);
            // Findings carry kinds and counts only: the values stay in the text the caller asked for.
            const line = {
              file,
              text: reading.text,
              confidence: reading.confidence,
              seconds: Math.round(reading.seconds * 1000) / 1000,
              findings: assessment.findings.map(({ kind, count }) => ({ kind, count })),
              documentLike: assessment.documentLike,
              risk: assessment.risk,
              sensitive: assessment.sensitive,
            };
            if (options.json) printJson(line);
            else {
              print(
                `== ${file}  confidence ${line.confidence}  ${line.seconds}s  documentLike ${line.documentLike}  risk ${line.risk}`,
              );
              print(
                line.findings.map((f) => `${f.kind} ×${f.count}`).join(', ') ||
                  '(no personal data found)',
              );
              print(line.text);
            }
          } catch (error) {
            failures += 1;
            const coded = toCodedError(error);
            if (options.json) printJson({ file, error: coded });
            else printError(`${file}  error ${coded.code}: ${coded.message}`);
          }
        }
      } finally {
        await engine.close();
      }
      if (failures > 0) process.exitCode = 1;
    });
}

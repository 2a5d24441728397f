import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { LeakWatchError } from '@leakwatch/errors';

/**
 * Vietnamese models that are on the machine before run time (nothing is downloaded):
 * - `best-int`: the npm package @tesseract.js-data/vie, tessdata "best" quantised to integers
 *   (LSTM only). The default: it read 12-digit ID numbers on degraded photos far more reliably.
 * - `fast`: Debian's tesseract-ocr-vie (tessdata_fast), ~25–35% quicker, weaker on digits.
 * docs/ocr.md has the measurements behind the default.
 */
export const ocrModels = ['best-int', 'fast'] as const;
export type OcrModel = (typeof ocrModels)[number];

export interface ModelLocation {
  model: OcrModel;
  /** A local folder holding `vie.traineddata[.gz]` (never a URL). */
  langPath: string;
  gzip: boolean;
}

const debianTessdata = [
  '/usr/share/tesseract-ocr/5/tessdata',
  '/usr/share/tesseract-ocr/4.00/tessdata',
];

export function locateModel(model: OcrModel): ModelLocation {
  if (model === 'best-int') {
    const require = createRequire(import.meta.url);
    const packageDir = path.dirname(require.resolve('@tesseract.js-data/vie/package.json'));
    const langPath = path.join(packageDir, '4.0.0_best_int');
    if (existsSync(path.join(langPath, 'vie.traineddata.gz')))
      return { model, langPath, gzip: true };
  } else {
    const langPath = debianTessdata.find((dir) => existsSync(path.join(dir, 'vie.traineddata')));
    if (langPath) return { model, langPath, gzip: false };
  }
  throw new LeakWatchError('LW_OCR_MODEL_MISSING', {
    params: {
      model,
      hint:
        model === 'fast'
          ? 'install Debian/Ubuntu\'s "tesseract-ocr-vie" package, or set OCR_MODEL=best-int'
          : 'run "pnpm install" (the model ships in the npm package @tesseract.js-data/vie)',
    },
  });
}

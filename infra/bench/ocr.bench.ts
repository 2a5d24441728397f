// pnpm bench:ocr [--pages N] [--write-docs]
// Character error rate, ID/phone recovery and seconds per page for both Vietnamese models on
// generated documents (clean, screenshot, phone photos at 1500 and 960 px), OCR throughput with
// 1 and 2 workers, memory per worker. The document-likeness gate has its own: pnpm bench:gate.
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { getConfig } from '@leakwatch/config';
import {
  CorpusRenderer,
  documentHtml,
  healthDocument,
  healthDocumentKinds,
  loadPageImage,
  makeVariant,
  Random,
} from '@leakwatch/corpus';
import { OcrEngine, readDocument, type OcrModel } from '@leakwatch/ocr';
import { characterErrorRate, joinDigitGroups } from '@leakwatch/text';
import { loadOpenCv, type GreyImage } from '@leakwatch/vision';
import { publishReport } from './report.js';

const { values } = parseArgs({
  options: {
    pages: { type: 'string', default: '8' },
    'write-docs': { type: 'boolean', default: false },
  },
});
const config = getConfig();
const log = (line: string) => process.stderr.write(`${line}\n`);

interface Sample {
  condition: string;
  bytes: Buffer;
  truth: string[];
}

async function grey(bytes: Buffer): Promise<GreyImage> {
  const { data, info } = await sharp(bytes).greyscale().raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data), width: info.width, height: info.height };
}

// 1. Material: pages rendered from the generator, and their degraded copies.
const pageCount = Number(values.pages);
const samples: Sample[] = [];
const renderer = await CorpusRenderer.open(config.browser.executablePath);
try {
  for (let i = 0; samples.filter((s) => s.condition === 'clean').length < pageCount; i += 1) {
    const random = new Random(`ocr-bench-${i}`);
    const kind = healthDocumentKinds[i % healthDocumentKinds.length] ?? 'official-letter';
    const rendered = await renderer.renderDocument(
      documentHtml(healthDocument(random, kind, `ocr-${i}`), random.fork('html')),
    );
    const png = rendered.pages[0] as Buffer;
    const truth = rendered.texts[0] as string[];
    const page = await loadPageImage(png);
    samples.push({ condition: 'clean', bytes: png, truth });
    samples.push({
      condition: 'screenshot (1080 px, JPEG q70)',
      bytes: await sharp(png).resize({ width: 1080 }).jpeg({ quality: 70 }).toBuffer(),
      truth,
    });
    for (const width of [1500, 960]) {
      const photo = await makeVariant('phone-photo', [page], random.fork(`photo-${width}`), {
        finalWidth: width,
      });
      samples.push({ condition: `phone photo (${width} px)`, bytes: photo.bytes, truth });
    }
  }
} finally {
  await renderer.close();
}
const conditions = [...new Set(samples.map((s) => s.condition))];

function identifiers(lines: readonly string[]): string[] {
  return joinDigitGroups(lines.join('\n')).match(/(?<!\d)(\d{12}|0\d{9})(?!\d)/g) ?? [];
}

// 2. Accuracy and latency per model (one worker: the latency a single query sees).
const cv = await loadOpenCv();
const rows: string[] = [];
const modelSeconds: Record<string, number[]> = {};
for (const model of ['best-int', 'fast'] as OcrModel[]) {
  const engine = await OcrEngine.start({ model, workers: 1, timeoutMs: 300_000 });
  for (const condition of conditions) {
    let errors = 0;
    let foldedErrors = 0;
    let characters = 0;
    let found = 0;
    let total = 0;
    const seconds: number[] = [];
    for (const sample of samples.filter((s) => s.condition === condition)) {
      const reading = await readDocument(engine, cv, await grey(sample.bytes));
      const cer = characterErrorRate(sample.truth, reading.text);
      const folded = characterErrorRate(sample.truth, reading.text, { foldDiacritics: true });
      errors += cer.errors;
      foldedErrors += folded.errors;
      characters += cer.characters;
      const read = new Set(identifiers([reading.text]));
      const expected = identifiers(sample.truth);
      total += expected.length;
      found += expected.filter((id) => read.has(id)).length;
      seconds.push(reading.seconds);
    }
    seconds.sort((a, b) => a - b);
    (modelSeconds[model] ??= []).push(...seconds);
    rows.push(
      `| ${model} | ${condition} | ${((errors / characters) * 100).toFixed(2)}% | ${((foldedErrors / characters) * 100).toFixed(2)}% | ${found}/${total} | ${(seconds[Math.floor(seconds.length / 2)] ?? 0).toFixed(2)} |`,
    );
    log(`${model} ${condition} done`);
  }
  await engine.close();
}

// 3. Throughput and memory: the same clean pages through 1 and 2 workers.
const throughput: string[] = [];
const clean = await Promise.all(
  samples.filter((s) => s.condition === 'clean').map((s) => grey(s.bytes)),
);
for (const workers of [1, 2]) {
  const before = process.memoryUsage().rss;
  const engine = await OcrEngine.start({ model: 'best-int', workers, timeoutMs: 300_000 });
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  const started = performance.now();
  await Promise.all(clean.map((image) => engine.recognize(image)));
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  await engine.close();
  throughput.push(
    `| ${workers} | ${(seconds / clean.length).toFixed(2)} | ${Math.round((peak - before) / workers / 1024 / 1024)} |`,
  );
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const markdown = [
  `Command: \`pnpm bench:ocr\` (${pageCount} generated pages per condition); run ${new Date().toISOString().slice(0, 16)}Z. CER is order-free per visual line (docs/ocr.md); IDs = 12-digit CCCD and 10-digit phone numbers read exactly.`,
  '',
  '| model | condition | CER | CER, diacritics folded | IDs and phones read | median s/page (1 worker, incl. preprocessing) |',
  '| --- | --- | ---: | ---: | ---: | ---: |',
  ...rows,
  '',
  `Median seconds per page over all conditions: best-int ${median(modelSeconds['best-int'] ?? []).toFixed(2)}, fast ${median(modelSeconds['fast'] ?? []).toFixed(2)}.`,
  '',
  '| workers | seconds per page (clean pages in parallel, best-int) | peak RSS per worker (MB) |',
  '| ---: | ---: | ---: |',
  ...throughput,
  '',
].join('\n');
process.stdout.write(`${markdown}\n`);
await publishReport(config.workspaceRoot, 'ocr', markdown, values['write-docs']);

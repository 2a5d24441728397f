import { createHash } from 'node:crypto';
import fc from 'fast-check';
import sharp, { type Sharp } from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { isLeakWatchError, type ErrorCode } from '@leakwatch/errors';
import {
  decodeImage,
  fingerprintImage,
  renderPreview,
  type ImageFingerprint,
  type ImagePreview,
  type RgbImage,
} from '../src/index.js';
import {
  applyEdit,
  headerFields,
  overwriteField,
  repairPngCrcs,
  type ByteEdit,
  type FieldValue,
  type ImageFormat,
  type Position,
} from './support/image-mutations.js';
import { seededRandom, textPage } from './support/synthetic-images.js';

/**
 * Hostile bytes on the image path, as a bounded property: whatever the bytes, `decodeImage`
 * (both modes), `fingerprintImage` and `renderPreview` either give a well-formed result or
 * reject with one of the image error codes, and settle within a per-call timeout. Bounded by
 * time (LEAKWATCH_FUZZ_MS, shared by the two properties); the seed is fixed so a failure
 * reproduces (LEAKWATCH_FUZZ_SEED to try another, LEAKWATCH_FUZZ_REPLAY printed on failure to
 * replay the shrunk case directly).
 */

const budgetMs = Number(process.env['LEAKWATCH_FUZZ_MS'] ?? 20_000);
const seed = Number(process.env['LEAKWATCH_FUZZ_SEED'] ?? 1_207_2021);
const replay = process.env['LEAKWATCH_FUZZ_REPLAY'];
/** Generous for two shared cores: a valid 64×48 image takes milliseconds. */
const callTimeoutMs = 10_000;

/** What the image path documents (decode-image.ts); any other error is a defect. */
const imageCodes: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'LW_IMAGE_EMPTY',
  'LW_IMAGE_TOO_LARGE',
  'LW_IMAGE_UNDECODABLE',
  'LW_IMAGE_UNSUPPORTED',
]);

// ---------------------------------------------------------------------------------------------
// Checking one input

/** Outcomes per call (`ok` or the error code), and the slowest call: how close to the timeout. */
interface Tally {
  outcomes: Map<string, number>;
  slowest: { ms: number; call: string };
}

const newTally = (): Tally => ({ outcomes: new Map(), slowest: { ms: 0, call: '' } });

const hex = (length: number): RegExp => new RegExp(`^[0-9a-f]{${length}}$`);
const isSide = (n: number): boolean => Number.isInteger(n) && n >= 1;

function pixelsProblem(image: RgbImage): string | undefined {
  // The type promises 3; the point is to check what sharp really handed back.
  const channels: number = image.channels;
  if (channels !== 3) return `${channels} channels`;
  if (!isSide(image.width) || !isSide(image.height)) return `${image.width}x${image.height}`;
  if (image.data.length !== image.width * image.height * 3) {
    return `${image.data.length} bytes for ${image.width}x${image.height}`;
  }
  return undefined;
}

function fingerprintProblem(fingerprint: ImageFingerprint, sha256: string): string | undefined {
  const { pdq, pdqDihedral, pdqQuality, phash, dhash, blockhash } = fingerprint;
  if (fingerprint.sha256 !== sha256) return 'sha256 is not that of the bytes';
  if (!isSide(fingerprint.width) || !isSide(fingerprint.height)) return 'invalid size';
  if (pdqDihedral.length !== 8 || !pdqDihedral.every((h) => hex(64).test(h))) return 'pdqDihedral';
  if (pdq !== pdqDihedral[0]) return 'pdq is not pdqDihedral[0]';
  if (!Number.isInteger(pdqQuality) || pdqQuality < 0 || pdqQuality > 100) return 'pdqQuality';
  if (!hex(16).test(phash) || !hex(16).test(dhash) || !hex(64).test(blockhash)) return 'hashes';
  return undefined;
}

const previewSide = 320;

function previewProblem(preview: ImagePreview): string | undefined {
  if (preview.jpeg[0] !== 0xff || preview.jpeg[1] !== 0xd8) return 'not a JPEG';
  if (!isSide(preview.width) || !isSide(preview.height)) return 'invalid size';
  if (Math.max(preview.width, preview.height) > previewSide) return 'larger than asked';
  if (!isSide(preview.sourceWidth) || !isSide(preview.sourceHeight)) return 'invalid source size';
  return undefined;
}

class Hang extends Error {}

async function withinTimeout<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new Hang(`did not settle within ${callTimeoutMs} ms`));
    }, callTimeoutMs);
  });
  try {
    return await Promise.race([work, hang]);
  } finally {
    clearTimeout(timer);
  }
}

/** Runs every entry point on `bytes`; throws (failing the property) on anything unclassified. */
async function checkImagePath(bytes: Uint8Array, tally: Tally): Promise<void> {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const calls: [string, () => Promise<string | undefined>][] = [
    ['decodeImage conformance', async () => pixelsProblem(await decodeImage(bytes, conformance))],
    ['decodeImage matching', async () => pixelsProblem(await decodeImage(bytes, matching))],
    ['fingerprintImage', async () => fingerprintProblem(await fingerprintImage(bytes), sha256)],
    [
      'renderPreview',
      async () =>
        previewProblem(await renderPreview(bytes, { maxSide: previewSide, blurred: true })),
    ],
  ];
  for (const [name, call] of calls) {
    let outcome: string;
    const started = performance.now();
    try {
      const problem = await withinTimeout(call());
      if (problem !== undefined) throw new Error(`${name} gave an invalid result: ${problem}`);
      outcome = 'ok';
    } catch (error) {
      if (!isLeakWatchError(error) || !imageCodes.has(error.code)) {
        const what = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        throw new Error(`${name} (${bytes.length} bytes) failed unclassified: ${what}`, {
          cause: error,
        });
      }
      outcome = error.code;
    }
    tally.outcomes.set(outcome, (tally.outcomes.get(outcome) ?? 0) + 1);
    const ms = Math.round(performance.now() - started);
    if (ms > tally.slowest.ms) tally.slowest = { ms, call: `${name} (${outcome})` };
  }
}

const conformance = { mode: 'conformance' } as const;
const matching = { mode: 'matching' } as const;

// ---------------------------------------------------------------------------------------------
// Running a property within its share of the budget

async function runBounded<T>(
  label: string,
  share: number,
  arbitrary: fc.Arbitrary<T>,
  toBytes: (value: T) => Uint8Array,
): Promise<{ cases: number; tally: Tally }> {
  const tally = newTally();
  const timeLimit = Math.max(1_000, Math.round(budgetMs * share));
  const started = performance.now();
  const property = fc.asyncProperty(arbitrary, (value) => checkImagePath(toBytes(value), tally));
  const replayPath = replay?.startsWith(`${label}:`) ? replay.slice(label.length + 1) : undefined;
  const details = await fc.check(property, {
    seed,
    numRuns: replayPath === undefined ? 1_000_000 : 1,
    ...(replayPath === undefined ? {} : { path: replayPath }),
    plugins: [fc.interruptAfterTimeLimit(timeLimit)],
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.info(
    `image fuzz, ${label}: ${details.numRuns} cases in ${seconds} s (seed ${seed}), ` +
      `outcomes per call: ${JSON.stringify(Object.fromEntries(tally.outcomes))}, ` +
      `slowest call ${tally.slowest.ms} ms: ${tally.slowest.call}`,
  );
  if (details.failed) {
    const report = fc.defaultReportMessage(details);
    throw new Error(
      `${report}\nReplay: LEAKWATCH_FUZZ_SEED=${seed} ` +
        `LEAKWATCH_FUZZ_REPLAY=${label}:${details.counterexamplePath ?? ''} ` +
        'pnpm vitest run packages/fingerprint/test/image-fuzz.test.ts',
      { cause: details.errorInstance },
    );
  }
  return { cases: details.numRuns, tally };
}

// ---------------------------------------------------------------------------------------------
// Inputs

/** Fast deterministic filler: a few MB of "random" bytes without fast-check drawing each one. */
function pseudoRandomBytes(length: number, fillSeed: number): Uint8Array {
  const random = seededRandom(fillSeed);
  const bytes = new Uint8Array(length);
  const view = new DataView(bytes.buffer);
  let i = 0;
  for (; i + 4 <= length; i += 4) view.setUint32(i, Math.floor(random() * 2 ** 32));
  for (; i < length; i++) bytes[i] = Math.floor(random() * 256);
  return bytes;
}

/** Signatures that get random bytes past each format's sniffing and into its decoder. */
const magics = {
  none: new Uint8Array(0),
  png: Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  jpeg: Uint8Array.from([0xff, 0xd8, 0xff]),
  gif: Buffer.from('GIF89a'),
  webp: Buffer.concat([
    Buffer.from('RIFF'),
    Buffer.from([0xff, 0xff, 0xff, 0x7f]),
    Buffer.from('WEBPVP8 '),
  ]),
  'tiff-le': Buffer.from('II*\0'),
  'tiff-be': Buffer.from('MM\0*'),
  heif: Buffer.concat([Buffer.from([0, 0, 0, 0x1c]), Buffer.from('ftypavif\0\0\0\0avifmif1miaf')]),
  svg: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'),
} satisfies Record<string, Uint8Array>;

type Magic = keyof typeof magics;

interface RandomCase {
  magic: Magic;
  length: number;
  fillSeed: number;
}

const randomCase: fc.Arbitrary<RandomCase> = fc.record({
  magic: fc.constantFrom(...(Object.keys(magics) as Magic[])),
  length: fc.oneof(
    { weight: 2, arbitrary: fc.integer({ min: 0, max: 64 }) },
    { weight: 6, arbitrary: fc.integer({ min: 0, max: 16_384 }) },
    { weight: 1, arbitrary: fc.integer({ min: 1024 * 1024, max: 4 * 1024 * 1024 }) },
  ),
  fillSeed: fc.integer(),
});

const randomCaseBytes = ({ magic, length, fillSeed }: RandomCase): Uint8Array =>
  Uint8Array.from(Buffer.concat([magics[magic], pseudoRandomBytes(length, fillSeed)]));

/** Small valid images made by sharp: one per format and the layouts each format allows. */
const baseRecipes = {
  jpeg: ['jpeg', (s) => s.jpeg({ quality: 80 })],
  'jpeg progressive, EXIF orientation': [
    'jpeg',
    (s) => s.jpeg({ quality: 70, progressive: true }).withMetadata({ orientation: 6 }),
  ],
  'jpeg cmyk': ['jpeg', (s) => s.toColourspace('cmyk').jpeg()],
  png: ['png', (s) => s.png()],
  'png palette interlaced': ['png', (s) => s.png({ palette: true, progressive: true })],
  'png grey16': ['png', (s) => s.toColourspace('grey16').png()],
  'png alpha': ['png', (s) => s.ensureAlpha(0.5).png()],
  'webp lossy': ['webp', (s) => s.webp({ quality: 60 })],
  'webp lossless alpha': ['webp', (s) => s.ensureAlpha(0.5).webp({ lossless: true })],
  gif: ['gif', (s) => s.gif()],
  'tiff lzw': ['tiff', (s) => s.tiff({ compression: 'lzw' })],
  'tiff jpeg tiled': [
    'tiff',
    (s) => s.tiff({ compression: 'jpeg', tile: true, tileWidth: 16, tileHeight: 16 }),
  ],
  'tiff deflate predictor': [
    'tiff',
    (s) => s.tiff({ compression: 'deflate', predictor: 'horizontal' }),
  ],
  avif: ['heif', (s) => s.avif({ quality: 50, effort: 0 })],
} satisfies Record<string, [ImageFormat, (image: Sharp) => Sharp]>;

type BaseName = keyof typeof baseRecipes | 'gif animated' | 'webp animated';

interface Base {
  bytes: Uint8Array;
  format: ImageFormat;
}

const bases = new Map<BaseName, Base>();

async function animated(format: 'gif' | 'webp'): Promise<Uint8Array> {
  const [width, height, frames] = [32, 24, 3];
  const rgba = new Uint8Array(width * height * frames * 4);
  for (let i = 0; i < rgba.length; i += 4) {
    const frame = Math.floor(i / 4 / (width * height));
    rgba.set([(frame * 90) % 256, (i >> 4) % 256, 200 - frame * 50, 255], i);
  }
  return sharp(rgba, { raw: { width, height: height * frames, channels: 4, pageHeight: height } })
    .toFormat(format)
    .toBuffer();
}

const baseNames: BaseName[] = [
  ...(Object.keys(baseRecipes) as (keyof typeof baseRecipes)[]),
  'gif animated',
  'webp animated',
];

type PositionSpec = Position;

const position: fc.Arbitrary<PositionSpec> = fc.oneof(
  fc.record({ fromStart: fc.integer({ min: 0, max: 63 }) }),
  fc.record({ permille: fc.integer({ min: 0, max: 999 }) }),
);

/** `ByteEdit` with the other image of a splice named, so a counterexample prints small. */
type EditSpec =
  | Exclude<ByteEdit, { type: 'splice' }>
  | { type: 'splice'; at: PositionSpec; other: BaseName; otherAt: PositionSpec };

const edit: fc.Arbitrary<EditSpec> = fc.oneof(
  fc.record({ type: fc.constant('flip'), at: position, xor: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ type: fc.constant('truncate'), at: position }),
  fc.record({ type: fc.constant('delete'), at: position, length: fc.integer({ min: 1, max: 64 }) }),
  fc.record({
    type: fc.constant('duplicate'),
    at: position,
    length: fc.integer({ min: 1, max: 256 }),
  }),
  fc.record({
    type: fc.constant('insert'),
    at: position,
    bytes: fc.uint8Array({ minLength: 1, maxLength: 32 }),
  }),
  fc.record({
    type: fc.constant('overwrite'),
    at: position,
    bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }),
  }),
  fc.record({
    type: fc.constant('splice'),
    at: position,
    other: fc.constantFrom(...baseNames),
    otherAt: position,
  }),
);

const fieldValue: fc.Arbitrary<FieldValue> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .constantFrom('zero', 'one', 'max', 'max-1', 'sign-bit', 'sign-bit-1')
      .map((kind) => ({ kind })),
  },
  {
    weight: 3,
    arbitrary: fc
      .constantFrom('original+1', 'original-1', 'original*2', 'original*256')
      .map((kind) => ({ kind })),
  },
  { weight: 2, arbitrary: fc.nat().map((value) => ({ kind: 'any' as const, value })) },
);

interface MutatedCase {
  base: BaseName;
  /** Field index modulo the base's field count. */
  fields: { field: number; value: FieldValue }[];
  edits: EditSpec[];
  /** PNG only: recompute chunk CRCs so that damaged chunks reach the decoder proper. */
  repairCrcs: boolean;
}

const mutatedCase: fc.Arbitrary<MutatedCase> = fc.record({
  base: fc.constantFrom(...baseNames),
  fields: fc.array(fc.record({ field: fc.nat(), value: fieldValue }), { maxLength: 3 }),
  edits: fc.array(edit, { maxLength: 4 }),
  repairCrcs: fc.boolean(),
});

function baseOf(name: BaseName): Base {
  const base = bases.get(name);
  if (!base) throw new Error(`no base image ${name}`);
  return base;
}

function mutatedCaseBytes({ base, fields, edits, repairCrcs }: MutatedCase): Uint8Array {
  const { bytes: original, format } = baseOf(base);
  const available = headerFields(format, original);
  let bytes = original;
  for (const { field, value } of fields) {
    const chosen = available[field % available.length];
    if (chosen) bytes = overwriteField(bytes, chosen, value).bytes;
  }
  for (const spec of edits) {
    bytes = applyEdit(
      bytes,
      spec.type === 'splice' ? { ...spec, other: baseOf(spec.other).bytes } : spec,
    );
  }
  if (repairCrcs && format === 'png') {
    bytes = Uint8Array.from(bytes);
    repairPngCrcs(bytes);
  }
  return bytes;
}

// ---------------------------------------------------------------------------------------------

describe('the image path under hostile bytes (bounded property test)', () => {
  beforeAll(async () => {
    const page = textPage(64, 48, 3);
    const source = (): Sharp =>
      sharp(page.data, { raw: { width: page.width, height: page.height, channels: 3 } });
    for (const [name, [format, encode]] of Object.entries(baseRecipes)) {
      bases.set(name as BaseName, { format, bytes: await encode(source()).toBuffer() });
    }
    bases.set('gif animated', { format: 'gif', bytes: await animated('gif') });
    bases.set('webp animated', { format: 'webp', bytes: await animated('webp') });
  });

  it('every base image is valid and has header fields to overwrite', async () => {
    for (const [name, { bytes, format }] of bases) {
      const tally = newTally();
      await checkImagePath(bytes, tally);
      expect({ name, outcomes: Object.fromEntries(tally.outcomes) }).toEqual({
        name,
        outcomes: { ok: 4 },
      });
      expect(headerFields(format, bytes).length, name).toBeGreaterThan(3);
    }
  });

  it(
    'random bytes, bare or behind a format signature, up to 4 MB',
    async () => {
      const { cases } = await runBounded('random-bytes', 0.3, randomCase, randomCaseBytes);
      expect(cases).toBeGreaterThan(0);
    },
    budgetMs + 120_000,
  );

  it(
    'valid images with header fields overwritten and bytes flipped, truncated and spliced',
    async () => {
      const { cases, tally } = await runBounded(
        'mutated-images',
        0.7,
        mutatedCase,
        mutatedCaseBytes,
      );
      expect(cases).toBeGreaterThan(0);
      // The mutations must reach both sides of the decoders' judgement, or they test little.
      if (cases >= 50) {
        expect(tally.outcomes.get('ok') ?? 0).toBeGreaterThan(0);
        expect(tally.outcomes.get('LW_IMAGE_UNDECODABLE') ?? 0).toBeGreaterThan(0);
      }
    },
    budgetMs + 120_000,
  );
});

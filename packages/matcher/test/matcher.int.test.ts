import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CorpusRenderer,
  documentHtml,
  healthDocument,
  loadPageImage,
  makeDistractor,
  makeVariant,
  Random,
  type RenderedDocument,
} from '@leakwatch/corpus';
import { createDatabase, createRepositories, type DatabaseHandle } from '@leakwatch/db';
import { OcrEngine } from '@leakwatch/ocr';
import { registerDocument, type RegistryContext } from '@leakwatch/registry';
import { useTestDatabase } from '@leakwatch/testkit';
import { loadOpenCv } from '@leakwatch/vision';
import { createMatcherService, type MatcherService } from '../src/index.js';

const testDb = useTestDatabase();
const textKey = randomBytes(32);
const textKeyId = 'matcher-test';

let renderer: CorpusRenderer;
let registered: RenderedDocument;
let other: RenderedDocument;
let lookAlike: RenderedDocument;
let registeredId = '';
let matcher: MatcherService;
let secondProcessDb: DatabaseHandle;
let secondProcess: MatcherService;
let ocr: OcrEngine | undefined;

async function render(seed: string, kind: Parameters<typeof healthDocument>[1]) {
  const random = new Random(seed);
  const spec = healthDocument(random, kind, seed);
  return renderer.renderDocument(documentHtml(spec, random.fork('html')));
}

async function variant(document: RenderedDocument, kind: Parameters<typeof makeVariant>[0]) {
  const page = await loadPageImage(document.pages[0]!);
  return (await makeVariant(kind, [page], new Random(`variant-${kind}`))).bytes;
}

function registryContext(): RegistryContext {
  return {
    repos: testDb().repos,
    cv: undefined as never,
    ocr: async () =>
      (ocr ??= await OcrEngine.start({ model: 'best-int', workers: 1, timeoutMs: 60_000 })),
    textKey,
    textKeyId,
    thumbnailKey: { id: 't', key: randomBytes(32) },
    searchPath: '',
  };
}

beforeAll(async () => {
  renderer = await CorpusRenderer.open(undefined);
  registered = await render('matcher-registered', 'close-contact-list');
  other = await render('matcher-other', 'quarantine-decision');
  lookAlike = await render('matcher-look-alike', 'close-contact-list');
  const context = { ...registryContext(), cv: await loadOpenCv() };
  registeredId = (
    await registerDocument(context, { bytes: registered.pdf, fileName: 'f1-list.pdf' })
  ).documentId;
  await registerDocument(context, { bytes: other.pdf, fileName: 'quarantine.pdf' });

  const serviceOptions = {
    textKey,
    textKeyId,
    ocr: { model: 'best-int' as const, workers: 1, timeoutMs: 60_000 },
    follow: true,
    pollMs: 200,
  };
  matcher = await createMatcherService({ ...serviceOptions, repos: testDb().repos });
  // A second matcher with its own connections, as another worker process would have.
  secondProcessDb = createDatabase(testDb().url, { max: 2, applicationName: 'second-matcher' });
  secondProcess = await createMatcherService({
    ...serviceOptions,
    repos: createRepositories(secondProcessDb.db),
  });
});

afterAll(async () => {
  await matcher.close();
  await secondProcess.close();
  await secondProcessDb.close();
  await ocr?.close();
  await renderer.close();
});

describe('ImageMatcher against the registry', () => {
  it('finds the page in a phone photo, says why and where', async () => {
    const report = await matcher.match(await variant(registered, 'phone-photo'));
    expect(report.verdict).toBe('match');
    const [best] = report.matches;
    expect(best).toMatchObject({ documentId: registeredId, page: 1, title: 'f1-list' });
    expect(best!.signals.text?.anchorHits).toBeGreaterThanOrEqual(3);
    expect(best!.signals.agreed).toContain('text');
    expect(best!.region.inImage).toHaveLength(4);
    expect(report.ocr.ran).toBe(true);
    expect(report.findings.map((f) => f.kind)).toEqual(
      expect.arrayContaining(['cccd', 'mobile-phone', 'person-name']),
    );
  });

  it('finds the page in a crop of part of it', async () => {
    const report = await matcher.match(await variant(registered, 'crop'));
    expect(report.verdict).toBe('match');
    expect(report.matches[0]?.documentId).toBe(registeredId);
  });

  it('does not take a look-alike on the same template for the registered list, but flags its personal data', async () => {
    const report = await matcher.match(await variant(lookAlike, 'phone-photo'));
    expect(report.matches).toEqual([]);
    expect(report.verdict).toBe('sensitive-unregistered');
    // The look-alike was weighed and refused: same template, none of the identifiers.
    const weighed = report.considered.find((c) => c.documentId === registeredId);
    if (weighed) expect(weighed.rules).not.toContain('text');
  });

  it('lets an ordinary feed picture through without OCR', async () => {
    const photo = await makeDistractor('photo', new Random('matcher-photo'), renderer, 'p1');
    const report = await matcher.match(photo.bytes);
    expect(report).toMatchObject({ verdict: 'no-match', matches: [], documentLike: false });
    expect(report.ocr.ran).toBe(false);
  });

  it('never reports a pair an officer dismissed again, for that picture only', async () => {
    const photo = await variant(registered, 'overlay');
    const first = await matcher.match(photo);
    expect(first.verdict).toBe('match');
    const [best] = first.matches;
    const { created } = await testDb().repos.matchDismissals.dismiss({
      imageSha256: first.sha256,
      pageId: best!.pageId,
      reason: 'false_match',
      signals: { score: best!.score, rules: best!.rules },
    });
    expect(created).toBe(true);
    const again = await matcher.match(photo);
    expect(again.matches.map((m) => m.pageId)).not.toContain(best!.pageId);
    expect(again.suppressed).toEqual([{ documentId: registeredId, page: 1 }]);
    // Another photo of the same page is still found: the dismissal is about one picture.
    const other = await matcher.match(await variant(registered, 'phone-photo'));
    expect(other.matches[0]?.pageId).toBe(best!.pageId);
    const labelled = await testDb().repos.matchDismissals.list();
    expect(labelled.map((row) => row.imageSha256)).toContain(first.sha256);
  });

  it('recognises a registered image posted byte for byte', async () => {
    const context = { ...registryContext(), cv: await loadOpenCv() };
    const scan = lookAlike.pages[0]!;
    const { documentId } = await registerDocument(context, { bytes: scan, fileName: 'scan.png' });
    const report = await matcher.match(scan);
    expect(report.matches[0]).toMatchObject({ documentId, page: 1 });
    expect(report.matches[0]?.rules).toContain('exact');
    expect(report.matches[0]?.score).toBe(1);
    await testDb().repos.documents.revoke(documentId, null);
  });

  it('revocation and registration reach another matcher process within seconds', async () => {
    const photo = await variant(registered, 'phone-photo');
    expect((await secondProcess.match(photo)).verdict).toBe('match');

    const started = Date.now();
    await testDb().repos.documents.revoke(registeredId, null);
    // Both matchers hear the revocation on their own connection; neither may lag.
    const bothForgot = () =>
      !secondProcess.index.hasDocument(registeredId) && !matcher.index.hasDocument(registeredId);
    await expect.poll(bothForgot, { timeout: 5_000, interval: 50 }).toBe(true);
    const revokedAfter = Date.now() - started;
    expect(revokedAfter).toBeLessThan(3_000);
    const afterRevocation = await secondProcess.match(photo);
    expect(afterRevocation.matches.map((m) => m.documentId)).not.toContain(registeredId);

    const context = { ...registryContext(), cv: await loadOpenCv() };
    const again = await registerDocument(context, { bytes: lookAlike.pdf, fileName: 'new.pdf' });
    await expect
      .poll(() => secondProcess.index.hasDocument(again.documentId), { timeout: 5_000 })
      .toBe(true);
  });
});

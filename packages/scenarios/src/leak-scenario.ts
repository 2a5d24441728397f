import sharp from 'sharp';
import {
  type CorpusRenderer,
  documentHtml,
  healthDocument,
  loadPageImage,
  makeDistractor,
  makeVariant,
  Random,
  type DistractorKind,
  type DocumentKind,
  type VariantClass,
} from '@leakwatch/corpus';

/** A fictitious internal document to register: the PDF and its rendered pages. */
export interface ScenarioDocument {
  /** Stable name inside the scenario (`doc-0`, …). */
  key: string;
  kind: DocumentKind;
  title: string;
  numberSymbol: string;
  fileName: string;
  pdf: Buffer;
  pageCount: number;
}

/** An image as it will be posted, with what the pipeline should make of it. */
export interface ScenarioImage {
  role: 'leak' | 'look-alike' | 'ordinary';
  bytes: Buffer;
  width: number;
  height: number;
  /** The caption a poster would write. */
  caption: string;
  /** For leaks: which registered document and page (1-based) the image shows, and how. */
  leakOf?: { documentKey: string; pageNumber: number; variant: VariantClass };
  /** For look-alikes and ordinary images: what kind of image it is. */
  describes?: string;
}

export interface LeakScenario {
  documents: ScenarioDocument[];
  leaks: ScenarioImage[];
  lookAlikes: ScenarioImage[];
  ordinary: ScenarioImage[];
}

export interface LeakScenarioPlan {
  seed: string;
  /** The documents that will be registered, by kind. */
  documents: Exclude<DocumentKind, 'other-agency-letter'>[];
  /** Leaked copies: document index, page (1-based) and the kind of copy. */
  leaks: { document: number; page: number; variant: VariantClass }[];
  /** Unregistered documents of the same kinds and templates: the hardest negatives. */
  lookAlikes: number;
  /** Ordinary feed images. */
  ordinary: DistractorKind[];
}

const kindTitles: Record<LeakScenarioPlan['documents'][number], string> = {
  'close-contact-list': 'Danh sách tiếp xúc gần (F1)',
  'quarantine-decision': 'Quyết định cách ly y tế',
  'investigation-report': 'Báo cáo điều tra dịch tễ',
  'official-letter': 'Công văn',
};

const leakCaptions = [
  'Danh sách F1 khu phố mình đây, ai có tên thì tự cách ly nhé mọi người',
  'Nóng: văn bản nội bộ của Sở Y tế vừa gửi xuống, chia sẻ cho bà con biết',
  'Ai quen người trong danh sách này không? Chụp được ở trạm y tế phường',
  'Quyết định cách ly đây, mọi người tránh khu vực này giúp nhé',
];
const lookAlikeCaptions = [
  'Thông báo của xã mình, anh em tham khảo',
  'Giấy tờ này có thật không mọi người?',
];

/**
 * Builds, deterministically from its seed, a leak scenario for the end-to-end test, the demo and
 * the pipeline benchmark: documents to register, leaked copies of their pages, look-alike
 * documents from the same templates, and ordinary feed images. All personal data is generated.
 */
export async function buildLeakScenario(
  renderer: CorpusRenderer,
  plan: LeakScenarioPlan,
): Promise<LeakScenario> {
  const random = new Random(plan.seed);
  const documents: ScenarioDocument[] = [];
  const pages: Buffer[][] = [];
  for (const [index, kind] of plan.documents.entries()) {
    const id = `${plan.seed}-doc-${index}`;
    const spec = healthDocument(random.fork(id), kind, id);
    const rendered = await renderer.renderDocument(documentHtml(spec, random.fork(`${id}:html`)));
    documents.push({
      key: `doc-${index}`,
      kind,
      title: `${kindTitles[kind]} ${spec.numberSymbol}`,
      numberSymbol: spec.numberSymbol,
      fileName: `${id}.pdf`,
      pdf: rendered.pdf,
      pageCount: rendered.pages.length,
    });
    pages.push(rendered.pages);
  }

  const leaks: ScenarioImage[] = [];
  for (const [index, leak] of plan.leaks.entries()) {
    const page = pages[leak.document]?.[leak.page - 1];
    const document = documents[leak.document];
    if (!page || !document)
      throw new Error(`leak ${index}: document ${leak.document} has no page ${leak.page}`);
    const variant = await makeVariant(
      leak.variant,
      [await loadPageImage(page)],
      random.fork(`leak-${index}`),
    );
    leaks.push({
      role: 'leak',
      ...(await asJpeg(variant.bytes)),
      caption: leakCaptions[index % leakCaptions.length] ?? '',
      leakOf: { documentKey: document.key, pageNumber: leak.page, variant: leak.variant },
    });
  }

  const lookAlikes: ScenarioImage[] = [];
  for (let index = 0; index < plan.lookAlikes; index += 1) {
    const kind = plan.documents[index % plan.documents.length] ?? 'close-contact-list';
    const id = `${plan.seed}-look-alike-${index}`;
    const spec = healthDocument(random.fork(id), kind, id);
    const rendered = await renderer.renderDocument(documentHtml(spec, random.fork(`${id}:html`)));
    const first = rendered.pages[0];
    if (!first) continue;
    const variant = await makeVariant(
      'phone-photo',
      [await loadPageImage(first)],
      random.fork(`${id}:photo`),
    );
    lookAlikes.push({
      role: 'look-alike',
      ...(await asJpeg(variant.bytes)),
      caption: lookAlikeCaptions[index % lookAlikeCaptions.length] ?? '',
      describes: `unregistered ${kind}`,
    });
  }

  const ordinary: ScenarioImage[] = [];
  for (const [index, kind] of plan.ordinary.entries()) {
    const distractor = await makeDistractor(
      kind,
      random.fork(`ordinary-${index}`),
      renderer,
      `${plan.seed}-ordinary-${index}`,
    );
    ordinary.push({
      role: 'ordinary',
      ...(await asJpeg(distractor.bytes)),
      caption: 'Chia sẻ cùng cả nhà',
      describes: kind,
    });
  }
  return { documents, leaks, lookAlikes, ordinary };
}

/** Facebook serves JPEG whatever was uploaded; the simulator's CDN re-encodes from these bytes. */
async function asJpeg(bytes: Buffer): Promise<{ bytes: Buffer; width: number; height: number }> {
  const { data, info } = await sharp(bytes)
    .rotate()
    .flatten({ background: '#ffffff' })
    .jpeg({ quality: 88 })
    .toBuffer({ resolveWithObject: true });
  return { bytes: data, width: info.width, height: info.height };
}

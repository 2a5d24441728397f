import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ClosingPages, DocumentEntry } from '@leakwatch/corpus';
import { extractDocument } from '@leakwatch/documents';
import { pageSegments, textFeatures } from '@leakwatch/text';

/**
 * The registered pages that hold nothing of their own but the closing block — "Nơi nhận" and
 * the signature — which documents by the same signer share word for word: no matcher can tell
 * whose page it is, and the page exposes no one. Told from the PDF's text with the product's
 * own features: no identifier unique to the page, and at most one unique name (the signer's).
 */
export async function findClosingPages(
  corpusDir: string,
  registered: readonly DocumentEntry[],
): Promise<ClosingPages> {
  const anchorsByPage = new Map<string, string[]>();
  const pagesWith = new Map<string, number>();
  for (const document of registered) {
    const bytes = await readFile(path.join(corpusDir, document.pdf));
    const extracted = await extractDocument(bytes, { searchPath: '' });
    for await (const page of extracted.pages) {
      const text = pageSegments(page.textLayer ?? { lines: [] }).join('\n');
      const anchors = [
        ...new Set(
          textFeatures(text)
            .filter((f) => f.kind === 'anchor')
            .map((f) => f.key),
        ),
      ];
      anchorsByPage.set(`${document.id}:${page.number}`, anchors);
      for (const anchor of anchors) pagesWith.set(anchor, (pagesWith.get(anchor) ?? 0) + 1);
    }
  }
  const closing = new Set<string>();
  for (const [page, anchors] of anchorsByPage) {
    const unique = anchors.filter((anchor) => pagesWith.get(anchor) === 1);
    const names = unique.filter((anchor) => anchor.startsWith('name:'));
    if (unique.length === names.length && names.length <= 1) closing.add(page);
  }
  return closing;
}

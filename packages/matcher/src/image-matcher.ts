import { performance } from 'node:perf_hooks';
import {
  decodeImage,
  fingerprintImageWithPixels,
  type ImageFingerprint,
} from '@leakwatch/fingerprint';
import type { DocumentReader, DocumentReading } from '@leakwatch/ocr';
import {
  assessSensitivity,
  hashFeatures,
  pageSegments,
  textFeatures,
  type Finding,
} from '@leakwatch/text';
import {
  assessDocumentLikeness,
  detectKeypoints,
  localise,
  matchKeypoints,
  toGrey,
  unpackKeypoints,
  type Keypoints,
  type OpenCv,
} from '@leakwatch/vision';
import {
  decide,
  defaultThresholds,
  type CandidateEvidence,
  type DecisionThresholds,
  type Point,
  type ScoredCandidate,
} from './decide.js';
import type { MatcherIndex } from './matcher-index.js';

export type Verdict = 'match' | 'sensitive-unregistered' | 'no-match';

export interface MatchedPage {
  documentId: string;
  title: string;
  page: number;
  pageId: string;
  score: number;
  rules: ScoredCandidate['rules'];
  signals: {
    agreed: ScoredCandidate['agreed'];
    pdqDistance: number | null;
    text: {
      containment: number;
      discriminativeContainment: number;
      discriminativeHits: number;
      anchorHits: number;
    } | null;
    geometry: { inliers: number; matches: number } | null;
  };
  /** Where the match is: the page's outline in the posted image, and the image's outline in the page. */
  region: { inImage: Point[]; inPage: Point[] | null };
}

export interface MatchReport {
  sha256: string;
  verdict: Verdict;
  matches: MatchedPage[];
  /** Personal data found (kinds, counts, boxes in the read page); never the values. */
  findings: Finding[];
  /** Matches left out because an officer dismissed them for this image before. */
  suppressed: { documentId: string; page: number }[];
  /** The cheap look said "document"; OCR ran when this or a PDQ candidate asked for it. */
  documentLike: boolean;
  ocr: { ran: boolean; confidence: number | null; seconds: number | null };
  risk: number;
  seconds: number;
  /** Where the time went: decoding, hashing, OCR (0 when it did not run), the rest of matching. */
  stages: { decode: number; hash: number; ocr: number; match: number };
  fingerprint: ImageFingerprint;
  /** Every candidate weighed, best first (explanations and calibration). */
  considered: ScoredCandidate[];
}

export interface ImageMatcherOptions {
  index: MatcherIndex;
  /** Packed keypoints of a registered page (from the database), for verification. */
  keypoints: (pageId: string) => Promise<Buffer | undefined>;
  /** For the keypoint check of the best candidates, on this thread. */
  cv: OpenCv;
  /** Finds, straightens and reads the page (OCR) of document-like images. */
  reader: DocumentReader;
  textKey: Buffer;
  thresholds?: DecisionThresholds;
  /** Longest side images are decoded at for reading (photos of a full page need ~2000 px). */
  readingSide?: number;
  /** How many of the best candidates get the keypoint check. */
  verifyTop?: number;
  /**
   * Pages an officer said this image is not (the negative list): by the image's SHA-256, and
   * for near-identical images (PDQ within `nearIdenticalPdqDistance`).
   */
  dismissedPages?: (image: { sha256: string; pdq: string }) => Promise<ReadonlySet<string>>;
}

const keypointCacheSize = 256;

/**
 * PDQ distance up to which two images count as the same picture (re-encoded, resized, lightly
 * cropped — what reposting does), for the negative list and for grouping unregistered leaks.
 * Far tighter than a page match (31 bits on top of other signals): a different photo of the
 * same page is a new sighting, not a repeat.
 */
export const nearIdenticalPdqDistance = 24;

/**
 * Matches one image against the registry, the way the pipeline does: hashes and the cheap
 * document look from a small decode; OCR (after finding and straightening the page) when the
 * image looks like a document or PDQ points at a registered page; candidates from PDQ and the
 * text index; keypoints to confirm and localise the best; the decision rules on top.
 */
export class ImageMatcher {
  private readonly cache = new Map<string, Keypoints | null>();

  constructor(private readonly options: ImageMatcherOptions) {}

  private async referenceKeypoints(pageId: string): Promise<Keypoints | null> {
    const cached = this.cache.get(pageId);
    if (cached !== undefined) return cached;
    const packed = await this.options.keypoints(pageId);
    const keypoints = packed ? unpackKeypoints(packed) : null;
    this.cache.set(pageId, keypoints);
    if (this.cache.size > keypointCacheSize)
      this.cache.delete(this.cache.keys().next().value as string);
    return keypoints;
  }

  async match(bytes: Uint8Array): Promise<MatchReport> {
    const started = performance.now();
    const { index } = this.options;
    const {
      fingerprint,
      pixels,
      seconds: fingerprintSeconds,
    } = await fingerprintImageWithPixels(bytes);
    const evidence = new Map<string, CandidateEvidence>();
    const candidate = (pageId: string): CandidateEvidence | undefined => {
      const existing = evidence.get(pageId);
      if (existing) return existing;
      const page = index.page(pageId);
      if (!page) return undefined;
      const created: CandidateEvidence = {
        pageId,
        documentId: page.documentId,
        pageNumber: page.pageNumber,
        title: page.title,
      };
      evidence.set(pageId, created);
      return created;
    };
    const exact = index.exactPage(fingerprint.sha256);
    if (exact) {
      const entry = candidate(exact.pageId);
      if (entry) entry.exactBytes = true;
    }
    for (const hit of index.pdq.query(fingerprint.pdqDihedral, defaultThresholds.pdqDistance)) {
      const page = index.pageAt(hit.id);
      const entry = page ? candidate(page.pageId) : undefined;
      if (entry) entry.pdqDistance = hit.distance;
    }

    const documentLike = assessDocumentLikeness(pixels).documentLike;
    let reading: DocumentReading | undefined;
    if (documentLike || evidence.size > 0) {
      const full = await decodeImage(bytes, {
        mode: 'matching',
        maxSide: this.options.readingSide ?? 2400,
      });
      reading = await this.options.reader.read(toGrey(full));
      const features = hashFeatures(
        textFeatures(pageSegments(reading.page).join('\n')),
        this.options.textKey,
      );
      for (const hit of index.text.query(features, 10).candidates) {
        if (hit.containment < 0.05) continue;
        const entry = candidate(hit.pageId);
        if (entry) {
          entry.text = {
            containment: hit.containment,
            discriminativeContainment: hit.discriminativeContainment,
            discriminativeHits: hit.discriminativeHits,
            anchorHits: hit.anchorHits,
          };
        }
      }
      await this.verifyGeometry([...evidence.values()], reading);
    }

    const decided = decide([...evidence.values()], this.options.thresholds);
    // Only a match can be suppressed: no query for the images that match nothing.
    const dismissed =
      this.options.dismissedPages && decided.matches.length > 0
        ? await this.options.dismissedPages({ sha256: fingerprint.sha256, pdq: fingerprint.pdq })
        : new Set<string>();
    const decision = {
      ...decided,
      matches: decided.matches.filter((m) => !dismissed.has(m.pageId)),
    };
    const suppressed = decided.matches
      .filter((m) => dismissed.has(m.pageId))
      .map((m) => ({ documentId: m.documentId, page: m.pageNumber }));
    const assessment = reading ? assessSensitivity(reading.page) : undefined;
    const imageOutline: Point[] = reading?.quad ?? [
      { x: 0, y: 0 },
      { x: fingerprint.width, y: 0 },
      { x: fingerprint.width, y: fingerprint.height },
      { x: 0, y: fingerprint.height },
    ];
    const verdict: Verdict =
      decision.matches.length > 0
        ? 'match'
        : assessment?.sensitive
          ? 'sensitive-unregistered'
          : 'no-match';
    const total = (performance.now() - started) / 1000;
    const ocrSeconds = reading?.seconds ?? 0;
    return {
      sha256: fingerprint.sha256,
      verdict,
      matches: decision.matches.map((m) => ({
        documentId: m.documentId,
        title: m.title,
        page: m.pageNumber,
        pageId: m.pageId,
        score: m.score,
        rules: m.rules,
        signals: {
          agreed: m.agreed,
          pdqDistance: m.pdqDistance ?? null,
          text: m.text ?? null,
          geometry: m.geometry
            ? { inliers: m.geometry.inliers, matches: m.geometry.matches }
            : null,
        },
        region: { inImage: imageOutline, inPage: m.geometry?.regionInPage ?? null },
      })),
      findings: assessment?.findings ?? [],
      suppressed,
      documentLike,
      ocr: {
        ran: reading !== undefined,
        confidence: reading?.confidence ?? null,
        seconds: reading ? Math.round(reading.seconds * 1000) / 1000 : null,
      },
      risk: assessment?.risk ?? 0,
      seconds: total,
      stages: {
        decode: fingerprintSeconds.decode,
        hash: fingerprintSeconds.hash,
        ocr: ocrSeconds,
        match: Math.max(
          0,
          total - fingerprintSeconds.decode - fingerprintSeconds.hash - ocrSeconds,
        ),
      },
      fingerprint,
      considered: decision.considered,
    };
  }

  /** Keypoints for the strongest candidates: consistent geometry confirms and localises them. */
  private async verifyGeometry(
    candidates: CandidateEvidence[],
    reading: DocumentReading,
  ): Promise<void> {
    const ranked = candidates
      .map((c) => ({
        c,
        prior:
          (c.text?.discriminativeContainment ?? 0) +
          (c.text?.anchorHits ?? 0) * 0.05 +
          (c.pdqDistance === undefined ? 0 : 0.1),
      }))
      .sort((a, b) => b.prior - a.prior)
      .slice(0, this.options.verifyTop ?? 3);
    if (ranked.length === 0) return;
    const query = detectKeypoints(this.options.cv, reading.image);
    for (const { c } of ranked) {
      const reference = await this.referenceKeypoints(c.pageId);
      if (!reference) continue;
      const found = localise(this.options.cv, query, matchKeypoints(query, reference));
      if (found)
        c.geometry = {
          inliers: found.inliers,
          matches: found.matches,
          regionInPage: found.regionInReference,
        };
    }
  }
}

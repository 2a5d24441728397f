/**
 * The decision: is this image one of our registered pages? Pure and explainable. Evidence per
 * candidate page comes from three places — template-aware text containment (decisive), local
 * keypoints with a consistent homography (corroboration and localisation), PDQ distance (fast
 * candidate generation) — and a match needs text evidence that no template look-alike can
 * supply: a global hash or layout never decides on its own (docs/matching.md).
 */
export interface Point {
  x: number;
  y: number;
}

export interface TextEvidence {
  containment: number;
  discriminativeContainment: number;
  discriminativeHits: number;
  anchorHits: number;
}

export interface GeometryEvidence {
  inliers: number;
  matches: number;
  /** The query image's outline in the registered page (page pixels, clockwise from top-left). */
  regionInPage: Point[];
}

export interface CandidateEvidence {
  pageId: string;
  documentId: string;
  pageNumber: number;
  title: string;
  pdqDistance?: number;
  text?: TextEvidence;
  geometry?: GeometryEvidence;
  /** The image is byte for byte a registered file (a single-image document posted as is). */
  exactBytes?: boolean;
}

export interface DecisionThresholds {
  /** Rule "text": discriminative containment and hits, with at least `textAnchors` identifiers. */
  textContainment: number;
  textHits: number;
  textAnchors: number;
  /** Rule "dense text": so much of the page's own wording that no template explains it. */
  denseContainment: number;
  denseHits: number;
  /** Rule "anchors": several identifiers (document number, ID or phone numbers, dates, names). */
  anchorHits: number;
  anchorTextHits: number;
  /** Rule "geometry": keypoint inliers (and their share) confirming weaker text evidence. */
  geometryInliers: number;
  geometryInlierShare: number;
  geometryTextContainment: number;
  geometryAnchors: number;

  /** PDQ distance counted as agreeing (never decisive). */
  pdqDistance: number;
}

/**
 * Chosen on the matching benchmark (docs/benchmarks.md; reasoning in docs/matching.md). The
 * shape matters more than the numbers: every rule needs evidence a template look-alike cannot
 * supply — identifiers (anchors) that only this document carries, or so much of its own text
 * that a shared template cannot account for it. Keypoints and PDQ only confirm.
 */
export const defaultThresholds: DecisionThresholds = {
  textContainment: 0.25,
  textHits: 6,
  textAnchors: 1,
  denseContainment: 0.75,
  denseHits: 40,
  anchorHits: 3,
  anchorTextHits: 3,
  geometryInliers: 40,
  // A look-alike aligns on its template only (header, table grid): 0.47 of its keypoint matches
  // on the small corpus, against at least 0.54 for every true match of the benchmark.
  geometryInlierShare: 0.5,
  geometryTextContainment: 0.1,
  geometryAnchors: 1,
  pdqDistance: 31,
};

export type Signal = 'exact' | 'text' | 'anchors' | 'geometry' | 'pdq';

export interface ScoredCandidate extends CandidateEvidence {
  /** 0..1, comparable across candidates and queries. */
  score: number;
  /** The rules this candidate satisfies; non-empty means a match. */
  rules: ('exact' | 'text' | 'dense-text' | 'anchors' | 'geometry')[];
  /** Signals that point at this page, whether or not decisive. */
  agreed: Signal[];
}

const clamp = (value: number) => Math.max(0, Math.min(1, value));

export function scoreCandidate(
  candidate: CandidateEvidence,
  t: DecisionThresholds = defaultThresholds,
): ScoredCandidate {
  const text = candidate.text;
  const geometry = candidate.geometry;
  const inlierShare = geometry && geometry.matches > 0 ? geometry.inliers / geometry.matches : 0;
  const rules: ScoredCandidate['rules'] = [];
  // Identical bytes are the registered file itself: no look-alike can produce them.
  if (candidate.exactBytes) rules.push('exact');
  if (text) {
    const { discriminativeContainment: dc, discriminativeHits: hits, anchorHits: anchors } = text;
    if (dc >= t.textContainment && hits >= t.textHits && anchors >= t.textAnchors)
      rules.push('text');
    if (dc >= t.denseContainment && hits >= t.denseHits) rules.push('dense-text');
    if (anchors >= t.anchorHits && hits >= t.anchorTextHits) rules.push('anchors');
    if (
      geometry &&
      geometry.inliers >= t.geometryInliers &&
      inlierShare >= t.geometryInlierShare &&
      dc >= t.geometryTextContainment &&
      anchors >= t.geometryAnchors
    ) {
      rules.push('geometry');
    }
  }
  const agreed: Signal[] = [];
  if (candidate.exactBytes) agreed.push('exact');
  if (text && text.discriminativeContainment >= t.geometryTextContainment) agreed.push('text');
  if (text && text.anchorHits > 0) agreed.push('anchors');
  if (geometry && geometry.inliers >= t.geometryInliers / 2) agreed.push('geometry');
  if (candidate.pdqDistance !== undefined && candidate.pdqDistance <= t.pdqDistance)
    agreed.push('pdq');
  const score = clamp(
    0.55 * clamp((text?.discriminativeContainment ?? 0) / 0.5) +
      0.15 * clamp((text?.anchorHits ?? 0) / 3) +
      0.2 * clamp((geometry?.inliers ?? 0) / 150) * clamp(inlierShare / 0.5) +
      0.1 * (candidate.pdqDistance === undefined ? 0 : clamp(1 - candidate.pdqDistance / 64)),
  );
  const final = candidate.exactBytes ? 1 : score;
  return { ...candidate, score: Math.round(final * 1000) / 1000, rules, agreed };
}

export interface Decision {
  /** Matching pages (at least one rule), best first; empty when nothing matches. */
  matches: ScoredCandidate[];
  /** Every candidate considered, best first (for explanations and calibration). */
  considered: ScoredCandidate[];
}

export function decide(
  candidates: readonly CandidateEvidence[],
  thresholds: DecisionThresholds = defaultThresholds,
): Decision {
  const considered = candidates
    .map((candidate) => scoreCandidate(candidate, thresholds))
    .sort((a, b) => b.score - a.score);
  return { matches: considered.filter((candidate) => candidate.rules.length > 0), considered };
}

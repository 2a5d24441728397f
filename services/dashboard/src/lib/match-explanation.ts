/** The matcher's explanation as the API returns it with an alert (GET /api/alerts/:id). */
export interface MatchExplanation {
  rules: string[];
  agreed: string[];
  pdqDistance: number | null;
  text: {
    containment: number;
    discriminativeContainment: number;
    discriminativeHits: number;
    anchorHits: number;
  } | null;
  geometry: { inliers: number; matches: number } | null;
}

export type Strength = 'strong' | 'moderate' | 'weak';

/** One sentence of the explanation: a translation key under `explanation.` and its values. */
export interface ExplanationLine {
  signal: 'exact' | 'pdq' | 'text' | 'anchors' | 'geometry';
  strength: Strength;
  /** True when this signal alone or with others decided the match (the matcher's rules). */
  decisive: boolean;
  values: Record<string, number>;
}

/*
 * Where the words "strong", "moderate" and "weak" start, from what the signals mean rather
 * than from the matcher's thresholds: PDQ bits out of 256 (≤ 31 is the same picture; two
 * photographs of one page land around 50–90), share of the page's text read back, and the
 * share of matched keypoints that agree on one plane.
 */
function pdqStrength(distance: number): Strength {
  return distance <= 31 ? 'strong' : distance <= 80 ? 'moderate' : 'weak';
}

function shareStrength(share: number): Strength {
  return share >= 0.6 ? 'strong' : share >= 0.3 ? 'moderate' : 'weak';
}

/**
 * The match explanation as sentences an officer reads: which signals agreed and how strongly,
 * strongest evidence first. Signals that did not agree are left out; nothing is invented for
 * an alert stored without an explanation.
 */
export function explainMatch(explanation: MatchExplanation | null): ExplanationLine[] {
  if (!explanation) return [];
  const agreed = new Set(explanation.agreed);
  const rules = new Set(explanation.rules);
  const lines: ExplanationLine[] = [];
  if (agreed.has('exact'))
    lines.push({ signal: 'exact', strength: 'strong', decisive: rules.has('exact'), values: {} });
  if (agreed.has('pdq') && explanation.pdqDistance !== null)
    lines.push({
      signal: 'pdq',
      strength: pdqStrength(explanation.pdqDistance),
      decisive: false,
      values: {
        bits: explanation.pdqDistance,
        similarity: Math.round((1 - explanation.pdqDistance / 256) * 100),
      },
    });
  if (agreed.has('text') && explanation.text)
    lines.push({
      signal: 'text',
      strength: shareStrength(explanation.text.discriminativeContainment),
      decisive: rules.has('text') || rules.has('dense-text'),
      values: {
        percent: Math.round(explanation.text.containment * 100),
        distinctive: explanation.text.discriminativeHits,
      },
    });
  if (
    explanation.text &&
    explanation.text.anchorHits > 0 &&
    (agreed.has('anchors') || rules.has('anchors'))
  )
    lines.push({
      signal: 'anchors',
      strength: explanation.text.anchorHits >= 3 ? 'strong' : 'moderate',
      decisive: rules.has('anchors'),
      values: { count: explanation.text.anchorHits },
    });
  if (agreed.has('geometry') && explanation.geometry && explanation.geometry.matches > 0)
    lines.push({
      signal: 'geometry',
      strength: shareStrength(explanation.geometry.inliers / explanation.geometry.matches),
      decisive: rules.has('geometry'),
      values: { inliers: explanation.geometry.inliers, matches: explanation.geometry.matches },
    });
  const order: Record<Strength, number> = { strong: 0, moderate: 1, weak: 2 };
  return lines.sort(
    (a, b) => Number(b.decisive) - Number(a.decisive) || order[a.strength] - order[b.strength],
  );
}

export interface Point {
  x: number;
  y: number;
}

/** An outline as an SVG `points` attribute, or null when it has too few corners to draw. */
export function polygonPoints(outline: readonly Point[] | null | undefined): string | null {
  if (!outline || outline.length < 3) return null;
  if (outline.some((point) => !Number.isFinite(point.x) || !Number.isFinite(point.y))) return null;
  return outline.map((point) => `${round(point.x)},${round(point.y)}`).join(' ');
}

/** True when the outline covers (nearly) the whole picture: not worth drawing. */
export function coversWhole(outline: readonly Point[], width: number, height: number): boolean {
  const xs = outline.map((point) => point.x);
  const ys = outline.map((point) => point.y);
  const margin = 0.01;
  return (
    Math.min(...xs) <= width * margin &&
    Math.min(...ys) <= height * margin &&
    Math.max(...xs) >= width * (1 - margin) &&
    Math.max(...ys) >= height * (1 - margin)
  );
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

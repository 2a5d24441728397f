import type { QueryEntry } from './manifest.js';

/** What a matcher said about one query image. */
export interface MatchOutcome {
  verdict: 'match' | 'sensitive-unregistered' | 'no-match';
  /** Best first. */
  matches: { documentId: string; page: number; score: number }[];
  seconds: number;
  /** Set when the matcher failed on this image (counted as no-match, and reported). */
  error?: string;
  /** Matcher-specific diagnostics kept in the results file (not scored). */
  detail?: Record<string, unknown>;
}

export interface ScoredQuery {
  query: QueryEntry;
  outcome: MatchOutcome;
}

export interface ClassScore {
  /** Variant class (leaks), or `lookalike` / `distractor`. */
  name: string;
  queries: number;
  /** Leaks: share detected with the right document as the best match. */
  recall: number | null;
  /**
   * Leaks of pages with content of their own (not only the closing "Nơi nhận" and signature
   * block, which many documents share word for word): recall on those alone. Null when the
   * page classification was not given or the group has none.
   */
  contentRecall: number | null;
  contentQueries: number;
  /** Leaks: among images judged a match, share whose best page is a right page. */
  top1PageAccuracy: number | null;
  /** Leaks judged a match whose best match is a wrong document. */
  wrongDocument: number;
  /** Negatives judged a match. */
  falsePositives: number;
  falsePositiveRate: number | null;
  /** Images flagged as unregistered sensitive documents. */
  flaggedSensitive: number;
  errors: number;
  medianSeconds: number;
  p95Seconds: number;
}

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[index] as number;
}

function isRightPage(
  query: QueryEntry,
  match: { documentId: string; page: number } | undefined,
): boolean {
  return (
    match !== undefined &&
    query.expected.some((e) => e.documentId === match.documentId && e.page === match.page)
  );
}

function isRightDocument(query: QueryEntry, match: { documentId: string } | undefined): boolean {
  return match !== undefined && query.expected.some((e) => e.documentId === match.documentId);
}

/** Registered pages whose text is only the closing block, as `documentId:page`. */
export type ClosingPages = ReadonlySet<string>;

/** A leak shows only closing-block pages when every page it may show is one. */
function showsOnlyClosing(query: QueryEntry, closing: ClosingPages): boolean {
  return query.expected.every((e) => closing.has(`${e.documentId}:${e.page}`));
}

/** Scores one group of queries (one leak class, or the look-alikes, or the distractors). */
export function scoreGroup(
  name: string,
  scored: readonly ScoredQuery[],
  closing?: ClosingPages,
): ClassScore {
  const leaks = scored.filter((s) => s.query.expected.length > 0);
  const content = closing ? leaks.filter((s) => !showsOnlyClosing(s.query, closing)) : [];
  const contentDetected = content.filter(
    (s) => s.outcome.verdict === 'match' && isRightDocument(s.query, s.outcome.matches[0]),
  );
  const negatives = scored.filter((s) => s.query.expected.length === 0);
  const matched = leaks.filter((s) => s.outcome.verdict === 'match');
  const detected = matched.filter((s) => isRightDocument(s.query, s.outcome.matches[0]));
  const rightPage = matched.filter((s) => isRightPage(s.query, s.outcome.matches[0]));
  const falsePositives = negatives.filter((s) => s.outcome.verdict === 'match').length;
  const seconds = scored.map((s) => s.outcome.seconds).sort((a, b) => a - b);
  return {
    name,
    queries: scored.length,
    recall: leaks.length > 0 ? detected.length / leaks.length : null,
    contentRecall: content.length > 0 ? contentDetected.length / content.length : null,
    contentQueries: content.length,
    top1PageAccuracy: matched.length > 0 ? rightPage.length / matched.length : null,
    wrongDocument: matched.length - detected.length,
    falsePositives,
    falsePositiveRate: negatives.length > 0 ? falsePositives / negatives.length : null,
    flaggedSensitive: scored.filter((s) => s.outcome.verdict === 'sensitive-unregistered').length,
    errors: scored.filter((s) => s.outcome.error !== undefined).length,
    medianSeconds: quantile(seconds, 0.5),
    p95Seconds: quantile(seconds, 0.95),
  };
}

export interface Scorecard {
  matcher: string;
  classes: ClassScore[];
  /** Crops that keep at least 40% of the page's content (the target's definition). */
  cropsAtLeast40: ClassScore;
  lookalikes: ClassScore;
  distractors: ClassScore;
  allLeaks: ClassScore;
}

export function scoreRun(
  matcher: string,
  scored: readonly ScoredQuery[],
  classOrder: readonly string[],
  closing?: ClosingPages,
): Scorecard {
  const leaks = scored.filter((s) => s.query.origin === 'registered');
  const classes = classOrder.map((name) =>
    scoreGroup(
      name,
      leaks.filter((s) => s.query.variant === name),
      closing,
    ),
  );
  return {
    matcher,
    classes,
    cropsAtLeast40: scoreGroup(
      'crop ≥ 40%',
      leaks.filter((s) => s.query.variant === 'crop' && s.query.keptFraction >= 0.4),
      closing,
    ),
    lookalikes: scoreGroup(
      'look-alikes',
      scored.filter((s) => s.query.origin === 'lookalike'),
    ),
    distractors: scoreGroup(
      'distractors',
      scored.filter((s) => s.query.origin === 'distractor'),
    ),
    allLeaks: scoreGroup('all leaks', leaks, closing),
  };
}

const percent = (value: number | null) => (value === null ? '—' : `${(value * 100).toFixed(1)}%`);
const ms = (seconds: number) => `${Math.round(seconds * 1000)}`;

/** One markdown table per matcher: a row per leak class, then the negatives. */
export function scorecardMarkdown(card: Scorecard): string {
  const rows = [
    `| ${card.matcher} | queries | recall | recall, pages with content | top-1 page | wrong doc | false positives | flagged sensitive | errors | median ms | p95 ms |`,
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const score of [
    ...card.classes,
    card.cropsAtLeast40,
    card.allLeaks,
    card.lookalikes,
    card.distractors,
  ]) {
    const fp =
      score.falsePositiveRate === null
        ? '—'
        : `${score.falsePositives} (${percent(score.falsePositiveRate)})`;
    rows.push(
      `| ${score.name} | ${score.queries} | ${percent(score.recall)} | ${score.contentRecall === null ? '—' : `${percent(score.contentRecall)} of ${score.contentQueries}`} | ${percent(score.top1PageAccuracy)} | ${score.recall === null ? '—' : score.wrongDocument} | ${fp} | ${score.flaggedSensitive} | ${score.errors} | ${ms(score.medianSeconds)} | ${ms(score.p95Seconds)} |`,
    );
  }
  return rows.join('\n');
}

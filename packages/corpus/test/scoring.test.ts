import { describe, expect, it } from 'vitest';
import type { QueryEntry } from '../src/manifest.js';
import { scoreRun, type MatchOutcome, type ScoredQuery } from '../src/scoring.js';

function query(
  id: string,
  origin: QueryEntry['origin'],
  variant: string,
  expected: QueryEntry['expected'],
  keptFraction = 1,
): QueryEntry {
  return { id, file: `${id}.jpg`, origin, variant, expected, keptFraction, params: {} };
}

const match = (documentId: string, page: number, seconds = 0.1): MatchOutcome => ({
  verdict: 'match',
  matches: [{ documentId, page, score: 0.9 }],
  seconds,
});
const none = (seconds = 0.1): MatchOutcome => ({ verdict: 'no-match', matches: [], seconds });

describe('scoreRun', () => {
  const scored: ScoredQuery[] = [
    {
      query: query('a', 'registered', 'crop', [{ documentId: 'd1', page: 1 }], 0.5),
      outcome: match('d1', 1),
    },
    // Planted wrong answer: right document, wrong page.
    {
      query: query('b', 'registered', 'crop', [{ documentId: 'd1', page: 2 }], 0.35),
      outcome: match('d1', 1),
    },
    // Planted wrong answer: another document entirely.
    {
      query: query('c', 'registered', 'crop', [{ documentId: 'd2', page: 1 }], 0.8),
      outcome: match('d9', 1),
    },
    {
      query: query('d', 'registered', 'crop', [{ documentId: 'd3', page: 1 }], 0.9),
      outcome: none(0.3),
    },
    // Two pages in one image: either page counts as right.
    {
      query: query('e', 'registered', 'two-pages', [
        { documentId: 'd4', page: 1 },
        { documentId: 'd4', page: 2 },
      ]),
      outcome: match('d4', 2),
    },
    { query: query('f', 'lookalike', 'reencode', []), outcome: match('d1', 1) },
    {
      query: query('g', 'lookalike', 'crop', []),
      outcome: { verdict: 'sensitive-unregistered', matches: [], seconds: 0.2 },
    },
    { query: query('h', 'distractor', 'photo', []), outcome: none() },
    {
      query: query('i', 'distractor', 'meme', []),
      outcome: { ...none(), error: 'LW_IMAGE_UNDECODABLE' },
    },
  ];
  const card = scoreRun('test', scored, ['crop', 'two-pages']);

  it('counts a planted wrong page and a planted wrong document as wrong', () => {
    const crop = card.classes.find((c) => c.name === 'crop');
    // 4 crops: a right, b right document wrong page, c wrong document, d missed.
    expect(crop?.recall).toBe(2 / 4);
    expect(crop?.top1PageAccuracy).toBe(1 / 3);
    expect(crop?.wrongDocument).toBe(1);
  });

  it('scores crops keeping at least 40% separately', () => {
    expect(card.cropsAtLeast40.queries).toBe(3);
    expect(card.cropsAtLeast40.recall).toBe(1 / 3);
  });

  it('accepts either page of a two-page image', () => {
    expect(card.classes.find((c) => c.name === 'two-pages')?.top1PageAccuracy).toBe(1);
  });

  it('counts negatives judged a match as false positives, and sensitive flags apart', () => {
    expect(card.lookalikes.falsePositives).toBe(1);
    expect(card.lookalikes.falsePositiveRate).toBe(0.5);
    expect(card.lookalikes.flaggedSensitive).toBe(1);
    expect(card.distractors.falsePositives).toBe(0);
    expect(card.distractors.errors).toBe(1);
  });

  it('reports recall on pages with content apart from closing-block pages', () => {
    // d1:2 and d3:1 hold only "Nơi nhận" and the signature: b and d leave the content count.
    const withClosing = scoreRun('test', scored, ['crop', 'two-pages'], new Set(['d1:2', 'd3:1']));
    const crop = withClosing.classes.find((c) => c.name === 'crop');
    expect(crop?.recall).toBe(2 / 4);
    expect(crop?.contentQueries).toBe(2);
    expect(crop?.contentRecall).toBe(1 / 2);
    // A two-page image counts as content when either page has content.
    expect(withClosing.classes.find((c) => c.name === 'two-pages')?.contentQueries).toBe(1);
    expect(card.allLeaks.contentRecall).toBeNull();
  });

  it('reports median and p95 time per query', () => {
    const crop = card.classes.find((c) => c.name === 'crop');
    expect(crop?.medianSeconds).toBe(0.1);
    expect(crop?.p95Seconds).toBe(0.3);
  });
});

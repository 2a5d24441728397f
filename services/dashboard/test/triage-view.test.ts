import { describe, expect, it } from 'vitest';
import { staleQueryRoots, topicsOf } from '../src/lib/live-updates.js';
import { filterFromSearch, filterToSearch, noFilter } from '../src/lib/triage-filter.js';
import {
  coversWhole,
  explainMatch,
  polygonPoints,
  type MatchExplanation,
} from '../src/lib/match-explanation.js';

const photographedPage: MatchExplanation = {
  rules: ['geometry'],
  agreed: ['pdq', 'text', 'anchors', 'geometry'],
  pdqDistance: 64,
  text: {
    containment: 0.42,
    discriminativeContainment: 0.35,
    discriminativeHits: 12,
    anchorHits: 2,
  },
  geometry: { inliers: 150, matches: 200 },
};

describe('match explanation in plain words', () => {
  it('puts the deciding signal first and grades each by what it means', () => {
    const lines = explainMatch(photographedPage);
    expect(lines.map((line) => [line.signal, line.strength, line.decisive])).toEqual([
      ['geometry', 'strong', true],
      ['pdq', 'moderate', false],
      ['text', 'moderate', false],
      ['anchors', 'moderate', false],
    ]);
    expect(lines[0]?.values).toEqual({ inliers: 150, matches: 200 });
    expect(lines.find((line) => line.signal === 'pdq')?.values).toEqual({
      bits: 64,
      similarity: 75,
    });
    expect(lines.find((line) => line.signal === 'text')?.values).toEqual({
      percent: 42,
      distinctive: 12,
    });
  });

  it('says nothing of signals that did not agree, and nothing at all without an explanation', () => {
    const textOnly = explainMatch({
      rules: ['text'],
      agreed: ['text'],
      pdqDistance: 120,
      text: {
        containment: 0.9,
        discriminativeContainment: 0.85,
        discriminativeHits: 40,
        anchorHits: 0,
      },
      geometry: { inliers: 3, matches: 40 },
    });
    expect(textOnly.map((line) => line.signal)).toEqual(['text']);
    expect(textOnly[0]?.strength).toBe('strong');
    expect(explainMatch(null)).toEqual([]);
  });

  it('calls the registered file itself exact and decisive', () => {
    const lines = explainMatch({
      rules: ['exact'],
      agreed: ['exact', 'pdq'],
      pdqDistance: 0,
      text: null,
      geometry: null,
    });
    expect(lines.map((line) => [line.signal, line.strength, line.decisive])).toEqual([
      ['exact', 'strong', true],
      ['pdq', 'strong', false],
    ]);
  });
});

describe('outlines', () => {
  it('draw a quadrilateral and refuse degenerate or broken ones', () => {
    expect(
      polygonPoints([
        { x: 10.04, y: 20 },
        { x: 300, y: 25.55 },
        { x: 290, y: 400 },
      ]),
    ).toBe('10,20 300,25.6 290,400');
    expect(
      polygonPoints([
        { x: 1, y: 1 },
        { x: 2, y: 2 },
      ]),
    ).toBeNull();
    expect(
      polygonPoints([
        { x: 1, y: Number.NaN },
        { x: 2, y: 2 },
        { x: 3, y: 3 },
      ]),
    ).toBeNull();
    expect(polygonPoints(null)).toBeNull();
  });

  it('know when an outline is just the picture’s frame', () => {
    const frame = [
      { x: 0, y: 0 },
      { x: 1000, y: 0 },
      { x: 1000, y: 1400 },
      { x: 0, y: 1400 },
    ];
    expect(coversWhole(frame, 1000, 1400)).toBe(true);
    expect(
      coversWhole(
        frame.map((p) => ({ x: p.x * 0.8 + 50, y: p.y })),
        1000,
        1400,
      ),
    ).toBe(false);
  });
});

describe('live updates', () => {
  it('reload what each topic shows, once', () => {
    expect(staleQueryRoots(topicsOf('{"topics":["alerts","incidents"]}'))).toEqual([
      'alert-groups',
      'alert-facets',
      'alerts',
      'alert',
      'overview',
      'incidents',
    ]);
    expect(staleQueryRoots(topicsOf('{"topics":["documents"]}'))).toEqual(['documents']);
  });

  it('ignore messages they do not understand', () => {
    expect(topicsOf('not json')).toEqual([]);
    expect(topicsOf('{"topics":"alerts"}')).toEqual([]);
    expect(topicsOf('{"topics":["alerts","secrets"]}')).toEqual(['alerts']);
    expect(topicsOf('null')).toEqual([]);
  });
});

describe('triage filters in the address', () => {
  const source = '3f2b8c1e-8d4a-4c1b-9a51-2f6f0f6f2a11';
  it('round-trip what is set and leave out the rest', () => {
    const filter = filterFromSearch(
      new URLSearchParams(`sourceId=${source}&minScore=0.7&from=2026-11-01`),
    );
    expect(filter).toEqual({
      sourceId: source,
      documentId: '',
      minScore: '0.7',
      from: '2026-11-01',
      to: '',
    });
    expect(filterToSearch(filter).toString()).toBe(
      `sourceId=${source}&minScore=0.7&from=2026-11-01`,
    );
    expect(filterToSearch(noFilter).toString()).toBe('');
  });

  it('drop what the API would refuse instead of showing an error', () => {
    expect(
      filterFromSearch(
        new URLSearchParams(
          'sourceId=nhom-a&documentId=1&minScore=7&from=2026-12-01&to=2026-11-01',
        ),
      ),
    ).toEqual({ ...noFilter, to: '2026-11-01' });
    expect(filterFromSearch(new URLSearchParams('from=01/11/2026')).from).toBe('');
  });
});

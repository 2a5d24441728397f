import { describe, expect, it } from 'vitest';
import { decide, type CandidateEvidence } from '../src/index.js';

const base = { pageId: 'p1', documentId: 'd1', pageNumber: 1, title: 'Danh sách F1' };
const region = [
  { x: 0, y: 0 },
  { x: 100, y: 0 },
  { x: 100, y: 100 },
  { x: 0, y: 100 },
];

describe('decide', () => {
  it('matches on discriminative text containment with an identifier', () => {
    const decision = decide([
      {
        ...base,
        text: {
          containment: 0.7,
          discriminativeContainment: 0.6,
          discriminativeHits: 40,
          anchorHits: 3,
        },
      },
    ]);
    expect(decision.matches.map((m) => m.rules)).toEqual([['text', 'anchors']]);
  });

  it('never matches on PDQ or keypoints alone, however close (template twins)', () => {
    const twin: CandidateEvidence = {
      ...base,
      pdqDistance: 4,
      geometry: { inliers: 400, matches: 500, regionInPage: region },
      text: {
        containment: 0.3,
        discriminativeContainment: 0.02,
        discriminativeHits: 1,
        anchorHits: 0,
      },
    };
    const decision = decide([twin]);
    expect(decision.matches).toEqual([]);
    expect(decision.considered[0]?.agreed).toEqual(expect.arrayContaining(['pdq', 'geometry']));
  });

  it('refuses a look-alike sharing the template wording and geometry but no identifier', () => {
    const twin: CandidateEvidence = {
      ...base,
      geometry: { inliers: 370, matches: 650, regionInPage: region },
      text: {
        containment: 0.57,
        discriminativeContainment: 0.56,
        discriminativeHits: 94,
        anchorHits: 0,
      },
    };
    expect(decide([twin]).matches).toEqual([]);
  });

  it('lets geometry confirm weaker text evidence that carries an identifier, e.g. a crop read poorly', () => {
    const crop: CandidateEvidence = {
      ...base,
      geometry: { inliers: 90, matches: 150, regionInPage: region },
      text: {
        containment: 0.2,
        discriminativeContainment: 0.15,
        discriminativeHits: 4,
        anchorHits: 1,
      },
    };
    expect(decide([crop]).matches[0]?.rules).toEqual(['geometry']);
  });

  it('refuses geometry when the keypoints align only on the shared template', () => {
    // Measured on the small corpus: a look-alike with 219 of 470 keypoint matches aligned (its
    // header and table grid), 44 discriminative hits at dc 0.196 and one shared anchor (a date).
    const lookAlike: CandidateEvidence = {
      ...base,
      geometry: { inliers: 219, matches: 470, regionInPage: region },
      text: {
        containment: 0.3,
        discriminativeContainment: 0.196,
        discriminativeHits: 44,
        anchorHits: 1,
      },
    };
    expect(decide([lookAlike]).matches).toEqual([]);
    // A photo of a screen of the registered page, read poorly: the whole page aligns.
    const monitorPhoto: CandidateEvidence = {
      ...base,
      geometry: { inliers: 132, matches: 206, regionInPage: region },
      text: {
        containment: 0.2,
        discriminativeContainment: 0.115,
        discriminativeHits: 5,
        anchorHits: 1,
      },
    };
    expect(decide([monitorPhoto]).matches.map((m) => m.rules)).toEqual([['geometry']]);
    // A phone photo of the registered list read poorly (worker test): most matches align.
    const phonePhoto: CandidateEvidence = {
      ...base,
      geometry: { inliers: 351, matches: 433, regionInPage: region },
      text: {
        containment: 0.2,
        discriminativeContainment: 0.205,
        discriminativeHits: 40,
        anchorHits: 2,
      },
    };
    expect(decide([phonePhoto]).matches.map((m) => m.rules)).toEqual([['geometry']]);
  });

  it('matches identical bytes outright, with the top score', () => {
    const decision = decide([{ ...base, exactBytes: true }]);
    expect(decision.matches.map((m) => [m.rules, m.agreed, m.score])).toEqual([
      [['exact'], ['exact'], 1],
    ]);
  });

  it('accepts a page read mostly word for word even without identifiers (a letter of prose)', () => {
    const letter: CandidateEvidence = {
      ...base,
      text: {
        containment: 0.9,
        discriminativeContainment: 0.87,
        discriminativeHits: 57,
        anchorHits: 0,
      },
    };
    expect(decide([letter]).matches[0]?.rules).toEqual(['dense-text']);
  });

  it('ranks the better-supported page first', () => {
    const weak = {
      ...base,
      pageId: 'p2',
      pageNumber: 2,
      text: {
        containment: 0.35,
        discriminativeContainment: 0.3,
        discriminativeHits: 8,
        anchorHits: 1,
      },
    };
    const strong = {
      ...base,
      text: {
        containment: 0.8,
        discriminativeContainment: 0.75,
        discriminativeHits: 60,
        anchorHits: 4,
      },
    };
    expect(decide([weak, strong]).matches.map((m) => m.pageId)).toEqual(['p1', 'p2']);
  });
});

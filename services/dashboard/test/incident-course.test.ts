import { describe, expect, it } from 'vitest';
import { checkTransition, incidentStatuses } from '../../../packages/incidents/src/index.js';
import {
  movesFrom,
  resolutionProblem,
  spreadPath,
  spreadSeries,
  usualNextStep,
} from '../src/lib/incident-course.js';

describe('incident course', () => {
  it('offers the usual next step first and reopening only once closed', () => {
    expect(usualNextStep('open')).toBe('reported');
    expect(usualNextStep('reported')).toBe('takedown_requested');
    expect(usualNextStep('takedown_requested')).toBe('removed');
    expect(usualNextStep('removed')).toBe('takedown_requested');
    expect(movesFrom('removed')).toContain('closed');
    expect(movesFrom('closed')).toEqual(['open']);
  });

  it('offers exactly the moves the API allows (its rule, repeated for the buttons)', () => {
    for (const from of incidentStatuses)
      for (const to of incidentStatuses)
        expect(movesFrom(from).includes(to), `${from} → ${to}`).toBe(
          checkTransition(from, to, { resolution: 'Đã gỡ toàn bộ bài đăng' }).ok,
        );
  });

  it('asks for a resolution before closing, only then', () => {
    expect(resolutionProblem('closed', '  ')).toBe('needed');
    expect(resolutionProblem('closed', 'Đã gỡ toàn bộ bài đăng')).toBeNull();
    expect(resolutionProblem('removed', '')).toBeNull();
  });
});

describe('spread over time', () => {
  const h = 3_600_000;
  it('counts posts as they were first seen, up to now', () => {
    const points = spreadSeries(
      [
        { postedAt: null, firstSeenAt: new Date(5 * h).toISOString() },
        { postedAt: new Date(1 * h).toISOString(), firstSeenAt: new Date(2 * h).toISOString() },
        { postedAt: 'not a date', firstSeenAt: new Date(3 * h).toISOString() },
      ],
      10 * h,
    );
    expect(points).toEqual([
      { at: 1 * h, posts: 1 },
      { at: 5 * h, posts: 2 },
      { at: 10 * h, posts: 2 },
    ]);
  });

  it('draws a rising step line, and nothing for a single moment', () => {
    expect(
      spreadPath(
        [
          { at: 0, posts: 1 },
          { at: 50, posts: 2 },
          { at: 100, posts: 2 },
        ],
        200,
        100,
      ),
    ).toBe('M0.0,100 V50.0 H100.0 V0.0 H200.0 V0.0');
    expect(spreadPath([{ at: 5, posts: 1 }], 200, 100)).toBeNull();
    expect(spreadPath([], 200, 100)).toBeNull();
  });
});

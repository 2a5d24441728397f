import { describe, expect, it } from 'vitest';
import {
  presetOf,
  presetRange,
  rangeFromParams,
  rangeProblem,
  vietnamToday,
} from '../src/lib/overview-range.js';

describe('overview period', () => {
  it('counts today in Vietnam, wherever the browser is', () => {
    expect(vietnamToday(new Date('2025-05-31T16:59:59Z'))).toBe('2025-05-31');
    expect(vietnamToday(new Date('2025-05-31T17:00:00Z'))).toBe('2025-06-01');
  });

  it('offers the last 4, 12 and 52 weeks, today included', () => {
    expect(presetRange(4, '2025-06-01')).toEqual({ from: '2025-05-05', to: '2025-06-01' });
    expect(presetRange(12, '2025-06-01')).toEqual({ from: '2025-03-10', to: '2025-06-01' });
    // 364 days back across 29 February 2024.
    expect(presetRange(52, '2024-03-01')).toEqual({ from: '2023-03-04', to: '2024-03-01' });
    expect(presetOf({ from: '2025-03-10', to: '2025-06-01' }, '2025-06-01')).toBe(12);
    expect(presetOf({ from: '2025-03-11', to: '2025-06-01' }, '2025-06-01')).toBeUndefined();
  });

  it('reads the period from the address, or takes twelve weeks', () => {
    expect(
      rangeFromParams(new URLSearchParams('from=2025-01-01&to=2025-01-31'), '2025-06-01'),
    ).toEqual({ from: '2025-01-01', to: '2025-01-31' });
    expect(rangeFromParams(new URLSearchParams('from=2025-01-01'), '2025-06-01')).toEqual({
      from: '2025-03-10',
      to: '2025-06-01',
    });
  });

  it('says what is wrong with a period as the API would refuse it', () => {
    expect(rangeProblem({ from: '2025-01-01', to: '2025-01-01' })).toBeUndefined();
    expect(rangeProblem({ from: '', to: '2025-01-01' })).toBe('missing');
    expect(rangeProblem({ from: '2025-02-29', to: '2025-03-01' })).toBe('invalidDate');
    expect(rangeProblem({ from: '01/02/2025', to: '2025-03-01' })).toBe('invalidDate');
    expect(rangeProblem({ from: '2025-03-02', to: '2025-03-01' })).toBe('backwards');
    expect(rangeProblem({ from: '2023-01-01', to: '2024-12-31' })).toBeUndefined();
    expect(rangeProblem({ from: '2023-01-01', to: '2025-01-01' })).toBe('tooLong');
  });
});

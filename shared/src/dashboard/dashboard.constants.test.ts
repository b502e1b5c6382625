import { describe, expect, it } from 'vitest';
import { meanOf, percentOf, percentileOf, periodRange, weekStartOf } from './dashboard.constants.js';

describe('periodRange', () => {
  it.each([
    ['last_30_days', '2026-12-07', { from: '2026-11-08', to: '2026-12-07' }],
    ['this_quarter', '2026-12-07', { from: '2026-10-01', to: '2026-12-07' }],
    ['last_quarter', '2026-12-07', { from: '2026-07-01', to: '2026-09-30' }],
    // In the first quarter, last quarter is the previous year's fourth.
    ['last_quarter', '2026-02-15', { from: '2025-10-01', to: '2025-12-31' }],
    ['last_quarter', '2026-04-01', { from: '2026-01-01', to: '2026-03-31' }],
    ['this_year', '2026-12-07', { from: '2026-01-01', to: '2026-12-07' }],
    ['last_year', '2026-12-07', { from: '2025-01-01', to: '2025-12-31' }],
    ['last_12_months', '2026-12-07', { from: '2025-12-08', to: '2026-12-07' }],
    // 365 days, across a leap day.
    ['last_12_months', '2028-03-01', { from: '2027-03-03', to: '2028-03-01' }],
    ['all', '2026-12-07', { from: null, to: null }],
  ] as const)('%s as of %s', (period, today, expected) => {
    expect(periodRange(period, today)).toEqual(expected);
  });
});

describe('percentiles from a histogram', () => {
  it('interpolates between the closest ranks, as percentile_cont does', () => {
    // 2, 3, 10, 11
    const h = [
      [10, 1],
      [2, 1],
      [11, 1],
      [3, 1],
    ] as const;
    expect(percentileOf(h, 0.5)).toBe(6.5);
    // rank (4-1)*0.9 = 2.7: 10 + 0.7 * (11 - 10)
    expect(percentileOf(h, 0.9)).toBe(10.7);
    expect(meanOf(h)).toBe(6.5);
  });

  it('counts repeated values by their counts', () => {
    // 1, 1, 1, 5, 9 → median 1; p90 at rank 3.6: 5 + 0.6 * 4 = 7.4; mean 17/5
    const h = [
      [1, 3],
      [5, 1],
      [9, 1],
    ] as const;
    expect(percentileOf(h, 0.5)).toBe(1);
    expect(percentileOf(h, 0.9)).toBe(7.4);
    expect(meanOf(h)).toBe(3.4);
  });

  it('one value is every percentile; none is null', () => {
    expect(percentileOf([[4, 1]], 0.9)).toBe(4);
    expect(percentileOf([], 0.5)).toBeNull();
    expect(percentileOf([[3, 0]], 0.5)).toBeNull();
    expect(meanOf([])).toBeNull();
  });
});

describe('small helpers', () => {
  it('weeks start on Monday', () => {
    expect(weekStartOf('2026-12-07')).toBe('2026-12-07');
    expect(weekStartOf('2026-12-13')).toBe('2026-12-07');
    expect(weekStartOf('2026-01-01')).toBe('2025-12-29');
  });

  it('a share to one decimal, none of nothing', () => {
    expect(percentOf(1, 3)).toBe(33.3);
    expect(percentOf(0, 0)).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import {
  coverPeriod,
  meanOf,
  nextUnitStartOf,
  percentOf,
  percentileOf,
  periodRange,
  splitPeriod,
  unitStartOf,
  weekStartOf,
} from './dashboard.constants.js';

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

describe('roll-up units', () => {
  it('a piece is an ISO week cut at the month edge', () => {
    // Monday 30 Nov 2026 … Sunday 6 Dec: the week is cut on 1 December.
    expect(unitStartOf('piece', '2026-11-30')).toBe('2026-11-30');
    expect(nextUnitStartOf('piece', '2026-11-30')).toBe('2026-12-01');
    expect(unitStartOf('piece', '2026-12-03')).toBe('2026-12-01');
    expect(nextUnitStartOf('piece', '2026-12-03')).toBe('2026-12-07');
    expect(unitStartOf('month', '2026-12-31')).toBe('2026-12-01');
    expect(nextUnitStartOf('month', '2026-12-31')).toBe('2027-01-01');
  });

  it('splits a period into whole months and the days at its edges', () => {
    expect(splitPeriod('month', '2026-03-15', '2026-06-10')).toEqual({
      units: { from: '2026-04-01', to: '2026-05-01' },
      days: [
        { from: '2026-03-15', to: '2026-03-31' },
        { from: '2026-06-01', to: '2026-06-10' },
      ],
    });
    // A quarter is three whole months; all time is every month.
    expect(splitPeriod('month', '2026-07-01', '2026-09-30')).toEqual({
      units: { from: '2026-07-01', to: '2026-09-01' },
      days: [],
    });
    expect(splitPeriod('month', null, null)).toEqual({ units: { from: null, to: null }, days: [] });
    expect(splitPeriod('month', null, '2026-02-27')).toEqual({
      units: { from: null, to: '2026-01-01' },
      days: [{ from: '2026-02-01', to: '2026-02-27' }],
    });
    // Within one month: days only.
    expect(splitPeriod('month', '2026-02-02', '2026-02-27')).toEqual({
      units: null,
      days: [{ from: '2026-02-02', to: '2026-02-27' }],
    });
  });

  it('splits a period into whole pieces', () => {
    // Last 30 days to Monday 7 Dec 2026: 8 Nov (a Sunday) … 7 Dec.
    expect(splitPeriod('piece', '2026-11-08', '2026-12-07')).toEqual({
      units: { from: '2026-11-09', to: '2026-12-01' },
      days: [
        { from: '2026-11-08', to: '2026-11-08' },
        { from: '2026-12-07', to: '2026-12-07' },
      ],
    });
  });
});

describe('coverPeriod', () => {
  it('covers a period with years, then months, then days', () => {
    expect(coverPeriod(['year', 'month'], '2024-11-20', '2026-02-03')).toEqual([
      { grain: 'year', from: '2025-01-01', to: '2025-01-01' },
      { grain: 'month', from: '2024-12-01', to: '2024-12-01' },
      { grain: 'day', from: '2024-11-20', to: '2024-11-30' },
      { grain: 'month', from: '2026-01-01', to: '2026-01-01' },
      { grain: 'day', from: '2026-02-01', to: '2026-02-03' },
    ]);
    expect(coverPeriod(['year', 'month'], null, null)).toEqual([{ grain: 'year', from: null, to: null }]);
    // No whole year: months and days.
    expect(coverPeriod(['year', 'month'], '2026-03-15', '2026-04-30')).toEqual([
      { grain: 'month', from: '2026-04-01', to: '2026-04-01' },
      { grain: 'day', from: '2026-03-15', to: '2026-03-31' },
    ]);
    // All time up to a day: years before it, then its year's months, then its month's days.
    expect(coverPeriod(['year', 'month'], null, '2026-03-15')).toEqual([
      { grain: 'year', from: null, to: '2025-01-01' },
      { grain: 'month', from: '2026-01-01', to: '2026-02-01' },
      { grain: 'day', from: '2026-03-01', to: '2026-03-15' },
    ]);
  });
});

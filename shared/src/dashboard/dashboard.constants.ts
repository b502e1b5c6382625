// Zod-free: the web's dashboard and the server's figures share these through `@privdesk/shared/constants`.
import { addDaysIso } from '../requests/calendar-today.js';

/**
 * The dashboard's period (issue 18). Figures about intake (what is open now, what came in) count requests
 * received in it; figures about answers (timeliness, days to close, extensions, denials) count requests
 * answered in it. Days are UTC calendar days; presets are resolved against "today" when the page loads, so
 * a saved link to "last quarter" stays last quarter.
 */
export const dashboardPeriods = [
  'last_30_days',
  'this_quarter',
  'last_quarter',
  'this_year',
  'last_year',
  'last_12_months',
  'all',
  'custom',
] as const;
export type DashboardPeriod = (typeof dashboardPeriods)[number];

export const dashboardPeriodLabels: Record<DashboardPeriod, string> = {
  last_30_days: 'Last 30 days',
  this_quarter: 'This quarter',
  last_quarter: 'Last quarter',
  this_year: 'This year',
  last_year: 'Last year',
  last_12_months: 'Last 12 months',
  all: 'All time',
  custom: 'Custom dates',
};

export interface PeriodRange {
  from: string | null;
  to: string | null;
}

function quarterStart(year: number, quarter: number): string {
  return `${year}-${String(quarter * 3 + 1).padStart(2, '0')}-01`;
}

/** The first and last day of a preset period, as of `today` (YYYY-MM-DD). `custom` and `all` have none. */
export function periodRange(period: DashboardPeriod, today: string): PeriodRange {
  const year = Number(today.slice(0, 4));
  const quarter = Math.floor((Number(today.slice(5, 7)) - 1) / 3);
  switch (period) {
    case 'last_30_days':
      return { from: addDaysIso(today, -29), to: today };
    case 'this_quarter':
      return { from: quarterStart(year, quarter), to: today };
    case 'last_quarter': {
      const y = quarter === 0 ? year - 1 : year;
      const q = quarter === 0 ? 3 : quarter - 1;
      const next = q === 3 ? `${y + 1}-01-01` : quarterStart(y, q + 1);
      return { from: quarterStart(y, q), to: addDaysIso(next, -1) };
    }
    case 'this_year':
      return { from: `${year}-01-01`, to: today };
    case 'last_year':
      return { from: `${year - 1}-01-01`, to: `${year - 1}-12-31` };
    case 'last_12_months':
      return { from: addDaysIso(today, -364), to: today };
    case 'all':
    case 'custom':
      return { from: null, to: null };
  }
}

/** Overdue requests by how many days past their due date (inclusive bounds; null: no upper bound). */
export const overdueBuckets = [
  { key: '1_7', label: '1–7 days', min: 1, max: 7 },
  { key: '8_30', label: '8–30 days', min: 8, max: 30 },
  { key: '31_90', label: '31–90 days', min: 31, max: 90 },
  { key: '91_plus', label: 'Over 90 days', min: 91, max: null },
] as const;

/** Unassigned open requests by days since receipt (UTC days; inclusive bounds; null: no upper bound). */
export const unassignedAgeBuckets = [
  { key: '0_2', label: '0–2 days', min: 0, max: 2 },
  { key: '3_7', label: '3–7 days', min: 3, max: 7 },
  { key: '8_14', label: '8–14 days', min: 8, max: 14 },
  { key: '15_plus', label: '15 days or more', min: 15, max: null },
] as const;

/** [value, how many times] pairs, any order. */
export type Histogram = readonly (readonly [number, number])[];

/**
 * The p-th percentile (0..1) of the values a histogram counts, by linear interpolation between the closest
 * ranks (as PostgreSQL's `percentile_cont` and spreadsheets' PERCENTILE.INC): the median of 2, 3, 10, 11 is
 * 6.5. Null when there are no values.
 */
export function percentileOf(histogram: Histogram, p: number): number | null {
  const sorted = histogram.filter(([, n]) => n > 0).sort((a, b) => a[0] - b[0]);
  const total = sorted.reduce((sum, [, n]) => sum + n, 0);
  if (total === 0) return null;
  const position = (total - 1) * p;
  const lower = Math.floor(position);
  const valueAt = (rank: number): number => {
    let seen = 0;
    for (const [value, n] of sorted) {
      seen += n;
      if (rank < seen) return value;
    }
    const last = sorted[sorted.length - 1];
    return last ? last[0] : 0;
  };
  const a = valueAt(lower);
  const b = valueAt(Math.min(lower + 1, total - 1));
  return Math.round((a + (position - lower) * (b - a)) * 10) / 10;
}

/** The mean of the values a histogram counts, to one decimal; null when there are none. */
export function meanOf(histogram: Histogram): number | null {
  let total = 0;
  let sum = 0;
  for (const [value, n] of histogram) {
    total += n;
    sum += value * n;
  }
  return total === 0 ? null : Math.round((sum / total) * 10) / 10;
}

/** A share as a whole percentage for display (null when nothing was counted). */
export function percentOf(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 1000) / 10;
}

/** Monday of the ISO week holding a UTC calendar day. */
export function weekStartOf(date: string): string {
  const day = new Date(`${date}T00:00:00.000Z`).getUTCDay();
  return addDaysIso(date, -((day + 6) % 7));
}

/** The later of two days (null: unbounded) and the earlier. */
export function laterOf(a: string, b: string | null): string {
  return b !== null && b > a ? b : a;
}
export function earlierOf(a: string, b: string | null): string {
  return b !== null && b < a ? b : a;
}

/**
 * The units the dashboard's roll-up counts by besides days: calendar months, and pieces — an ISO week cut at
 * the month's edges, so that pieces add up both to weeks and to months.
 */
export type RollupUnit = 'year' | 'month' | 'piece';

function monthStartOf(date: string): string {
  return `${date.slice(0, 7)}-01`;
}
function nextMonthStartOf(date: string): string {
  const [y, m] = date.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
}

/** The first day of the unit holding `date`. */
export function unitStartOf(unit: RollupUnit, date: string): string {
  if (unit === 'year') return `${date.slice(0, 4)}-01-01`;
  return unit === 'month' ? monthStartOf(date) : laterOf(weekStartOf(date), monthStartOf(date));
}

/** The first day of the unit after the one holding `date`. */
export function nextUnitStartOf(unit: RollupUnit, date: string): string {
  if (unit === 'year') return `${Number(date.slice(0, 4)) + 1}-01-01`;
  const nextMonth = nextMonthStartOf(date);
  return unit === 'month' ? nextMonth : earlierOf(addDaysIso(weekStartOf(date), 7), nextMonth);
}

/**
 * A period (days, both ends included; null: unbounded) as whole units and the days left over at its edges:
 * `units` holds the first days of the first and last whole units (null: none), `days` the leftover ranges.
 */
export interface PeriodSplit {
  units: { from: string | null; to: string | null } | null;
  days: { from: string | null; to: string | null }[];
}

export function splitPeriod(unit: RollupUnit, from: string | null, to: string | null): PeriodSplit {
  const firstWhole = from === null || unitStartOf(unit, from) === from ? from : nextUnitStartOf(unit, from);
  const lastWholeEnd =
    to === null || addDaysIso(nextUnitStartOf(unit, to), -1) === to
      ? to
      : addDaysIso(unitStartOf(unit, to), -1);
  if (firstWhole !== null && lastWholeEnd !== null && firstWhole > lastWholeEnd) {
    return { units: null, days: [{ from, to }] };
  }
  const days: PeriodSplit['days'] = [];
  if (from !== null && firstWhole !== null && from < firstWhole)
    days.push({ from, to: addDaysIso(firstWhole, -1) });
  if (to !== null && lastWholeEnd !== null && lastWholeEnd < to)
    days.push({ from: addDaysIso(lastWholeEnd, 1), to });
  return {
    units: { from: firstWhole, to: lastWholeEnd === null ? null : unitStartOf(unit, lastWholeEnd) },
    days,
  };
}

/** A span of one grain of the roll-up: days, or units whose first days lie in it (null: unbounded). */
export interface GrainSpan {
  grain: 'day' | RollupUnit;
  from: string | null;
  to: string | null;
}

/**
 * A period as the fewest cells cover it: whole units of the first size, then of the next size in what is
 * left at either edge, and so on, then days (e.g. years, then months, then days).
 */
export function coverPeriod(
  units: readonly RollupUnit[],
  from: string | null,
  to: string | null,
): GrainSpan[] {
  const [unit, ...smaller] = units;
  if (unit === undefined) return [{ grain: 'day', from, to }];
  const split = splitPeriod(unit, from, to);
  return [
    ...(split.units ? [{ grain: unit, ...split.units }] : []),
    ...split.days.flatMap((d) => coverPeriod(smaller, d.from, d.to)),
  ];
}

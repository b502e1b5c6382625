import { z } from 'zod';
import {
  dashboardPeriods,
  periodRange,
  regimes,
  regimeTypes,
  requestTypes,
  type DashboardPeriod,
  type Regime,
  type RequestType,
} from '@privdesk/shared/constants';
import { dateOnlySchema, type DashboardInput, type RequestLogInput } from '@privdesk/shared';

/**
 * The dashboard's filters in the address bar: a tolerant twin of `dashboardInputSchema`. Each field falls back
 * on its own, so a hand-edited or outdated link still opens. The period is a preset resolved against today
 * when the page loads (a saved "last quarter" stays last quarter), or `custom` with its own days.
 */
const dashboardSearchFields = z.object({
  period: z.enum(dashboardPeriods).optional().catch(undefined),
  from: dateOnlySchema.optional().catch(undefined),
  to: dateOnlySchema.optional().catch(undefined),
  regime: z.enum(regimes).optional().catch(undefined),
  type: z.enum(requestTypes).optional().catch(undefined),
  assignee: z
    .union([z.literal('nobody'), z.uuid()])
    .optional()
    .catch(undefined),
});

export interface DashboardSearch {
  period: DashboardPeriod;
  /** Only with `custom`: the first and last day (UTC, inclusive); either may be open. */
  from: string | undefined;
  to: string | undefined;
  regime: Regime | undefined;
  /** Only a type the regime covers, when a regime is chosen. */
  type: RequestType | undefined;
  /** A staff member's id, or `nobody` for the unassigned requests. */
  assignee: string | undefined;
}

export type DashboardFilterKey = Exclude<keyof DashboardSearch, 'from' | 'to'>;

export const defaultDashboardSearch: DashboardSearch = {
  period: 'all',
  from: undefined,
  to: undefined,
  regime: undefined,
  type: undefined,
  assignee: undefined,
};

/** The types a regime covers (every type without one), in the shared order. */
export function typesFor(regime: Regime | undefined): readonly RequestType[] {
  return regime ? requestTypes.filter((t) => regimeTypes[regime].includes(t)) : requestTypes;
}

/**
 * What the server would refuse loses only its offending part: days without `custom` go, an end before the
 * start goes, and a type the chosen regime does not cover goes.
 */
export function consistentDashboardSearch(search: DashboardSearch): DashboardSearch {
  const next = { ...search };
  if (next.period !== 'custom') {
    next.from = undefined;
    next.to = undefined;
  }
  if (next.from && next.to && next.from > next.to) next.to = undefined;
  if (next.type && !typesFor(next.regime).includes(next.type)) next.type = undefined;
  return next;
}

export function parseDashboardSearch(params: URLSearchParams): DashboardSearch {
  const raw = dashboardSearchFields.parse(Object.fromEntries(params));
  // Days without a period name are a custom period (a hand-written link); a named preset ignores them.
  const period = raw.period ?? (raw.from || raw.to ? 'custom' : defaultDashboardSearch.period);
  return consistentDashboardSearch({
    period,
    from: raw.from,
    to: raw.to,
    regime: raw.regime,
    type: raw.type,
    assignee: raw.assignee,
  });
}

/** Only what differs from the defaults goes into the URL, so shared links stay short and readable. */
export function dashboardSearchToParams(given: DashboardSearch): URLSearchParams {
  const search = consistentDashboardSearch(given);
  const params = new URLSearchParams();
  if (search.period !== defaultDashboardSearch.period) params.set('period', search.period);
  for (const key of ['from', 'to', 'regime', 'type', 'assignee'] as const) {
    const value = search[key];
    if (value !== undefined) params.set(key, value);
  }
  return params;
}

/** The period's first and last day (null: open), the preset resolved against `today` (YYYY-MM-DD). */
export function resolvedPeriodOf(
  search: DashboardSearch,
  today: string,
): { from: string | null; to: string | null } {
  if (search.period === 'custom') return { from: search.from ?? null, to: search.to ?? null };
  return periodRange(search.period, today);
}

/** The input `dashboard.get` (and the figures' CSV) takes for this search. */
export function dashboardInputOf(search: DashboardSearch, today: string): DashboardInput {
  const { from, to } = resolvedPeriodOf(search, today);
  return {
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
    ...(search.regime ? { regime: search.regime } : {}),
    ...(search.type ? { type: search.type } : {}),
    ...(search.assignee ? { assignee: search.assignee } : {}),
  };
}

const exportHref = (path: string, input: object) =>
  `${path}?${new URLSearchParams({ input: JSON.stringify(input) }).toString()}`;

/** The dashboard's figures as CSV, for the same filters (an audited download). */
export function dashboardCsvHrefOf(input: DashboardInput): string {
  return exportHref('/export/dashboard.csv', input);
}

/** The CCPA §7101 request log for the period and regime (receipt days); the log has no type or assignee. */
export function requestLogHrefOf(input: DashboardInput): string {
  const log: RequestLogInput = {
    ...(input.from ? { from: input.from } : {}),
    ...(input.to ? { to: input.to } : {}),
    ...(input.regime ? { regime: input.regime } : {}),
  };
  return exportHref('/export/request-log.csv', log);
}

/** The CCPA §7102 metrics of a year as CSV. */
export function ccpaReportCsvHrefOf(year: number): string {
  return exportHref('/export/ccpa-7102.csv', { year });
}

// --- the §7102 page's year ---------------------------------------------------------------------------------

/** The first year the CCPA regulations' metrics apply to (the server refuses earlier ones). */
export const firstCcpaReportYear = 2020;

/** The years the §7102 page offers: 2020 to this year, newest first. */
export function ccpaReportYearsOf(today: string): number[] {
  const thisYear = Number(today.slice(0, 4));
  const years: number[] = [];
  for (let y = thisYear; y >= firstCcpaReportYear; y -= 1) years.push(y);
  return years;
}

/** `?year=` as a year the page offers; anything else is last calendar year (the report's usual subject). */
export function parseCcpaReportYear(params: URLSearchParams, today: string): number {
  const years = ccpaReportYearsOf(today);
  const raw = params.get('year');
  const year = raw !== null && /^\d{4}$/.test(raw) ? Number(raw) : NaN;
  if (years.includes(year)) return year;
  return Math.max(Number(today.slice(0, 4)) - 1, firstCcpaReportYear);
}

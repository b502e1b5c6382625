import {
  closureBasisLabels,
  openRequestStatuses,
  percentOf,
  requestReasonCodeLabels,
  requestStatusLabels,
  type RequestStatus,
} from '@privdesk/shared/constants';
import type { Drill } from '@privdesk/shared';
import { formatShortCalendarDate } from '../../lib/dates';
import { requestTypeLabel } from '../../lib/labels';
import { formatMonth, formatPercent } from './format';
import type { DashboardData } from './types';

/** One line or bar series: its key in each row's values, its name in the legend, a theme colour. */
export interface ChartSeriesSpec {
  name: string;
  label: string;
  /** A Mantine theme colour (`blue.6`): it follows the light and dark schemes. */
  color: string;
}

/** One category (a month, a status, a person): its values per series and the queue filters behind each. */
export interface ChartRow {
  label: string;
  values: Record<string, number | null>;
  /** The requests behind each series' value here: clicking that bar (or point) opens them in the queue. */
  drills: Partial<Record<string, Drill>>;
}

/**
 * What the lazily loaded chart module draws. It is plain data (built here, beside the page), so the chart
 * module needs nothing of the app but types, and the app nothing of the charts until one is drawn.
 */
export interface ChartSpec {
  kind: 'bar' | 'line';
  rows: ChartRow[];
  series: ChartSeriesSpec[];
  /** The chart's text alternative (the table toggle is the full one). */
  summary: string;
  /** Bars stacked per category rather than side by side. */
  stacked?: boolean;
  /** Bars running across, the categories down the side: for long names (statuses, reasons, people). */
  horizontal?: boolean;
  /** Values are percentages. */
  percent?: boolean;
}

/** The chart's height in pixels: room for each category when they run down the side. */
export function chartHeightOf(spec: ChartSpec): number {
  if (!spec.horizontal) return 240;
  const perRow = spec.stacked || spec.series.length === 1 ? 34 : 52;
  return Math.max(160, spec.rows.length * perRow + (spec.series.length > 1 ? 72 : 40));
}

const clockColors = { effective: 'blue.6', statutory: 'teal.6', company: 'orange.6' } as const;

// Told apart by hue and lightness both, in the light and the dark scheme alike.
const statusColors: Record<(typeof openRequestStatuses)[number], string> = {
  received: 'blue.5',
  verifying: 'cyan.6',
  in_progress: 'violet.7',
  awaiting_requester: 'yellow.6',
  awaiting_approval: 'pink.6',
  approved: 'teal.7',
  fulfilling: 'lime.7',
};

const list = (parts: string[]) => (parts.length > 0 ? parts.join(', ') : 'none');

/** On time per month of the answer, on each of the three clocks, as a share of that month's answers. */
export function onTimeChartOf(d: DashboardData): ChartSpec {
  const clocks = ['effective', 'statutory', 'company'] as const;
  const rows = d.answeredByMonth.map((m) => ({
    label: formatMonth(m.month),
    values: Object.fromEntries(clocks.map((c) => [c, percentOf(m[c].onTime.count, m.responded.count)])),
    drills: Object.fromEntries(clocks.map((c) => [c, m[c].onTime.drill])),
  }));
  return {
    kind: 'line',
    rows,
    percent: true,
    series: clocks.map((c) => ({ name: c, label: closureBasisLabels[c], color: clockColors[c] })),
    summary: `On time per month, against the effective date: ${list(
      rows.map((r) => `${r.label} ${formatPercent(r.values.effective ?? null)}`),
    )}.`,
  };
}

/** Answers per month, on time and late against the effective date. */
export function answeredChartOf(d: DashboardData): ChartSpec {
  const rows = d.answeredByMonth.map((m) => ({
    label: formatMonth(m.month),
    values: { onTime: m.effective.onTime.count, late: m.effective.late.count },
    drills: { onTime: m.effective.onTime.drill, late: m.effective.late.drill },
  }));
  return {
    kind: 'bar',
    rows,
    stacked: true,
    series: [
      { name: 'onTime', label: 'On time', color: 'blue.6' },
      { name: 'late', label: 'Late', color: 'red.6' },
    ],
    summary: `Requests answered per month: ${list(
      d.answeredByMonth.map(
        (m) =>
          `${formatMonth(m.month)} ${String(m.responded.count)} (${String(m.effective.late.count)} late)`,
      ),
    )}.`,
  };
}

/** Requests received per week (Monday to Sunday, UTC). */
export function intakeChartOf(d: DashboardData): ChartSpec {
  const rows = d.intake.map((w) => ({
    label: formatShortCalendarDate(w.weekStart, d.today),
    values: { received: w.count },
    drills: { received: w.drill },
  }));
  return {
    kind: 'bar',
    rows,
    series: [{ name: 'received', label: 'Received', color: 'blue.6' }],
    summary: `Requests received per week: ${list(rows.map((r) => `week of ${r.label} ${String(r.values.received)}`))}.`,
  };
}

/** Median and 90th-percentile calendar days from receipt to answer, per request type. */
export function daysToCloseChartOf(d: DashboardData): ChartSpec {
  const rows = d.daysToClose.map((t) => ({
    label: requestTypeLabel(t.type),
    values: { median: t.median, p90: t.p90 },
    drills: { median: t.responded.drill, p90: t.responded.drill },
  }));
  return {
    kind: 'bar',
    rows,
    horizontal: true,
    series: [
      { name: 'median', label: 'Median days', color: 'blue.6' },
      { name: 'p90', label: '90th percentile', color: 'orange.6' },
    ],
    summary: `Days to close per type, median and 90th percentile: ${list(
      d.daysToClose.map(
        (t) => `${requestTypeLabel(t.type)} ${String(t.median ?? '—')} and ${String(t.p90 ?? '—')}`,
      ),
    )}.`,
  };
}

/** Denials per reason, as a share of every request answered in the period. */
export function denialChartOf(d: DashboardData): ChartSpec {
  const answered = d.answered.responded.count;
  const rows = d.denied.byReason.map((r) => ({
    label: requestReasonCodeLabels[r.reasonCode],
    values: { rate: percentOf(r.count, answered) },
    drills: { rate: r.drill },
  }));
  return {
    kind: 'bar',
    rows,
    horizontal: true,
    percent: true,
    series: [{ name: 'rate', label: 'Share of answered requests', color: 'red.6' }],
    summary: `Denials by reason, as a share of the ${String(answered)} requests answered: ${list(
      rows.map((r) => `${r.label} ${formatPercent(r.values.rate ?? null)}`),
    )}.`,
  };
}

/** Open requests per status, in the lifecycle's order. */
export function openByStatusChartOf(d: DashboardData): ChartSpec {
  const rows = d.open.byStatus.map((s) => ({
    label: requestStatusLabels[s.status],
    values: { open: s.count },
    drills: { open: s.drill },
  }));
  return {
    kind: 'bar',
    rows,
    horizontal: true,
    series: [{ name: 'open', label: 'Open', color: 'blue.6' }],
    summary: `Open requests by status: ${list(rows.map((r) => `${r.label} ${String(r.values.open)}`))}.`,
  };
}

/** The statuses anyone's open requests are in (the workload's columns), in the lifecycle's order. */
export function workloadStatusesOf(d: DashboardData): RequestStatus[] {
  const present = new Set(
    d.workload.flatMap((w) => w.byStatus.filter((s) => s.count > 0).map((s) => s.status)),
  );
  return openRequestStatuses.filter((s) => present.has(s));
}

export function assigneeName(assignee: DashboardData['workload'][number]['assignee']): string {
  return assignee?.name ?? 'Unassigned';
}

/** Open requests per assignee, stacked by status. */
export function workloadChartOf(d: DashboardData): ChartSpec {
  const statuses = workloadStatusesOf(d);
  const rows = d.workload.map((w) => ({
    label: assigneeName(w.assignee),
    values: Object.fromEntries(statuses.map((s) => [s, w.byStatus.find((b) => b.status === s)?.count ?? 0])),
    drills: Object.fromEntries(w.byStatus.map((b) => [b.status, b.drill])),
  }));
  return {
    kind: 'bar',
    rows,
    stacked: true,
    horizontal: true,
    series: statuses.map((s) => ({
      name: s,
      label: requestStatusLabels[s],
      color: statusColors[s as keyof typeof statusColors],
    })),
    summary: `Open requests per assignee: ${list(
      d.workload.map((w) => `${assigneeName(w.assignee)} ${String(w.total.count)}`),
    )}.`,
  };
}

/** Requests with erasure lines still outstanding, per data system. */
export function erasureChartOf(d: DashboardData): ChartSpec {
  const rows = d.erasure.map((e) => ({
    label: e.system.name,
    values: { requests: e.count },
    drills: { requests: e.drill },
  }));
  return {
    kind: 'bar',
    rows,
    horizontal: true,
    series: [{ name: 'requests', label: 'Requests with lines outstanding', color: 'grape.6' }],
    summary: `Erasure requests with lines outstanding, per data system: ${list(
      rows.map((r) => `${r.label} ${String(r.values.requests)}`),
    )}.`,
  };
}

import { formatCalendarDate } from '../../lib/dates';

const monthFormat = new Intl.DateTimeFormat('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' });

/** `2026-07` as "Jul 2026". */
export function formatMonth(month: string): string {
  return monthFormat.format(new Date(`${month}-01T00:00:00.000Z`));
}

/** A share as the dashboard shows it: "93.3%", or a dash when nothing was counted. */
export function formatPercent(percent: number | null): string {
  return percent === null ? '—' : `${String(percent)}%`;
}

/** Days to close (one decimal from the server), or a dash when nothing was answered. */
export function formatDays(days: number | null): string {
  return days === null ? '—' : String(days);
}

const countFormat = new Intl.NumberFormat('en-GB');

export function formatCount(count: number): string {
  return countFormat.format(count);
}

/** "1 Jul 2026 – 30 Sep 2026", "From 1 Jul 2026", "Until 30 Sep 2026" or "All time". */
export function formatPeriod(range: { from: string | null; to: string | null }): string {
  const { from, to } = range;
  if (from && to) return `${formatCalendarDate(from)} – ${formatCalendarDate(to)}`;
  if (from) return `From ${formatCalendarDate(from)}`;
  if (to) return `Until ${formatCalendarDate(to)}`;
  return 'All time';
}

/** "1 request" / "3 requests". */
export function requestsCount(count: number): string {
  return `${formatCount(count)} ${count === 1 ? 'request' : 'requests'}`;
}

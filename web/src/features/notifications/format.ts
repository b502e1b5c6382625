/** "Notifications, 3 unread": the bell's accessible name carries the count its badge shows. */
export function bellLabelOf(unread: number): string {
  return unread > 0 ? `Notifications, ${unread} unread` : 'Notifications';
}

/** The badge's text: long counts would widen the header, and past 99 the exact figure says nothing new. */
export function badgeTextOf(unread: number): string {
  return unread > 99 ? '99+' : String(unread);
}

export { formatCalendarDate, formatDateTime, formatShortCalendarDate } from '../../lib/dates';

// An instant, shown in the viewer's zone (unlike the calendar dates above).
const dayFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });
const relativeFormat = new Intl.RelativeTimeFormat('en-GB', { numeric: 'auto' });
const units: readonly [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

/** "just now", "5 minutes ago", "yesterday", "3 days ago"; past a week, the date itself. */
export function formatRelativeTime(iso: string, now: Date = new Date()): string {
  const at = new Date(iso);
  const elapsed = now.getTime() - at.getTime();
  if (elapsed < 60_000) return 'just now';
  if (elapsed >= 7 * 86_400_000) return dayFormat.format(at);
  for (const [unit, ms] of units) {
    if (elapsed >= ms) return relativeFormat.format(-Math.floor(elapsed / ms), unit);
  }
  return 'just now';
}

// Zod-free and engine-free: calendar dates of "now" where requests are handled. The web imports these
// through `@privdesk/shared/constants`, so the queue and the server count "today" the same way.
import { defaultRegimeHandling, type RegimeHandling } from './requests.constants.js';

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** The `YYYY-MM-DD` calendar date of an instant in an IANA time zone. */
export function calendarDateIn(instant: Date, timeZone: string): string {
  let format = dateFormats.get(timeZone);
  if (format === undefined) {
    // en-CA formats as YYYY-MM-DD.
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    dateFormats.set(timeZone, format);
  }
  return format.format(instant);
}

/**
 * "Today" for the queue's due filters: the latest calendar date among the handling time zones. A request is
 * then never shown as not yet overdue after its due day has ended where it is handled; at worst it shows
 * overdue a few hours early, which errs on the side of the requester.
 */
export function queueToday(
  now: Date,
  handlings: readonly RegimeHandling[] = Object.values(defaultRegimeHandling),
): string {
  let latest = '';
  for (const h of handlings) {
    const d = calendarDateIn(now, h.timeZone);
    if (d > latest) latest = d;
  }
  return latest;
}

/** `YYYY-MM-DD` plus whole days, in calendar terms (no time zone involved). */
export function addDaysIso(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * A closing instant's calendar day where the request is handled, and the calendar days to it from the day of
 * receipt there: the days to respond that the dashboard and the §7102 report count (stamped on closing).
 */
export function closedDaysOf(
  receivedAt: Date,
  closedAt: Date,
  timeZone: string,
): { closedOn: string; closedDays: number } {
  const closedOn = calendarDateIn(closedAt, timeZone);
  const receivedOn = calendarDateIn(receivedAt, timeZone);
  const days = (Date.parse(`${closedOn}T00:00:00Z`) - Date.parse(`${receivedOn}T00:00:00Z`)) / 86_400_000;
  return { closedOn, closedDays: Math.round(days) };
}

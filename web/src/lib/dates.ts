// One way of writing dates across the app: day, short month, year, and a 24-hour clock with the zone named.
// Calendar dates (`2026-04-12`: a deadline, a ledger day) are dates, not instants: no time zone shifts them.
// Instants (when something happened) show in the viewer's own zone, which is named so nobody guesses.

const calendarFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});

const shortCalendarFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  timeZone: 'UTC',
});

const dateTimeFormat = new Intl.DateTimeFormat('en-GB', {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZoneName: 'short',
});

const shortDayFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short' });
const shortDayYearFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
});
const clockFormat = new Intl.DateTimeFormat('en-GB', {
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** A calendar date (`2026-04-12`) as "12 Apr 2026". */
export function formatCalendarDate(date: string): string {
  return calendarFormat.format(new Date(`${date}T00:00:00.000Z`));
}

/** A calendar date for a table cell or a phone row: "12 Apr" in the year of `today`, "12 Apr 2027" otherwise. */
export function formatShortCalendarDate(date: string, today: string): string {
  const at = new Date(`${date}T00:00:00.000Z`);
  return date.slice(0, 4) === today.slice(0, 4) ? shortCalendarFormat.format(at) : calendarFormat.format(at);
}

/** A moment in the viewer's own time zone, with the zone named: "2 Mar 2026, 09:15 UTC". */
export function formatDateTime(iso: string): string {
  return dateTimeFormat.format(new Date(iso));
}

/**
 * A moment for a table cell, in the viewer's zone: "28 Nov" and "13:35" (the year only when it is not this
 * one). The cell's title carries the full `formatDateTime`.
 */
export function formatCompactDateTime(iso: string, now: Date = new Date()): { day: string; time: string } {
  const at = new Date(iso);
  const day =
    at.getFullYear() === now.getFullYear() ? shortDayFormat.format(at) : shortDayYearFormat.format(at);
  return { day, time: clockFormat.format(at) };
}

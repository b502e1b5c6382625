import {
  clockRuleFor,
  companySla,
  dueSoonDays,
  isOpenStatus,
  queueDueBasis,
  queueToday,
  regimeTable,
  requestTypeLabels,
  type Regime,
  type RequestStatus,
  type RequestType,
} from '@privdesk/shared/constants';

/** "opt-out of sale/sharing" → "Opt-out of sale/sharing": the shared labels are written to sit inside sentences. */
export function requestTypeLabel(type: RequestType): string {
  const label = requestTypeLabels[type];
  return label.charAt(0).toUpperCase() + label.slice(1);
}

export function regimeLabel(regime: Regime): string {
  return regimeTable[regime].label;
}

/** The citation of the rule that clocks `type` under `regime` ("GDPR Art. 12(3)"), when there is one. */
export function regimeCitation(regime: Regime, type: RequestType): string | null {
  return clockRuleFor(regime, type)?.citation ?? null;
}

const dateFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});

/** A calendar date (`2026-04-12`) as "12 Apr 2026". It is a date, not an instant: no time zone shifts it. */
export function formatCalendarDate(date: string): string {
  return dateFormat.format(new Date(`${date}T00:00:00.000Z`));
}

// Day-month-year and a 24-hour clock, like the calendar dates beside them: one way of writing dates on a page.
const dateTimeFormat = new Intl.DateTimeFormat('en-GB', {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZoneName: 'short',
});

/** A moment in the viewer's own time zone, with the zone named so nobody guesses. */
export function formatDateTime(iso: string): string {
  return dateTimeFormat.format(new Date(iso));
}

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

const shortCalendarFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  timeZone: 'UTC',
});

/** A calendar date for a table cell: "12 Apr" this year, "12 Apr 2027" otherwise. */
export function formatShortCalendarDate(date: string, today: string): string {
  const at = new Date(`${date}T00:00:00.000Z`);
  return date.slice(0, 4) === today.slice(0, 4) ? shortCalendarFormat.format(at) : dateFormat.format(at);
}

/**
 * "Today" as the queue's due filters count it (shared `queueToday`: the latest calendar date among the
 * handling entities' zones), so a row labelled "overdue" is exactly one the Overdue filter finds. The
 * server counts with the admin's time zones; the web with the defaults, which differ only if changed.
 */
export function queueTodayOf(now: Date): string {
  return queueToday(now);
}

function daysBetween(from: string, to: string): number {
  const ms = Date.parse(`${to}T00:00:00.000Z`) - Date.parse(`${from}T00:00:00.000Z`);
  return Math.round(ms / 86_400_000);
}

export type DueTone = 'overdue' | 'soon' | 'ok' | 'closed';

export interface DueState {
  tone: DueTone;
  /** "in 3 days", "today", "2 days overdue"; null for closed requests, which are never due. */
  text: string | null;
}

/** How a due date stands today: overdue, due soon (5 days or fewer, product.md §4), fine, or no longer relevant. */
export function dueStateOf(dueOn: string, status: RequestStatus, today: string): DueState {
  if (!isOpenStatus(status)) return { tone: 'closed', text: null };
  const days = daysBetween(today, dueOn);
  if (days < 0) {
    const late = -days;
    return { tone: 'overdue', text: `${late} ${late === 1 ? 'day' : 'days'} overdue` };
  }
  const text = days === 0 ? 'today' : `in ${days} ${days === 1 ? 'day' : 'days'}`;
  return { tone: days <= dueSoonDays ? 'soon' : 'ok', text };
}

/**
 * Which clock the queue's "due" date is, in words, so nobody mistakes the company's promise for the law's.
 * The legal-clocks work moves it from the company's 30 days to the earliest applicable clock.
 */
export function dueClockLabel(): string {
  return queueDueBasis === 'company'
    ? `Company SLA: ${companySla.defaultDays} calendar days from receipt`
    : 'Effective: the earliest applicable clock';
}

/** The same, as a sentence for the queue's introduction. */
export function dueBasisSentence(): string {
  return queueDueBasis === 'company'
    ? `Due dates are the company’s ${companySla.defaultDays} days from receipt.`
    : `Due dates are the earliest applicable clock: the law’s or the company’s ${companySla.defaultDays} days.`;
}

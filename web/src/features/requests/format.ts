import {
  clockRuleFor,
  companySla,
  dueSoonDays,
  isOpenStatus,
  queueDueBasis,
  queueToday,
  type Regime,
  type RequestStatus,
  type RequestType,
} from '@privdesk/shared/constants';

export { regimeLabel, requestTypeLabel } from '../../lib/labels';

/** The citation of the rule that clocks `type` under `regime` ("GDPR Art. 12(3)"), when there is one. */
export function regimeCitation(regime: Regime, type: RequestType): string | null {
  return clockRuleFor(regime, type)?.citation ?? null;
}

export {
  formatCalendarDate,
  formatCompactDateTime,
  formatDateTime,
  formatShortCalendarDate,
} from '../../lib/dates';

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
/** What the queue's due dates are measured against; `slaDays` is the company's answer time as set. */
export function dueBasisSentence(slaDays: number = companySla.defaultDays): string {
  return queueDueBasis === 'company'
    ? `Due dates are the company’s ${slaDays} days from receipt.`
    : `Due dates are the earliest applicable clock (the law’s or the company’s ${slaDays} days), or the extended date once an extension is noticed.`;
}

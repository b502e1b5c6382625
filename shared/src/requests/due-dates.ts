import { computeClocks } from '../clocks/engine.js';
import type { Regime, RequestType } from '../clocks/regimes.js';
import { defaultRegimeHandling, type RegimeHandling } from './requests.constants.js';

export interface DerivedDueDates {
  /** The calendar date of receipt in the handling entity's time zone. */
  receivedOn: string;
  companyDueOn: string;
  statutoryDueOn: string;
  effectiveDueOn: string;
}

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
 * The one function that derives a request's stored due dates. It asks the clock engine with an empty
 * ledger: until the legal-clocks issue adds the ledger (acknowledgements, pauses, extensions), the
 * receipt alone decides. That issue passes the ledger and the handling settings here; callers keep calling
 * this one function. Throws the engine's ClockError when the type is not a right under the regime.
 */
export function deriveDueDates(input: {
  regime: Regime;
  type: RequestType;
  receivedAt: Date;
  handling?: RegimeHandling;
}): DerivedDueDates {
  const handling = input.handling ?? defaultRegimeHandling[input.regime];
  const receivedOn = calendarDateIn(input.receivedAt, handling.timeZone);
  const clocks = computeClocks({
    regime: input.regime,
    type: input.type,
    receivedOn,
    calendar: handling.calendar,
    events: [],
  });
  return {
    receivedOn,
    companyDueOn: clocks.company.dueOn,
    statutoryDueOn: clocks.statutory.dueOn,
    effectiveDueOn: clocks.effective.dueOn,
  };
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

import { parseIsoDate } from '../clocks/dates.js';

/**
 * Whether a closed request was answered in time, and against which clock. The clock to meet is the one the
 * request page named while it was open: the earliest (statutory or company) — or, once an extension was
 * noticed, the extended statutory date, with the company SLA counted as missed (decision record 0006).
 */
export interface ClosureOutcome {
  /** The calendar day it closed, where the request is handled. */
  closedOn: string;
  /** The clock it was measured against, and that clock's date. */
  against: 'statutory' | 'company';
  dueOn: string;
  /** 0 when on time. */
  daysLate: number;
  /** Kept when closed on or before the statutory date. */
  statutoryMet: boolean;
  /** Missed when closed after its date, or superseded by a noticed extension (a miss in reports). */
  companySlaMet: boolean;
}

export interface ClosureInput {
  closedOn: string;
  statutoryDueOn: string;
  companyDueOn: string;
  /** An extension was in force when it closed. */
  companySuperseded: boolean;
}

function day(value: string, name: string): number {
  const parsed = parseIsoDate(value);
  if (parsed === undefined) throw new RangeError(`${name} is not a calendar date: ${value}`);
  return parsed;
}

export function closureOutcome(input: ClosureInput): ClosureOutcome {
  const closed = day(input.closedOn, 'closedOn');
  const statutory = day(input.statutoryDueOn, 'statutoryDueOn');
  const company = day(input.companyDueOn, 'companyDueOn');
  // A tie goes to the law's clock, as the engine names it.
  const against = input.companySuperseded || statutory <= company ? 'statutory' : 'company';
  const due = against === 'statutory' ? statutory : company;
  return {
    closedOn: input.closedOn,
    against,
    dueOn: against === 'statutory' ? input.statutoryDueOn : input.companyDueOn,
    daysLate: Math.max(0, closed - due),
    statutoryMet: closed <= statutory,
    companySlaMet: !input.companySuperseded && closed <= company,
  };
}

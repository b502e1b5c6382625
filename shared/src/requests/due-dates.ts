import { ClockError } from '../clocks/clock.errors.js';
import type { ClockEvent, ClockResult, ClockSettings, ClockState } from '../clocks/clock.schemas.js';
import { computeClocks } from '../clocks/engine.js';
import { formatHumanDate, parseIsoDate } from '../clocks/dates.js';
import type { Regime, RequestType } from '../clocks/regimes.js';
import { calendarDateIn } from './calendar-today.js';
import { defaultRegimeHandling, isErasureType, type RegimeHandling } from './requests.constants.js';

export interface DerivedDueDates {
  /** The calendar date of receipt in the handling entity's time zone. */
  receivedOn: string;
  companyDueOn: string;
  statutoryDueOn: string;
  effectiveDueOn: string;
  clockState: ClockState;
  /** The engine's whole answer (every clock, the explanation, warnings), for the request page. */
  clocks: ClockResult;
  /** Positions (in the ledger given) of entries left out because the engine refuses them now (see below). */
  skipped: number[];
}

/**
 * Whether a request carries the minors' short internal target (product.md §2: "minors' erasures jump the
 * queue with a short internal target"): an erasure (GDPR erasure, CCPA delete…) whose subject is a minor. Other minors' requests keep
 * the law's and the company's clocks only.
 */
export function minorTargetApplies(request: { type: RequestType; minor: boolean }): boolean {
  return request.minor && isErasureType(request.type);
}

export interface DueDatesInput {
  regime: Regime;
  type: RequestType;
  receivedAt: Date;
  /** The handling entity (settings); defaults to `defaultRegimeHandling`. */
  handling?: RegimeHandling;
  /** The request's clock ledger (active entries, in the order they were recorded). */
  ledger?: readonly ClockEvent[];
  settings?: ClockSettings;
  /**
   * Ledger entries that were valid when recorded can become refusable after a settings change (a holiday
   * calendar moves the end of the notice window; EU pauses switched off shorten it). With this set, such an
   * entry is left out with a warning that says why, instead of failing the whole request — except the
   * positions in `mustKeep` (the entry being added now), whose refusal is the answer to give the person.
   */
  lenient?: { mustKeep: readonly number[] };
  /**
   * The minors' target in hours (setting `minorTargetHours`), given only where it applies
   * (`minorTargetApplies`): the effective due date is then the earlier of the clocks' and the target's day.
   */
  minorTargetHours?: number;
}

function withMinorTarget(
  clocks: ClockResult,
  receivedAt: Date,
  hours: number,
  timeZone: string,
): ClockResult {
  const at = new Date(receivedAt.getTime() + hours * 3_600_000);
  const dueOn = calendarDateIn(at, timeZone);
  const day = parseIsoDate(dueOn);
  const human = day === undefined ? dueOn : formatHumanDate(day);
  const first = dueOn < clocks.effective.dueOn;
  const sentence = first
    ? `Minor’s erasure: the internal target of ${hours} hours from receipt falls on ${human}, before the other clocks, so it is the effective due date.`
    : `Minor’s erasure: the internal target of ${hours} hours from receipt falls on ${human}.`;
  return {
    ...clocks,
    effective: first ? { dueOn, source: 'minor_target' } : clocks.effective,
    minorTarget: { at: at.toISOString(), dueOn, hours },
    explanation: `${clocks.explanation} ${sentence}`,
  };
}

function eventIndexOf(error: ClockError): number | undefined {
  const [head, index] = error.path;
  return head === 'events' && typeof index === 'number' ? index : undefined;
}

/**
 * The one function that derives a request's dates: receipt (in the handling entity's time zone), the
 * ledger and the settings go to the clock engine; its dates go to the indexed columns and its whole answer
 * to the request page. Every writer (intake, ledger changes, received-at edits, the nightly recompute, the
 * seed and the bench generator) calls this, so the stored dates cannot drift from the engine. Throws the
 * engine's ClockError when it refuses the input.
 */
export function deriveDueDates(input: DueDatesInput): DerivedDueDates {
  const handling = input.handling ?? defaultRegimeHandling[input.regime];
  const receivedOn = calendarDateIn(input.receivedAt, handling.timeZone);
  // Positions in the caller's ledger of the events still passed to the engine.
  let kept = (input.ledger ?? []).map((event, index) => ({ event, index }));
  const skipped: number[] = [];
  const skipWarnings: string[] = [];
  for (;;) {
    try {
      const computed = computeClocks({
        regime: input.regime,
        type: input.type,
        receivedOn,
        calendar: handling.calendar,
        events: kept.map((k) => k.event),
        ...(input.settings === undefined ? {} : { settings: input.settings }),
      });
      const clocks =
        input.minorTargetHours === undefined
          ? computed
          : withMinorTarget(computed, input.receivedAt, input.minorTargetHours, handling.timeZone);
      if (skipWarnings.length > 0) clocks.warnings.unshift(...skipWarnings);
      return {
        receivedOn,
        companyDueOn: clocks.company.dueOn,
        statutoryDueOn: clocks.statutory.dueOn,
        effectiveDueOn: clocks.effective.dueOn,
        clockState: clocks.statutory.state,
        clocks,
        skipped,
      };
    } catch (error) {
      const position = error instanceof ClockError ? eventIndexOf(error) : undefined;
      const entry = position === undefined ? undefined : kept[position];
      if (
        !(error instanceof ClockError) ||
        input.lenient === undefined ||
        entry === undefined ||
        input.lenient.mustKeep.includes(entry.index)
      ) {
        if (error instanceof ClockError && entry !== undefined && entry.index !== position) {
          // Point the error at the caller's position, not at the shortened list's.
          throw new ClockError(error.code, error.message, ['events', entry.index, ...error.path.slice(2)]);
        }
        throw error;
      }
      skipped.push(entry.index);
      skipWarnings.push(`Left out of the clocks: ${error.message}`);
      kept = kept.filter((k) => k !== entry);
    }
  }
}

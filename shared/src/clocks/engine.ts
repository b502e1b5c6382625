import { resolveCalendar, type HolidayCalendar } from './calendars.js';
import { ClockError } from './clock.errors.js';
import {
  clockEventKinds,
  clockEventKindsNeedingReason,
  type ClockEventKind,
  type ClockInput,
  type ClockResult,
  type ClockState,
} from './clock.schemas.js';
import {
  addMonthsClamped,
  formatHumanDate,
  formatHumanDateWithWeekday,
  formatIsoDate,
  parseIsoDate,
  type DayNumber,
} from './dates.js';
import {
  clockRuleFor,
  companySla,
  isRegime,
  isRequestType,
  regimeTable,
  regimeTypes,
  regimes,
  requestTypeLabels,
  type ClockRule,
  type Period,
  type RegimeDefinition,
} from './regimes.js';

/**
 * The clock engine: pure, deterministic, no I/O and no notion of "today". Every date in and out is a
 * `YYYY-MM-DD` calendar date in the handling entity's time zone. The rules come from regimes.ts; this
 * file is only the arithmetic and the wording.
 */

type PauseTrack = 'identity' | 'clarification' | 'manual';

interface PauseInterval {
  readonly track: PauseTrack;
  readonly start: DayNumber;
  /** Undefined while the pause is unresolved (asked, not yet received; paused, not yet resumed). */
  end: DayNumber | undefined;
  readonly reason: string | undefined;
}

interface MergedPause {
  readonly start: DayNumber;
  end: DayNumber | undefined;
  readonly members: PauseInterval[];
}

interface PauseOutcome {
  /** The un-rolled base date shifted by every counted pause day. */
  readonly shifted: DayNumber;
  readonly countedDays: number;
  readonly counted: readonly PauseInterval[];
  /** Set when an unresolved pause began before the deadline: the clock is stopped. */
  readonly open: { readonly since: DayNumber; readonly members: readonly PauseInterval[] } | undefined;
  /** Pauses that began after the deadline as it then stood; they do not move it. */
  readonly late: readonly PauseInterval[];
  /**
   * Set when a counted pause began after the un-rolled last day (`periodEnded`), inside the roll-forward
   * to a working day: the clock then stood from the pause's start (`countedFrom`), not from that last day.
   */
  readonly restart: { readonly periodEnded: DayNumber; readonly countedFrom: DayNumber } | undefined;
}

interface Extension {
  readonly on: DayNumber;
  readonly reason: string;
  readonly index: number;
}

interface Ledger {
  readonly pauses: PauseInterval[];
  extension: Extension | undefined;
  acknowledgedOn: DayNumber | undefined;
  readonly warnings: string[];
}

export type TryComputeClocksResult = { ok: true; result: ClockResult } | { ok: false; error: ClockError };

const eventLabels: Record<ClockEventKind, string> = {
  extension_noticed: 'extension notice',
  clarification_asked: 'request for clarification',
  clarification_received: 'clarification received',
  identity_asked: 'request for identity information',
  identity_received: 'identity information received',
  paused: 'pause',
  resumed: 'resume',
  acknowledged: 'acknowledgement',
};

const fmt = formatHumanDate;
const fmtW = formatHumanDateWithWeekday;

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function isEventKind(value: unknown): value is ClockEventKind {
  return typeof value === 'string' && (clockEventKinds as readonly string[]).includes(value);
}

function parseDateField(value: unknown, what: string, path: readonly (string | number)[]): DayNumber {
  const day = typeof value === 'string' ? parseIsoDate(value) : undefined;
  if (day === undefined) {
    throw new ClockError(
      'INVALID_DATE',
      `${what} ${JSON.stringify(value) ?? String(value)} is not a real calendar date (YYYY-MM-DD).`,
      path,
    );
  }
  return day;
}

function periodEnd(period: Period, receipt: DayNumber, calendar: HolidayCalendar): DayNumber {
  switch (period.unit) {
    case 'months':
      return addMonthsClamped(receipt, period.amount);
    case 'calendar_days':
      return receipt + period.amount;
    case 'business_days':
      return calendar.addBusinessDays(receipt, period.amount);
  }
}

function periodLabel(period: Period): string {
  switch (period.unit) {
    case 'months':
      return plural(period.amount, 'month');
    case 'calendar_days':
      return plural(period.amount, 'day');
    case 'business_days':
      return plural(period.amount, 'business day');
  }
}

function describePause(pause: PauseInterval): string {
  const span =
    pause.end === undefined ? `since ${fmt(pause.start)}` : `from ${fmt(pause.start)} to ${fmt(pause.end)}`;
  switch (pause.track) {
    case 'identity':
      return `awaiting identity information ${span}`;
    case 'clarification':
      return `awaiting clarification ${span}`;
    case 'manual':
      return `paused ${span}${pause.reason === undefined ? '' : ` (${pause.reason})`}`;
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function mergePauses(pauses: readonly PauseInterval[]): MergedPause[] {
  const sorted = [...pauses].sort((a, b) => a.start - b.start);
  const merged: MergedPause[] = [];
  for (const pause of sorted) {
    const last = merged[merged.length - 1];
    if (last !== undefined && (last.end === undefined || pause.start <= last.end)) {
      last.members.push(pause);
      if (last.end !== undefined)
        last.end = pause.end === undefined ? undefined : Math.max(last.end, pause.end);
      continue;
    }
    merged.push({ start: pause.start, end: pause.end, members: [pause] });
  }
  return merged;
}

/** The final date of a period: rolled forward to a working day where the rule says so. */
function finalise(day: DayNumber, rule: ClockRule, calendar: HolidayCalendar): DayNumber {
  return rule.rollForward ? calendar.rollForward(day) : day;
}

/**
 * Shifts an un-rolled base date by the days the clock stood still. Overlapping pauses count once. A
 * pause that began after the deadline as it stood (rolled, if the rule rolls) does not move it.
 */
function applyPauses(
  base: DayNumber,
  merged: readonly MergedPause[],
  rule: ClockRule,
  calendar: HolidayCalendar,
): PauseOutcome {
  let shifted = base;
  let countedDays = 0;
  const counted: PauseInterval[] = [];
  const late: PauseInterval[] = [];
  let open: PauseOutcome['open'];
  let restart: PauseOutcome['restart'];
  for (const pause of merged) {
    if (pause.start > finalise(shifted, rule, calendar)) {
      late.push(...pause.members);
      continue;
    }
    if (pause.start > shifted) {
      // The period had run out and only the roll-forward to a working day kept it open (the pause began
      // on the rolled due date or a non-working day before it). Adding the pause to the un-rolled day
      // would put the due date before the day the wait ended — a pause on the due date would not count.
      // The clock restarts with nothing left, so the due date becomes the day the wait ends, rolled.
      restart = { periodEnded: shifted, countedFrom: pause.start };
      shifted = pause.start;
    }
    if (pause.end === undefined) {
      // Days already paused by resolved waits that run into the unresolved one count; the unresolved
      // wait itself counts from its ask only once it is resolved (we have no "today").
      const unresolved = pause.members.filter((member) => member.end === undefined);
      const since = Math.min(...unresolved.map((member) => member.start));
      const before = since - pause.start;
      if (before > 0) {
        countedDays += before;
        shifted += before;
        counted.push(...pause.members.filter((member) => member.end !== undefined));
      }
      open = { since, members: unresolved };
      break;
    }
    countedDays += pause.end - pause.start;
    shifted += pause.end - pause.start;
    counted.push(...pause.members);
  }
  return { shifted, countedDays, counted, open, late, restart };
}

function validateAndSortEvents(
  input: ClockInput,
  receipt: DayNumber,
): { kind: ClockEventKind; day: DayNumber; reason: string | undefined; index: number }[] {
  const events: unknown = input.events;
  if (!Array.isArray(events))
    throw new ClockError('INVALID_EVENT', 'events must be a list of clock events.', ['events']);
  const out: { kind: ClockEventKind; day: DayNumber; reason: string | undefined; index: number }[] = [];
  events.forEach((event: unknown, index: number) => {
    if (typeof event !== 'object' || event === null) {
      throw new ClockError('INVALID_EVENT', `Event ${index + 1} is not a clock event.`, ['events', index]);
    }
    const kind: unknown = 'kind' in event ? event.kind : undefined;
    if (!isEventKind(kind)) {
      throw new ClockError(
        'INVALID_EVENT',
        `Unknown clock event kind ${JSON.stringify(kind) ?? String(kind)}: expected one of ${clockEventKinds.join(', ')}.`,
        ['events', index, 'kind'],
      );
    }
    const on: unknown = 'on' in event ? event.on : undefined;
    const day = parseDateField(on, `The ${eventLabels[kind]} date`, ['events', index, 'on']);
    const rawReason: unknown = 'reason' in event ? event.reason : undefined;
    const reason = typeof rawReason === 'string' && rawReason.trim() !== '' ? rawReason.trim() : undefined;
    if (reason === undefined && clockEventKindsNeedingReason.includes(kind)) {
      throw new ClockError(
        'REASON_REQUIRED',
        kind === 'extension_noticed'
          ? `The extension notice of ${fmt(day)} needs its reasons: the requester must be told why.`
          : `The pause of ${fmt(day)} needs a reason: every pause records why the clock stopped.`,
        ['events', index, 'reason'],
      );
    }
    if (day < receipt) {
      throw new ClockError(
        'EVENT_BEFORE_RECEIPT',
        `The ${eventLabels[kind]} dated ${fmt(day)} is before the request was received (${fmt(receipt)}).`,
        ['events', index, 'on'],
      );
    }
    out.push({ kind, day, reason, index });
  });
  // Array.prototype.sort is stable: same-day events keep the order they were recorded in.
  return out.sort((a, b) => a.day - b.day);
}

function readLedger(
  input: ClockInput,
  receipt: DayNumber,
  rule: ClockRule,
  regime: RegimeDefinition,
): Ledger {
  const ledger: Ledger = { pauses: [], extension: undefined, acknowledgedOn: undefined, warnings: [] };
  const open: Record<PauseTrack, PauseInterval | undefined> = {
    identity: undefined,
    clarification: undefined,
    manual: undefined,
  };
  const openPause = (track: PauseTrack, day: DayNumber, reason: string | undefined): void => {
    const pause: PauseInterval = { track, start: day, end: undefined, reason };
    open[track] = pause;
    ledger.pauses.push(pause);
  };

  for (const event of validateAndSortEvents(input, receipt)) {
    switch (event.kind) {
      case 'extension_noticed': {
        if (rule.extension === null) {
          throw new ClockError(
            'EXTENSION_NOT_AVAILABLE',
            `${rule.citation} allows no extension for ${requestTypeLabels[input.type]} requests under ${regime.label}; the notice of ${fmt(event.day)} cannot extend the deadline.`,
            ['events', event.index],
          );
        }
        if (ledger.extension !== undefined) {
          throw new ClockError(
            'EXTENSION_TWICE',
            `${rule.citation} allows one extension only: it was already noticed on ${fmt(ledger.extension.on)}, so the notice of ${fmt(event.day)} is refused.`,
            ['events', event.index],
          );
        }
        ledger.extension = { on: event.day, reason: event.reason ?? '', index: event.index };
        break;
      }
      case 'identity_asked':
      case 'clarification_asked': {
        const track: PauseTrack = event.kind === 'identity_asked' ? 'identity' : 'clarification';
        const already = open[track];
        if (already !== undefined) {
          ledger.warnings.push(
            `${capitalise(eventLabels[event.kind])} on ${fmt(event.day)} repeats an open one of ${fmt(already.start)}; the wait still counts from ${fmt(already.start)}.`,
          );
        } else {
          openPause(track, event.day, undefined);
        }
        if (track === 'identity' && rule.verificationForbidden) {
          ledger.warnings.push(
            `Identity information was asked for on ${fmt(event.day)}, but ${rule.citation} forbids requiring verification for ${requestTypeLabels[input.type]} requests.`,
          );
        }
        break;
      }
      case 'identity_received':
      case 'clarification_received': {
        const track: PauseTrack = event.kind === 'identity_received' ? 'identity' : 'clarification';
        const pending = open[track];
        if (pending === undefined) {
          ledger.warnings.push(
            `${capitalise(eventLabels[event.kind])} on ${fmt(event.day)} with nothing asked for; it does not move the clock.`,
          );
        } else {
          pending.end = event.day;
          open[track] = undefined;
        }
        break;
      }
      case 'paused': {
        const current = open.manual;
        if (current !== undefined) {
          throw new ClockError(
            'ALREADY_PAUSED',
            `The clock was paused on ${fmt(event.day)} while already paused since ${fmt(current.start)}; resume it first.`,
            ['events', event.index],
          );
        }
        openPause('manual', event.day, event.reason);
        break;
      }
      case 'resumed': {
        const current = open.manual;
        if (current === undefined) {
          throw new ClockError(
            'RESUME_WITHOUT_PAUSE',
            `The clock was resumed on ${fmt(event.day)} but it was not paused.`,
            ['events', event.index],
          );
        }
        current.end = event.day;
        open.manual = undefined;
        break;
      }
      case 'acknowledged': {
        ledger.acknowledgedOn ??= event.day;
        break;
      }
    }
  }
  return ledger;
}

function readSettings(input: ClockInput): { companySlaDays: number; euPauseEnabled: boolean } {
  const settings = input.settings;
  const companySlaDays = settings?.companySlaDays ?? companySla.defaultDays;
  if (!Number.isInteger(companySlaDays) || companySlaDays < 1 || companySlaDays > 366) {
    throw new ClockError(
      'INVALID_SETTINGS',
      `The company SLA must be a whole number of days from 1 to 366 (got ${String(companySlaDays)}).`,
      ['settings', 'companySlaDays'],
    );
  }
  const euPauseEnabled = settings?.euPauseEnabled ?? false;
  if (typeof euPauseEnabled !== 'boolean') {
    throw new ClockError('INVALID_SETTINGS', 'euPauseEnabled must be true or false.', [
      'settings',
      'euPauseEnabled',
    ]);
  }
  return { companySlaDays, euPauseEnabled };
}

/**
 * Bumped whenever a rule change moves dates already stored: start-up then queues one recompute of every
 * open request for it (once per revision, by its job key). 2026-12-02: a noticed extension makes the
 * extended statutory date the effective one (decision record 0006). 2026-12-07: a minor's erasure takes
 * the minors' target (`deriveDueDates`) as its effective date when that comes first.
 */
export const clockRulesRevision = '2026-12-07.minors-target';

/**
 * Derives every deadline of a request from its receipt date and clock ledger. Throws a ClockError for
 * an input or ledger the law does not allow (see clock.errors.ts for the codes).
 */
export function computeClocks(input: ClockInput): ClockResult {
  const regimeName: unknown = input.regime;
  if (typeof regimeName !== 'string' || !isRegime(regimeName)) {
    throw new ClockError(
      'UNKNOWN_REGIME',
      `Unknown regime ${JSON.stringify(regimeName) ?? String(regimeName)}: expected one of ${regimes.join(', ')}.`,
      ['regime'],
    );
  }
  const regime = regimeTable[regimeName];
  const type: unknown = input.type;
  if (typeof type !== 'string' || !isRequestType(type)) {
    throw new ClockError('UNKNOWN_TYPE', `Unknown request type ${JSON.stringify(type) ?? String(type)}.`, [
      'type',
    ]);
  }
  const rule = clockRuleFor(regimeName, type);
  if (rule === undefined) {
    throw new ClockError(
      'TYPE_NOT_COVERED',
      `"${requestTypeLabels[type]}" is not a right under ${regime.label}; it covers ${regimeTypes[regimeName].map((t) => requestTypeLabels[t]).join(', ')}.`,
      ['type'],
    );
  }
  const receipt = parseDateField(input.receivedOn, 'The receipt date', ['receivedOn']);
  const calendarCode: unknown = input.calendar;
  const calendar = resolveCalendar(typeof calendarCode === 'string' ? calendarCode : String(calendarCode));
  const settings = readSettings(input);
  const ledger = readLedger(input, receipt, rule, regime);
  const warnings = ledger.warnings;

  // --- pauses -------------------------------------------------------------------------------------
  const pausesCount = rule.pause === 'always' || (rule.pause === 'if_enabled' && settings.euPauseEnabled);
  if (!pausesCount) {
    for (const pause of ledger.pauses) {
      warnings.push(
        rule.pause === 'if_enabled'
          ? `${capitalise(describePause(pause))}: recorded, but the ${regime.label} clock keeps running (pauses are not enabled in settings).`
          : `${capitalise(describePause(pause))}: recorded, but the ${regime.label} clock (${rule.citation}) cannot be paused and keeps running.`,
      );
    }
  }
  const merged = pausesCount ? mergePauses(ledger.pauses) : [];

  // --- statutory clock ----------------------------------------------------------------------------
  const initialBase = periodEnd(rule.period, receipt, calendar);
  const initial = applyPauses(initialBase, merged, rule, calendar);
  const initialDue = finalise(initial.shifted, rule, calendar);

  let extendedBase: DayNumber | undefined;
  let extendedOutcome: PauseOutcome | undefined;
  let extendedDue: DayNumber | undefined;
  let noticeBy: DayNumber | undefined;
  if (rule.extension !== null) {
    extendedBase = periodEnd(rule.extension.totalFromReceipt, receipt, calendar);
    extendedOutcome = applyPauses(extendedBase, merged, rule, calendar);
    extendedDue = finalise(extendedOutcome.shifted, rule, calendar);
    // The notice window is the initial period as the law counts it: its (rolled, pause-shifted) last day.
    noticeBy = initialDue;
    const notice = ledger.extension;
    // While a pause that began inside the first period is unresolved, that period has not ended.
    if (notice !== undefined && initial.open === undefined && notice.on > noticeBy) {
      throw new ClockError(
        'EXTENSION_TOO_LATE',
        `${rule.citation} allows an extension only when noticed by ${fmt(noticeBy)}; this one was noticed on ${fmt(notice.on)}.`,
        ['events', notice.index, 'on'],
      );
    }
  }

  const extended =
    ledger.extension !== undefined && extendedOutcome !== undefined && extendedDue !== undefined;
  const applicable = extended && extendedOutcome !== undefined ? extendedOutcome : initial;
  const due = extended && extendedDue !== undefined ? extendedDue : initialDue;
  const state: ClockState = applicable.open !== undefined ? 'paused' : extended ? 'extended' : 'initial';

  for (const pause of applicable.late) {
    warnings.push(
      `${capitalise(describePause(pause))}: began after the due date (${fmt(due)}), so it does not move it.`,
    );
  }

  // --- acknowledgement ------------------------------------------------------------------------------
  const acknowledgeBy =
    rule.acknowledge === null ? undefined : periodEnd(rule.acknowledge, receipt, calendar);
  if (
    acknowledgeBy !== undefined &&
    ledger.acknowledgedOn !== undefined &&
    ledger.acknowledgedOn > acknowledgeBy
  ) {
    warnings.push(
      `Acknowledged on ${fmt(ledger.acknowledgedOn)}, after the deadline of ${fmt(acknowledgeBy)} (${rule.citation}).`,
    );
  }

  // --- company clock and effective date -------------------------------------------------------------
  // The earliest clock is the one to meet — until an extension has been noticed to the requester. From then
  // on the requester has been told the extended statutory date, so that is the date the team must meet; the
  // company's 30 days cannot be kept any more and count as missed (decision record 0006).
  const companyDue = receipt + settings.companySlaDays;
  const companySuperseded = extended;
  const effectiveIsStatutory = companySuperseded || due <= companyDue;
  const effectiveDue = effectiveIsStatutory ? due : companyDue;

  // --- explanation ----------------------------------------------------------------------------------
  const parts: string[] = [];
  const extension = ledger.extension;
  let sentence =
    extended && rule.extension !== null && extension !== undefined
      ? `${periodLabel(rule.extension.totalFromReceipt)} from ${fmt(receipt)} under ${rule.citation}, extended by ${rule.extension.adds} (noticed ${fmt(extension.on)}: ${extension.reason})`
      : `${periodLabel(rule.period)} from ${fmt(receipt)} under ${rule.citation}`;
  if (rule.period.unit === 'business_days') sentence += ` (Mon–Fri less ${calendar.code} public holidays)`;
  if (applicable.countedDays > 0) {
    sentence += `, plus ${plural(applicable.countedDays, 'day')} paused (${applicable.counted.map(describePause).join('; ')})`;
    const restart = applicable.restart;
    if (restart !== undefined) {
      sentence += `, counted from ${fmt(restart.countedFrom)} because the period ended on ${fmtW(restart.periodEnded)} (${calendar.nonWorkingReason(restart.periodEnded) ?? 'non-working day'}) and ran on to the next working day`;
    }
  }
  const shifted = applicable.shifted;
  sentence += `: ${fmt(due)}`;
  if (due !== shifted) {
    sentence += `, rolled forward from ${fmtW(shifted)} (${calendar.nonWorkingReason(shifted) ?? 'non-working day'})`;
  } else if (rule.period.unit === 'calendar_days') {
    const reason = calendar.nonWorkingReason(due);
    if (reason !== undefined) {
      sentence += ` — ${fmtW(due)} is a non-working day (${reason}), but calendar days are not rolled forward`;
    }
  }
  if (applicable.open !== undefined) {
    const kinds = applicable.open.members.map((member) =>
      member.track === 'identity'
        ? 'awaiting identity information'
        : member.track === 'clarification'
          ? 'awaiting clarification'
          : `(${member.reason ?? 'paused'})`,
    );
    sentence += ` as things stand; paused since ${fmt(applicable.open.since)} ${kinds.join(' and ')}; due date moves by each day paused`;
  }
  parts.push(`${sentence}.`);
  if (extended) {
    parts.push(`Without the extension it would be due ${fmt(initialDue)}.`);
  } else if (rule.extension !== null && extendedDue !== undefined && noticeBy !== undefined) {
    parts.push(
      `An extension (+${rule.extension.adds}, to ${fmt(extendedDue)}) may be noticed, with reasons, until ${fmt(noticeBy)}.`,
    );
  }
  if (acknowledgeBy !== undefined && rule.acknowledge !== null) {
    parts.push(`Acknowledge by ${fmt(acknowledgeBy)} (${periodLabel(rule.acknowledge)}, ${rule.citation}).`);
  }
  parts.push(
    `Company SLA: ${plural(settings.companySlaDays, 'day')} from ${fmt(receipt)}: ${fmt(companyDue)}.`,
  );
  parts.push(
    companySuperseded && extension !== undefined
      ? `Effective due date: ${fmt(effectiveDue)} (${rule.citation}, extended): the extension noticed on ${fmt(extension.on)} supersedes the company SLA, which counts as missed.`
      : effectiveIsStatutory
        ? `Effective due date: ${fmt(effectiveDue)} (${rule.citation}).`
        : `Effective due date: ${fmt(effectiveDue)} (company SLA, earlier than the statutory ${fmt(due)}).`,
  );

  const statutory: ClockResult['statutory'] = {
    dueOn: formatIsoDate(due),
    ...(extendedDue === undefined ? {} : { extendedDueOn: formatIsoDate(extendedDue) }),
    ...(noticeBy === undefined ? {} : { extensionNoticeBy: formatIsoDate(noticeBy) }),
    rule: rule.citation,
    state,
  };
  return {
    statutory,
    ...(acknowledgeBy === undefined ? {} : { acknowledgeBy: formatIsoDate(acknowledgeBy) }),
    company: { dueOn: formatIsoDate(companyDue), superseded: companySuperseded },
    effective: { dueOn: formatIsoDate(effectiveDue), source: effectiveIsStatutory ? 'statutory' : 'company' },
    paused: state === 'paused',
    pausedDays: applicable.countedDays,
    explanation: parts.join(' '),
    warnings,
  };
}

/** computeClocks without throwing: what a server uses to refuse a ledger change with the message. */
export function tryComputeClocks(input: ClockInput): TryComputeClocksResult {
  try {
    return { ok: true, result: computeClocks(input) };
  } catch (error) {
    if (error instanceof ClockError) return { ok: false, error };
    throw error;
  }
}

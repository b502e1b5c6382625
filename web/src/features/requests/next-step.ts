import {
  isOpenStatus,
  isPastVerification,
  type LifecycleMove,
  type RequestStatus,
} from '@privdesk/shared/constants';
import { formatCalendarDate } from './format';
import type { RequestView } from './types';

type RequestClosure = NonNullable<RequestView['closure']>;

/**
 * The one thing to do next on a request, for the header's primary button; everything else the person may do
 * goes in the "More actions" menu. In order: a legal acknowledgement still owed (its own clock, CCPA's 10
 * business days), then the lifecycle's forward move, then asking the requester, then assigning an
 * unassigned request. Refusals and closing moves (deny, withdraw, close unverified) are never the default.
 * An erasure's work from in progress to its approval is its plan, made on the plan's own section (its moves
 * are not lifecycle moves of this page): there the next step points.
 */
export type NextStep =
  | { kind: 'acknowledge'; label: string }
  | { kind: 'verify'; label: string }
  | { kind: 'plan'; label: string }
  | { kind: 'move'; move: LifecycleMove; label: string }
  | { kind: 'assign'; label: string };

const closingActions = new Set(['deny', 'withdraw', 'close_unverified', 'reject_plan']);

/** The statuses in which an erasure's plan is the work: prepared and changed, reviewed, or waiting to run. */
const planStatuses: ReadonlySet<RequestStatus> = new Set(['in_progress', 'awaiting_approval', 'approved']);

export function nextStepFor(input: {
  status: RequestStatus;
  moves: readonly LifecycleMove[];
  canWork: boolean;
  canAssign: boolean;
  assigned: boolean;
  acknowledgementOwed: boolean;
  /** Whether the identity checks meet the level this request needs (the server refuses work until then). */
  verified: boolean;
  /** The request needs no verification (a CCPA opt-out, or a level set to none): work starts with nothing checked. */
  noVerification?: boolean;
  /** The page shows this erasure's plan, and whether the person may decide plans (a second officer). */
  erasurePlan?: { canApprove: boolean };
}): NextStep | null {
  if (!isOpenStatus(input.status)) return null;
  if (input.acknowledgementOwed && input.canWork) {
    return { kind: 'acknowledge', label: 'Record acknowledgement' };
  }
  if (input.erasurePlan && planStatuses.has(input.status)) {
    // The plan is submitted and approved only once identity is verified (the server re-checks it).
    if (!input.verified && input.status !== 'approved' && input.canWork)
      return { kind: 'verify', label: 'Verify identity' };
    if (input.status === 'in_progress' && input.canWork)
      return { kind: 'plan', label: 'Work on the erasure plan' };
    if (input.status === 'awaiting_approval' && (input.canWork || input.erasurePlan.canApprove))
      return { kind: 'plan', label: 'Review the erasure plan' };
    if (input.status === 'approved' && input.canWork)
      return { kind: 'plan', label: 'Review the erasure plan' };
  }
  const forward = input.moves.filter((m) => !closingActions.has(m.action));
  const move = forward.find((m) => m.action !== 'ask_requester') ?? forward[0];
  if (move && !input.verified && isPastVerification(move.to))
    return { kind: 'verify', label: 'Verify identity' };
  if (move && move.action === 'start' && input.noVerification) {
    return { kind: 'move', move, label: 'Start work: no verification needed' };
  }
  if (move) return { kind: 'move', move, label: move.label };
  if (input.canAssign && !input.assigned) return { kind: 'assign', label: 'Assign' };
  return null;
}

/** An acknowledgement the law asks for and nobody has recorded (only some regimes have one). */
export function acknowledgementOwed(r: Pick<RequestView, 'clocks'>): boolean {
  return r.clocks.acknowledgeBy !== undefined && r.clocks.acknowledgedOn === null;
}

const closedVerbs: Partial<Record<RequestStatus, string>> = {
  completed: 'Completed',
  denied: 'Denied',
  withdrawn: 'Withdrawn',
  closed_unverified: 'Closed as unverified',
};

function clockName(against: RequestClosure['against'], rule: string): string {
  return against === 'company' ? 'the company SLA' : rule;
}

/**
 * How a closed request ended, in one line: "Completed on 4 Dec 2026 — on time", or "— 6 days late against
 * the company SLA (due 28 Nov 2026); within GDPR Art. 12(3)". A withdrawal answers nothing, so it has no
 * verdict.
 */
export function closureSentence(
  status: RequestStatus,
  closure: RequestClosure,
  rule: string,
  extended: boolean,
): { head: string; verdict: string | null; detail: string | null; late: boolean } {
  const head = `${closedVerbs[status] ?? 'Closed'} on ${formatCalendarDate(closure.closedOn)}`;
  if (status === 'withdrawn') return { head, verdict: null, detail: null, late: false };
  const due = formatCalendarDate(closure.dueOn);
  const against = clockName(closure.against, rule);
  if (closure.daysLate === 0) {
    const detail = extended
      ? `Within the extended ${rule} deadline (${due}); the company SLA counts as missed (superseded by the extension).`
      : `Within ${against} (due ${due}).`;
    return { head, verdict: 'on time', detail, late: false };
  }
  const days = `${closure.daysLate} ${closure.daysLate === 1 ? 'day' : 'days'} late`;
  const detail =
    closure.against === 'company' && closure.statutoryMet
      ? `Against the company SLA (due ${due}); within the ${rule} deadline.`
      : `Against ${against} (due ${due}).`;
  return { head, verdict: days, detail, late: true };
}

/**
 * The clocks panel's one plain sentence: which date to meet and why, before any derivation.
 */
export function clockSummarySentence(r: Pick<RequestView, 'clocks' | 'status' | 'due'>): string {
  const { clocks } = r;
  const rule = clocks.statutory.rule;
  const company = formatCalendarDate(clocks.company.dueOn);
  let sentence: string;
  if (clocks.effective.source === 'minor_target' && clocks.minorTarget !== undefined) {
    sentence = `The minors’ erasure target, ${clocks.minorTarget.hours} hours from receipt: it comes before the ${rule} deadline (${formatCalendarDate(clocks.statutory.dueOn)}) and the company SLA (${company}).`;
  } else if (clocks.company.superseded) {
    const noticed = clocks.ledger.find((e) => e.kind === 'extension_noticed' && e.removedAt === null);
    sentence = `The extended ${rule} deadline${noticed ? `, noticed to the requester on ${formatCalendarDate(noticed.on)}` : ''}. The company SLA (${company}) counts as missed: the extension supersedes it.`;
  } else if (clocks.effective.source === 'company') {
    sentence = `The company SLA, which comes before the ${rule} deadline (${formatCalendarDate(clocks.statutory.dueOn)}).`;
  } else if (clocks.statutory.dueOn === clocks.company.dueOn) {
    sentence = `The ${rule} deadline, the same day as the company SLA.`;
  } else {
    sentence = `The ${rule} deadline, which comes before the company SLA (${company}).`;
  }
  if (clocks.paused && isOpenStatus(r.status)) {
    sentence += ' The statutory clock is paused: its date moves on by a day for each day the request waits.';
  }
  return sentence;
}

// Zod-free and pure: the server applies only the moves this table allows, the UI offers only those.
import type { Permission } from '../auth/roles.js';
import type { RequestType } from '../clocks/regimes.js';
import {
  completionOutcomes,
  denialReasonCodes,
  isErasureType,
  requestStatusLabels,
  unverifiedReasonCodes,
  type CompletionOutcome,
  type RequestOutcome,
  type RequestReasonCode,
  type RequestStatus,
} from './requests.constants.js';

/** What a move must be given, besides the request and its version. */
export const moveRequirements = ['reasonCode', 'explanation', 'outcome', 'message', 'note'] as const;
export type MoveRequirement = (typeof moveRequirements)[number];

export const moveActions = [
  'start_verification',
  'start',
  'ask_requester',
  'resume',
  'submit_for_approval',
  'approve',
  'reject_plan',
  'start_fulfilment',
  'cancel_erasure',
  'void_approval',
  'complete',
  'deny',
  'withdraw',
  'close_unverified',
] as const;
export type MoveAction = (typeof moveActions)[number];

/**
 * How a move is made. `transition`: by a person, through `requests.transition` (and bulk). `erasure_plan`:
 * by the erasure-plan procedures (four-eyes approval with step-up, a later issue). `system`: by a job
 * (execution after the grace period; completion when every plan line is done).
 */
export type MoveChannel = 'transition' | 'erasure_plan' | 'system';

export interface LifecycleMove {
  readonly from: RequestStatus;
  readonly to: RequestStatus;
  readonly action: MoveAction;
  readonly label: string;
  readonly permission: Permission;
  readonly via: MoveChannel;
  readonly needs: readonly MoveRequirement[];
  /** The reason codes this move accepts, where it needs one. */
  readonly reasonCodes?: readonly RequestReasonCode[];
  /** Erasure types go through an approved plan; other types complete directly. */
  readonly types?: 'erasure_only' | 'not_erasure';
  /** What the move records as the request's outcome / reason code by itself. */
  readonly sets?: { readonly outcome?: RequestOutcome; readonly reasonCode?: RequestReasonCode };
}

const work: Permission = 'requests:work';

function move(
  from: RequestStatus,
  to: RequestStatus,
  action: MoveAction,
  label: string,
  rest: Partial<Omit<LifecycleMove, 'from' | 'to' | 'action' | 'label'>> = {},
): LifecycleMove {
  return {
    from,
    to,
    action,
    label,
    permission: rest.permission ?? work,
    via: rest.via ?? 'transition',
    needs: rest.needs ?? [],
    ...rest,
  };
}

/** Statuses a denial may come from: every open one except `fulfilling`, where an approved erasure is executing. */
const deniable = [
  'received',
  'verifying',
  'in_progress',
  'awaiting_requester',
  'awaiting_approval',
  'approved',
] as const satisfies readonly RequestStatus[];

/**
 * product.md §3:
 * received → verifying → in_progress → (erasure) awaiting_approval → approved → fulfilling → completed;
 * awaiting_requester (asked the requester) and back; any open status → denied / withdrawn;
 * verifying → closed_unverified.
 */
export const lifecycleMoves: readonly LifecycleMove[] = [
  move('received', 'verifying', 'start_verification', 'Start verification'),
  move('verifying', 'in_progress', 'start', 'Identity verified: start work'),
  move('verifying', 'awaiting_requester', 'ask_requester', 'Ask the requester', { needs: ['message'] }),
  move('in_progress', 'awaiting_requester', 'ask_requester', 'Ask the requester', { needs: ['message'] }),
  move('awaiting_requester', 'verifying', 'resume', 'Resume verification'),
  move('awaiting_requester', 'in_progress', 'resume', 'Resume work'),
  move('in_progress', 'awaiting_approval', 'submit_for_approval', 'Submit erasure plan for approval', {
    via: 'erasure_plan',
    types: 'erasure_only',
  }),
  move('awaiting_approval', 'approved', 'approve', 'Approve erasure plan', {
    via: 'erasure_plan',
    permission: 'requests:approve',
    types: 'erasure_only',
  }),
  move('awaiting_approval', 'in_progress', 'reject_plan', 'Reject erasure plan', {
    via: 'erasure_plan',
    permission: 'requests:approve',
    types: 'erasure_only',
    needs: ['note'],
  }),
  // During the grace period, until the first line starts: back to work on the plan, with a note why.
  move('approved', 'in_progress', 'cancel_erasure', 'Cancel the approved erasure', {
    via: 'erasure_plan',
    types: 'erasure_only',
    needs: ['note'],
  }),
  // A plan changed after its approval needs a new one: the approval is voided, the plan awaits review again.
  move('approved', 'awaiting_approval', 'void_approval', 'Approval voided by a plan change', {
    via: 'erasure_plan',
    types: 'erasure_only',
  }),
  move('approved', 'fulfilling', 'start_fulfilment', 'Start erasure', {
    via: 'system',
    types: 'erasure_only',
  }),
  move('fulfilling', 'completed', 'complete', 'Complete', {
    via: 'system',
    types: 'erasure_only',
    needs: ['outcome'],
  }),
  move('in_progress', 'completed', 'complete', 'Complete', { types: 'not_erasure', needs: ['outcome'] }),
  ...deniable.map((from) =>
    move(from, 'denied', 'deny', 'Deny', {
      needs: ['reasonCode', 'explanation'],
      reasonCodes: denialReasonCodes,
      sets: { outcome: 'denied' },
    }),
  ),
  ...deniable.map((from) =>
    move(from, 'withdrawn', 'withdraw', 'Record withdrawal', {
      needs: ['note'],
      sets: { outcome: 'withdrawn', reasonCode: 'withdrawn' },
    }),
  ),
  ...(['verifying', 'awaiting_requester'] as const).map((from) =>
    move(from, 'closed_unverified', 'close_unverified', 'Close as unverified', {
      needs: ['reasonCode', 'explanation'],
      reasonCodes: unverifiedReasonCodes,
      sets: { outcome: 'closed_unverified' },
    }),
  ),
];

/** A partial completion also says what was withheld and why (the explanation sent to the requester). */
export const partialCompletionNeeds: readonly MoveRequirement[] = ['reasonCode', 'explanation'];

export function findMove(from: RequestStatus, to: RequestStatus): LifecycleMove | undefined {
  return lifecycleMoves.find((m) => m.from === from && m.to === to);
}

function typeAllows(m: LifecycleMove, type: RequestType | undefined): boolean {
  if (type === undefined || m.types === undefined) return true;
  return m.types === 'erasure_only' ? isErasureType(type) : !isErasureType(type);
}

/** The moves a person holding `held` may make now through `requests.transition`, for a request of `type`. */
export function allowedMoves(
  status: RequestStatus,
  held: readonly Permission[],
  context: { type?: RequestType } = {},
): LifecycleMove[] {
  return lifecycleMoves.filter(
    (m) =>
      m.from === status &&
      m.via === 'transition' &&
      held.includes(m.permission) &&
      typeAllows(m, context.type),
  );
}

export interface MoveDetails {
  reasonCode?: RequestReasonCode | null | undefined;
  explanation?: string | null | undefined;
  outcome?: CompletionOutcome | null | undefined;
  message?: string | null | undefined;
  note?: string | null | undefined;
}

export type MoveRefusal = 'not_a_move' | 'other_channel' | 'forbidden' | 'wrong_type' | 'missing_details';

export type MoveCheck =
  | {
      ok: true;
      move: LifecycleMove;
      /** What the request records: outcome and reason code (from the move itself or from the details). */
      outcome: RequestOutcome | null;
      reasonCode: RequestReasonCode | null;
    }
  | { ok: false; refusal: MoveRefusal; message: string; fieldErrors?: Record<string, string[]> };

const requirementMessages: Record<MoveRequirement, string> = {
  reasonCode: 'Choose a reason code.',
  explanation: 'Write the explanation sent to the requester.',
  outcome: 'Choose the outcome.',
  message: 'Write what you asked the requester.',
  note: 'Say why (a short note).',
};

function present(value: string | null | undefined): boolean {
  return typeof value === 'string' && value.trim().length > 0;
}

/**
 * Checks one move against the table: that it exists, is made by a person, is allowed to these
 * permissions and this type, and carries what it needs. Pure: the server calls it inside its transaction.
 */
export function checkMove(input: {
  from: RequestStatus;
  to: RequestStatus;
  type: RequestType;
  held: readonly Permission[];
  details: MoveDetails;
}): MoveCheck {
  const { from, to, type, held, details } = input;
  const m = findMove(from, to);
  const fromLabel = requestStatusLabels[from];
  const toLabel = requestStatusLabels[to];
  if (m === undefined) {
    return {
      ok: false,
      refusal: 'not_a_move',
      message:
        from === to
          ? `The request is already ${fromLabel.toLowerCase()}.`
          : `A request cannot move from “${fromLabel}” to “${toLabel}”.`,
      fieldErrors: { to: [`Not allowed from “${fromLabel}”.`] },
    };
  }
  if (m.via !== 'transition') {
    return {
      ok: false,
      refusal: 'other_channel',
      message:
        m.via === 'erasure_plan'
          ? `“${m.label}” happens on the erasure plan, not as a status change.`
          : `“${m.label}” is done by the system, not by hand.`,
      fieldErrors: { to: ['Not a manual status change.'] },
    };
  }
  if (!held.includes(m.permission)) {
    return { ok: false, refusal: 'forbidden', message: `Your role does not allow “${m.label}”.` };
  }
  if (!typeAllows(m, type)) {
    return {
      ok: false,
      refusal: 'wrong_type',
      message:
        m.types === 'not_erasure'
          ? 'An erasure request completes through its approved erasure plan, not directly.'
          : `“${m.label}” applies to erasure requests only.`,
      fieldErrors: { to: ['Not allowed for this request type.'] },
    };
  }
  const needs = [...m.needs];
  if (m.action === 'complete' && details.outcome === 'partially_fulfilled')
    needs.push(...partialCompletionNeeds);
  const fieldErrors: Record<string, string[]> = {};
  for (const need of needs) {
    const value = details[need];
    if (!present(value ?? undefined)) fieldErrors[need] = [requirementMessages[need]];
  }
  if (
    m.action === 'complete' &&
    details.outcome &&
    !(completionOutcomes as readonly string[]).includes(details.outcome)
  ) {
    fieldErrors.outcome = ['Choose fulfilled or partially fulfilled.'];
  }
  const allowedCodes = m.action === 'complete' ? denialReasonCodes : m.reasonCodes;
  if (
    needs.includes('reasonCode') &&
    details.reasonCode &&
    allowedCodes &&
    !allowedCodes.includes(details.reasonCode)
  ) {
    fieldErrors.reasonCode = ['This reason code does not fit this move.'];
  }
  if (Object.keys(fieldErrors).length > 0) {
    return {
      ok: false,
      refusal: 'missing_details',
      message: `“${m.label}” needs more details.`,
      fieldErrors,
    };
  }
  const outcome = m.sets?.outcome ?? (m.action === 'complete' ? (details.outcome ?? null) : null);
  const reasonCode =
    m.sets?.reasonCode ?? (needs.includes('reasonCode') ? (details.reasonCode ?? null) : null);
  return { ok: true, move: m, outcome, reasonCode };
}

/**
 * A move the erasure plan makes (submit, approve, reject, cancel in the grace period, an approval voided):
 * the same table's verdict as `checkMove`, for the plan's procedures instead of `requests.transition`.
 */
export function checkPlanMove(input: {
  from: RequestStatus;
  action: MoveAction;
  type: RequestType;
  held: readonly Permission[];
  details: MoveDetails;
  /** The execution's own moves (start, complete) are the system's: no person's permission is asked. */
  bySystem?: boolean;
}):
  { ok: true; move: LifecycleMove } | { ok: false; message: string; fieldErrors?: Record<string, string[]> } {
  const m = lifecycleMoves.find(
    (x) =>
      x.from === input.from &&
      x.action === input.action &&
      x.via === (input.bySystem ? 'system' : 'erasure_plan'),
  );
  if (m === undefined) {
    const label = lifecycleMoves.find((x) => x.action === input.action)?.label ?? input.action;
    return {
      ok: false,
      message: `“${label}” cannot be done while the request is ${requestStatusLabels[input.from].toLowerCase()}.`,
    };
  }
  if (!input.bySystem && !input.held.includes(m.permission))
    return { ok: false, message: `Your role does not allow “${m.label}”.` };
  if (!typeAllows(m, input.type))
    return { ok: false, message: `“${m.label}” applies to erasure requests only.` };
  const fieldErrors: Record<string, string[]> = {};
  for (const need of m.needs)
    if (!present(input.details[need] ?? undefined)) fieldErrors[need] = [requirementMessages[need]];
  if (Object.keys(fieldErrors).length > 0)
    return { ok: false, message: `“${m.label}” needs more details.`, fieldErrors };
  return { ok: true, move: m };
}

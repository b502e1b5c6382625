import {
  checkMove,
  DomainError,
  requestReasonCodeLabels,
  type MoveAction,
  type Permission,
  type RequestReasonCode,
  type RequestChangeOutput,
  type StoredTimelineEntry,
  type requestTransitionInputSchema,
} from '@privdesk/shared';
import type { z } from 'zod';
import type { Tx } from '../../db/client.js';
import type { Actor, ActorDeps } from '../../lib/service.js';
import { outboxDepsOf, putInOutbox, type OutboxEntry } from '../messages/outbox.js';
import { readSettings } from '../settings/settings.store.js';
import { assertVerifiedFor } from '../verification/verification.service.js';
import {
  ledgerOf,
  openAsks,
  planClockChange,
  todayFor,
  type NewLedgerEntry,
  type PlannedClockChange,
} from './clock-ledger.js';
import {
  toChangeOutput,
  writeRequestChange,
  type RequestPatch,
  type RequestRecord,
  type SystemActor,
} from './request-change.js';

export type MoveInput = Omit<z.output<typeof requestTransitionInputSchema>, 'id' | 'version'>;

/**
 * The app making a move a person could make (a daily job closing a request left unverified): named as a
 * system actor, with the permissions the move needs stated where it is made.
 */
export interface SystemMover extends SystemActor {
  permissions: readonly Permission[];
}

/** Who moves a request: a person's deps, or the app's. */
export type MoveDeps = Omit<ActorDeps, 'actor'> & { actor: Actor | SystemMover };

function moveError(check: Extract<ReturnType<typeof checkMove>, { ok: false }>): DomainError {
  return new DomainError(
    check.refusal === 'forbidden' ? 'FORBIDDEN' : 'BAD_REQUEST',
    check.message,
    check.fieldErrors,
  );
}

/**
 * "Ask the requester" records what is asked for on the clock ledger (`identity_asked` or
 * `clarification_asked`) and the move back records what came in (`_received`, for every open ask), in the
 * transaction of the status change, so the status and the clock can never disagree.
 */
async function lifecycleClockChange(
  tx: Tx,
  deps: MoveDeps,
  current: RequestRecord,
  action: MoveAction,
  input: MoveInput,
  /** The ask's message was recorded as sent now (the demo's history): its entry goes in with the move. */
  askSentNow: boolean,
  answered: AnsweredBy | undefined,
): Promise<PlannedClockChange | null> {
  if (action !== 'ask_requester' && action !== 'resume') return null;
  if (action === 'ask_requester' && !askSentNow) return null;
  const settings = await readSettings(tx, deps.log);
  const active = (await ledgerOf(tx, current.id)).filter((e) => e.removedAt === null);
  const today = todayFor(current.regime, settings, deps.now);
  let add: NewLedgerEntry[];
  if (action === 'ask_requester') {
    add = [{ kind: askLedgerEvent(current, input), on: today, reason: null }];
  } else {
    // What came in is dated the day it arrived (a reply's arrival), else today.
    const on = answered?.receivedOn ?? today;
    add = openAsks(active).map((ask) => ({
      kind: ask === 'identity' ? ('identity_received' as const) : ('clarification_received' as const),
      on,
      reason: null,
    }));
    if (add.length === 0) return null;
  }
  return planClockChange(current, active, settings, { add, field: answered ? 'mailId' : 'to' }, today);
}

/** A resume answered by a reply in the privacy mailbox (issue 16): its arrival day, and the mail. */
export interface AnsweredBy {
  /** The calendar day the reply arrived, where the request is handled. */
  receivedOn: string;
  fromMailId: string;
}

function askLedgerEvent(current: RequestRecord, input: MoveInput): 'identity_asked' | 'clarification_asked' {
  const askFor = input.askFor ?? (current.status === 'verifying' ? 'identity' : 'clarification');
  return askFor === 'identity' ? 'identity_asked' : 'clarification_asked';
}

/**
 * The message a move sends the requester (issue 13, item 4): the question when asking them (its ledger
 * entry — the clock stopping — is recorded on the day it leaves), the denial with its reasons and their
 * right to complain, the completion, the closure of an unverified request. None for the others.
 */
async function moveMessage(
  tx: Tx,
  deps: MoveDeps,
  current: RequestRecord,
  action: MoveAction,
  input: MoveInput,
  decided: { reasonCode: RequestReasonCode | null; explanation: string | null },
): Promise<OutboxEntry | null> {
  const settings = await readSettings(tx, deps.log);
  const send = (spec: Parameters<typeof putInOutbox>[4]) =>
    putInOutbox(tx, outboxDepsOf(deps), current, settings, spec);
  switch (action) {
    case 'ask_requester': {
      const event = askLedgerEvent(current, input);
      return send({
        kind: event === 'identity_asked' ? 'identity_request' : 'clarification_request',
        values: { question: input.message ?? '' },
        effect: { kind: 'ledger', event, reason: null },
      });
    }
    case 'deny':
      return send({
        kind: 'denial',
        values: {
          denial_reason:
            decided.reasonCode === null
              ? 'not given'
              : requestReasonCodeLabels[decided.reasonCode].toLowerCase(),
          denial_explanation: decided.explanation ?? '',
        },
        effect: null,
      });
    case 'complete':
      return send({ kind: 'completion', effect: null });
    case 'close_unverified':
      return send({ kind: 'closed_unverified', effect: null });
    case 'start_verification':
    case 'start':
    case 'resume':
    case 'submit_for_approval':
    case 'approve':
    case 'reject_plan':
    case 'start_fulfilment':
    case 'cancel_erasure':
    case 'void_approval':
    case 'withdraw':
      return null;
  }
}

/** One lifecycle move inside the caller's transaction: the shared table's verdict, then the one writer. */
export function transitionInTx(
  tx: Tx,
  deps: MoveDeps,
  target: { id: string; version: number },
  input: MoveInput,
  /** What a caller records with the move (a merge: the link and its timeline entry). */
  extra: { set?: RequestPatch; events?: StoredTimelineEntry[] } = {},
  /** A resume because a reply came in: the received entries are dated the day it arrived. */
  answered?: AnsweredBy,
): Promise<RequestRecord> {
  return writeRequestChange(tx, deps, target, async (current) => {
    const from = current.status;
    const check = checkMove({
      from,
      to: input.to,
      type: current.type,
      held: deps.actor.permissions,
      details: input,
    });
    if (!check.ok) throw moveError(check);
    await assertVerifiedFor(tx, current, input.to, await readSettings(tx, deps.log));
    const explanation =
      check.move.needs.includes('explanation') || check.outcome === 'partially_fulfilled'
        ? (input.explanation ?? null)
        : null;
    const message = await moveMessage(tx, deps, current, check.move.action, input, {
      reasonCode: check.reasonCode,
      explanation,
    });
    const ledger = await lifecycleClockChange(
      tx,
      deps,
      current,
      check.move.action,
      input,
      message?.sentNow ?? false,
      check.move.action === 'resume' ? answered : undefined,
    );
    if (answered && check.move.action !== 'resume')
      throw new DomainError('BAD_REQUEST', 'A reply can only resume a request waiting on its requester.');
    return {
      set: {
        status: input.to,
        ...(check.outcome === null ? {} : { outcome: check.outcome }),
        ...(check.reasonCode === null ? {} : { reasonCode: check.reasonCode }),
        ...(explanation === null ? {} : { denialExplanation: explanation }),
        ...extra.set,
      },
      ledger,
      events: [
        {
          kind: 'status_changed',
          data: {
            from,
            to: input.to,
            outcome: check.outcome,
            reasonCode: check.reasonCode,
            explanation,
            message: check.move.needs.includes('message') ? (input.message ?? null) : null,
            note: input.note ?? null,
          },
        },
        ...(message ? [message.event] : []),
        ...(extra.events ?? []),
      ],
      audit: (updated, written) => ({
        action: 'requests.status_changed',
        entityType: 'request',
        entityId: current.id,
        // Codes only: explanations and messages are free text that may name people.
        before: { status: from, version: current.version },
        after: {
          status: input.to,
          outcome: check.outcome,
          reasonCode: check.reasonCode,
          version: updated.version,
          ...(answered ? { fromMailId: answered.fromMailId } : {}),
          ...(written === null
            ? {}
            : {
                clockEntries: written.recorded.map((e) => ({ id: e.id, kind: e.kind, on: e.on })),
                effectiveDueOn: updated.effectiveDueOn,
                statutoryDueOn: updated.statutoryDueOn,
                clockState: updated.clockState,
              }),
        },
      }),
    };
  });
}

export async function transitionRequest(
  deps: ActorDeps,
  input: z.output<typeof requestTransitionInputSchema>,
): Promise<RequestChangeOutput> {
  return deps.db.transaction(async (tx) => toChangeOutput(tx, await transitionInTx(tx, deps, input, input)));
}

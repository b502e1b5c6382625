import {
  checkReceiptTime,
  DomainError,
  fieldError,
  isOpenStatus,
  messageKindLabels,
  requesterDate,
  type AuditAction,
  type ClockEventKind,
  type MessageKind,
  type MessagePlaceholder,
  type RequestClockChangeOutput,
  type requestAcknowledgeInputSchema,
  type requestExtendInputSchema,
  type requestPauseInputSchema,
  type requestRemoveExtensionInputSchema,
  type requestResumeInputSchema,
  type requestUpdateReceivedAtInputSchema,
} from '@privdesk/shared';
import type { z } from 'zod';
import { and, eq } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { messages } from '../../db/schema.js';
import type { ActorDeps } from '../../lib/service.js';
import { messageQueuedChange, outboxDepsOf, putInOutbox } from '../messages/outbox.js';
import type { AuditEntry } from '../audit/audit.writer.js';
import { readSettings } from '../settings/settings.store.js';
import {
  ledgerOf,
  planClockChange,
  todayFor,
  type ClockChange,
  type LedgerRow,
  type PlannedClockChange,
  type RequestRecord,
} from './clock-ledger.js';
import { toChangeOutput, writeRequestChange, type LedgerWritten } from './request-change.js';
import { dueOnOf } from './requests.queries.js';

/**
 * The clock-ledger changes a privacy officer makes by hand: acknowledge, extend, remove the extension, pause,
 * resume, and correct the receipt time. Each is one transaction: lock and version check, the engine's
 * verdict on the new ledger, the ledger and timeline entries, the re-derived dates on the request row (a new
 * version), and the audit event.
 */

/** The audit actions of hand-made ledger changes; their payloads share one shape (dates, entries). */
type ClockAuditAction = Extract<
  AuditAction,
  | 'requests.acknowledged'
  | 'requests.extended'
  | 'requests.extension_removed'
  | 'requests.received_at_changed'
  | 'requests.paused'
  | 'requests.resumed'
>;

interface ChangeSpec {
  action: ClockAuditAction;
  /** Why, as the person gave it: the audit event's reason. */
  reason: string | null;
  /** Builds the change from the locked request and its active ledger; throws a DomainError to refuse. */
  build: (current: RequestRecord, active: LedgerRow[], where: HandlingDay) => ClockChange;
}

/** Today where the request is handled, and that time zone's name for messages. */
interface HandlingDay {
  today: string;
  timeZone: string;
}

/** "30 Nov 2025", as the engine writes dates. */
function formatDay(iso: string): string {
  return new Date(`${iso}T00:00:00Z`).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

/** A ledger date: given, or today where the request is handled; never after today there. */
function ledgerDate(given: string | undefined, where: HandlingDay, field: string): string {
  if (given === undefined) return where.today;
  if (given > where.today) {
    throw fieldError(
      field,
      `${formatDay(given)} is in the future: today is ${formatDay(where.today)} in ${where.timeZone}, where this request is handled.`,
    );
  }
  return given;
}

/**
 * The audit event of a hand-made ledger change. The six clock actions share one payload shape, which
 * TypeScript cannot match to a union of actions; recordAudit parses the payload against the action's own
 * schema at write time. Dates, kinds and ids: the reasons are free text and go in `reason` only.
 */
function clockAudit(
  action: ClockAuditAction,
  reason: string | null,
  current: RequestRecord,
  after: RequestRecord,
  ledger: LedgerWritten | null,
) {
  return {
    action,
    entityType: 'request',
    entityId: current.id,
    reason,
    before: {
      version: current.version,
      receivedAt: current.receivedAt.toISOString(),
      statutoryDueOn: current.statutoryDueOn,
      effectiveDueOn: current.effectiveDueOn,
      clockState: current.clockState,
    },
    after: {
      version: after.version,
      receivedAt: after.receivedAt.toISOString(),
      statutoryDueOn: after.statutoryDueOn,
      effectiveDueOn: after.effectiveDueOn,
      clockState: after.clockState,
      ...(ledger && ledger.recorded.length > 0
        ? { entries: ledger.recorded.map((e) => ({ id: e.id, kind: e.kind, on: e.on })) }
        : {}),
      ...(ledger?.removed
        ? { removedEntry: { id: ledger.removed.id, kind: ledger.removed.kind, on: ledger.removed.on } }
        : {}),
    },
  };
}

/** An open request's settings and active ledger, for a change to its clocks; a closed one is refused. */
async function openLedgerOf(tx: Tx, current: RequestRecord, log: ActorDeps['log']) {
  if (!isOpenStatus(current.status)) {
    throw new DomainError('BAD_REQUEST', `${current.reference} is closed: its clocks no longer run.`);
  }
  const settings = await readSettings(tx, log);
  const active = (await ledgerOf(tx, current.id)).filter((e) => e.removedAt === null);
  return { settings, active };
}

/** What a clock change answers: the row's new version and dates, and the engine's warnings. */
async function clockChangeOutput(
  tx: Tx,
  updated: RequestRecord,
  warnings: string[],
): Promise<RequestClockChangeOutput> {
  return {
    ...(await toChangeOutput(tx, updated)),
    receivedAt: updated.receivedAt.toISOString(),
    dueOn: dueOnOf(updated),
    companyDueOn: updated.companyDueOn,
    statutoryDueOn: updated.statutoryDueOn,
    effectiveDueOn: updated.effectiveDueOn,
    clockState: updated.clockState,
    warnings,
  };
}

async function changeClocks(
  deps: ActorDeps,
  input: { id: string; version: number },
  spec: ChangeSpec,
): Promise<RequestClockChangeOutput> {
  const { now } = deps;
  return deps.db.transaction(async (tx) => {
    let warnings: string[] = [];
    const updated = await writeRequestChange(tx, deps, input, async (current) => {
      const { settings, active } = await openLedgerOf(tx, current, deps.log);
      const regime = current.regime;
      const where = { today: todayFor(regime, settings, now), timeZone: settings.handling[regime].timeZone };
      const planned = planClockChange(
        current,
        active,
        settings,
        spec.build(current, active, where),
        where.today,
      );
      warnings = planned.derived.clocks.warnings;
      return {
        set: {},
        ledger: planned,
        events: [],
        audit: (after, ledger) => clockAudit(spec.action, spec.reason, current, after, ledger) as AuditEntry,
      };
    });
    deps.log.info({ dsrId: updated.id, action: spec.action }, 'request clocks changed');
    return clockChangeOutput(tx, updated, warnings);
  });
}

export async function acknowledgeRequest(
  deps: ActorDeps,
  input: z.output<typeof requestAcknowledgeInputSchema>,
) {
  const refuseTwice = (current: RequestRecord, active: LedgerRow[]) => {
    const already = active.find((e) => e.kind === 'acknowledged');
    if (already) {
      throw fieldError(
        'on',
        `Receipt of ${current.reference} was already acknowledged on ${formatDay(already.on)}.`,
      );
    }
  };
  if (input.notice === 'send_email') {
    return sendNotice(deps, input, {
      kind: 'acknowledgement',
      event: 'acknowledged',
      action: 'requests.acknowledged',
      reason: null,
      check: refuseTwice,
      values: () => ({}),
    });
  }
  return changeClocks(deps, input, {
    action: 'requests.acknowledged',
    reason: null,
    build: (current, active, where) => {
      refuseTwice(current, active);
      const on = ledgerDate(input.on, where, 'on');
      return { add: [{ kind: 'acknowledged', on, reason: null }], field: 'on' };
    },
  });
}

export async function extendRequest(deps: ActorDeps, input: z.output<typeof requestExtendInputSchema>) {
  if (input.notice === 'send_email') {
    // Twice, too late, or no extension under this law: the engine refuses now, naming the rule (and the
    // sender asks it again on the day the notice leaves).
    return sendNotice(deps, input, {
      kind: 'extension_notice',
      event: 'extension_noticed',
      action: 'requests.extended',
      reason: input.reason,
      check: () => undefined,
      values: (current, planned) => ({
        extension_reason: input.reason,
        original_due_date: requesterDate(current.statutoryDueOn, current.regime),
        extended_due_date: requesterDate(planned.columns.statutoryDueOn, current.regime),
      }),
    });
  }
  return changeClocks(deps, input, {
    action: 'requests.extended',
    reason: input.reason,
    build: (current, _active, where) => {
      const on = ledgerDate(input.noticeSentOn, where, 'noticeSentOn');
      // Twice, too late, or no extension under this law: the engine refuses, naming the rule.
      return { add: [{ kind: 'extension_noticed', on, reason: input.reason }], field: 'noticeSentOn' };
    },
  });
}

interface NoticeSpec {
  kind: Extract<MessageKind, 'acknowledgement' | 'extension_notice'>;
  event: Extract<ClockEventKind, 'acknowledged' | 'extension_noticed'>;
  action: ClockAuditAction;
  reason: string | null;
  /** Refusals of the rule before anything is written (already acknowledged). */
  check: (current: RequestRecord, active: LedgerRow[]) => void;
  values: (
    current: RequestRecord,
    planned: PlannedClockChange,
  ) => Partial<Record<MessagePlaceholder, string>>;
}

/**
 * A notice we write and send (issue 13, item 4): the engine must accept its ledger entry today, the message
 * goes to the outbox in this transaction, and the entry is recorded on the day the message leaves (by the
 * sender job), so "notice sent" in the ledger is when the SMTP server took it. Refused as a notice already on
 * its way while one of the same kind is queued.
 */
async function sendNotice(
  deps: ActorDeps,
  input: { id: string; version: number },
  spec: NoticeSpec,
): Promise<RequestClockChangeOutput> {
  const { now } = deps;
  return deps.db.transaction(async (tx) => {
    let warnings: string[] = [];
    const updated = await writeRequestChange(tx, deps, input, async (current) => {
      const { settings, active } = await openLedgerOf(tx, current, deps.log);
      spec.check(current, active);
      const [pending] = await tx
        .select({ queuedAt: messages.queuedAt })
        .from(messages)
        .where(
          and(
            eq(messages.requestId, current.id),
            eq(messages.kind, spec.kind),
            eq(messages.status, 'queued'),
          ),
        );
      if (pending) {
        throw new DomainError(
          'BAD_REQUEST',
          `The ${messageKindLabels[spec.kind].toLowerCase()} for ${current.reference} is already on its way (queued at ${pending.queuedAt.toISOString().slice(11, 16)} UTC).`,
        );
      }
      const today = todayFor(current.regime, settings, now);
      const planned = planClockChange(
        current,
        active,
        settings,
        { add: [{ kind: spec.event, on: today, reason: spec.reason }], field: 'notice' },
        today,
      );
      warnings = planned.derived.clocks.warnings;
      const outbox = await putInOutbox(tx, outboxDepsOf(deps), current, settings, {
        kind: spec.kind,
        values: spec.values(current, planned),
        effect: { kind: 'ledger', event: spec.event, reason: spec.reason },
      });
      return {
        set: {},
        // The demo's history records its notices as sent when it replays them: the entry goes in now.
        ledger: outbox.sentNow ? planned : null,
        events: [outbox.event],
        audit: (after, ledger) =>
          ledger
            ? (clockAudit(spec.action, spec.reason, current, after, ledger) as AuditEntry)
            : messageQueuedChange(current, outbox).audit(after, null),
      };
    });
    deps.log.info({ dsrId: updated.id, kind: spec.kind }, 'notice queued');
    return clockChangeOutput(tx, updated, warnings);
  });
}

export async function removeRequestExtension(
  deps: ActorDeps,
  input: z.output<typeof requestRemoveExtensionInputSchema>,
) {
  return changeClocks(deps, input, {
    action: 'requests.extension_removed',
    reason: input.reason,
    build: (current, active) => {
      const extension = active.find((e) => e.kind === 'extension_noticed');
      if (!extension)
        throw new DomainError('BAD_REQUEST', `${current.reference} has no extension to remove.`);
      return { remove: { entryId: extension.id, reason: input.reason }, field: 'reason' };
    },
  });
}

export async function updateRequestReceivedAt(
  deps: ActorDeps,
  input: z.output<typeof requestUpdateReceivedAtInputSchema>,
) {
  const verdict = checkReceiptTime(new Date(input.receivedAt), deps.now);
  if (!verdict.ok) throw fieldError('receivedAt', verdict.message);
  const { receivedAt } = verdict;
  return changeClocks(deps, input, {
    action: 'requests.received_at_changed',
    reason: input.reason,
    build: (current) => {
      if (receivedAt.getTime() === current.receivedAt.getTime()) {
        throw fieldError('receivedAt', `${current.reference} was already received at this time.`);
      }
      // An entry dated before the new receipt, or an extension the new receipt makes late: the engine refuses.
      return { receivedAt: { to: receivedAt, reason: input.reason }, field: 'receivedAt' };
    },
  });
}

export async function pauseRequest(deps: ActorDeps, input: z.output<typeof requestPauseInputSchema>) {
  return changeClocks(deps, input, {
    action: 'requests.paused',
    reason: input.reason,
    build: (current, _active, where) => {
      const on = ledgerDate(input.on, where, 'on');
      // Whether the law lets this pause stop the clock is the engine's call: it warns where it does not.
      return { add: [{ kind: 'paused', on, reason: input.reason }], field: 'on' };
    },
  });
}

export async function resumeRequest(deps: ActorDeps, input: z.output<typeof requestResumeInputSchema>) {
  return changeClocks(deps, input, {
    action: 'requests.resumed',
    reason: null,
    build: (current, _active, where) => {
      const on = ledgerDate(input.on, where, 'on');
      // A resume with no pause is refused by the engine ("… but it was not paused").
      return { add: [{ kind: 'resumed', on, reason: null }], field: 'on' };
    },
  });
}

import {
  checkReceiptTime,
  DomainError,
  fieldError,
  isOpenStatus,
  type AuditAction,
  type RequestClockChangeOutput,
  type requestAcknowledgeInputSchema,
  type requestExtendInputSchema,
  type requestPauseInputSchema,
  type requestRemoveExtensionInputSchema,
  type requestResumeInputSchema,
  type requestUpdateReceivedAtInputSchema,
} from '@privdesk/shared';
import type { z } from 'zod';
import type { ActorDeps } from '../../lib/service.js';
import type { AuditEntry } from '../audit/audit.writer.js';
import { readSettings } from '../settings/settings.store.js';
import {
  ledgerOf,
  planClockChange,
  todayFor,
  type ClockChange,
  type LedgerRow,
  type RequestRecord,
} from './clock-ledger.js';
import { toChangeOutput, writeRequestChange } from './request-change.js';
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

async function changeClocks(
  deps: ActorDeps,
  input: { id: string; version: number },
  spec: ChangeSpec,
): Promise<RequestClockChangeOutput> {
  const { now } = deps;
  return deps.db.transaction(async (tx) => {
    let warnings: string[] = [];
    const updated = await writeRequestChange(tx, deps, input, async (current) => {
      if (!isOpenStatus(current.status)) {
        throw new DomainError('BAD_REQUEST', `${current.reference} is closed: its clocks no longer run.`);
      }
      const settings = await readSettings(tx, deps.log);
      const active = (await ledgerOf(tx, current.id)).filter((e) => e.removedAt === null);
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
        // The six clock actions share one payload shape, which TypeScript cannot match to a union of
        // actions; recordAudit parses the payload against the action's own schema at write time.
        audit: (after, ledger) =>
          ({
            action: spec.action,
            entityType: 'request',
            entityId: current.id,
            reason: spec.reason,
            // Dates, kinds and ids: the reasons are free text and go in `reason` only.
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
                ? {
                    removedEntry: { id: ledger.removed.id, kind: ledger.removed.kind, on: ledger.removed.on },
                  }
                : {}),
            },
          }) as AuditEntry,
      };
    });
    deps.log.info({ dsrId: updated.id, action: spec.action }, 'request clocks changed');
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
  });
}

export async function acknowledgeRequest(
  deps: ActorDeps,
  input: z.output<typeof requestAcknowledgeInputSchema>,
) {
  return changeClocks(deps, input, {
    action: 'requests.acknowledged',
    reason: null,
    build: (current, active, where) => {
      const already = active.find((e) => e.kind === 'acknowledged');
      if (already) {
        throw fieldError(
          'on',
          `Receipt of ${current.reference} was already acknowledged on ${formatDay(already.on)}.`,
        );
      }
      const on = ledgerDate(input.on, where, 'on');
      return { add: [{ kind: 'acknowledged', on, reason: null }], field: 'on' };
    },
  });
}

export async function extendRequest(deps: ActorDeps, input: z.output<typeof requestExtendInputSchema>) {
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

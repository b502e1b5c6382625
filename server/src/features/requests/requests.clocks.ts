import { eq } from 'drizzle-orm';
import {
  DomainError,
  fieldError,
  isOpenStatus,
  type AuditAction,
  type Regime,
  type RequestClockChangeOutput,
  type RequestStatus,
  type requestAcknowledgeInputSchema,
  type requestExtendInputSchema,
  type requestPauseInputSchema,
  type requestRemoveExtensionInputSchema,
  type requestResumeInputSchema,
  type requestUpdateReceivedAtInputSchema,
} from '@privdesk/shared';
import type { z } from 'zod';
import type { Tx } from '../../db/client.js';
import { requests } from '../../db/schema.js';
import { auditOrigin, type Context } from '../../trpc/context.js';
import { recordAudit } from '../audit/audit.writer.js';
import { readSettings } from '../settings/settings.store.js';
import {
  ledgerOf,
  planClockChange,
  todayFor,
  writeClockChange,
  type ClockChange,
  type LedgerRow,
  type RequestRecord,
} from './request-clocks.js';
import { actorOf, lockForChange, toChangeOutput } from './requests.service.js';
import { dueOnOf } from './requests.queries.js';

/**
 * The clock-ledger changes a privacy officer makes by hand: acknowledge, extend, remove the extension, pause,
 * resume, and correct the receipt time. Each is one transaction: lock and version check, the engine's
 * verdict on the new ledger, the ledger and timeline entries, the re-derived dates on the request row (a new
 * version), and the audit event.
 */

/** A receipt time a little ahead of the server's clock is the sender's clock, not the future. */
const clockSkewMs = 2 * 60_000;
const earliestReceipt = new Date('2000-01-01T00:00:00Z');

interface ChangeSpec {
  action: AuditAction;
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
  ctx: Context,
  input: { id: string; version: number },
  spec: ChangeSpec,
): Promise<RequestClockChangeOutput> {
  const actor = actorOf(ctx);
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const current = await lockForChange(tx, input.id, input.version, now);
    if (!isOpenStatus(current.status as RequestStatus)) {
      throw new DomainError('BAD_REQUEST', `${current.reference} is closed: its clocks no longer run.`);
    }
    const settings = await readSettings(tx, ctx.log);
    const active = (await ledgerOf(tx, current.id)).filter((e) => e.removedAt === null);
    const regime = current.regime as Regime;
    const where = { today: todayFor(regime, settings, now), timeZone: settings.handling[regime].timeZone };
    const planned = planClockChange(
      current,
      active,
      settings,
      spec.build(current, active, where),
      where.today,
    );
    const updated = await updateRow(tx, current, planned.columns, planned.change, actor.staffId, now);
    const { recorded, removed } = await writeClockChange(tx, current, planned, actor.staffId, now);
    await recordAudit(
      tx,
      auditOrigin(ctx),
      {
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
          version: updated.version,
          receivedAt: updated.receivedAt.toISOString(),
          statutoryDueOn: updated.statutoryDueOn,
          effectiveDueOn: updated.effectiveDueOn,
          clockState: updated.clockState,
          ...(recorded.length > 0
            ? { entries: recorded.map((e) => ({ id: e.id, kind: e.kind, on: e.on })) }
            : {}),
          ...(removed ? { removedEntry: { id: removed.id, kind: removed.kind, on: removed.on } } : {}),
        },
      },
      now,
    );
    ctx.log.info({ dsrId: current.id, action: spec.action }, 'request clocks changed');
    return {
      ...(await toChangeOutput(tx, updated)),
      receivedAt: updated.receivedAt.toISOString(),
      dueOn: dueOnOf(updated),
      companyDueOn: updated.companyDueOn,
      statutoryDueOn: updated.statutoryDueOn,
      effectiveDueOn: updated.effectiveDueOn,
      clockState: updated.clockState as RequestClockChangeOutput['clockState'],
      warnings: planned.derived.clocks.warnings,
    };
  });
}

async function updateRow(
  tx: Tx,
  current: RequestRecord,
  columns: ReturnType<typeof planClockChange>['columns'],
  change: ClockChange,
  actorId: string,
  now: Date,
): Promise<RequestRecord> {
  const [updated] = await tx
    .update(requests)
    .set({
      ...columns,
      ...(change.receivedAt ? { receivedAt: change.receivedAt.to } : {}),
      version: current.version + 1,
      updatedAt: now,
      updatedBy: actorId,
    })
    .where(eq(requests.id, current.id))
    .returning();
  if (!updated) throw new Error('request update returned nothing');
  return updated;
}

export async function acknowledgeRequest(
  ctx: Context,
  input: z.output<typeof requestAcknowledgeInputSchema>,
) {
  return changeClocks(ctx, input, {
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

export async function extendRequest(ctx: Context, input: z.output<typeof requestExtendInputSchema>) {
  return changeClocks(ctx, input, {
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
  ctx: Context,
  input: z.output<typeof requestRemoveExtensionInputSchema>,
) {
  return changeClocks(ctx, input, {
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
  ctx: Context,
  input: z.output<typeof requestUpdateReceivedAtInputSchema>,
) {
  const now = ctx.now();
  let receivedAt = new Date(input.receivedAt);
  if (receivedAt.getTime() > now.getTime() + clockSkewMs) {
    throw fieldError('receivedAt', 'The receipt time cannot be in the future.');
  }
  if (receivedAt > now) receivedAt = now;
  if (receivedAt < earliestReceipt)
    throw fieldError('receivedAt', 'The receipt time is before 2000: check the date.');
  return changeClocks(ctx, input, {
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

export async function pauseRequest(ctx: Context, input: z.output<typeof requestPauseInputSchema>) {
  return changeClocks(ctx, input, {
    action: 'requests.paused',
    reason: input.reason,
    build: (current, _active, where) => {
      const on = ledgerDate(input.on, where, 'on');
      // Whether the law lets this pause stop the clock is the engine's call: it warns where it does not.
      return { add: [{ kind: 'paused', on, reason: input.reason }], field: 'on' };
    },
  });
}

export async function resumeRequest(ctx: Context, input: z.output<typeof requestResumeInputSchema>) {
  return changeClocks(ctx, input, {
    action: 'requests.resumed',
    reason: null,
    build: (current, _active, where) => {
      const on = ledgerDate(input.on, where, 'on');
      // A resume with no pause is refused by the engine ("… but it was not paused").
      return { add: [{ kind: 'resumed', on, reason: null }], field: 'on' };
    },
  });
}

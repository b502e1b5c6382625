import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import {
  calendarDateIn,
  ClockError,
  clockRuleFor,
  DomainError,
  isOpenStatus,
  type AppSettings,
  type ClockEvent,
  type ClockEventKind,
  type ClockLedgerEntry,
  type DerivedDueDates,
  type Regime,
  type RequestClocks,
} from '@privdesk/shared';
import type { DbOrTx, Tx } from '../../db/client.js';
import { requestClockEvents, requestEvents, type requests } from '../../db/schema.js';
import { deriveFor, dueColumnsOf } from './request-derived.js';

/**
 * The clock ledger of a request: reading it, and the one way it changes — `planClockChange` derives the
 * dates the change would give (refusing it with the engine's message), `writeClockChange` records it with
 * its timeline entries. The caller updates the request row (dates, version) and writes the audit event in
 * the same transaction.
 */

export type RequestRecord = typeof requests.$inferSelect;
export type LedgerRow = typeof requestClockEvents.$inferSelect;

export interface NewLedgerEntry {
  kind: ClockEventKind;
  on: string;
  reason: string | null;
}

export function toClockEvent(row: Pick<LedgerRow, 'kind' | 'on' | 'reason'>): ClockEvent {
  // The column is typed and CHECKed from the shared list of kinds: no value outside it can be read here.
  return row.reason === null
    ? { kind: row.kind, on: row.on }
    : { kind: row.kind, on: row.on, reason: row.reason };
}

/** Every entry, removed ones included, in the order recorded. */
export async function ledgerOf(db: DbOrTx, requestId: string): Promise<LedgerRow[]> {
  return db
    .select()
    .from(requestClockEvents)
    .where(eq(requestClockEvents.requestId, requestId))
    .orderBy(asc(requestClockEvents.seq));
}

/** The active entries (what the engine counts) of many requests, each in the order recorded. */
export async function activeLedgersOf(
  db: DbOrTx,
  requestIds: readonly string[],
): Promise<Map<string, ClockEvent[]>> {
  const out = new Map<string, ClockEvent[]>();
  if (requestIds.length === 0) return out;
  const rows = await db
    .select({
      requestId: requestClockEvents.requestId,
      kind: requestClockEvents.kind,
      on: requestClockEvents.on,
      reason: requestClockEvents.reason,
    })
    .from(requestClockEvents)
    .where(and(inArray(requestClockEvents.requestId, [...requestIds]), isNull(requestClockEvents.removedAt)))
    .orderBy(asc(requestClockEvents.requestId), asc(requestClockEvents.seq));
  for (const row of rows) {
    const list = out.get(row.requestId);
    if (list) list.push(toClockEvent(row));
    else out.set(row.requestId, [toClockEvent(row)]);
  }
  return out;
}

/** The dates of a request as its stored ledger gives them now (entries the engine now refuses are left out with a warning). */
export function deriveStored(
  record: Pick<RequestRecord, 'regime' | 'type' | 'receivedAt' | 'minor'>,
  ledger: readonly ClockEvent[],
  settings: AppSettings,
): DerivedDueDates {
  return deriveFor({
    regime: record.regime,
    type: record.type,
    receivedAt: record.receivedAt,
    minor: record.minor,
    ledger,
    settings,
    lenient: { mustKeep: [] },
  });
}

/**
 * The ledger with every pause still open closed on `today`: what the dates would be were the clock to run
 * again today. Stored dates are derived from it, so a request waiting on its requester counts the days
 * waited so far (advanced each night by the recompute job) and never shows as overdue while its clock
 * stands; the request page still derives from the ledger as recorded and says the clock is paused.
 */
export function closedAsOf(events: readonly ClockEvent[], today: string): ClockEvent[] {
  let manual = false;
  const asks = new Set<'identity' | 'clarification'>();
  for (const event of events) {
    if (event.kind === 'paused') manual = true;
    else if (event.kind === 'resumed') manual = false;
    else if (event.kind === 'identity_asked') asks.add('identity');
    else if (event.kind === 'clarification_asked') asks.add('clarification');
    else if (event.kind === 'identity_received') asks.delete('identity');
    else if (event.kind === 'clarification_received') asks.delete('clarification');
  }
  const closing: ClockEvent[] = [];
  if (manual) closing.push({ kind: 'resumed', on: today });
  for (const ask of asks) closing.push({ kind: `${ask}_received`, on: today });
  return [...events, ...closing];
}

/**
 * The columns stored on the request row: the derived dates, counting an open pause up to `today` (see
 * `closedAsOf`); the state stays "paused". Should the engine refuse the closed ledger, the dates as
 * recorded are stored.
 */
export function storedColumnsOf(
  record: Pick<RequestRecord, 'regime' | 'type' | 'receivedAt' | 'minor'>,
  events: readonly ClockEvent[],
  derived: DerivedDueDates,
  settings: AppSettings,
  today: string,
): ReturnType<typeof dueColumnsOf> {
  const columns = dueColumnsOf(derived);
  if (!derived.clocks.paused) return columns;
  const kept = events.filter((_, index) => !derived.skipped.includes(index));
  try {
    const asOf = deriveFor({
      regime: record.regime,
      type: record.type,
      receivedAt: record.receivedAt,
      minor: record.minor,
      ledger: closedAsOf(kept, today),
      settings,
    });
    return { ...dueColumnsOf(asOf), clockState: columns.clockState };
  } catch (error) {
    if (error instanceof ClockError) return columns;
    throw error;
  }
}

/** Today in the regime's handling entity's time zone: the default date of a ledger entry. */
export function todayFor(regime: Regime, settings: AppSettings, now: Date): string {
  return calendarDateIn(now, settings.handling[regime].timeZone);
}

export interface ClockChange {
  add?: NewLedgerEntry[];
  /** An active entry to take out of the ledger (it stays, marked removed). */
  remove?: { entryId: string; reason: string };
  receivedAt?: { to: Date; reason: string };
  /** The input field a refusal is shown beside (the entry's date, or `receivedAt`). */
  field: string;
}

export interface PlannedClockChange {
  change: ClockChange;
  derived: DerivedDueDates;
  columns: ReturnType<typeof dueColumnsOf>;
}

/** The engine's refusal as a field error beside the input it is about. */
function refusal(error: ClockError, field: string): DomainError {
  const last = error.path[error.path.length - 1];
  const key = last === 'reason' ? 'reason' : field;
  return new DomainError('BAD_REQUEST', error.message, { [key]: [error.message] });
}

/**
 * The dates a change would give, or the engine's refusal (ClockError → BAD_REQUEST beside the field). An
 * entry the engine already refused before the change (settings moved since it was recorded) stays left
 * out; every other entry — the new one above all — must still be accepted after it, so a change that
 * would invalidate the ledger (a receipt moved after an extension's notice…) is refused, naming the rule.
 */
export function planClockChange(
  current: RequestRecord,
  activeRows: readonly LedgerRow[],
  settings: AppSettings,
  change: ClockChange,
  today: string,
): PlannedClockChange {
  const currentEvents = activeRows.map(toClockEvent);
  let skippedBefore: Set<number>;
  try {
    skippedBefore = new Set(deriveStored(current, currentEvents, settings).skipped);
  } catch (error) {
    if (error instanceof ClockError) throw refusal(error, change.field);
    throw error;
  }
  const next: { event: ClockEvent; keep: boolean }[] = [];
  activeRows.forEach((row, index) => {
    if (row.id === change.remove?.entryId) return;
    next.push({ event: currentEvents[index] ?? toClockEvent(row), keep: !skippedBefore.has(index) });
  });
  for (const entry of change.add ?? []) {
    const event: ClockEvent =
      entry.reason === null
        ? { kind: entry.kind, on: entry.on }
        : { kind: entry.kind, on: entry.on, reason: entry.reason };
    next.push({ event, keep: true });
  }
  try {
    const receivedAt = change.receivedAt?.to ?? current.receivedAt;
    const ledger = next.map((n) => n.event);
    const derived = deriveFor({
      regime: current.regime,
      type: current.type,
      receivedAt,
      minor: current.minor,
      ledger,
      settings,
      lenient: { mustKeep: next.flatMap((n, i) => (n.keep ? [i] : [])) },
    });
    const columns = storedColumnsOf({ ...current, receivedAt }, ledger, derived, settings, today);
    return { change, derived, columns };
  } catch (error) {
    if (error instanceof ClockError) throw refusal(error, change.field);
    throw error;
  }
}

/** Records a planned change's ledger rows and timeline entries; returns the rows recorded. */
export async function writeClockChange(
  tx: Tx,
  current: RequestRecord,
  planned: PlannedClockChange,
  actorId: string | null,
  now: Date,
): Promise<{ recorded: LedgerRow[]; removed: LedgerRow | undefined }> {
  const { change } = planned;
  const recorded: LedgerRow[] = [];
  for (const entry of change.add ?? []) {
    const [row] = await tx
      .insert(requestClockEvents)
      .values({
        requestId: current.id,
        kind: entry.kind,
        on: entry.on,
        reason: entry.reason,
        recordedAt: now,
        recordedBy: actorId,
      })
      .returning();
    if (!row) throw new Error('ledger insert returned nothing');
    recorded.push(row);
    await tx.insert(requestEvents).values({
      requestId: current.id,
      at: now,
      actorId,
      kind: 'clock',
      data: { action: 'recorded', entryId: row.id, event: row.kind, on: row.on, reason: row.reason },
    });
  }
  let removed: LedgerRow | undefined;
  if (change.remove) {
    [removed] = await tx
      .update(requestClockEvents)
      .set({ removedAt: now, removedBy: actorId, removalReason: change.remove.reason })
      .where(and(eq(requestClockEvents.id, change.remove.entryId), isNull(requestClockEvents.removedAt)))
      .returning();
    if (!removed) throw new Error('ledger removal matched nothing');
    await tx.insert(requestEvents).values({
      requestId: current.id,
      at: now,
      actorId,
      kind: 'clock',
      data: {
        action: 'removed',
        entryId: removed.id,
        event: removed.kind,
        on: removed.on,
        reason: change.remove.reason,
      },
    });
  }
  if (change.receivedAt) {
    await tx.insert(requestEvents).values({
      requestId: current.id,
      at: now,
      actorId,
      kind: 'received_at_changed',
      data: {
        from: current.receivedAt.toISOString(),
        to: change.receivedAt.to.toISOString(),
        reason: change.receivedAt.reason,
      },
    });
  }
  return { recorded, removed };
}

/** The open asks (asked, not yet received) of an active ledger, oldest first. */
export function openAsks(ledger: readonly Pick<LedgerRow, 'kind'>[]): ('identity' | 'clarification')[] {
  const open = new Set<'identity' | 'clarification'>();
  for (const row of ledger) {
    if (row.kind === 'identity_asked') open.add('identity');
    else if (row.kind === 'clarification_asked') open.add('clarification');
    else if (row.kind === 'identity_received') open.delete('identity');
    else if (row.kind === 'clarification_received') open.delete('clarification');
  }
  return [...open];
}

/** Everything the request page shows about the clocks, computed now from the ledger and the settings. */
export function presentClocks(input: {
  record: RequestRecord;
  ledger: readonly LedgerRow[];
  settings: AppSettings;
  now: Date;
  names: Map<string, string>;
}): RequestClocks {
  const { record, ledger, settings } = input;
  const regime = record.regime;
  const type = record.type;
  const active = ledger.filter((row) => row.removedAt === null);
  const derived = deriveStored(record, active.map(toClockEvent), settings);
  const clocks = derived.clocks;
  const rule = clockRuleFor(regime, type);
  const extension = active.find(
    (row, index) => row.kind === 'extension_noticed' && !derived.skipped.includes(index),
  );
  const open = isOpenStatus(record.status);
  const canExtend = open && rule !== undefined && rule.extension !== null && extension === undefined;
  const ref = (id: string | null) =>
    id === null ? null : { id, name: input.names.get(id) ?? 'Unknown staff member' };
  const entries: ClockLedgerEntry[] = ledger.map((row) => ({
    id: row.id,
    kind: toClockEvent(row).kind,
    on: row.on,
    reason: row.reason,
    recordedAt: row.recordedAt.toISOString(),
    recordedBy: ref(row.recordedBy),
    removedAt: row.removedAt?.toISOString() ?? null,
    removedBy: ref(row.removedBy),
    removalReason: row.removalReason,
  }));
  return {
    ...clocks,
    handling: { ...settings.handling[regime] },
    today: todayFor(regime, settings, input.now),
    canExtendUntil: canExtend ? (clocks.statutory.extensionNoticeBy ?? null) : null,
    canPause:
      rule !== undefined &&
      (rule.pause === 'always' || (rule.pause === 'if_enabled' && settings.euPauseEnabled)),
    acknowledgedOn: active.find((row) => row.kind === 'acknowledged')?.on ?? null,
    extensionEntryId: extension?.id ?? null,
    ledger: entries,
  };
}

import { eq } from 'drizzle-orm';
import {
  DomainError,
  calendarDateIn,
  type AppSettings,
  type SubprocessorEventKind,
  type SubprocessorFields,
} from '@privdesk/shared';
import type { Tx } from '../../db/client.js';
import { subprocessorDataSystems, subprocessorEvents, subprocessors } from '../../db/schema.js';
import { originOf, type Actor } from '../../lib/service.js';
import { staleVersionError } from '../../lib/db-errors.js';
import { recordAudit, type AuditEntry } from '../audit/audit.writer.js';
import type { SystemActor } from '../requests/request-change.js';

export type SubprocessorRecord = typeof subprocessors.$inferSelect;
export type SubprocessorPatch = Partial<
  Pick<
    SubprocessorRecord,
    | 'status'
    | 'objectionDeadline'
    | 'activeFrom'
    | 'activatedEarlyReason'
    | 'retiredOn'
    | 'retiredReason'
    | 'replacesId'
  >
>;

/** What a rule decided about a subprocessor, for the writer to record. */
export interface SubprocessorChange {
  /** New field values (an edit): the row's searchable columns and data-system links follow them. */
  fields?: SubprocessorFields;
  set?: SubprocessorPatch;
  /** Rows the change owns (a notice, an objection), written after the subprocessor's row. */
  write?: (tx: Tx, updated: SubprocessorRecord) => Promise<void>;
  event: { kind: SubprocessorEventKind; data: Record<string, unknown>; reason?: string | null };
  audit: (updated: SubprocessorRecord) => AuditEntry;
}

/** Today where the registry counts its days: the EU handling entity's calendar, as the notices' dates are. */
export function registryToday(settings: AppSettings, now: Date): string {
  return calendarDateIn(now, settings.handling.gdpr.timeZone);
}

/** The columns the table filters and sorts on, from the fields. */
export function columnsOf(fields: SubprocessorFields) {
  return {
    name: fields.name,
    legalName: fields.legalName,
    category: fields.category,
    countries: fields.locations.map((l) => l.country),
    mechanisms: [...new Set(fields.locations.flatMap((l) => (l.mechanism === null ? [] : [l.mechanism])))],
    replacesId: fields.replacesId,
  };
}

export async function linkDataSystems(tx: Tx, subprocessorId: string, ids: readonly string[]): Promise<void> {
  await tx.delete(subprocessorDataSystems).where(eq(subprocessorDataSystems.subprocessorId, subprocessorId));
  if (ids.length > 0)
    await tx
      .insert(subprocessorDataSystems)
      .values([...new Set(ids)].map((dataSystemId) => ({ subprocessorId, dataSystemId })));
}

async function lockForChange(tx: Tx, id: string, version: number): Promise<SubprocessorRecord> {
  const [row] = await tx.select().from(subprocessors).where(eq(subprocessors.id, id)).for('update');
  if (!row) throw new DomainError('NOT_FOUND', 'No subprocessor with this id.');
  if (row.version !== version) throw await staleVersionError(tx, row);
  return row;
}

/**
 * The one way a subprocessor changes, in one order inside the caller's transaction: lock the row, check the
 * version the person saw, ask the rule (`decide` throws a DomainError to refuse), write the row with its new
 * version, the change's own rows, the history entry (this version's fields, so every version is kept), and
 * the audit event.
 */
export async function writeSubprocessorChange(
  tx: Tx,
  deps: { actor: Actor | SystemActor; now: Date },
  target: { id: string; version: number },
  decide: (current: SubprocessorRecord) => Promise<SubprocessorChange> | SubprocessorChange,
): Promise<SubprocessorRecord> {
  const { actor, now } = deps;
  const current = await lockForChange(tx, target.id, target.version);
  const change = await decide(current);
  const staffId = 'system' in actor ? null : actor.staffId;
  const [updated] = await tx
    .update(subprocessors)
    .set({
      ...(change.fields ? { fields: change.fields, ...columnsOf(change.fields) } : {}),
      ...change.set,
      version: current.version + 1,
      updatedAt: now,
      updatedBy: staffId,
    })
    .where(eq(subprocessors.id, current.id))
    .returning();
  if (!updated) throw new Error('subprocessor update returned nothing');
  if (change.fields) await linkDataSystems(tx, updated.id, change.fields.dataSystemIds);
  await change.write?.(tx, updated);
  await recordHistory(tx, deps, updated, change.event);
  await recordAudit(tx, originOfActor(actor), change.audit(updated), now);
  return updated;
}

export function originOfActor(actor: Actor | SystemActor) {
  return 'system' in actor ? { actorId: null, ip: null, requestId: actor.system } : originOf(actor);
}

/** A history entry: the kind of change, what it says, and the fields as this version has them. */
export async function recordHistory(
  tx: Tx,
  deps: { actor: Actor | SystemActor; now: Date },
  row: SubprocessorRecord,
  event: { kind: SubprocessorEventKind; data: Record<string, unknown>; reason?: string | null },
): Promise<void> {
  await tx.insert(subprocessorEvents).values({
    subprocessorId: row.id,
    version: row.version,
    at: deps.now,
    actorId: 'system' in deps.actor ? null : deps.actor.staffId,
    system: 'system' in deps.actor ? deps.actor.system : null,
    kind: event.kind,
    data: { ...event.data, status: row.status, fields: row.fields },
    reason: event.reason ?? null,
  });
}

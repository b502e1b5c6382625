import { eq } from 'drizzle-orm';
import { DomainError } from '@privdesk/shared';
import type { Tx } from '../../db/client.js';
import { dataSystems } from '../../db/schema.js';
import type { Actor } from '../../lib/service.js';
import { staleVersionError } from '../../lib/db-errors.js';
import { recordAudit, type AuditEntry } from '../audit/audit.writer.js';
import { originOfActor } from '../registry/subprocessor-change.js';
import type { SystemActor } from '../requests/request-change.js';

export type DataSystemRecord = typeof dataSystems.$inferSelect;
export type DataSystemPatch = Partial<
  Pick<
    DataSystemRecord,
    | 'name'
    | 'description'
    | 'ownerId'
    | 'dataCategories'
    | 'connectorKind'
    | 'connector'
    | 'webhookSecretSealed'
    | 'webhookSecretSetAt'
    | 'retentionRules'
  >
>;

/** What a rule decided about a data system, for the writer to record. */
export interface DataSystemChange {
  set: DataSystemPatch;
  audit: (updated: DataSystemRecord) => AuditEntry;
}

async function lockForChange(tx: Tx, id: string, version: number): Promise<DataSystemRecord> {
  const [row] = await tx.select().from(dataSystems).where(eq(dataSystems.id, id)).for('update');
  if (!row) throw new DomainError('NOT_FOUND', 'No data system with this id.');
  if (row.version !== version) throw await staleVersionError(tx, row);
  return row;
}

/**
 * The one way a data system changes, in the house order inside the caller's transaction: lock the row,
 * check the version the person saw, ask the rule (`decide` throws a DomainError to refuse), write the row
 * with its next version, then the audit event. The audit log is the system's history: each event names the
 * fields that changed (the inventory has no requester-facing timeline).
 */
export async function writeDataSystemChange(
  tx: Tx,
  deps: { actor: Actor | SystemActor; now: Date },
  target: { id: string; version: number },
  decide: (current: DataSystemRecord) => Promise<DataSystemChange> | DataSystemChange,
): Promise<DataSystemRecord> {
  const { actor, now } = deps;
  const current = await lockForChange(tx, target.id, target.version);
  const change = await decide(current);
  const [updated] = await tx
    .update(dataSystems)
    .set({
      ...change.set,
      version: current.version + 1,
      updatedAt: now,
      updatedBy: 'system' in actor ? null : actor.staffId,
    })
    .where(eq(dataSystems.id, current.id))
    .returning();
  if (!updated) throw new Error('data system update returned nothing');
  await recordAudit(tx, originOfActor(actor), change.audit(updated), now);
  return updated;
}

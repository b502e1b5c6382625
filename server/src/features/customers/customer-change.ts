import { eq } from 'drizzle-orm';
import { DomainError, type CustomerEventKind, type CustomerStatus } from '@privdesk/shared';
import type { Tx } from '../../db/client.js';
import { customerEvents, customers, staff } from '../../db/schema.js';
import { originOf, type Actor } from '../../lib/service.js';
import { recordAudit, type AuditEntry } from '../audit/audit.writer.js';

export type CustomerRecord = typeof customers.$inferSelect;

/** What a rule decided about a customer account, for the writer to record. */
export interface CustomerChange {
  /** Writes the change's own rows (a flag set or lifted) inside the transaction; returns what the audit names. */
  write: (tx: Tx) => Promise<{ id: string }>;
  /** The account's timeline entry, given the id `write` returned. */
  event: (written: { id: string }) => { kind: CustomerEventKind; data: Record<string, unknown> };
  /** The account's status after the change, where the rule moves it (a restriction restricts the account). */
  status?: CustomerStatus;
  /** The audit event, given the written row and the account's new version. */
  audit: (written: { id: string }, version: number) => AuditEntry;
}

/** Locks the account and checks the version the change was based on; a stale one says who changed it and when. */
async function lockForChange(tx: Tx, id: string, version: number): Promise<CustomerRecord> {
  const [row] = await tx.select().from(customers).where(eq(customers.id, id)).for('update');
  if (!row) throw new DomainError('NOT_FOUND', 'No customer account with this id.');
  if (row.version !== version) {
    const [who] = row.updatedBy
      ? await tx.select({ name: staff.name }).from(staff).where(eq(staff.id, row.updatedBy))
      : [];
    const when = row.updatedAt ? ` at ${row.updatedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC` : '';
    throw new DomainError(
      'CONFLICT',
      `${row.accountNumber} was changed by ${who?.name ?? 'someone else'}${when} — reload to see the change, then try again.`,
    );
  }
  return row;
}

/**
 * The one way a customer account changes, in one order inside the caller's transaction (as requests do in
 * request-change.ts): lock the account, check the version the person saw, ask the rule (`decide` throws a
 * DomainError to refuse), write the change's rows and the account's new version, its timeline entry, and
 * the audit event.
 */
export async function writeCustomerChange(
  tx: Tx,
  deps: { actor: Actor; now: Date },
  target: { id: string; version: number },
  decide: (current: CustomerRecord) => Promise<CustomerChange> | CustomerChange,
): Promise<CustomerRecord> {
  const { actor, now } = deps;
  const current = await lockForChange(tx, target.id, target.version);
  const change = await decide(current);
  const written = await change.write(tx);
  const [updated] = await tx
    .update(customers)
    .set({
      version: current.version + 1,
      updatedAt: now,
      updatedBy: actor.staffId,
      ...(change.status === undefined ? {} : { status: change.status }),
    })
    .where(eq(customers.id, current.id))
    .returning();
  if (!updated) throw new Error('customer update returned nothing');
  const event = change.event(written);
  await tx
    .insert(customerEvents)
    .values({ customerId: current.id, at: now, actorId: actor.staffId, kind: event.kind, data: event.data });
  await recordAudit(tx, originOf(actor), change.audit(written, updated.version), now);
  return updated;
}

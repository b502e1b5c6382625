import { desc, sql } from 'drizzle-orm';
import {
  parseAuditPayload,
  type AuditAction,
  type AuditEntityType,
  type AuditPayload,
} from '@privdesk/shared';
import type { DbOrTx } from '../../db/client.js';
import { auditEvents } from '../../db/schema.js';
import { currentChainVersion, eventHash, genesisHash } from './audit-chain.js';

/** Who did it and from where; carried on every request context. */
export interface AuditOrigin {
  actorId: string | null;
  ip: string | null;
  requestId: string | null;
}

/**
 * One event, typed per action: `before` / `after` are that action's payload (shared/src/audit/audit.payloads.ts),
 * identifiers and codes only, never personal data. The payload is parsed again at write time, so a key the
 * action does not know (a name, an email) fails the transaction instead of reaching the log.
 */
export type AuditEntry = {
  [A in AuditAction]: {
    action: A;
    entityType: AuditEntityType;
    entityId?: string | null;
    reason?: string | null;
    before?: AuditPayload<A>['before'] | undefined;
    after?: AuditPayload<A>['after'] | undefined;
  };
}[AuditAction];

// Any constant works; it only has to be the same for every writer of the chain.
const auditChainLock = 0x7072_6976;

/**
 * Appends one event to the chain inside the caller's transaction. The advisory lock serialises writers
 * until that transaction ends, so two concurrent changes can never fork the chain.
 */
export async function recordAudit(
  tx: DbOrTx,
  origin: AuditOrigin,
  entry: AuditEntry,
  at = new Date(),
): Promise<number> {
  parseAuditPayload(entry.action, entry.before, entry.after);
  await tx.execute(sql`select pg_advisory_xact_lock(${auditChainLock})`);
  const [last] = await tx
    .select({ seq: auditEvents.seq, hash: auditEvents.hash })
    .from(auditEvents)
    .orderBy(desc(auditEvents.seq))
    .limit(1);
  const fields = {
    seq: (last?.seq ?? 0) + 1,
    at,
    actorId: origin.actorId,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId ?? null,
    ip: origin.ip,
    requestId: origin.requestId,
    reason: entry.reason ?? null,
    // Round-trip through JSON so what is hashed is exactly what jsonb will give back.
    before: entry.before ? (JSON.parse(JSON.stringify(entry.before)) as Record<string, unknown>) : null,
    after: entry.after ? (JSON.parse(JSON.stringify(entry.after)) as Record<string, unknown>) : null,
  };
  const prevHash = last?.hash ?? genesisHash;
  await tx
    .insert(auditEvents)
    .values({ ...fields, prevHash, hash: eventHash(prevHash, fields), chain: currentChainVersion });
  return fields.seq;
}

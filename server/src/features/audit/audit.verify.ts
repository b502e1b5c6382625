import { asc, gt } from 'drizzle-orm';
import type { AuditVerifyResult } from '@privdesk/shared';
import type { Db } from '../../db/client.js';
import { auditEvents } from '../../db/schema.js';
import { chainedFieldsOf, eventHash, genesisHash } from './audit-chain.js';

/**
 * Walks the whole chain in order and names the first event that does not fit: a gap in the sequence
 * (an event removed), a previous-hash that does not match (reordered or removed), or a hash that does not
 * match the content (altered).
 */
export async function verifyAuditChain(db: Db, batchSize = 5000): Promise<AuditVerifyResult> {
  let prevHash = genesisHash;
  let expectedSeq = 1;
  let checked = 0;
  let keyed = false;
  for (;;) {
    const rows = await db
      .select()
      .from(auditEvents)
      .where(gt(auditEvents.seq, expectedSeq - 1))
      .orderBy(asc(auditEvents.seq))
      .limit(batchSize);
    if (rows.length === 0) break;
    for (const row of rows) {
      const head = checked > 0 ? { seq: expectedSeq - 1, hash: prevHash } : null;
      const broken = (problem: string): AuditVerifyResult => ({
        ok: false,
        checked,
        firstBrokenSeq: row.seq,
        problem,
        head,
      });
      if (row.seq !== expectedSeq)
        return { ...broken(`event ${expectedSeq} is missing`), firstBrokenSeq: expectedSeq };
      if (row.prevHash !== prevHash) return broken(`event ${row.seq} does not follow event ${row.seq - 1}`);
      // Once the keyed segment began, an unkeyed event can only be one written without the key.
      if (keyed && row.chain !== 2) return broken(`event ${row.seq} is not signed with the chain's key`);
      keyed ||= row.chain === 2;
      const recomputed = eventHash(
        prevHash,
        chainedFieldsOf({ ...row, before: row.before ?? null, after: row.after ?? null }),
        row.chain,
      );
      if (recomputed !== row.hash) return broken(`event ${row.seq} was altered after it was written`);
      prevHash = row.hash;
      expectedSeq += 1;
      checked += 1;
    }
  }
  return {
    ok: true,
    checked,
    firstBrokenSeq: null,
    problem: null,
    head: checked > 0 ? { seq: expectedSeq - 1, hash: prevHash } : null,
  };
}

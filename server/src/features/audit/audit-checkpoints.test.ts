import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { asc, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../db/schema.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { chainedFieldsOf, eventHash, genesisHash } from './audit-chain.js';
import { latestAuditCheckpoint, verifyAgainstCheckpoint, writeAuditCheckpoint } from './audit-checkpoints.js';
import { verifyAuditChain } from './audit.verify.js';

// Issue 9, item 4: cutting the last events, or altering one and re-hashing every event after it, passed
// audit:verify. Each case here is an attacker with the database (table-owner rights) but not the app
// secret, and not the checkpoint sink: a second directory, as a separate disk or host would be.

let app: TestApp;
let sink: string;
beforeAll(async () => {
  app = await createTestApp();
  sink = mkdtempSync(path.join(os.tmpdir(), 'privdesk-checkpoints-'));
});
afterAll(async () => {
  await app.close();
  rmSync(sink, { recursive: true, force: true });
});

async function freshChain(events: number): Promise<TestApp> {
  const fresh = await createTestApp();
  const { caller } = await fresh.callerAs(['admin']);
  for (let n = 1; n <= events; n += 1)
    await caller.staff.create({ email: `c${n}@test.example`, name: `C ${n}`, roles: ['auditor'] });
  await fresh.database.db.execute(sql`alter table audit_events disable trigger audit_events_append_only`);
  return fresh;
}

/** What an attacker without the key can do: recompute every hash from `from` on, the old unkeyed way. */
async function rehashUnkeyed(target: TestApp, from: number, chain: 1 | 2): Promise<void> {
  const rows = await target.database.db.select().from(auditEvents).orderBy(asc(auditEvents.seq));
  let prev = rows.find((r) => r.seq === from - 1)?.hash ?? genesisHash;
  for (const r of rows.filter((x) => x.seq >= from)) {
    const fields = chainedFieldsOf({ ...r, before: r.before ?? null, after: r.after ?? null });
    const hash = eventHash(prev, fields, 1);
    await target.database.db.execute(
      sql`update audit_events set prev_hash = ${prev}, hash = ${hash}, chain = ${chain} where seq = ${r.seq}`,
    );
    prev = hash;
  }
}

describe('the keyed chain', () => {
  it('catches an event altered and every later one re-hashed without the key', async () => {
    const target = await freshChain(5);
    try {
      expect(await verifyAuditChain(target.database.db)).toMatchObject({ ok: true, checked: 5 });
      await target.database.db.execute(
        sql`update audit_events set after = '{"roles":["admin"]}'::jsonb where seq = 3`,
      );
      await rehashUnkeyed(target, 3, 2);
      expect(await verifyAuditChain(target.database.db)).toMatchObject({
        ok: false,
        firstBrokenSeq: 3,
        problem: 'event 3 was altered after it was written',
      });
      // Marking the re-hashed events as the old, unkeyed kind does not help either.
      await rehashUnkeyed(target, 3, 1);
      expect(await verifyAuditChain(target.database.db)).toMatchObject({
        ok: false,
        firstBrokenSeq: 3,
        problem: "event 3 is not signed with the chain's key",
      });
    } finally {
      await target.close();
    }
  });

  it('keeps a chain written before keys as it is, and anchors the keyed segment on its head', async () => {
    const target = await freshChain(3);
    try {
      // As a pre-key chain looks: every event plain SHA-256, chain 1.
      await rehashUnkeyed(target, 1, 1);
      await target.database.db.execute(sql`alter table audit_events enable trigger audit_events_append_only`);
      const { caller } = await target.callerAs(['admin']);
      await caller.staff.create({ email: 'after-keys@test.example', name: 'After Keys', roles: ['auditor'] });
      const rows = await target.database.db.select().from(auditEvents).orderBy(asc(auditEvents.seq));
      expect(rows.map((r) => r.chain)).toEqual([1, 1, 1, 2]);
      expect(rows[3]?.prevHash).toBe(rows[2]?.hash);
      expect(await verifyAuditChain(target.database.db)).toMatchObject({ ok: true, checked: 4 });
    } finally {
      await target.close();
    }
  });
});

describe('checkpoints outside the database', () => {
  it('name a cut tail', async () => {
    const target = await freshChain(6);
    const file = path.join(sink, 'cut-tail.ndjson');
    try {
      const written = await writeAuditCheckpoint(
        target.database.db,
        file,
        target.config.secretBox,
        new Date(),
      );
      expect(written).toMatchObject({ seq: 6 });
      await target.database.db.execute(sql`delete from audit_events where seq > 4`);
      // The chain that is left is consistent in itself: only the checkpoint can tell.
      expect(await verifyAuditChain(target.database.db)).toMatchObject({ ok: true, checked: 4 });
      const { checkpoint } = latestAuditCheckpoint(file, target.config.secretBox);
      const result = await verifyAgainstCheckpoint(target.database.db, checkpoint);
      expect(result).toMatchObject({ ok: false, firstBrokenSeq: 5 });
      expect(result.problem).toMatch(/^events 5–6 are missing: .* \(its tail was cut\)$/);
    } finally {
      await target.close();
    }
  });

  it('name a chain re-hashed from its start, which verifies in itself', async () => {
    const target = await freshChain(4);
    const file = path.join(sink, 'rehash.ndjson');
    try {
      await writeAuditCheckpoint(target.database.db, file, target.config.secretBox, new Date());
      await target.database.db.execute(
        sql`update audit_events set after = '{"roles":["admin"]}'::jsonb where seq = 2`,
      );
      await rehashUnkeyed(target, 1, 1);
      expect(await verifyAuditChain(target.database.db)).toMatchObject({ ok: true, checked: 4 });
      const { checkpoint } = latestAuditCheckpoint(file, target.config.secretBox);
      const result = await verifyAgainstCheckpoint(target.database.db, checkpoint);
      expect(result).toMatchObject({ ok: false, firstBrokenSeq: 4 });
      expect(result.problem).toMatch(/rewritten \(re-hashed\)/);
    } finally {
      await target.close();
    }
  });

  it('ignore a checkpoint line nobody signed, and take the latest that is', async () => {
    const file = path.join(sink, 'forged.ndjson');
    const { caller } = await app.callerAs(['admin']);
    await caller.staff.create({ email: 'cp1@test.example', name: 'Cp One', roles: ['auditor'] });
    const first = await writeAuditCheckpoint(app.database.db, file, app.config.secretBox, new Date());
    writeFileSync(
      file,
      `${readFileSync(file, 'utf8')}{"seq":999,"hash":"00","at":"2026-12-01T00:00:00Z","sig":"forged"}\nnot json\n`,
    );
    const { checkpoint, unsigned } = latestAuditCheckpoint(file, app.config.secretBox);
    expect(unsigned).toBe(2);
    expect(checkpoint).toEqual(first);
    expect(await verifyAgainstCheckpoint(app.database.db, checkpoint)).toMatchObject({ ok: true });
  });
});

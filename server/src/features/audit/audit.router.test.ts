import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../db/schema.js';
import { expectTrpcError } from '../../testing/expect-error.js';
import { createTestApp, type Caller, type TestApp } from '../../testing/test-app.js';
import { verifyAuditChain } from './audit.verify.js';
import { recordAudit } from './audit.writer.js';

let app: TestApp;
let admin: Caller;
let adminId: string;
beforeAll(async () => {
  app = await createTestApp();
  const signedIn = await app.callerAs(['admin']);
  admin = signedIn.caller;
  adminId = signedIn.staff.id;
  for (const n of [1, 2, 3])
    await admin.staff.create({ email: `audited${n}@test.example`, name: `Audited ${n}`, roles: ['auditor'] });
});
afterAll(() => app.close());

describe('audit.find', () => {
  it('pages newest first and filters by actor, action, entity and date', async () => {
    const all = await admin.audit.find({ pageSize: 100 });
    expect(all.total).toBeGreaterThanOrEqual(3);
    const seqs = all.items.map((e) => e.seq);
    expect([...seqs].sort((a, b) => b - a)).toEqual(seqs);

    const created = await admin.audit.find({ action: 'staff.created', actorId: adminId });
    expect(created.total).toBe(3);
    expect(created.items[0]).toMatchObject({
      actorName: expect.stringContaining('Test'),
      entityType: 'staff',
    });

    const one = created.items[0];
    const byEntity = await admin.audit.find({ entityType: 'staff', entityId: one?.entityId ?? '' });
    expect(byEntity.items.every((e) => e.entityId === one?.entityId)).toBe(true);

    const today = new Date().toISOString().slice(0, 10);
    expect((await admin.audit.find({ from: today, to: today, action: 'staff.created' })).total).toBe(3);
    expect((await admin.audit.find({ from: '2000-01-01', to: '2000-01-02' })).total).toBe(0);
  });

  it('refuses an inverted date range and unknown actions field by field', async () => {
    const error = await expectTrpcError(
      admin.audit.find({ from: '2026-02-02', to: '2026-01-01' }),
      'BAD_REQUEST',
    );
    expect(error.message).toMatch(/end date is before the start date/);
    // @ts-expect-error an unknown action is what this test sends
    await expectTrpcError(admin.audit.find({ action: 'staff.exploded' }), 'BAD_REQUEST');
  });

  it('is readable by auditors and forbidden to officers', async () => {
    const { caller: auditor } = await app.callerAs(['auditor']);
    expect((await auditor.audit.find({})).total).toBeGreaterThan(0);
    const { caller: officer } = await app.callerAs(['privacy_officer']);
    await expectTrpcError(officer.audit.find({}), 'FORBIDDEN');
    await expectTrpcError(officer.audit.verify(), 'FORBIDDEN');
  });
});

describe('the hash chain', () => {
  it('verifies an intact chain', async () => {
    const result = await admin.audit.verify();
    expect(result).toMatchObject({ ok: true, firstBrokenSeq: null });
    expect(result.checked).toBeGreaterThanOrEqual(3);
  });

  it('refuses UPDATE and DELETE on the log through its trigger', async () => {
    await expect(
      app.database.db.execute(sql`update audit_events set reason = 'x' where seq = 1`),
    ).rejects.toThrow();
    await expect(app.database.db.execute(sql`delete from audit_events where seq = 1`)).rejects.toThrow();
  });

  it('never forks under concurrent writers', async () => {
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        app.database.db.transaction((tx) =>
          recordAudit(
            tx,
            { actorId: adminId, ip: null, requestId: `c${i}` },
            {
              action: 'staff.updated',
              entityType: 'staff',
              entityId: `c${i}`,
              before: { roles: ['admin'] },
              after: { roles: ['admin'], nameChanged: false },
            },
          ),
        ),
      ),
    );
    expect(await verifyAuditChain(app.database.db)).toMatchObject({ ok: true });
  });

  it('names the first altered event when someone with owner rights tampers with a row', async () => {
    const tamperDb = await createTestApp();
    try {
      const { caller } = await tamperDb.callerAs(['admin']);
      for (const n of [1, 2, 3])
        await caller.staff.create({ email: `t${n}@test.example`, name: `T ${n}`, roles: ['auditor'] });
      const [target] = await tamperDb.database.db.select().from(auditEvents).where(eq(auditEvents.seq, 2));
      expect(target).toBeDefined();
      // An attacker with table-owner rights turns the trigger off and edits history.
      await tamperDb.database.db.execute(
        sql`alter table audit_events disable trigger audit_events_append_only`,
      );
      await tamperDb.database.db.execute(
        sql`update audit_events set after = '{"roles":["admin"]}'::jsonb where seq = 2`,
      );
      expect(await verifyAuditChain(tamperDb.database.db)).toMatchObject({
        ok: false,
        firstBrokenSeq: 2,
        checked: 1,
      });

      // Restoring the row but deleting one from the middle is caught too.
      await tamperDb.database.db.execute(
        sql`update audit_events set after = ${JSON.stringify(target?.after)}::jsonb where seq = 2`,
      );
      expect(await verifyAuditChain(tamperDb.database.db)).toMatchObject({ ok: true });
      await tamperDb.database.db.execute(sql`delete from audit_events where seq = 2`);
      const afterDelete = await verifyAuditChain(tamperDb.database.db);
      expect(afterDelete).toMatchObject({ ok: false, firstBrokenSeq: 2 });
      expect(afterDelete.problem).toMatch(/missing/);
    } finally {
      await tamperDb.close();
    }
  });
});

import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, sessions, staff } from '../../db/schema.js';
import { expectTrpcError } from '../../testing/expect-error.js';
import { createTestApp, type Caller, type TestApp } from '../../testing/test-app.js';

let app: TestApp;
let admin: Caller;
let adminId: string;
beforeAll(async () => {
  app = await createTestApp();
  const signedIn = await app.callerAs(['admin']);
  admin = signedIn.caller;
  adminId = signedIn.staff.id;
});
afterAll(() => app.close());

async function auditFor(entityId: string) {
  return app.database.db.select().from(auditEvents).where(eq(auditEvents.entityId, entityId));
}

describe('staff.create', () => {
  it('creates a staff member with a one-time set-password link, audited without personal data', async () => {
    const out = await admin.staff.create({
      email: '  Grace.Hopper@Test.Example ',
      name: 'Grace Hopper',
      roles: ['manager', 'manager'],
    });
    expect(out.staff).toMatchObject({
      email: 'grace.hopper@test.example',
      roles: ['manager'],
      hasPassword: false,
      mfaEnrolled: false,
    });
    expect(out.setPasswordLink.path).toMatch(/^\/set-password#[\w-]{40,}$/);
    const events = await auditFor(out.staff.id);
    expect(events.map((e) => e.action)).toEqual(['staff.created']);
    expect(events[0]?.actorId).toBe(adminId);
    expect(JSON.stringify(events)).not.toMatch(/grace|hopper/i);
  });

  it('refuses a duplicate email beside the field, and writes nothing', async () => {
    await admin.staff.create({ email: 'dup@test.example', name: 'First', roles: ['auditor'] });
    const before = (await app.database.db.select().from(staff)).length;
    const error = await expectTrpcError(
      admin.staff.create({ email: 'DUP@test.example', name: 'Second', roles: ['auditor'] }),
      'CONFLICT',
    );
    expect(error.cause).toMatchObject({
      fieldErrors: { email: ['A staff member with this email already exists.'] },
    });
    expect((await app.database.db.select().from(staff)).length).toBe(before);
  });

  it('refuses bad input field by field', async () => {
    await expectTrpcError(
      // @ts-expect-error an unknown role is what this test sends
      admin.staff.create({ email: 'not an email', name: '', roles: ['overlord'] }),
      'BAD_REQUEST',
    );
    await expectTrpcError(
      admin.staff.create({ email: 'a@test.example', name: 'A', roles: [] }),
      'BAD_REQUEST',
    );
  });

  it('is forbidden to roles without staff:manage', async () => {
    for (const role of ['auditor', 'privacy_officer', 'manager', 'support_agent'] as const) {
      const { caller } = await app.callerAs([role]);
      await expectTrpcError(
        caller.staff.create({ email: `${role}@x.example`, name: 'X', roles: ['admin'] }),
        'FORBIDDEN',
      );
    }
  });
});

describe('staff.find', () => {
  it('pages, searches and filters', async () => {
    for (const n of [1, 2, 3])
      await admin.staff.create({
        email: `pager${n}@test.example`,
        name: `Pager ${n}`,
        roles: ['support_agent'],
      });
    const page = await admin.staff.find({ search: 'pager', pageSize: 2, page: 1 });
    expect(page.total).toBe(3);
    expect(page.items.map((s) => s.name)).toEqual(['Pager 1', 'Pager 2']);
    const second = await admin.staff.find({ search: 'pager', pageSize: 2, page: 2 });
    expect(second.items.map((s) => s.name)).toEqual(['Pager 3']);
    const agents = await admin.staff.find({ role: 'support_agent', pageSize: 100 });
    expect(agents.items.every((s) => s.roles.includes('support_agent'))).toBe(true);
    // A LIKE wildcard typed by a person is a literal character.
    expect((await admin.staff.find({ search: '%' })).total).toBe(0);
  });

  it('lets auditors read and refuses support agents', async () => {
    const { caller: auditor } = await app.callerAs(['auditor']);
    expect((await auditor.staff.find({})).total).toBeGreaterThan(0);
    const { caller: agent } = await app.callerAs(['support_agent']);
    await expectTrpcError(agent.staff.find({}), 'FORBIDDEN');
    await expectTrpcError(admin.staff.find({ pageSize: 1000 }), 'BAD_REQUEST');
  });
});

describe('staff.update, disable, enable, resetMfa', () => {
  it('changes roles with optimistic concurrency: a stale version is refused and nothing is overwritten', async () => {
    const { staff: row } = await admin.staff.create({
      email: 'concurrent@test.example',
      name: 'Con Current',
      roles: ['auditor'],
    });
    const { caller: otherAdmin } = await app.callerAs(['admin']);
    const results = await Promise.allSettled([
      admin.staff.update({ id: row.id, version: row.version, name: 'Con Current', roles: ['manager'] }),
      otherAdmin.staff.update({
        id: row.id,
        version: row.version,
        name: 'Con Current',
        roles: ['privacy_officer'],
      }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected');
    expect(rejected?.status === 'rejected' && String(rejected.reason)).toMatch(
      /Someone else changed this staff member/,
    );
    const winner = results.find((r) => r.status === 'fulfilled');
    const [stored] = await app.database.db.select().from(staff).where(eq(staff.id, row.id));
    expect(winner?.status === 'fulfilled' && winner.value.roles).toEqual(stored?.roles);
    expect(stored?.version).toBe(row.version + 1);
  });

  it('keeps the last admin: cannot demote or disable them', async () => {
    const solo = await createTestApp();
    try {
      const { caller, staff: me } = await solo.callerAs(['admin']);
      const [row] = await solo.database.db.select().from(staff).where(eq(staff.id, me.id));
      await expectTrpcError(
        caller.staff.update({ id: me.id, version: row?.version ?? 0, name: 'Me', roles: ['auditor'] }),
        'BAD_REQUEST',
        /last admin/,
      );
      await expectTrpcError(
        caller.staff.disable({ id: me.id, version: row?.version ?? 0, reason: 'leaving' }),
        'BAD_REQUEST',
      );
      const other = await solo.addStaff(['admin']);
      const [otherRow] = await solo.database.db.select().from(staff).where(eq(staff.id, other.id));
      // With a second admin, demoting one is fine.
      await caller.staff.update({
        id: other.id,
        version: otherRow?.version ?? 0,
        name: 'Other',
        roles: ['auditor'],
      });
    } finally {
      await solo.close();
    }
  });

  it('lets nobody change their own roles (an admin cannot give itself pii:read), only their name', async () => {
    const [row] = await app.database.db.select().from(staff).where(eq(staff.id, adminId));
    const version = row?.version ?? 0;
    const error = await expectTrpcError(
      admin.staff.update({
        id: adminId,
        version,
        name: row?.name ?? 'Admin',
        roles: ['admin', 'privacy_officer'],
      }),
      'FORBIDDEN',
      /You cannot change your own roles: ask another admin\./,
    );
    expect(error.cause).toBeDefined();
    const [after] = await app.database.db.select().from(staff).where(eq(staff.id, adminId));
    expect(after?.roles).toEqual(['admin']);
    expect(after?.version).toBe(version);
    const renamed = await admin.staff.update({
      id: adminId,
      version,
      name: 'Renamed Admin',
      roles: ['admin'],
    });
    expect(renamed).toMatchObject({ name: 'Renamed Admin', roles: ['admin'] });
  });

  it('disables with a reason, ends their sessions, and enables again', async () => {
    const person = await app.addStaff(['manager']);
    const { session } = await app.callerAs(['manager']);
    await app.database.db.update(sessions).set({ staffId: person.id }).where(eq(sessions.id, session.id));
    const [row] = await app.database.db.select().from(staff).where(eq(staff.id, person.id));
    const disabled = await admin.staff.disable({
      id: person.id,
      version: row?.version ?? 0,
      reason: 'Left the company',
    });
    expect(disabled.disabled).toBe(true);
    const [revoked] = await app.database.db.select().from(sessions).where(eq(sessions.id, session.id));
    expect(revoked?.revokedAt).not.toBeNull();
    await expectTrpcError(
      admin.staff.disable({ id: person.id, version: disabled.version, reason: 'again' }),
      'BAD_REQUEST',
      /already disabled/,
    );
    const enabled = await admin.staff.enable({
      id: person.id,
      version: disabled.version,
      reason: 'Came back',
    });
    expect(enabled.disabled).toBe(false);
    const events = await auditFor(person.id);
    expect(events.map((e) => [e.action, e.reason])).toEqual([
      ['staff.disabled', 'Left the company'],
      ['staff.enabled', 'Came back'],
    ]);
    await expectTrpcError(
      admin.staff.disable({ id: person.id, version: enabled.version, reason: '' }),
      'BAD_REQUEST',
    );
  });

  it('resets MFA so the next sign-in enrols again', async () => {
    const person = await app.addStaff(['privacy_officer']);
    const [row] = await app.database.db.select().from(staff).where(eq(staff.id, person.id));
    const out = await admin.staff.resetMfa({
      id: person.id,
      version: row?.version ?? 0,
      reason: 'Lost phone',
    });
    expect(out.mfaEnrolled).toBe(false);
    const events = await auditFor(person.id);
    expect(events.at(-1)).toMatchObject({
      action: 'staff.mfa_reset',
      reason: 'Lost phone',
      after: { mfaEnrolled: false },
    });
  });

  it('answers NOT_FOUND for an unknown id and BAD_REQUEST for a malformed one', async () => {
    await expectTrpcError(
      admin.staff.update({
        id: '00000000-0000-4000-8000-000000000000',
        version: 0,
        name: 'X',
        roles: ['auditor'],
      }),
      'NOT_FOUND',
    );
    await expectTrpcError(
      admin.staff.update({ id: 'nope', version: 0, name: 'X', roles: ['auditor'] }),
      'BAD_REQUEST',
    );
  });

  it('issues a fresh set-password link and voids the previous one', async () => {
    const created = await admin.staff.create({
      email: 'relink@test.example',
      name: 'Re Link',
      roles: ['auditor'],
    });
    const first = created.setPasswordLink.path.split('#')[1] ?? '';
    const { setPasswordLink } = await admin.staff.issuePasswordLink({ id: created.staff.id });
    await expectTrpcError(
      app.anonymous().auth.setPassword({
        token: first,
        password: 'long-enough-password',
        confirm: 'long-enough-password',
      }),
      'BAD_REQUEST',
    );
    const second = setPasswordLink.path.split('#')[1] ?? '';
    await app
      .anonymous()
      .auth.setPassword({ token: second, password: 'long-enough-password', confirm: 'long-enough-password' });
  });
});

describe('staff.assignable', () => {
  it('lists active privacy officers by id and name only', async () => {
    const officer = await app.addStaff(['privacy_officer']);
    const leaver = await app.addStaff(['privacy_officer']);
    const [row] = await app.database.db.select().from(staff).where(eq(staff.id, leaver.id));
    await admin.staff.disable({ id: leaver.id, version: row?.version ?? 0, reason: 'Left' });
    const { caller: manager } = await app.callerAs(['manager']);
    const { items } = await manager.staff.assignable();
    const ids = items.map((i) => i.id);
    expect(ids).toContain(officer.id);
    expect(ids).not.toContain(leaver.id);
    expect(Object.keys(items[0] ?? {}).sort()).toEqual(['id', 'name']);
    const { caller: agent } = await app.callerAs(['support_agent']);
    await expectTrpcError(agent.staff.assignable(), 'FORBIDDEN');
  });
});

import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, staff } from '../../db/schema.js';
import { createLogger } from '../../lib/logger.js';
import { expectTrpcError } from '../../testing/expect-error.js';
import { createTestApp, type Caller, type TestApp } from '../../testing/test-app.js';
import { operatorGrantRole } from './role-grants.js';

// Issue 9, item 6: an admin could give itself (or a second account of its own) the privacy officer role and
// read personal data at once. A role holding pii:read or requests:approve now takes two admins.
let app: TestApp;
let first: Caller;
let firstId: string;
let second: Caller;
let secondId: string;
beforeAll(async () => {
  app = await createTestApp();
  ({
    caller: first,
    staff: { id: firstId },
  } = await app.callerAs(['admin']));
  ({
    caller: second,
    staff: { id: secondId },
  } = await app.callerAs(['admin']));
});
afterAll(() => app.close());

const tenMinutesAgo = () => new Date(Date.now() - 10 * 60_000);

async function actionsFor(entityId: string) {
  const rows = await app.database.db
    .select({ action: auditEvents.action, actorId: auditEvents.actorId, after: auditEvents.after })
    .from(auditEvents)
    .where(eq(auditEvents.entityId, entityId))
    .orderBy(asc(auditEvents.seq));
  return rows;
}

async function rolesOf(id: string) {
  const [row] = await app.database.db.select({ roles: staff.roles }).from(staff).where(eq(staff.id, id));
  return row?.roles;
}

describe('granting a role that reads personal data', () => {
  it('a new account gets it only when a second admin confirms; the asker cannot', async () => {
    const created = await first.staff.create({
      email: 'second.account@test.example',
      name: 'My Other Account',
      roles: ['privacy_officer', 'support_agent'],
    });
    expect(created.staff.roles).toEqual(['support_agent']);
    expect(created.staff.pendingGrants).toEqual([
      {
        id: expect.any(String),
        role: 'privacy_officer',
        requestedBy: { id: firstId, name: 'Test admin' },
        requestedAt: expect.any(String),
        expiresAt: expect.any(String),
      },
    ]);
    const grant = created.staff.pendingGrants[0];
    if (!grant) throw new Error('no grant');
    // 72 hours to confirm.
    expect(Date.parse(grant.expiresAt) - Date.parse(grant.requestedAt)).toBe(72 * 3600_000);

    const own = await expectTrpcError(first.staff.confirmRoleGrant({ grantId: grant.id }), 'FORBIDDEN');
    expect(own.message).toBe(
      'You asked for this role: another admin confirms it. That is the point of two admins.',
    );
    expect(await rolesOf(created.staff.id)).toEqual(['support_agent']);

    const confirmed = await second.staff.confirmRoleGrant({ grantId: grant.id });
    expect(confirmed.roles).toEqual(['support_agent', 'privacy_officer']);
    expect(confirmed.pendingGrants).toEqual([]);
    await expectTrpcError(
      second.staff.confirmRoleGrant({ grantId: grant.id }),
      'CONFLICT',
      /already been confirmed/,
    );

    const events = await actionsFor(created.staff.id);
    expect(events.map((e) => [e.action, e.actorId])).toEqual([
      ['staff.created', firstId],
      ['staff.role_grant_requested', firstId],
      ['staff.role_granted', secondId],
    ]);
    expect(events[2]?.after).toEqual({
      roles: ['support_agent', 'privacy_officer'],
      role: 'privacy_officer',
      via: 'second_admin',
      grantId: grant.id,
      requestedBy: firstId,
    });
  });

  it('an edit that adds it makes a pending grant and applies the rest; roles without personal data apply at once', async () => {
    const { staff: person } = await app.callerAs(['support_agent']);
    const [row] = await app.database.db.select().from(staff).where(eq(staff.id, person.id));
    const out = await first.staff.update({
      id: person.id,
      version: row?.version ?? 0,
      name: 'Renamed Agent',
      roles: ['manager', 'privacy_officer'],
    });
    expect(out.roles).toEqual(['manager']);
    expect(out.name).toBe('Renamed Agent');
    expect(out.pendingGrants.map((g) => g.role)).toEqual(['privacy_officer']);
    // Asking again while it waits is the same request, not a second one.
    const again = await first.staff.update({
      id: person.id,
      version: out.version,
      name: 'Renamed Agent',
      roles: ['manager', 'privacy_officer'],
    });
    expect(again.pendingGrants.map((g) => g.id)).toEqual(out.pendingGrants.map((g) => g.id));
  });

  it('nobody confirms a grant made out to themselves', async () => {
    const { caller: third, staff: thirdStaff } = await app.callerAs(['admin']);
    const [row] = await app.database.db.select().from(staff).where(eq(staff.id, secondId));
    // The first admin asks for the second admin to become an officer too; the second may not say yes.
    const out = await first.staff.update({
      id: secondId,
      version: row?.version ?? 0,
      name: 'Test admin',
      roles: ['admin', 'privacy_officer'],
    });
    const grant = out.pendingGrants[0];
    if (!grant) throw new Error('no grant');
    await expectTrpcError(
      second.staff.confirmRoleGrant({ grantId: grant.id }),
      'FORBIDDEN',
      /cannot confirm a role for yourself/,
    );
    // A third admin may; or any admin may withdraw it instead.
    const withdrawn = await third.staff.cancelRoleGrant({ grantId: grant.id });
    expect(withdrawn.pendingGrants).toEqual([]);
    expect(withdrawn.roles).toEqual(['admin']);
    await expectTrpcError(third.staff.confirmRoleGrant({ grantId: grant.id }), 'CONFLICT', /was cancelled/);
    const events = await actionsFor(secondId);
    expect(events.filter((e) => e.action === 'staff.role_grant_cancelled').map((e) => e.actorId)).toEqual([
      thirdStaff.id,
    ]);
  });

  it('asking and confirming need a fresh MFA code (step-up); a name change does not', async () => {
    const { caller: stale } = await app.callerAs(['admin'], { mfaAt: tenMinutesAgo() });
    const { staff: person } = await app.callerAs(['manager']);
    const [row] = await app.database.db.select().from(staff).where(eq(staff.id, person.id));
    const error = await expectTrpcError(
      stale.staff.update({
        id: person.id,
        version: row?.version ?? 0,
        name: 'X Y',
        roles: ['privacy_officer'],
      }),
      'FORBIDDEN',
      /Confirm it is you/,
    );
    expect(error.cause).toMatchObject({ code: 'STEP_UP_REQUIRED' });
    expect(await rolesOf(person.id)).toEqual(['manager']);
    const renamed = await stale.staff.update({
      id: person.id,
      version: row?.version ?? 0,
      name: 'Renamed Manager',
      roles: ['manager'],
    });
    expect(renamed.name).toBe('Renamed Manager');

    const asked = await first.staff.update({
      id: person.id,
      version: renamed.version,
      name: 'Renamed Manager',
      roles: ['manager', 'privacy_officer'],
    });
    const grant = asked.pendingGrants[0];
    if (!grant) throw new Error('no grant');
    await expectTrpcError(
      stale.staff.confirmRoleGrant({ grantId: grant.id }),
      'FORBIDDEN',
      /Confirm it is you/,
    );
    expect(await rolesOf(person.id)).toEqual(['manager']);
  });

  it('a grant not confirmed within 72 hours lapses', async () => {
    const { staff: person } = await app.callerAs(['auditor']);
    const [row] = await app.database.db.select().from(staff).where(eq(staff.id, person.id));
    const asked = await first.staff.update({
      id: person.id,
      version: row?.version ?? 0,
      name: 'Test auditor',
      roles: ['auditor', 'privacy_officer'],
    });
    const grant = asked.pendingGrants[0];
    if (!grant) throw new Error('no grant');
    const later = new Date(Date.now() + 73 * 3600_000);
    const { caller: laterAdmin } = await app.callerAs(['admin'], { now: () => later, mfaAt: later });
    await expectTrpcError(laterAdmin.staff.confirmRoleGrant({ grantId: grant.id }), 'CONFLICT', /lapsed/);
    // A lapsed grant is not shown as pending, and asking again makes a new one.
    const listed = await laterAdmin.staff.find({ search: 'Test auditor' });
    expect(listed.items.find((s) => s.id === person.id)?.pendingGrants).toEqual([]);
  });

  it('resetting MFA and issuing a password link need a step-up too', async () => {
    const { caller: stale } = await app.callerAs(['admin'], { mfaAt: tenMinutesAgo() });
    const { staff: person } = await app.callerAs(['manager']);
    const [row] = await app.database.db.select().from(staff).where(eq(staff.id, person.id));
    await expectTrpcError(
      stale.staff.resetMfa({ id: person.id, version: row?.version ?? 0, reason: 'Lost phone' }),
      'FORBIDDEN',
      /Confirm it is you/,
    );
    await expectTrpcError(stale.staff.issuePasswordLink({ id: person.id }), 'FORBIDDEN', /Confirm it is you/);
    expect((await first.staff.issuePasswordLink({ id: person.id })).setPasswordLink.path).toMatch(
      /^\/set-password#/,
    );
  });

  it('refuses bad input with a field message', async () => {
    const error = await expectTrpcError(
      second.staff.confirmRoleGrant({ grantId: 'not-a-uuid' }),
      'BAD_REQUEST',
    );
    expect(error.message).toMatch(/"grantId"/);
    await expectTrpcError(
      second.staff.confirmRoleGrant({ grantId: '00000000-0000-4000-8000-000000000000' }),
      'NOT_FOUND',
    );
  });
});

describe('npm run staff:grant (the operator, while one admin exists)', () => {
  it('grants directly and audits the command when there is a single admin; refuses with two', async () => {
    const single = await createTestApp();
    try {
      const { staff: onlyAdmin } = await single.callerAs(['admin']);
      const deps = {
        db: single.database.db,
        log: createLogger('silent'),
        now: new Date(),
        actor: null,
        requestId: 'cli:staff-grant',
      } as const;
      const out = await operatorGrantRole(deps, { email: onlyAdmin.email, role: 'privacy_officer' });
      expect(out).toEqual({ staffId: onlyAdmin.id, roles: ['admin', 'privacy_officer'], changed: true });
      const [event] = await single.database.db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.entityId, onlyAdmin.id), eq(auditEvents.action, 'staff.role_granted')));
      expect(event).toMatchObject({ actorId: null, requestId: 'cli:staff-grant' });
      expect(event?.after).toMatchObject({ via: 'operator', role: 'privacy_officer' });

      await single.callerAs(['admin']);
      const { staff: person } = await single.callerAs(['support_agent']);
      await expect(operatorGrantRole(deps, { email: person.email, role: 'privacy_officer' })).rejects.toThrow(
        'There are 2 active admins: one asks for the role in the Staff page and another confirms it.',
      );
    } finally {
      await single.close();
    }
  });
});

import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, customerFlags, dataSystems, requestEvents, requests } from '../../db/schema.js';
import { seedPlatform } from '../../platform/platform-seed.js';
import { erasePlatformAccount } from '../../platform/platform-connector.js';
import type { PlatformDatabase } from '../../platform/platform-db.js';
import { insertCustomers } from '../../testing/customers.js';
import { expectTrpcError } from '../../testing/expect-error.js';
import { openTestPlatformDatabase } from '../../testing/test-platform-db.js';
import { createTestApp, type Caller, type TestApp, type TestStaff } from '../../testing/test-app.js';
import { erasureInProgress } from '../../testing/erasure.js';
import { platformLookupOf } from './platform-lookup.js';

// 10:00 UTC on a Monday; approvals step up "now", so MFA is fresh for the approver.
const clock = new Date('2027-03-01T10:00:00.000Z');
const at = { now: () => clock };
let app: TestApp;
let platform: PlatformDatabase;
let preparer: Caller;
let preparerStaff: TestStaff;
let approver: Caller;
let approverStaff: TestStaff;
let staleApprover: Caller;
let manager: Caller;
let support: Caller;
const customerIds: Record<string, string> = {};

beforeAll(async () => {
  app = await createTestApp();
  platform = await openTestPlatformDatabase();
  // The platform database is a separate one here: nothing relies on sharing the app's.
  app.config.platform = platformLookupOf(platform.db);
  ({ caller: preparer, staff: preparerStaff } = await app.callerAs(['privacy_officer'], at));
  ({ caller: approver, staff: approverStaff } = await app.callerAs(['privacy_officer'], {
    ...at,
    mfaAt: new Date('2027-03-01T09:58:00.000Z'),
  }));
  ({ caller: staleApprover } = await app.callerAs(['privacy_officer'], {
    ...at,
    mfaAt: new Date('2027-03-01T09:00:00.000Z'),
  }));
  ({ caller: manager } = await app.callerAs(['manager'], at));
  ({ caller: support } = await app.callerAs(['support_agent'], at));
  const db = app.database.db;
  await db.insert(dataSystems).values([
    {
      key: 'platform_db',
      name: 'Platform database',
      description: 'Accounts, keys, usage, invoices.',
      dataCategories: ['contact_details', 'billing_records'],
      connectorKind: 'internal',
      connector: { kind: 'internal', target: 'platform' },
      retentionRules: [
        {
          scope: 'Invoices and their lines',
          ground: 'legal_obligation',
          law: 'German Fiscal Code (AO) §147',
          period: { count: 10, unit: 'years' },
          platformScope: 'invoices',
        },
      ],
    },
    {
      key: 'support_desk',
      name: 'Support desk',
      description: 'Tickets.',
      dataCategories: ['support_communications'],
      connectorKind: 'manual',
      connector: { kind: 'manual', instructions: 'Delete the tickets by hand.' },
    },
    {
      key: 'payments',
      name: 'Payments',
      description: 'Card payments.',
      dataCategories: ['payment_data'],
      connectorKind: 'webhook',
      connector: { kind: 'webhook', url: 'https://payments.example/erasure' },
    },
  ]);
  const rows = await insertCustomers(db, [
    {
      accountNumber: 'SYN-800001',
      name: 'Hana Sato',
      email: 'hana.sato@example.com',
      country: 'IE',
      plan: 'team',
      signupAt: new Date('2024-05-01T00:00:00.000Z'),
    },
    {
      accountNumber: 'SYN-800002',
      name: 'Omar Haddad',
      email: 'omar.h@example.com',
      country: 'DE',
      plan: 'free',
      signupAt: new Date('2025-01-10T00:00:00.000Z'),
    },
    {
      accountNumber: 'SYN-800003',
      name: 'Lena Brandt',
      email: 'lena.b@example.com',
      country: 'DE',
      plan: 'team',
      signupAt: new Date('2024-08-01T00:00:00.000Z'),
    },
  ]);
  for (const r of rows) customerIds[r.accountNumber] = r.id;
  // The platform holds the first and third accounts; the second was never on it.
  await seedPlatform(
    platform.db,
    rows
      .filter((r) => r.accountNumber !== 'SYN-800002')
      .map((r) => ({
        accountNumber: r.accountNumber,
        name: r.name,
        email: r.email,
        organisationName: null,
        country: r.country,
        plan: r.plan,
        signupAt: r.signupAt,
        lastActiveAt: null,
        birthYear: null,
        status: 'active',
      })),
    { seed: 7, now: clock },
  );
});

afterAll(async () => {
  await platform.close();
  await app.close();
});

/** An erasure request of this account, verified and in progress; returns its id and version. */
function erasureOf(accountNumber: string) {
  return erasureInProgress(preparer, {
    customerId: customerIds[accountNumber] ?? null,
    email: `${accountNumber.toLowerCase()}@example.com`,
  });
}

async function auditOf(requestId: string, prefix = 'erasure.') {
  const rows = await app.database.db
    .select({ action: auditEvents.action, actorId: auditEvents.actorId, after: auditEvents.after })
    .from(auditEvents)
    .where(and(eq(auditEvents.entityType, 'request'), eq(auditEvents.entityId, requestId)))
    .orderBy(asc(auditEvents.seq));
  return rows.filter((r) => r.action.startsWith(prefix));
}

describe('the erasure plan', () => {
  it('is proposed line by line from the inventory: the platform first, its invoices kept by their rule', async () => {
    const request = await erasureOf('SYN-800001');
    const { plan, requestVersion } = await preparer.erasure.prepare({
      requestId: request.id,
      requestVersion: request.version,
    });
    expect(requestVersion).toBe(request.version);
    expect(plan.lines.map((l) => [l.system.name, l.scope, l.action, l.ground, l.forcedBy])).toEqual([
      ['Platform database', null, 'delete', null, null],
      ['Platform database', 'Invoices and their lines', 'retain', 'legal_obligation', 'retention_rule'],
      ['Payments', null, 'delete', null, null],
      ['Support desk', null, 'delete', null, null],
    ]);
    expect(plan.lines[1]?.law).toBe('German Fiscal Code (AO) §147');
    expect(plan).toMatchObject({
      status: 'in_progress',
      version: 1,
      preparedBy: { id: preparerStaff.id },
      can: { change: true, submit: true, decide: false, cancel: false },
    });
    expect(await auditOf(request.id)).toEqual([
      {
        action: 'erasure.plan_prepared',
        actorId: preparerStaff.id,
        after: { planId: plan.id, planVersion: 1, lines: 4, retained: 1 },
      },
    ]);
    // A second plan for the same request is refused, and the refusal audited.
    await expectTrpcError(
      preparer.erasure.prepare({ requestId: request.id, requestVersion: request.version }),
      'BAD_REQUEST',
      /already has an erasure plan/,
    );
    expect((await auditOf(request.id)).at(-1)).toMatchObject({
      action: 'erasure.refused',
      after: { attempt: 'prepare', code: 'BAD_REQUEST', planVersion: null },
    });
  });

  it('proposes "holds nothing" where the platform has no such account, and keeps everything under a legal hold', async () => {
    const absent = await erasureOf('SYN-800002');
    const { plan } = await preparer.erasure.prepare({ requestId: absent.id, requestVersion: absent.version });
    expect(plan.lines[0]).toMatchObject({
      system: { key: 'platform_db' },
      action: 'not_held',
      note: 'Its connector found no data for this person.',
    });
    expect(plan.lines).toHaveLength(3);

    await app.database.db.insert(customerFlags).values({
      customerId: customerIds['SYN-800003'] ?? '',
      kind: 'legal_hold',
      setAt: clock,
      setReason: 'Litigation: Brandt v Syncronis',
    });
    const held = await erasureOf('SYN-800003');
    const { plan: heldPlan } = await preparer.erasure.prepare({
      requestId: held.id,
      requestVersion: held.version,
    });
    expect(heldPlan.lines.map((l) => [l.action, l.ground, l.forcedBy])).toEqual([
      ['retain', 'legal_hold', 'legal_hold'],
      ['retain', 'legal_hold', 'legal_hold'],
      ['retain', 'legal_hold', 'legal_hold'],
    ]);
    const error = await expectTrpcError(
      preparer.erasure.changeLine({
        requestId: held.id,
        planVersion: 1,
        lineId: heldPlan.lines[0]?.id ?? '',
        action: 'delete',
        ground: null,
        note: null,
      }),
      'BAD_REQUEST',
      /An active legal hold keeps this data/,
    );
    expect(error.message).toContain('lift the hold');
  });

  it('goes from prepared to approved by four eyes, with step-up, the version reviewed and a note', async () => {
    const request = await erasureOf('SYN-800001');
    const first = await preparer.erasure.prepare({ requestId: request.id, requestVersion: request.version });
    const supportLine = first.plan.lines.find((l) => l.system.key === 'support_desk');
    const changed = await preparer.erasure.changeLine({
      requestId: request.id,
      planVersion: 1,
      lineId: supportLine?.id ?? '',
      action: 'anonymise',
      ground: null,
      note: 'Ticket texts stay for product history, names and emails removed.',
    });
    expect(changed.plan.version).toBe(2);
    expect(changed.plan.lines.find((l) => l.id === supportLine?.id)?.action).toBe('anonymise');
    // A forced line keeps its rule.
    await expectTrpcError(
      preparer.erasure.changeLine({
        requestId: request.id,
        planVersion: 2,
        lineId: first.plan.lines[1]?.id ?? '',
        action: 'delete',
        ground: null,
        note: null,
      }),
      'BAD_REQUEST',
      /A retention rule keeps invoices and their lines/,
    );
    const submitted = await preparer.erasure.submit({ requestId: request.id, planVersion: 2 });
    expect(submitted.plan).toMatchObject({
      status: 'awaiting_approval',
      version: 3,
      submitted: { by: { id: preparerStaff.id }, version: 3 },
    });

    // The preparer cannot approve their own plan; without step-up nobody can; a stale version is refused.
    await expectTrpcError(
      preparer.erasure.approve({ requestId: request.id, planVersion: 3, note: 'Fine.' }),
      'FORBIDDEN',
      /another privacy officer decides it/,
    );
    await expectTrpcError(
      staleApprover.erasure.approve({ requestId: request.id, planVersion: 3, note: 'Fine.' }),
      'FORBIDDEN',
      /Confirm it is you/,
    );
    await expectTrpcError(
      approver.erasure.approve({ requestId: request.id, planVersion: 2, note: 'Fine.' }),
      'CONFLICT',
      /review it again/,
    );
    await expectTrpcError(
      approver.erasure.approve({ requestId: request.id, planVersion: 3, note: ' ' }),
      'BAD_REQUEST',
    );
    const approved = await approver.erasure.approve({
      requestId: request.id,
      planVersion: 3,
      note: 'Checked each line against the inventory; invoices stay under AO §147.',
    });
    expect(approved.plan).toMatchObject({
      status: 'approved',
      version: 4,
      decision: { kind: 'approved', by: { id: approverStaff.id } },
      // The default grace period: 4 hours.
      graceEndsAt: '2027-03-01T14:00:00.000Z',
      can: { cancel: true, decide: false },
    });
    // A second approval changes nothing, and says so.
    await expectTrpcError(
      approver.erasure.approve({ requestId: request.id, planVersion: 4, note: 'Again.' }),
      'BAD_REQUEST',
      /already approved/,
    );
    const [row] = await app.database.db.select().from(requests).where(eq(requests.id, request.id));
    expect(row?.status).toBe('approved');
    const trail = await auditOf(request.id);
    expect(
      trail.map((a) => [a.action, (a.after as { attempt?: string; code?: string }).code ?? null]),
    ).toEqual([
      ['erasure.plan_prepared', null],
      ['erasure.line_changed', null],
      ['erasure.refused', 'BAD_REQUEST'],
      ['erasure.submitted', null],
      ['erasure.refused', 'FORBIDDEN'],
      ['erasure.refused', 'STEP_UP_REQUIRED'],
      ['erasure.refused', 'CONFLICT'],
      ['erasure.approved', null],
      ['erasure.refused', 'BAD_REQUEST'],
    ]);
    const timeline = await app.database.db
      .select({ kind: requestEvents.kind, data: requestEvents.data })
      .from(requestEvents)
      .where(eq(requestEvents.requestId, request.id))
      .orderBy(asc(requestEvents.seq));
    const planEvents = timeline
      .filter((e) => e.kind === 'erasure_plan')
      .map((e) => (e.data as { event: string }).event);
    expect(planEvents).toEqual(['prepared', 'line_changed', 'submitted', 'approved']);
  });

  it('voids an approval when the plan changes, and cancels in the grace period but not after execution starts', async () => {
    const request = await erasureOf('SYN-800001');
    const { plan } = await preparer.erasure.prepare({
      requestId: request.id,
      requestVersion: request.version,
    });
    await preparer.erasure.submit({ requestId: request.id, planVersion: 1 });
    await approver.erasure.approve({ requestId: request.id, planVersion: 2, note: 'Approved.' });
    const payments = plan.lines.find((l) => l.system.key === 'payments');
    const voided = await preparer.erasure.changeLine({
      requestId: request.id,
      planVersion: 3,
      lineId: payments?.id ?? '',
      action: 'retain',
      ground: 'legal_claims',
      note: 'A chargeback dispute is open.',
    });
    expect(voided.plan).toMatchObject({ status: 'awaiting_approval', decision: null, graceEndsAt: null });
    const approvedAgain = await approver.erasure.approve({
      requestId: request.id,
      planVersion: 4,
      note: 'The dispute justifies keeping payments.',
    });
    expect(approvedAgain.plan.status).toBe('approved');
    const cancelled = await preparer.erasure.cancel({
      requestId: request.id,
      planVersion: 5,
      note: 'The requester asked us to wait.',
    });
    expect(cancelled.plan).toMatchObject({ status: 'in_progress', decision: null, submitted: null });

    // Once a line has started, nothing can be cancelled or changed.
    await preparer.erasure.submit({ requestId: request.id, planVersion: 6 });
    await approver.erasure.approve({ requestId: request.id, planVersion: 7, note: 'Go.' });
    await app.database.db.update(requests).set({ status: 'fulfilling' }).where(eq(requests.id, request.id));
    await expectTrpcError(
      preparer.erasure.cancel({ requestId: request.id, planVersion: 8, note: 'Stop!' }),
      'BAD_REQUEST',
      /The erasure has started: it can no longer be cancelled/,
    );
    await expectTrpcError(
      preparer.erasure.changeLine({
        requestId: request.id,
        planVersion: 8,
        lineId: payments?.id ?? '',
        action: 'delete',
        ground: null,
        note: null,
      }),
      'BAD_REQUEST',
      /The erasure has started/,
    );
  });

  it('refuses an unknown line, an unverified request, a plan of another type, and roles without the right', async () => {
    const request = await erasureOf('SYN-800001');
    const { plan } = await preparer.erasure.prepare({
      requestId: request.id,
      requestVersion: request.version,
    });
    await expectTrpcError(
      preparer.erasure.changeLine({
        requestId: request.id,
        planVersion: 1,
        lineId: '00000000-0000-4000-8000-000000000000',
        action: 'delete',
        ground: null,
        note: null,
      }),
      'NOT_FOUND',
      /no such line/,
    );
    await expectTrpcError(
      preparer.erasure.changeLine({
        requestId: request.id,
        planVersion: 1,
        lineId: plan.lines[0]?.id ?? '',
        action: 'not_held',
        ground: null,
        note: null,
      }),
      'BAD_REQUEST',
      /Say how you checked/,
    );
    await expectTrpcError(
      preparer.erasure.changeLine({
        requestId: request.id,
        planVersion: 1,
        lineId: plan.lines[0]?.id ?? '',
        action: 'retain',
        ground: null,
        note: null,
      }),
      'BAD_REQUEST',
      /Choose the legal ground/,
    );
    // Bad input at the schema: an unknown action.
    await expectTrpcError(
      preparer.erasure.changeLine({
        requestId: request.id,
        planVersion: 1,
        lineId: plan.lines[0]?.id ?? '',
        action: 'shred' as 'delete',
        ground: null,
        note: null,
      }),
      'BAD_REQUEST',
    );
    await expectTrpcError(manager.erasure.submit({ requestId: request.id, planVersion: 1 }), 'FORBIDDEN');
    await expectTrpcError(support.erasure.plan({ requestId: request.id }), 'FORBIDDEN');
    const read = await manager.erasure.plan({ requestId: request.id });
    expect(read.plan?.can).toEqual({ change: false, submit: false, decide: false, cancel: false });

    // An access request has no plan.
    const access = await preparer.requests.create({
      type: 'access',
      regime: 'gdpr',
      channel: 'email',
      receivedAt: '2027-02-26T09:00:00.000Z',
      requester: { name: 'Someone', email: 'someone@example.com' },
    });
    expect(await preparer.erasure.plan({ requestId: access.id })).toEqual({
      plan: null,
      canPrepare: false,
      prepareBlocker: 'Only an erasure request has an erasure plan.',
    });
  });
});

describe('approval re-checks identity verification', () => {
  it('refuses to approve once the level needed has risen above what was verified', async () => {
    const made = await preparer.requests.create({
      type: 'erasure',
      regime: 'gdpr',
      channel: 'email',
      receivedAt: '2027-02-26T09:00:00.000Z',
      requester: { name: 'Hana Sato', email: 'hana.sato@example.com' },
      customerId: customerIds['SYN-800001'] ?? null,
    });
    let version = (
      await preparer.requests.transition({ id: made.id, version: made.version, to: 'verifying' })
    ).version;
    version = (await preparer.verification.recordAccountMatch({ id: made.id, version })).version;
    version = (await preparer.requests.transition({ id: made.id, version, to: 'in_progress' })).version;
    await preparer.erasure.prepare({ requestId: made.id, requestVersion: version });
    const submitted = await preparer.erasure.submit({ requestId: made.id, planVersion: 1 });
    // The deletion turns out to reach sensitive data: high verification is needed now.
    await preparer.verification.setScope({
      id: made.id,
      version: submitted.requestVersion,
      sensitiveData: true,
    });
    const blocked = await approver.erasure.plan({ requestId: made.id });
    expect(blocked.plan?.can.decide).toBe(false);
    expect(blocked.plan?.blockers[0]).toMatch(/^Identity is not verified to the level this request needs/);
    await expectTrpcError(
      approver.erasure.approve({ requestId: made.id, planVersion: 2, note: 'Looks right.' }),
      'BAD_REQUEST',
      /its identity is not verified to the high level/,
    );
    const [row] = await app.database.db.select().from(requests).where(eq(requests.id, made.id));
    expect(row?.status).toBe('awaiting_approval');
  });
});

describe('the internal connector against the plan’s platform database', () => {
  it('finds an erased account held nowhere', async () => {
    await erasePlatformAccount(platform.db, {
      accountNumber: 'SYN-800003',
      action: 'delete',
      retain: [],
      now: clock,
    });
    expect(await platformLookupOf(platform.db).holdsAccount('SYN-800003')).toBe(false);
    expect(await platformLookupOf(platform.db).holdsAccount('SYN-800001')).toBe(true);
  });
});

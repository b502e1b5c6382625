import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataSystems } from '../../db/schema.js';
import { insertCustomers } from '../../testing/customers.js';
import { erasureInProgress } from '../../testing/erasure.js';
import { expectTrpcError } from '../../testing/expect-error.js';
import { createTestApp, type Caller, type TestApp, type TestStaff } from '../../testing/test-app.js';

// 10:00 UTC on Wednesday 10 March 2027: "today" is the 10th in every handling zone.
const clock = new Date('2027-03-10T10:00:00.000Z');
const at = { now: () => clock };
let app: TestApp;
let officer: Caller;
let officerStaff: TestStaff;
let approver: Caller;
let manager: Caller;
let auditor: Caller;
let support: Caller;
let admin: Caller;
const ids: Record<string, string> = {};
const refs: Record<string, string> = {};

/** An erasure with a plan, moved as far as `to` through the plan's own steps. */
async function erasureWithPlan(
  label: string,
  receivedAt: string,
  to: 'preparing' | 'submitted' | 'approved',
) {
  const request = await erasureInProgress(officer, { receivedAt, email: `${label}@example.com` });
  ids[label] = request.id;
  refs[label] = request.reference;
  const { plan } = await officer.erasure.prepare({ requestId: request.id, requestVersion: request.version });
  if (to === 'preparing') return;
  const submitted = await officer.erasure.submit({ requestId: request.id, planVersion: plan.version });
  if (to === 'submitted') return;
  await approver.erasure.approve({
    requestId: request.id,
    planVersion: submitted.plan.version,
    note: 'Checked line by line.',
  });
}

beforeAll(async () => {
  app = await createTestApp();
  ({ caller: officer, staff: officerStaff } = await app.callerAs(['privacy_officer'], at));
  // Four eyes with a fresh step-up: the second officer approves.
  ({ caller: approver } = await app.callerAs(['privacy_officer'], {
    ...at,
    mfaAt: new Date('2027-03-10T09:58:00.000Z'),
  }));
  ({ caller: manager } = await app.callerAs(['manager'], at));
  ({ caller: auditor } = await app.callerAs(['auditor'], at));
  ({ caller: support } = await app.callerAs(['support_agent'], at));
  ({ caller: admin } = await app.callerAs(['admin'], at));
  const db = app.database.db;
  // One system, done by hand: enough for a plan, and no connector to reach.
  await db.insert(dataSystems).values({
    key: 'support_desk',
    name: 'Support desk',
    description: 'Tickets.',
    dataCategories: ['support_communications'],
    connectorKind: 'manual',
    connector: { kind: 'manual', instructions: 'Delete the tickets by hand.' },
  });
  const [account] = await insertCustomers(db, [
    {
      accountNumber: 'SYN-810001',
      name: 'Greta Lindholm',
      email: 'greta.l@example.com',
      country: 'IE',
      plan: 'team',
      signupAt: new Date('2024-05-01T00:00:00.000Z'),
    },
  ]);

  // The oldest: 5 February, GDPR's month ends on Friday 5 March (before the company's 30 days, 7 March).
  const oldest = await erasureInProgress(officer, {
    receivedAt: '2027-02-05T09:00:00.000Z',
    customerId: account?.id ?? null,
    email: 'oldest@example.com',
  });
  ids.oldest = oldest.id;
  refs.oldest = oldest.reference;
  await officer.requests.assign({ id: oldest.id, version: oldest.version, assigneeId: officerStaff.id });

  // 12 February: the month ends on Friday 12 March; approved, so in its grace period.
  await erasureWithPlan('grace', '2027-02-12T09:00:00.000Z', 'approved');

  // A CCPA deletion is an erasure too: the company's 30 days from 13 February in Los Angeles end on
  // 15 March, before the law's 45 — in exactly 5 days, the last of "due soon".
  const ccpa = await officer.requests.create({
    type: 'delete',
    regime: 'ccpa',
    channel: 'email',
    receivedAt: '2027-02-13T20:00:00.000Z',
    requester: { name: 'Casey Young', email: 'casey@example.com' },
  });
  ids.ccpa = ccpa.id;
  refs.ccpa = ccpa.reference;

  // 20 February: the month ends on Saturday 20 March, rolled to Monday 22 March; the 30 days also end then.
  await erasureWithPlan('awaiting', '2027-02-20T09:00:00.000Z', 'submitted');
  // 1 March: the company's 30 days end on 31 March, before the month (1 April).
  await erasureWithPlan('preparing', '2027-03-01T09:00:00.000Z', 'preparing');

  // A minor's erasure: 72 hours from 12:00 on 8 March end on 11 March, its effective date.
  const minor = await officer.requests.create({
    type: 'erasure',
    regime: 'gdpr',
    channel: 'email',
    receivedAt: '2027-03-08T12:00:00.000Z',
    requester: { name: 'Mia Minor', email: 'mia@example.com' },
    minor: true,
  });
  ids.minor = minor.id;
  refs.minor = minor.reference;

  // Not pending deletions: a withdrawn erasure, and an open request of another type.
  const withdrawn = await officer.requests.create({
    type: 'erasure',
    regime: 'gdpr',
    channel: 'email',
    receivedAt: '2027-02-01T09:00:00.000Z',
    requester: { name: 'Will Drawn', email: 'will@example.com' },
  });
  await officer.requests.transition({
    id: withdrawn.id,
    version: withdrawn.version,
    to: 'withdrawn',
    note: 'The requester changed their mind.',
  });
  await officer.requests.create({
    type: 'access',
    regime: 'gdpr',
    channel: 'email',
    receivedAt: '2027-02-02T09:00:00.000Z',
    requester: { name: 'Axel Access', email: 'axel@example.com' },
  });
});

afterAll(() => app.close());

describe('erasure.pendingDeletions', () => {
  it('lists every open erasure oldest first, with its age, stage, deadline and days left', async () => {
    const first = await officer.erasure.pendingDeletions({ page: 1, pageSize: 4 });
    expect(first).toMatchObject({
      total: 6,
      page: 1,
      pageSize: 4,
      today: '2027-03-10',
      counts: { open: 6, overdue: 1, dueSoon: 3 },
      minorTargetHours: 72,
    });
    expect(first.items).toEqual([
      {
        id: ids.oldest,
        reference: refs.oldest,
        receivedAt: '2027-02-05T09:00:00.000Z',
        ageDays: 33,
        stage: 'no_plan',
        dueOn: '2027-03-05',
        minorTarget: false,
        daysLeft: -5,
        accountNumber: 'SYN-810001',
        assignee: { id: officerStaff.id, name: 'Test privacy_officer' },
      },
      {
        id: ids.grace,
        reference: refs.grace,
        receivedAt: '2027-02-12T09:00:00.000Z',
        ageDays: 26,
        stage: 'grace_period',
        dueOn: '2027-03-12',
        minorTarget: false,
        daysLeft: 2,
        accountNumber: null,
        assignee: null,
      },
      {
        id: ids.ccpa,
        reference: refs.ccpa,
        receivedAt: '2027-02-13T20:00:00.000Z',
        // 24 days and 14 hours: whole days only.
        ageDays: 24,
        stage: 'identity_check',
        dueOn: '2027-03-15',
        minorTarget: false,
        daysLeft: 5,
        accountNumber: null,
        assignee: null,
      },
      {
        id: ids.awaiting,
        reference: refs.awaiting,
        receivedAt: '2027-02-20T09:00:00.000Z',
        ageDays: 18,
        stage: 'awaiting_approval',
        dueOn: '2027-03-22',
        minorTarget: false,
        daysLeft: 12,
        accountNumber: null,
        assignee: null,
      },
    ]);

    const second = await officer.erasure.pendingDeletions({ page: 2, pageSize: 4 });
    expect(
      second.items.map((i) => [i.reference, i.ageDays, i.stage, i.dueOn, i.minorTarget, i.daysLeft]),
    ).toEqual([
      [refs.preparing, 9, 'preparing', '2027-03-31', false, 21],
      [refs.minor, 1, 'identity_check', '2027-03-11', true, 1],
    ]);
    expect(second.counts).toEqual(first.counts);
    // Past the last page: no rows, the same counts.
    expect((await officer.erasure.pendingDeletions({ page: 3, pageSize: 4 })).items).toEqual([]);
  });

  it('lists the account deletions that no erasure request covers, the soonest purge first', async () => {
    const before = await officer.erasure.pendingDeletions({ page: 1, pageSize: 25 });
    expect(before.unrequested).toEqual({ total: 0, items: [] });
    const deleting = (n: number, purgeOn: string) => ({
      accountNumber: `SYN-82000${n}`,
      name: `Dee Leting ${n}`,
      email: `dee${n}@example.com`,
      country: 'IE',
      plan: 'team',
      signupAt: new Date('2024-05-01T00:00:00.000Z'),
      status: 'deletion_pending' as const,
      purgeOn,
    });
    const accounts = await insertCustomers(app.database.db, [
      deleting(1, '2027-03-30'),
      deleting(2, '2027-03-12'),
      deleting(3, '2027-03-20'),
      deleting(4, '2027-03-25'),
    ]);
    // An open erasure covers the third; a withdrawn one does not cover the fourth.
    await erasureInProgress(officer, {
      receivedAt: '2027-03-02T09:00:00.000Z',
      customerId: accounts[2]?.id ?? null,
      email: 'dee3@example.com',
    });
    const withdrawn = await officer.requests.create({
      type: 'erasure',
      regime: 'gdpr',
      channel: 'in_app',
      receivedAt: '2027-03-03T09:00:00.000Z',
      requester: { name: 'Dee Leting 4', email: 'dee4@example.com' },
      customerId: accounts[3]?.id ?? null,
    });
    await officer.requests.transition({
      id: withdrawn.id,
      version: withdrawn.version,
      to: 'withdrawn',
      note: 'Logged twice by mistake.',
    });
    const after = await officer.erasure.pendingDeletions({ page: 1, pageSize: 25 });
    expect(after.unrequested).toEqual({
      total: 3,
      items: [
        { customerId: accounts[1]?.id, accountNumber: 'SYN-820002', purgeOn: '2027-03-12', daysLeft: 2 },
        { customerId: accounts[3]?.id, accountNumber: 'SYN-820004', purgeOn: '2027-03-25', daysLeft: 15 },
        { customerId: accounts[0]?.id, accountNumber: 'SYN-820001', purgeOn: '2027-03-30', daysLeft: 20 },
      ],
    });
  });

  it('gives managers and auditors the same answer, which names no requester', async () => {
    const officers = await officer.erasure.pendingDeletions({ page: 1, pageSize: 25 });
    expect(await manager.erasure.pendingDeletions({ page: 1, pageSize: 25 })).toEqual(officers);
    expect(await auditor.erasure.pendingDeletions({ page: 1, pageSize: 25 })).toEqual(officers);
    expect(JSON.stringify(officers)).not.toMatch(/@|greta|casey|mia|oldest|someone|leting/i);
  });

  it('is refused to support agents and admins, who do not read request internals', async () => {
    await expectTrpcError(support.erasure.pendingDeletions({ page: 1, pageSize: 25 }), 'FORBIDDEN');
    await expectTrpcError(admin.erasure.pendingDeletions({ page: 1, pageSize: 25 }), 'FORBIDDEN');
  });

  it('refuses a page before the first, and too large a page, field by field', async () => {
    const error = await expectTrpcError(
      officer.erasure.pendingDeletions({ page: 0, pageSize: 25 }),
      'BAD_REQUEST',
      /Pages start at 1/,
    );
    // The field and its message, as the error formatter hands them to the page.
    expect(error.cause).toMatchObject({ issues: [{ path: ['page'], message: 'Pages start at 1.' }] });
    const tooLarge = await expectTrpcError(
      officer.erasure.pendingDeletions({ page: 1, pageSize: 500 }),
      'BAD_REQUEST',
    );
    expect(tooLarge.cause).toMatchObject({
      issues: [{ path: ['pageSize'], message: 'Show at most 100 rows a page.' }],
    });
  });
});

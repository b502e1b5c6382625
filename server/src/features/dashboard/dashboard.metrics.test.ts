import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  closedDaysOf,
  defaultRegimeHandling,
  type Regime,
  type RequestOutcome,
  type RequestReasonCode,
  type RequestStatus,
  type RequestType,
} from '@privdesk/shared';
import { requestClockEvents, requestVerifications, requests, staff } from '../../db/schema.js';
import { createTestApp, type Caller, type TestApp } from '../../testing/test-app.js';
import { expectTrpcError } from '../../testing/expect-error.js';

/**
 * Issue 18, item 5: each figure against a small history computed by hand (the expected values are written
 * out below, not derived by the code under test). "Today" is 15 October 2026 at noon UTC, the same calendar
 * day in every handling time zone. The third quarter (1 July – 30 September 2026) is the period most cases
 * use: requests spanning it, an extended one, a paused one, a withdrawn one and a merged duplicate.
 */
const now = new Date('2026-10-15T12:00:00.000Z');
let app: TestApp;
let manager: Caller;
let ada: string;
let ben: string;
const ids: Record<string, string> = {};

interface Row {
  key: string;
  regime?: Regime;
  type: RequestType;
  status: RequestStatus;
  received: string;
  /** effective, statutory, company due dates */
  due: [string, string, string];
  closed?: string;
  outcome?: RequestOutcome;
  reasonCode?: RequestReasonCode;
  assignee?: 'ada' | 'ben';
  mergedInto?: string;
  clockState?: 'initial' | 'extended' | 'paused';
}

const history: Row[] = [
  // Open now.
  {
    key: 'O1',
    type: 'access',
    status: 'in_progress',
    received: '2026-09-01',
    due: ['2026-10-01', '2026-10-01', '2026-10-01'],
    assignee: 'ada',
  },
  {
    key: 'O2',
    type: 'access',
    status: 'received',
    received: '2026-10-10',
    due: ['2026-11-09', '2026-11-10', '2026-11-09'],
  },
  {
    key: 'O3',
    type: 'erasure',
    status: 'verifying',
    received: '2026-09-20',
    due: ['2026-10-18', '2026-10-20', '2026-10-20'],
  },
  {
    key: 'O4',
    type: 'erasure',
    status: 'awaiting_requester',
    received: '2026-06-01',
    due: ['2026-10-14', '2026-10-14', '2026-10-14'],
    assignee: 'ben',
    clockState: 'paused',
  },
  {
    key: 'O5',
    regime: 'ccpa',
    type: 'know',
    status: 'received',
    received: '2026-10-14',
    due: ['2026-11-13', '2026-11-28', '2026-11-13'],
  },
  // Answered, and otherwise closed.
  {
    key: 'C1',
    type: 'access',
    status: 'completed',
    outcome: 'fulfilled',
    received: '2026-06-20',
    closed: '2026-07-10',
    due: ['2026-07-20', '2026-07-20', '2026-07-20'],
    assignee: 'ada',
  },
  {
    key: 'C2',
    type: 'access',
    status: 'completed',
    outcome: 'partially_fulfilled',
    received: '2026-07-01',
    closed: '2026-09-15',
    due: ['2026-09-30', '2026-09-30', '2026-07-31'],
    assignee: 'ada',
    clockState: 'extended',
  },
  {
    key: 'C3',
    type: 'erasure',
    status: 'denied',
    outcome: 'denied',
    reasonCode: 'manifestly_unfounded',
    received: '2026-08-01',
    closed: '2026-09-05',
    due: ['2026-08-31', '2026-09-01', '2026-08-31'],
    assignee: 'ben',
  },
  {
    key: 'C4',
    type: 'erasure',
    status: 'withdrawn',
    outcome: 'withdrawn',
    reasonCode: 'withdrawn',
    received: '2026-08-10',
    closed: '2026-08-12',
    due: ['2026-09-09', '2026-09-10', '2026-09-09'],
  },
  {
    key: 'C5',
    type: 'erasure',
    status: 'denied',
    outcome: 'denied',
    reasonCode: 'duplicate',
    received: '2026-08-11',
    closed: '2026-08-20',
    due: ['2026-09-10', '2026-09-11', '2026-09-10'],
    mergedInto: 'C3',
  },
  {
    key: 'C6',
    type: 'erasure',
    status: 'closed_unverified',
    outcome: 'closed_unverified',
    reasonCode: 'identity_unverified',
    received: '2026-09-01',
    closed: '2026-09-25',
    // Answered on its effective and company dates: on time (the last day counts).
    due: ['2026-09-25', '2026-10-01', '2026-09-25'],
  },
  {
    key: 'C7',
    type: 'access',
    status: 'completed',
    outcome: 'fulfilled',
    received: '2026-09-20',
    closed: '2026-10-02',
    due: ['2026-10-20', '2026-10-20', '2026-10-20'],
    assignee: 'ben',
  },
  // CCPA, for the §7102 report.
  {
    key: 'K1',
    regime: 'ccpa',
    type: 'know',
    status: 'completed',
    outcome: 'fulfilled',
    received: '2026-03-01',
    closed: '2026-03-20',
    due: ['2026-03-31', '2026-04-15', '2026-03-31'],
  },
  {
    key: 'K2',
    regime: 'ccpa',
    type: 'know',
    status: 'denied',
    outcome: 'denied',
    reasonCode: 'suspected_fraud',
    received: '2026-04-01',
    closed: '2026-04-11',
    due: ['2026-05-01', '2026-05-16', '2026-05-01'],
  },
  {
    key: 'K3',
    regime: 'ccpa',
    type: 'delete',
    status: 'closed_unverified',
    outcome: 'closed_unverified',
    reasonCode: 'insufficient_verification',
    received: '2026-05-01',
    closed: '2026-05-31',
    due: ['2026-05-31', '2026-06-15', '2026-05-31'],
  },
  {
    key: 'K4',
    regime: 'ccpa',
    type: 'know',
    status: 'withdrawn',
    outcome: 'withdrawn',
    reasonCode: 'withdrawn',
    received: '2026-06-01',
    closed: '2026-06-02',
    due: ['2026-07-01', '2026-07-16', '2026-07-01'],
  },
];

beforeAll(async () => {
  app = await createTestApp();
  ({ caller: manager } = await app.callerAs(['manager'], { now: () => now }));
  const db = app.database.db;
  const people = await db
    .insert(staff)
    .values([
      { email: 'ada@test.example', name: 'Ada Byrne', roles: ['privacy_officer'] },
      { email: 'ben@test.example', name: 'Ben Okafor', roles: ['privacy_officer'] },
    ])
    .returning({ id: staff.id });
  [ada, ben] = people.map((p) => p.id) as [string, string];
  let n = 0;
  // Merged duplicates point at their survivor: write survivors first.
  for (const r of [...history].sort(
    (a, b) => Number(a.mergedInto !== undefined) - Number(b.mergedInto !== undefined),
  )) {
    n += 1;
    const [row] = await db
      .insert(requests)
      .values({
        reference: `DSR-2026-${String(900000 + n)}`,
        type: r.type,
        regime: r.regime ?? 'gdpr',
        channel: 'email',
        status: r.status,
        requesterName: `Person ${r.key}`,
        requesterEmail: `${r.key.toLowerCase()}@example.com`,
        receivedAt: new Date(`${r.received}T10:00:00.000Z`),
        loggedAt: new Date(`${r.received}T10:00:00.000Z`),
        effectiveDueOn: r.due[0],
        statutoryDueOn: r.due[1],
        companyDueOn: r.due[2],
        clockState: r.clockState ?? 'initial',
        outcome: r.outcome ?? null,
        reasonCode: r.reasonCode ?? null,
        assigneeId: r.assignee === 'ada' ? ada : r.assignee === 'ben' ? ben : null,
        mergedIntoId: r.mergedInto ? ids[r.mergedInto] : null,
        closedAt: r.closed ? new Date(`${r.closed}T20:00:00.000Z`) : null,
        // As the closing writer stamps them (10:00 and 20:00 UTC fall on the same day where handled).
        ...(r.closed
          ? closedDaysOf(
              new Date(`${r.received}T10:00:00.000Z`),
              new Date(`${r.closed}T20:00:00.000Z`),
              defaultRegimeHandling[r.regime ?? 'gdpr'].timeZone,
            )
          : { closedOn: null, closedDays: null }),
        updatedAt: now,
      })
      .returning({ id: requests.id });
    if (!row) throw new Error('no row');
    ids[r.key] = row.id;
  }
  const id = (key: string) => ids[key] as string;
  await db.insert(requestClockEvents).values([
    {
      requestId: id('C2'),
      kind: 'extension_noticed',
      on: '2026-07-20',
      reason: 'Complex request.',
      recordedAt: now,
    },
    // An extension noticed, then removed: not an extended request.
    {
      requestId: id('C3'),
      kind: 'extension_noticed',
      on: '2026-08-20',
      reason: 'Mistake.',
      recordedAt: now,
      removedAt: now,
      removalReason: 'Entered in error.',
    },
    {
      requestId: id('O4'),
      kind: 'paused',
      on: '2026-07-01',
      reason: 'Asked which account.',
      recordedAt: now,
    },
  ]);
  await db.insert(requestVerifications).values([
    { requestId: id('O1'), method: 'email_link', outcome: 'passed', recordedAt: now },
    { requestId: id('C2'), method: 'email_link', outcome: 'failed', recordedAt: now },
    { requestId: id('C2'), method: 'document_review', outcome: 'passed', recordedAt: now },
    { requestId: id('C6'), method: 'email_link', outcome: 'failed', recordedAt: now },
  ]);
}, 60_000);
afterAll(() => app.close());

const q3 = { from: '2026-07-01', to: '2026-09-30' };

describe('the dashboard, against a history computed by hand', () => {
  it('answered in the third quarter: on time against each clock, by month', async () => {
    const d = await manager.dashboard.get(q3);
    // C1, C2, C3, C6: not C4 (withdrawn), C5 (merged into C3) or C7 (answered in October).
    expect(d.answered.responded.count).toBe(4);
    expect([d.answered.effective.onTime.count, d.answered.effective.late.count]).toEqual([3, 1]);
    expect([d.answered.statutory.onTime.count, d.answered.statutory.late.count]).toEqual([3, 1]);
    // C2 was extended and answered after its company date: a miss against the company's 30 days.
    expect([d.answered.company.onTime.count, d.answered.company.late.count]).toEqual([2, 2]);
    expect(d.answeredByMonth.map((m) => [m.month, m.responded.count, m.company.late.count])).toEqual([
      ['2026-07', 1, 0],
      ['2026-09', 3, 2],
    ]);
    expect(d.answeredByMonth[1]?.responded.drill).toMatchObject({
      closedFrom: '2026-09-01',
      closedTo: '2026-09-30',
      responded: true,
    });
  });

  it('days to close per type: median, 90th percentile and mean', async () => {
    const d = await manager.dashboard.get(q3);
    expect(d.daysToClose).toEqual([
      // C1 20 days, C2 76 days.
      expect.objectContaining({ type: 'access', median: 48, p90: 70.4, mean: 48 }),
      // C3 35 days, C6 24 days.
      expect.objectContaining({ type: 'erasure', median: 29.5, p90: 33.9, mean: 29.5 }),
    ]);
  });

  it('extensions and denials: a removed extension does not count, nor a merged duplicate', async () => {
    const d = await manager.dashboard.get(q3);
    expect(d.extended.count).toBe(1);
    expect(d.denied.total.count).toBe(1);
    expect(d.denied.byReason.map((r) => [r.reasonCode, r.count])).toEqual([['manifestly_unfounded', 1]]);
  });

  it('received in the quarter: open, due, overdue, unassigned, workload, intake, checks', async () => {
    const d = await manager.dashboard.get(q3);
    // O1 and O3 (O2, O4 and O5 were received outside it).
    expect(d.open.total.count).toBe(2);
    expect(d.open.byStatus.filter((s) => s.count > 0).map((s) => [s.status, s.count])).toEqual([
      ['verifying', 1],
      ['in_progress', 1],
    ]);
    expect(d.dueSoon.count).toBe(1);
    expect(d.overdue.total.count).toBe(1);
    expect(d.overdue.maxDays).toBe(14);
    expect(d.overdue.buckets.map((b) => [b.key, b.count])).toEqual([
      ['1_7', 0],
      ['8_30', 1],
      ['31_90', 0],
      ['91_plus', 0],
    ]);
    // O3, received 25 days ago; the younger buckets lie after the quarter and are left out.
    expect(d.unassigned?.total.count).toBe(1);
    expect(d.unassigned?.oldestDays).toBe(25);
    expect(
      d.unassigned?.buckets.map((b) => [b.key, b.count, b.drill.receivedFrom, b.drill.receivedTo]),
    ).toEqual([['15_plus', 1, '2026-07-01', '2026-09-30']]);
    expect(d.workload.map((w) => [w.assignee?.name ?? null, w.total.count])).toEqual([
      ['Ada Byrne', 1],
      [null, 1],
    ]);
    expect(d.intake.map((w) => [w.weekStart, w.count, w.drill.receivedFrom])).toEqual([
      ['2026-06-29', 1, '2026-07-01'],
      ['2026-07-27', 1, '2026-07-27'],
      ['2026-08-10', 2, '2026-08-10'],
      ['2026-08-31', 2, '2026-08-31'],
      ['2026-09-14', 2, '2026-09-14'],
    ]);
    // O1 and C2 passed (C2 after a failed try); C6 closed unverified.
    expect([d.verification.passed.count, d.verification.failed.count]).toEqual([2, 1]);
  });

  it('all time: the paused request is overdue by a day; unassigned by age', async () => {
    const d = await manager.dashboard.get({});
    expect(d.open.total.count).toBe(5);
    expect(d.overdue.buckets.map((b) => b.count)).toEqual([1, 1, 0, 0]);
    expect(d.unassigned?.buckets.map((b) => [b.key, b.count])).toEqual([
      ['0_2', 1],
      ['3_7', 1],
      ['8_14', 0],
      ['15_plus', 1],
    ]);
    expect(d.answered.responded.count).toBe(8);
    expect(d.today).toBe('2026-10-15');
  });

  it('narrowed to one person, nobody’s figures are left out', async () => {
    const d = await manager.dashboard.get({ assignee: ben });
    expect(d.unassigned).toBeNull();
    expect(d.open.total.count).toBe(1);
    expect(d.answered.responded.count).toBe(2);
  });

  it('none at all: zeros, empty lists and no percentiles', async () => {
    const d = await manager.dashboard.get({ regime: 'lgpd' });
    expect(d.open.total.count).toBe(0);
    expect(d.overdue.maxDays).toBeNull();
    expect(d.unassigned?.oldestDays).toBeNull();
    expect(d.workload).toEqual([]);
    expect(d.intake).toEqual([]);
    expect(d.answeredByMonth).toEqual([]);
    expect(d.daysToClose).toEqual([]);
    expect(d.answered.responded.count).toBe(0);
  });
});

describe('the CCPA §7102 report', () => {
  it('per type, for the calendar year', async () => {
    const report = await manager.dashboard.ccpaReport({ year: 2026 });
    const know = report.rows.find((r) => r.type === 'know');
    // K1 complied, K2 denied, K4 withdrawn, O5 open.
    expect(know).toMatchObject({
      received: { count: 4 },
      compliedInWholeOrPart: { count: 1 },
      denied: { count: 1 },
      open: { count: 1 },
      medianDays: 14.5,
      meanDays: 14.5,
    });
    // K3: closed unverified counts as denied.
    expect(report.rows.find((r) => r.type === 'delete')).toMatchObject({
      received: { count: 1 },
      compliedInWholeOrPart: { count: 0 },
      denied: { count: 1 },
      medianDays: 30,
    });
    expect(report.rows.find((r) => r.type === 'opt_out_sale')).toMatchObject({
      received: { count: 0 },
      medianDays: null,
      meanDays: null,
    });
    expect(
      (await manager.dashboard.ccpaReport({ year: 2025 })).rows.every((r) => r.received.count === 0),
    ).toBe(true);
  });
});

describe('who may read it, and bad input', () => {
  it('support agents and admins may not read the dashboard; officers may not take the §7102 report', async () => {
    const { caller: agent } = await app.callerAs(['support_agent'], { now: () => now });
    const { caller: admin } = await app.callerAs(['admin'], { now: () => now });
    const { caller: officer } = await app.callerAs(['privacy_officer'], { now: () => now });
    await expectTrpcError(agent.dashboard.get({}), 'FORBIDDEN');
    await expectTrpcError(admin.dashboard.get({}), 'FORBIDDEN');
    await expectTrpcError(officer.dashboard.ccpaReport({ year: 2026 }), 'FORBIDDEN');
    // A summary reader may not narrow the queue by how requests ended: the count would tell it.
    await expectTrpcError(
      agent.requests.find({ statuses: ['denied'], reasonCode: 'suspected_fraud', page: 1, pageSize: 10 }),
      'FORBIDDEN',
      /how a request ended/,
    );
    expect((await agent.requests.find({ receivedFrom: '2026-07-01', page: 1, pageSize: 10 })).total).toBe(10);
    const { caller: auditor } = await app.callerAs(['auditor'], { now: () => now });
    expect((await auditor.dashboard.get(q3)).answered.responded.count).toBe(4);
  });

  it('refuses a reversed period, an unknown regime and a year before the regulations, by field', async () => {
    await expectTrpcError(
      manager.dashboard.get({ from: '2026-09-30', to: '2026-07-01' }),
      'BAD_REQUEST',
      /End the period on or after its start/,
    );
    // @ts-expect-error an unknown regime
    await expectTrpcError(manager.dashboard.get({ regime: 'gdpr2' }), 'BAD_REQUEST', /Unknown regime/);
    await expectTrpcError(manager.dashboard.ccpaReport({ year: 2019 }), 'BAD_REQUEST', /apply from 2020/);
    await expectTrpcError(
      manager.requests.find({ due: 'due_soon', overdueMin: 3, page: 1, pageSize: 10 }),
      'BAD_REQUEST',
      /Days overdue go with the Overdue filter/,
    );
  });
});

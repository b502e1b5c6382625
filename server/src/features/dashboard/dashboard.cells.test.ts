import { eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../db/client.js';
import { insertDataset } from '../../demo/request-dataset.js';
import {
  dashboardCells,
  requestClockEvents,
  requestVerifications,
  requests,
  staff,
} from '../../db/schema.js';
import { createTestApp, type Caller, type TestApp } from '../../testing/test-app.js';

/**
 * The dashboard's roll-up (migration 0035) is kept by triggers: whatever writes requests — a procedure, a
 * job, a bulk statement, a delete — the cells must equal a recount from the requests as they stand, and the
 * copied flags (`extended`, `verified`) their source tables.
 */
let app: TestApp;
let officer: Caller;
let officerIds: string[];

const key = sql.raw(
  `family, grain, assignee, period, regime, type, status, reason_code, eff, stat, comp, extended, verified, days`,
);

/** Cells that differ between the roll-up and a recount (zero cells left by changes count as absent). */
async function drift(): Promise<unknown[]> {
  return rowsOf(
    await app.database.db.execute(sql`
      with kept as (select ${key}, n from dashboard_cells where n <> 0),
        recount as (select x.*, count(*)::int as n from requests r cross join lateral dashboard_cells_of(r) x group by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14)
      (select 'kept' as side, * from kept except select 'kept', * from recount)
      union all
      (select 'recount', * from recount except select 'recount', * from kept)
      limit 5`),
  );
}

async function flagDrift(): Promise<number> {
  const [row] = rowsOf<{ n: number }>(
    await app.database.db.execute(sql`
      select count(*)::int as n from requests r where
        r.extended is distinct from exists (select 1 from request_clock_events ce where ce.request_id = r.id and ce.kind = 'extension_noticed' and ce.removed_at is null)
        or r.verified is distinct from exists (select 1 from request_verifications rv where rv.request_id = r.id and rv.outcome = 'passed')`),
  );
  return row?.n ?? -1;
}

beforeAll(async () => {
  app = await createTestApp();
  ({ caller: officer } = await app.callerAs(['privacy_officer']));
  const people = await app.database.db
    .insert(staff)
    .values(
      ['Cell Officer One', 'Cell Officer Two'].map((name, i): typeof staff.$inferInsert => ({
        email: `cells-${i}@test.example`,
        name,
        roles: ['privacy_officer'],
      })),
    )
    .returning({ id: staff.id });
  officerIds = people.map((p) => p.id);
});
afterAll(() => app.close());

describe('the dashboard roll-up', () => {
  it('counts one request into its cells, by hand', async () => {
    const db = app.database.db;
    // Received Monday 30 Nov 2026 (a piece that is the week's Monday alone: 1 December starts the next),
    // answered Wednesday 2 Dec: 2 days, within every date.
    const [row] = await db
      .insert(requests)
      .values({
        reference: 'DSR-2026-990001',
        type: 'access',
        regime: 'gdpr',
        channel: 'email',
        status: 'completed',
        outcome: 'fulfilled',
        requesterName: 'Cell Person',
        requesterEmail: 'cell.person@example.com',
        receivedAt: new Date('2026-11-30T10:00:00.000Z'),
        loggedAt: new Date('2026-11-30T10:00:00.000Z'),
        effectiveDueOn: '2026-12-30',
        statutoryDueOn: '2026-12-30',
        companyDueOn: '2026-12-30',
        assigneeId: officerIds[0],
        closedAt: new Date('2026-12-02T15:00:00.000Z'),
        closedOn: '2026-12-02',
        closedDays: 2,
        updatedAt: new Date('2026-12-02T15:00:00.000Z'),
      })
      .returning({ id: requests.id });
    const cells = await db
      .select()
      .from(dashboardCells)
      .orderBy(dashboardCells.family, dashboardCells.grain, dashboardCells.assignee);
    const who = officerIds[0] as string;
    const common = { regime: 'gdpr', type: 'access', n: 1 };
    const unused = {
      status: '',
      reasonCode: '',
      eff: false,
      stat: false,
      comp: false,
      extended: false,
      verified: false,
      days: 0,
    };
    const received = { ...common, ...unused, family: 'received' };
    const answered = { ...common, ...unused, family: 'answered', status: 'completed' };
    const timely = { ...common, ...unused, family: 'timely', eff: true, stat: true, comp: true };
    const days = { ...common, ...unused, family: 'days', days: 2 };
    const cell = (base: object, grain: string, period: string) => [
      { ...base, grain, assignee: '*', period },
      { ...base, grain, assignee: who, period },
    ];
    expect(cells).toEqual(
      expect.arrayContaining([
        ...cell(received, 'day', '2026-11-30'),
        ...cell(received, 'piece', '2026-11-30'),
        ...cell(answered, 'day', '2026-12-02'),
        ...cell(answered, 'month', '2026-12-01'),
        ...cell(answered, 'year', '2026-01-01'),
        ...cell(timely, 'day', '2026-12-02'),
        ...cell(timely, 'month', '2026-12-01'),
        ...cell(days, 'day', '2026-12-02'),
        ...cell(days, 'month', '2026-12-01'),
        ...cell(days, 'year', '2026-01-01'),
      ]),
    );
    expect(cells).toHaveLength(20);

    // An extension noticed: the flag follows, and the answered cells move; removed, they move back.
    const id = row?.id as string;
    const [event] = await db
      .insert(requestClockEvents)
      .values({ requestId: id, kind: 'extension_noticed', on: '2026-12-01', recordedAt: new Date() })
      .returning({ id: requestClockEvents.id });
    const extendedCells = await db
      .select({ n: dashboardCells.n })
      .from(dashboardCells)
      .where(sql`family = 'answered' and extended and n > 0`);
    expect(extendedCells).toHaveLength(6);
    await db
      .update(requestClockEvents)
      .set({ removedAt: new Date() })
      .where(eq(requestClockEvents.id, event?.id as string));
    const [flags] = await db
      .select({ extended: requests.extended, verified: requests.verified })
      .from(requests)
      .where(eq(requests.id, id));
    expect(flags).toEqual({ extended: false, verified: false });
    await db.delete(requests).where(eq(requests.id, id));
    const left = await db
      .select()
      .from(dashboardCells)
      .where(sql`n <> 0`);
    expect(left).toEqual([]);
  });

  it('stays equal to a recount through every kind of write', async () => {
    const db = app.database.db;
    await insertDataset(db, {
      seed: 35,
      customers: 80,
      requests: 400,
      now: new Date(),
      spanDays: 200,
      officerIds,
      timeline: 'full',
    });
    expect(await drift()).toEqual([]);
    expect(await flagDrift()).toBe(0);

    // Checks recorded and taken away; a bulk reassignment; a bulk close; a merge; deletes.
    const some = await db.select({ id: requests.id }).from(requests).orderBy(requests.reference).limit(60);
    const ids = some.map((r) => r.id);
    await db.insert(requestVerifications).values(
      ids.slice(0, 30).map((requestId, i) => ({
        requestId,
        method: 'email_link' as const,
        outcome: i % 3 === 0 ? ('failed' as const) : ('passed' as const),
        recordedAt: new Date(),
      })),
    );
    await db.delete(requestVerifications).where(inArray(requestVerifications.requestId, ids.slice(0, 5)));
    await db
      .update(requests)
      .set({
        assigneeId: sql`case when ${requests.assigneeId} is null then ${officerIds[1]}::uuid else null end`,
      })
      .where(inArray(requests.id, ids.slice(10, 40)));
    await db.execute(sql`
      update requests set status = 'completed', outcome = 'fulfilled', closed_at = received_at + interval '9 days',
        closed_on = (received_at + interval '9 days')::date, closed_days = 9
      where status in ('received', 'verifying', 'in_progress') and id in (select id from requests order by reference desc limit 40)`);
    await db
      .update(requests)
      .set({ mergedIntoId: ids[0], status: 'denied', reasonCode: 'duplicate' })
      .where(eq(requests.id, ids[45] as string));
    await db.delete(requests).where(inArray(requests.id, ids.slice(50, 55)));
    expect(await drift()).toEqual([]);
    expect(await flagDrift()).toBe(0);

    // Through the procedures, as staff work: a request logged and withdrawn.
    const created = await officer.requests.create({
      type: 'access',
      regime: 'gdpr',
      channel: 'email',
      requester: { name: 'Roll Up', email: 'roll.up@example.com' },
      receivedAt: '2026-11-02T09:00:00.000Z',
    });
    await officer.requests.transition({
      id: created.id,
      version: created.version,
      to: 'withdrawn',
      note: 'Withdrawn.',
    });
    expect(await drift()).toEqual([]);
  });
});

import { and, asc, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRequestStatuses, requestStatuses } from '@privdesk/shared';
import { insertDataset } from '../../demo/request-dataset.js';
import { requests, staff } from '../../db/schema.js';
import { plannerExpects } from '../../testing/planner-estimate.js';
import { createTestApp, type Caller, type TestApp } from '../../testing/test-app.js';
import { findQueuePage, smallSetLimit, walkLimits, type WalkLimits } from './requests.queries.js';
import { requestFindInputSchema } from '@privdesk/shared';

/**
 * The queue picks between two plans by how many rows match (see findQueuePage). Both must give exactly the
 * page a plain ORDER BY … LIMIT … OFFSET would; this checks them against one on a table large enough for both.
 */
let app: TestApp;
let officer: Caller;
let officerIds: string[];

beforeAll(async () => {
  app = await createTestApp();
  ({ caller: officer } = await app.callerAs(['privacy_officer']));
  const people = await app.database.db
    .insert(staff)
    .values(
      ['Zora Quinn', 'Abel Marsh', 'Mina Park'].map((name, i): typeof staff.$inferInsert => ({
        email: `queue-${i}@test.example`,
        name,
        roles: ['privacy_officer'],
      })),
    )
    .returning({ id: staff.id });
  officerIds = people.map((p) => p.id);
  await insertDataset(app.database.db, {
    seed: 7,
    customers: 300,
    requests: smallSetLimit + 700,
    now: new Date(),
    spanDays: 400,
    officerIds,
    timeline: 'intake',
  });
  await app.database.db.execute(sql`analyze`);
}, 120_000);
afterAll(() => app.close());

async function expected(where: SQL | undefined, order: SQL[], offset: number): Promise<string[]> {
  const rows = await app.database.db
    .select({ id: requests.id })
    .from(requests)
    .leftJoin(staff, eq(staff.id, requests.assigneeId))
    .where(where)
    .orderBy(...order)
    .limit(50)
    .offset(offset);
  return rows.map((r) => r.id);
}

describe('the queue plans agree with a plain ORDER BY', () => {
  const open = inArray(requests.status, [...openRequestStatuses]);
  const cases: [string, Parameters<Caller['requests']['find']>[0], SQL | undefined, SQL[]][] = [
    [
      'everything by receipt, newest first',
      { sort: 'receivedAt', dir: 'desc' },
      undefined,
      [desc(requests.receivedAt), desc(requests.id)],
    ],
    [
      'everything by reference',
      { sort: 'reference', dir: 'asc' },
      undefined,
      [asc(requests.reference), asc(requests.id)],
    ],
    [
      'open by due date',
      { statuses: [...openRequestStatuses], sort: 'dueOn', dir: 'asc' },
      open,
      [asc(requests.effectiveDueOn), asc(requests.id)],
    ],
    [
      'closed by requester',
      { statuses: ['completed', 'denied'], sort: 'requester', dir: 'desc' },
      inArray(requests.status, ['completed', 'denied']),
      [desc(requests.requesterName), desc(requests.id)],
    ],
    [
      'unassigned by type',
      { assignee: 'nobody', sort: 'type', dir: 'asc' },
      isNull(requests.assigneeId),
      [asc(requests.type), asc(requests.id)],
    ],
    [
      'gdpr by priority',
      { regime: 'gdpr', sort: 'priority', dir: 'desc' },
      eq(requests.regime, 'gdpr'),
      [desc(requests.priority), desc(requests.id)],
    ],
    [
      // The type implies the regimes that grant it (sent to the database to narrow the regime walk).
      'erasures by regime',
      { type: 'erasure', sort: 'regime', dir: 'asc' },
      eq(requests.type, 'erasure'),
      [asc(requests.regime), asc(requests.id)],
    ],
    [
      'ccpa by type, descending',
      { regime: 'ccpa', sort: 'type', dir: 'desc' },
      eq(requests.regime, 'ccpa'),
      [desc(requests.type), desc(requests.id)],
    ],
    [
      'everything by assignee name',
      { sort: 'assignee', dir: 'asc' },
      undefined,
      [sql`${staff.name} asc nulls last`, asc(requests.id)],
    ],
    [
      'everything by assignee name, descending',
      { sort: 'assignee', dir: 'desc' },
      undefined,
      [sql`${staff.name} desc nulls first`, desc(requests.id)],
    ],
    [
      'minors by assignee',
      { minor: true, sort: 'assignee', dir: 'asc' },
      eq(requests.minor, true),
      [sql`${staff.name} asc nulls last`, asc(requests.id)],
    ],
  ];

  it.each(cases)('%s', async (_label, input, where, order) => {
    for (const page of [1, 3, 60]) {
      const got = await officer.requests.find({ ...input, page, pageSize: 50 });
      expect(
        got.items.map((i) => i.id),
        `page ${page}`,
      ).toEqual(await expected(where, order, (page - 1) * 50));
    }
  });

  it('counts exactly up to the cap and says when there are more', async () => {
    const all = await officer.requests.find({});
    expect(all).toMatchObject({ total: smallSetLimit, totalExact: false });
    const [unassigned] = await app.database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(requests)
      .where(isNull(requests.assigneeId));
    expect(await officer.requests.find({ assignee: 'nobody' })).toMatchObject({
      total: unassigned?.n,
      totalExact: true,
    });
    // A deep page counts further, so the pager can always reach the next pages.
    const deep = await officer.requests.find({ page: 110, pageSize: 50 });
    expect(deep).toMatchObject({ total: smallSetLimit + 700, totalExact: true });
    expect(deep.items.length).toBe(50);
  });

  it('cuts the page from every match when the planner expects few, and counts them exactly, past the cap too', async () => {
    // The planner is made to expect 3,000 matches for a filter that matches all 5,700 requests (conditions
    // that go together fool it so): the page is the right one and the total exact, not "5,000+".
    const spy = plannerExpects(app.database.db, 3_000);
    try {
      for (const page of [1, 114]) {
        const got = await officer.requests.find({
          statuses: [...requestStatuses],
          sort: 'status',
          dir: 'asc',
          page,
          pageSize: 50,
        });
        expect(got).toMatchObject({ total: 5_700, totalExact: true });
        expect(got.items.map((i) => i.id)).toEqual(
          await expected(undefined, [asc(requests.status), asc(requests.id)], (page - 1) * 50),
        );
      }
      // Past the last page: nothing to show, and still the exact total.
      expect(
        await officer.requests.find({ statuses: [...requestStatuses], page: 200, pageSize: 50 }),
      ).toMatchObject({ items: [], total: 5_700, totalExact: true });
    } finally {
      spy.mockRestore();
    }
  });

  it('skips the capped count when the planner expects far more than the cap: the pager says "more than"', async () => {
    // The planner is made to expect 50,000 matches for a filter that has fewer than the cap.
    const db = app.database.db;
    const spy = plannerExpects(app.database.db, 50_000);
    const where = eq(requests.regime, 'ccpa');
    try {
      const page = await officer.requests.find({
        regime: 'ccpa',
        sort: 'reference',
        dir: 'asc',
        pageSize: 50,
      });
      expect(page).toMatchObject({ total: smallSetLimit, totalExact: false });
      // The page itself is the same: only the count was left out.
      expect(page.items.map((i) => i.id)).toEqual(
        await expected(where, [asc(requests.reference), asc(requests.id)], 0),
      );
    } finally {
      spy.mockRestore();
    }
    const [row] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(requests)
      .where(where);
    expect(row?.n).toBeLessThan(smallSetLimit);
  });

  it('keeps, under a due filter, only the open statuses among those asked for', async () => {
    const overdueReceived = and(
      eq(requests.status, 'received'),
      sql`${requests.effectiveDueOn} < ${(await officer.requests.find({ pageSize: 1 })).today}`,
    );
    const [row] = await app.database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(requests)
      .where(overdueReceived);
    expect(row?.n).toBeGreaterThan(0);
    // A closed status and a due filter: nothing is due once done.
    expect(await officer.requests.find({ due: 'overdue', statuses: ['completed', 'denied'] })).toMatchObject({
      total: 0,
      totalExact: true,
      items: [],
    });
    // Open and closed together: the open one counts.
    expect(
      await officer.requests.find({ due: 'overdue', statuses: ['received', 'completed'] }),
    ).toMatchObject({ total: row?.n, totalExact: true });
  });

  it('filters the same whichever plan serves the page', async () => {
    const where = and(eq(requests.regime, 'ccpa'), eq(requests.status, 'in_progress'));
    const [row] = await app.database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(requests)
      .where(where);
    const page = await officer.requests.find({ regime: 'ccpa', statuses: ['in_progress'], pageSize: 100 });
    expect(page).toMatchObject({ total: row?.n, totalExact: true });
    expect(page.items.every((i) => i.regime === 'ccpa' && i.status === 'in_progress')).toBe(true);
  });

  describe('when many match, walking the sort order a bounded way, then gathering', () => {
    // The planner is made to expect 12,000 matches (more than twice the cap: the walks, no capped count).
    // Each set of limits sends the page down one path; every path must give the plain ORDER BY's page.
    const paths: [string, WalkLimits, 'walk' | 'gather'][] = [
      ['the first walk', walkLimits, 'walk'],
      [
        'the second walk, the first reading only the page',
        { ...walkLimits, firstBound: (offset, limit) => offset + limit, gatherLimit: 1_000_000 },
        'walk',
      ],
      [
        'the gather, both walks reading only the page',
        {
          firstBound: (offset, limit) => offset + limit,
          secondBound: () => 0,
          gatherLimit: 1_000_000,
        },
        'gather',
      ],
    ];
    const cases: [string, Parameters<Caller['requests']['find']>[0], SQL, SQL[]][] = [
      [
        'minors by priority',
        { minor: true, sort: 'priority', dir: 'asc' },
        eq(requests.minor, true),
        [asc(requests.priority), asc(requests.id)],
      ],
      [
        'unassigned by status',
        { assignee: 'nobody', sort: 'status', dir: 'asc' },
        isNull(requests.assigneeId),
        [asc(requests.status), asc(requests.id)],
      ],
      [
        'open by requester, descending (their partial index)',
        { statuses: [...openRequestStatuses], sort: 'requester', dir: 'desc' },
        inArray(requests.status, [...openRequestStatuses]),
        [desc(requests.requesterName), desc(requests.id)],
      ],
      [
        'quebec by receipt',
        { regime: 'quebec', sort: 'receivedAt', dir: 'asc' },
        eq(requests.regime, 'quebec'),
        [asc(requests.receivedAt), asc(requests.id)],
      ],
    ];
    it.each(paths)('%s', async (_path, limits, path) => {
      const spy = plannerExpects(app.database.db, 12_000, 'walk');
      try {
        for (const [label, input, where, order] of cases) {
          const [row] = await app.database.db
            .select({ n: sql<number>`count(*)::int` })
            .from(requests)
            .where(where);
          const matches = row?.n ?? 0;
          for (const page of [1, 3, 60]) {
            const got = await findQueuePage(
              app.database.db,
              requestFindInputSchema.parse({ ...input, page, pageSize: 50 }),
              { staffId: officerIds[0] ?? '', now: new Date(), search: 'prefix' },
              { offset: (page - 1) * 50, limit: 50 },
              limits,
            );
            expect(
              got.rows.map((r) => r.id),
              `${label}, page ${page}`,
            ).toEqual(await expected(where, order, (page - 1) * 50));
            // A gathered page counts every match; a walked one leaves the count out ("5,000+"). (The open
            // requests' walk reads only open rows, so it meets their page at once, whatever its bound.)
            const walksOpenOnly = input.statuses !== undefined;
            if (path === 'gather' && !walksOpenOnly && got.rows.length > 0)
              expect(got, `${label}, page ${page}`).toMatchObject({ total: matches, totalExact: true });
            if (path === 'walk' && got.rows.length === 50)
              expect(got, `${label}, page ${page}`).toMatchObject({
                total: smallSetLimit,
                totalExact: false,
              });
          }
        }
      } finally {
        spy.mockRestore();
      }
    });
  });
});

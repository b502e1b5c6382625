import { and, eq, gte, inArray, isNull, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import {
  addDaysIso,
  dueSoonDays,
  coverPeriod,
  earlierOf,
  laterOf,
  meanOf,
  openRequestStatuses,
  overdueBuckets,
  percentileOf,
  queueToday,
  unassignedAgeBuckets,
  type DashboardOutput,
  type DashboardQuery,
  type Drill,
  type Figure,
  type RequestFilters,
  type RequestReasonCode,
  type RequestStatus,
  type RequestType,
  type RollupUnit,
  type Timeliness,
} from '@privdesk/shared';
import { rowsOf, type DbOrTx } from '../../db/client.js';
import { dashboardCells, dataSystems, erasurePlanLines, erasurePlans, requests } from '../../db/schema.js';
import type { ActorDeps } from '../../lib/service.js';
import { readSettings } from '../settings/settings.store.js';
import { dueColumn, filterConditions, staffNames, type QueueScope } from '../requests/requests.queries.js';

/**
 * The dashboard (issue 18): every figure is counted by SQL over the same conditions the queue applies for its
 * drill-down (`filterConditions`), grouped instead of listed, so a figure and its queue agree by
 * construction — and a test checks each one against the queue's count all the same.
 */

type DashboardCellFamily = (typeof dashboardCells.$inferSelect)['family'];

type Base = Pick<Drill, 'regime' | 'type' | 'assignee'>;

function asFilters(drill: Drill): RequestFilters {
  return { ...drill, sort: 'receivedAt', dir: 'desc' };
}

function whereOf(drill: Drill, scope: QueueScope): SQL | undefined {
  return and(...filterConditions(asFilters(drill), scope));
}

/** Calendar days from receipt to answer where the request is handled, as stamped on closing. */
export const daysToClose: SQL<number> = sql<number>`coalesce(${requests.closedDays}, 0)`;

function figure(count: number | undefined, drill: Drill): Figure {
  return { count: count ?? 0, drill };
}

function monthEnd(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
  return addDaysIso(next, -1);
}

interface OpenGroup {
  status: RequestStatus;
  assigneeId: string | null;
  n: number;
  dueSoon: number;
  overdue: number;
  b0: number;
  b1: number;
  b2: number;
  b3: number;
  maxOverdue: number | null;
  u0: number;
  u1: number;
  u2: number;
  u3: number;
  oldestReceived: string | null;
}

/**
 * Requests received in the period and open now: by status and assignee, due soon, overdue, unassigned age —
 * what depends on today, counted over the open requests themselves, read from one covering index of the
 * open requests (`requests_open_dashboard_idx`, migration 0035) without visiting the table.
 */
async function openFigures(db: DbOrTx, scope: QueueScope, base: Base, received: Drill, today: string) {
  const open: Drill = { ...base, ...received, statuses: [...openRequestStatuses] };
  const soonEnd = addDaysIso(today, dueSoonDays);
  const overdueIn = (min: number, max: number | null) =>
    max === null
      ? sql`${dueColumn} <= ${addDaysIso(today, -min)}`
      : sql`${dueColumn} <= ${addDaysIso(today, -min)} and ${dueColumn} >= ${addDaysIso(today, -max)}`;
  const receivedIn = (min: number, max: number | null) =>
    max === null
      ? sql`${requests.receivedAt} < ${new Date(`${addDaysIso(today, -min + 1)}T00:00:00.000Z`)}`
      : sql`${requests.receivedAt} < ${new Date(`${addDaysIso(today, -min + 1)}T00:00:00.000Z`)} and ${requests.receivedAt} >= ${new Date(`${addDaysIso(today, -max)}T00:00:00.000Z`)}`;
  const [o0, o1, o2, o3] = overdueBuckets.map((b) => overdueIn(b.min, b.max));
  const [a0, a1, a2, a3] = unassignedAgeBuckets.map((b) => receivedIn(b.min, b.max));
  const unassigned = isNull(requests.assigneeId);
  const rows = rowsOf<OpenGroup>(
    await db.execute(sql`
      select ${requests.status} as "status", ${requests.assigneeId} as "assigneeId", count(*)::int as "n",
        count(*) filter (where ${dueColumn} >= ${today} and ${dueColumn} <= ${soonEnd})::int as "dueSoon",
        count(*) filter (where ${lt(dueColumn, today)})::int as "overdue",
        count(*) filter (where ${o0})::int as "b0", count(*) filter (where ${o1})::int as "b1",
        count(*) filter (where ${o2})::int as "b2", count(*) filter (where ${o3})::int as "b3",
        max(${today}::date - ${dueColumn}) filter (where ${lt(dueColumn, today)}) as "maxOverdue",
        count(*) filter (where ${unassigned} and ${a0})::int as "u0", count(*) filter (where ${unassigned} and ${a1})::int as "u1",
        count(*) filter (where ${unassigned} and ${a2})::int as "u2", count(*) filter (where ${unassigned} and ${a3})::int as "u3",
        min(${requests.receivedAt}) filter (where ${unassigned}) as "oldestReceived"
      from ${requests} where ${whereOf(open, scope) ?? sql`true`}
      group by ${requests.status}, ${requests.assigneeId}`),
  );
  const sum = (pick: (r: OpenGroup) => number, keep: (r: OpenGroup) => boolean = () => true) =>
    rows.filter(keep).reduce((s, r) => s + pick(r), 0);
  const names = await staffNames(
    db,
    rows.map((r) => r.assigneeId),
  );
  const byStatus = (keep: (r: OpenGroup) => boolean, drill: Drill) =>
    openRequestStatuses.map((status) => ({
      status,
      ...figure(
        sum(
          (r) => r.n,
          (r) => keep(r) && r.status === status,
        ),
        { ...drill, statuses: [status] },
      ),
    }));
  const overdueDrill: Drill = { ...open, due: 'overdue' };
  const maxOverdue = rows.reduce<number | null>(
    (m, r) => (r.maxOverdue === null ? m : Math.max(m ?? 0, Number(r.maxOverdue))),
    null,
  );
  const bucketCounts = [
    (r: OpenGroup) => r.b0,
    (r: OpenGroup) => r.b1,
    (r: OpenGroup) => r.b2,
    (r: OpenGroup) => r.b3,
  ];
  const ageCounts = [
    (r: OpenGroup) => r.u0,
    (r: OpenGroup) => r.u1,
    (r: OpenGroup) => r.u2,
    (r: OpenGroup) => r.u3,
  ];
  // With the dashboard narrowed to one person, nobody's requests are not in it.
  const unassignedFigures =
    base.assignee !== undefined && base.assignee !== 'nobody'
      ? null
      : (() => {
          const drill: Drill = { ...open, assignee: 'nobody' };
          const oldest = rows
            .map((r) => r.oldestReceived)
            .filter((v): v is string => v !== null)
            .map((v) => new Date(v).toISOString().slice(0, 10))
            .sort()[0];
          return {
            total: figure(
              sum(
                (r) => r.n,
                (r) => r.assigneeId === null,
              ),
              drill,
            ),
            oldestDays:
              oldest === undefined
                ? null
                : Math.round(
                    (Date.parse(`${today}T00:00:00Z`) - Date.parse(`${oldest}T00:00:00Z`)) / 86_400_000,
                  ),
            buckets: unassignedAgeBuckets.flatMap((b, i) => {
              // The bucket's receipt days, within the period.
              const from = laterOf(
                b.max === null ? '0001-01-01' : addDaysIso(today, -b.max),
                received.receivedFrom ?? null,
              );
              const to = earlierOf(addDaysIso(today, -b.min), received.receivedTo ?? null);
              if (from > to) return [];
              const count = sum(ageCounts[i] ?? (() => 0));
              return [
                {
                  key: b.key,
                  ...figure(count, {
                    ...drill,
                    ...(from === '0001-01-01' ? {} : { receivedFrom: from }),
                    receivedTo: to,
                  }),
                },
              ];
            }),
          };
        })();
  const assignees = [...new Set(rows.map((r) => r.assigneeId))].sort((a, b) =>
    a === null ? 1 : b === null ? -1 : (names.get(a) ?? '').localeCompare(names.get(b) ?? ''),
  );
  return {
    open: {
      total: figure(
        sum((r) => r.n),
        open,
      ),
      byStatus: byStatus(() => true, open),
    },
    dueSoon: figure(
      sum((r) => r.dueSoon),
      { ...open, due: 'due_soon' },
    ),
    overdue: {
      total: figure(
        sum((r) => r.overdue),
        overdueDrill,
      ),
      maxDays: maxOverdue,
      buckets: overdueBuckets.map((b, i) => ({
        key: b.key,
        ...figure(sum(bucketCounts[i] ?? (() => 0)), {
          ...overdueDrill,
          overdueMin: b.min,
          ...(b.max === null ? {} : { overdueMax: b.max }),
        }),
      })),
    },
    unassigned: unassignedFigures,
    workload: assignees.map((id) => {
      const drill: Drill = { ...open, assignee: id ?? 'nobody' };
      const mine = (r: OpenGroup) => r.assigneeId === id;
      return {
        assignee: id === null ? null : { id, name: names.get(id) ?? 'Unknown staff member' },
        total: figure(
          sum((r) => r.n, mine),
          drill,
        ),
        byStatus: byStatus(mine, drill).filter((s) => s.count > 0),
      };
    }),
  };
}

/**
 * Where a family's cells are read for a period: whole units (pieces or months) inside it, and days at its
 * edges; and the dashboard's regime, type and assignee (`*`: anyone, for the families that count it).
 */
function cellsWhere(
  family: DashboardCellFamily,
  units: readonly RollupUnit[],
  base: Base,
  from: string | null,
  to: string | null,
): SQL {
  const c = dashboardCells;
  const spans = coverPeriod(units, from, to).map(
    (span) =>
      and(
        eq(c.grain, span.grain),
        span.from === null ? undefined : gte(c.period, span.from),
        span.to === null ? undefined : lte(c.period, span.to),
      ) ?? sql`true`,
  );
  const who = eq(
    c.assignee,
    base.assignee === undefined ? '*' : base.assignee === 'nobody' ? '-' : base.assignee,
  );
  return (
    and(
      eq(c.family, family),
      or(...spans) ?? sql`false`,
      base.regime ? eq(c.regime, base.regime) : undefined,
      base.type ? eq(c.type, base.type) : undefined,
      who,
    ) ?? sql`true`
  );
}

interface ReceivedGroup {
  week: string | null;
  status: string | null;
  verified: boolean | null;
  n: number;
}

/** The received requests' roll-up, grouped two ways at once: per ISO week (intake), and per check (identity). */
async function receivedCells(db: DbOrTx, base: Base, input: DashboardQuery) {
  const c = dashboardCells;
  const week = sql.raw(`to_char(date_trunc('week', "dashboard_cells"."period"::timestamp), 'YYYY-MM-DD')`);
  const rows = rowsOf<ReceivedGroup>(
    await db.execute(sql`
      select ${week} as "week", ${c.status} as "status", ${c.verified} as "verified", sum(${c.n})::int as "n"
      from ${c} where ${cellsWhere('received', ['piece'], base, input.from ?? null, input.to ?? null)}
      group by grouping sets ((${week}), (${c.status}, ${c.verified}))
      having sum(${c.n}) <> 0`),
  );
  return {
    byWeek: rows.filter((r) => r.week !== null) as (ReceivedGroup & { week: string })[],
    checks: rows.filter((r) => r.week === null),
  };
}

/** Requests received per ISO week (UTC), the weeks clipped to the period. */
function intakeFigures(base: Base, received: Drill, byWeek: readonly { week: string; n: number }[]) {
  const cohort: Drill = { ...base, ...received };
  return [...byWeek]
    .sort((a, b) => a.week.localeCompare(b.week))
    .map((r) => ({
      weekStart: r.week,
      ...figure(r.n, {
        ...cohort,
        receivedFrom: laterOf(r.week, received.receivedFrom ?? null),
        receivedTo: earlierOf(addDaysIso(r.week, 6), received.receivedTo ?? null),
      }),
    }));
}

/** Identity checks: received requests with a check that passed, and those closed unverified without one. */
function verificationFigures(base: Base, received: Drill, checks: readonly ReceivedGroup[]) {
  const passed: Drill = { ...base, ...received, verification: 'passed' };
  const failed: Drill = { ...base, ...received, verification: 'failed' };
  const count = (keep: (r: ReceivedGroup) => boolean) => checks.filter(keep).reduce((s, r) => s + r.n, 0);
  return {
    passed: figure(
      count((r) => r.verified === true),
      passed,
    ),
    failed: figure(
      count((r) => r.verified === false && r.status === 'closed_unverified'),
      failed,
    ),
  };
}

async function erasureFigures(db: DbOrTx, scope: QueueScope, base: Base, received: Drill) {
  const cohort = whereOf({ ...base, ...received }, scope);
  const rows = await db
    .select({
      id: dataSystems.id,
      name: dataSystems.name,
      n: sql<number>`count(distinct ${erasurePlans.requestId})::int`,
    })
    .from(erasurePlanLines)
    .innerJoin(erasurePlans, eq(erasurePlans.id, erasurePlanLines.planId))
    .innerJoin(requests, eq(requests.id, erasurePlans.requestId))
    .innerJoin(dataSystems, eq(dataSystems.id, erasurePlanLines.dataSystemId))
    .where(and(inArray(erasurePlanLines.status, ['pending', 'running', 'failed']), cohort))
    .groupBy(dataSystems.id, dataSystems.name)
    .orderBy(dataSystems.name);
  return rows.map((r) => ({
    system: { id: r.id, name: r.name },
    ...figure(r.n, { ...base, ...received, erasurePending: r.id }),
  }));
}

interface AnsweredGroup {
  month?: string;
  eff?: boolean;
  stat?: boolean;
  comp?: boolean;
  status?: RequestStatus | null;
  reasonCode?: string | null;
  extended?: boolean | null;
  n: number;
}

function timelinessOf(groups: AnsweredGroup[], drill: Drill): Timeliness {
  const total = groups.reduce((s, r) => s + r.n, 0);
  const met = (pick: (r: AnsweredGroup) => boolean | undefined) =>
    groups.filter((r) => pick(r) === true).reduce((s, r) => s + r.n, 0);
  const side = (
    basis: 'effective' | 'statutory' | 'company',
    pick: (r: AnsweredGroup) => boolean | undefined,
  ) => {
    const onTime = met(pick);
    return {
      onTime: figure(onTime, { ...drill, onTime: basis }),
      late: figure(total - onTime, { ...drill, late: basis }),
    };
  };
  return {
    responded: figure(total, drill),
    effective: side('effective', (r) => r.eff),
    statutory: side('statutory', (r) => r.stat),
    company: side('company', (r) => r.comp),
  };
}

/**
 * Answered in the period, from the roll-up: by month and timeliness (the timely cells), by status and reason
 * code and by extension (GROUPING SETS over the answered cells), and days to close per type from the days
 * cells (a histogram: exact percentiles without sorting every request).
 */
async function answeredFigures(db: DbOrTx, base: Base, closed: Drill, input: DashboardQuery) {
  const answered: Drill = { ...base, ...closed, responded: true };
  const c = dashboardCells;
  const from = input.from ?? null;
  const to = input.to ?? null;
  const month = sql.raw(`to_char("dashboard_cells"."period", 'YYYY-MM')`);
  const byMonth = rowsOf<AnsweredGroup>(
    await db.execute(sql`
      select ${month} as "month", ${c.eff} as "eff", ${c.stat} as "stat", ${c.comp} as "comp", sum(${c.n})::int as "n"
      from ${c} where ${cellsWhere('timely', ['month'], base, from, to)}
      group by ${month}, ${c.eff}, ${c.stat}, ${c.comp}
      having sum(${c.n}) <> 0`),
  );
  const others = rowsOf<AnsweredGroup>(
    await db.execute(sql`
      select ${c.status} as "status", ${c.reasonCode} as "reasonCode", ${c.extended} as "extended", sum(${c.n})::int as "n"
      from ${c} where ${cellsWhere('answered', ['year', 'month'], base, from, to)}
      group by grouping sets ((${c.status}, ${c.reasonCode}), (${c.extended}))
      having sum(${c.n}) <> 0`),
  );
  const byReason = others.filter((r) => r.status != null);
  const extendedCount = others
    .filter((r) => r.status == null && r.extended === true)
    .reduce((s, r) => s + r.n, 0);
  const months = [...new Set(byMonth.map((r) => r.month as string))].sort();
  const byType = rowsOf<{ type: RequestType; days: number; n: number }>(
    await db.execute(sql`
      select ${c.type} as "type", ${c.days} as "days", sum(${c.n})::int as "n"
      from ${c} where ${cellsWhere('days', ['year', 'month'], base, from, to)}
      group by ${c.type}, ${c.days} having sum(${c.n}) <> 0`),
  );
  const types = [...new Set(byType.map((r) => r.type))].sort();
  const denied: Drill = { ...answered, statuses: ['denied'] };
  const deniedGroups = byReason.filter((r) => r.status === 'denied');
  return {
    answered: timelinessOf(byMonth, answered),
    answeredByMonth: months.map((m) => ({
      month: m,
      ...timelinessOf(
        byMonth.filter((r) => r.month === m),
        {
          ...answered,
          closedFrom: laterOf(`${m}-01`, closed.closedFrom ?? null),
          closedTo: earlierOf(monthEnd(m), closed.closedTo ?? null),
        },
      ),
    })),
    daysToClose: types.map((type) => {
      const histogram = byType.filter((r) => r.type === type).map((r) => [Number(r.days), r.n] as const);
      return {
        type,
        responded: figure(
          histogram.reduce((s, [, n]) => s + n, 0),
          { ...answered, type },
        ),
        median: percentileOf(histogram, 0.5),
        p90: percentileOf(histogram, 0.9),
        mean: meanOf(histogram),
      };
    }),
    extended: figure(extendedCount, { ...answered, extended: true }),
    denied: {
      total: figure(
        deniedGroups.reduce((s, r) => s + r.n, 0),
        denied,
      ),
      byReason: deniedGroups
        .filter(
          (r): r is AnsweredGroup & { reasonCode: RequestReasonCode } =>
            r.reasonCode !== '' && r.reasonCode !== null,
        )
        .sort((a, b) => b.n - a.n || a.reasonCode.localeCompare(b.reasonCode))
        .map((r) => ({ reasonCode: r.reasonCode, ...figure(r.n, { ...denied, reasonCode: r.reasonCode }) })),
    },
  };
}

export async function queueScopeOf(
  deps: ActorDeps,
): Promise<{ scope: QueueScope; settings: Awaited<ReturnType<typeof readSettings>> }> {
  const settings = await readSettings(deps.db, deps.log);
  return {
    settings,
    scope: {
      staffId: deps.actor.staffId,
      now: deps.now,
      handlings: Object.values(settings.handling),
      search: deps.actor.can.seeClearPii ? 'prefix' : 'whole',
    },
  };
}

export async function getDashboard(deps: ActorDeps, input: DashboardQuery): Promise<DashboardOutput> {
  const { scope, settings } = await queueScopeOf(deps);
  const today = queueToday(scope.now, scope.handlings);
  const base: Base = {
    ...(input.regime ? { regime: input.regime } : {}),
    ...(input.type ? { type: input.type } : {}),
    ...(input.assignee ? { assignee: input.assignee } : {}),
  };
  const received: Drill = {
    ...(input.from ? { receivedFrom: input.from } : {}),
    ...(input.to ? { receivedTo: input.to } : {}),
  };
  const closed: Drill = {
    ...(input.from ? { closedFrom: input.from } : {}),
    ...(input.to ? { closedTo: input.to } : {}),
  };
  // One after another: PGlite runs one statement at a time, and PostgreSQL's pool is better left to others.
  const cells = await receivedCells(deps.db, base, input);
  const open = await openFigures(deps.db, scope, base, received, today);
  const intake = intakeFigures(base, received, cells.byWeek);
  const verification = verificationFigures(base, received, cells.checks);
  const erasure = await erasureFigures(deps.db, scope, base, received);
  const answered = await answeredFigures(deps.db, base, closed, input);
  return {
    today,
    from: input.from ?? null,
    to: input.to ?? null,
    companySlaDays: settings.companySlaDays,
    generatedAt: deps.now.toISOString(),
    ...open,
    intake,
    verification,
    erasure,
    ...answered,
  };
}

import { and, eq, inArray, isNull, lt, sql, type SQL } from 'drizzle-orm';
import {
  addDaysIso,
  dueSoonDays,
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
  type RegimeHandling,
  type Regime,
  type RequestFilters,
  type RequestReasonCode,
  type RequestStatus,
  type RequestType,
  type Timeliness,
} from '@privdesk/shared';
import { rowsOf, type DbOrTx } from '../../db/client.js';
import {
  dataSystems,
  erasurePlanLines,
  erasurePlans,
  requestVerifications,
  requests,
} from '../../db/schema.js';
import type { ActorDeps } from '../../lib/service.js';
import { readSettings } from '../settings/settings.store.js';
import {
  dueColumn,
  dueColumnOf,
  extendedCondition,
  filterConditions,
  staffNames,
  type QueueScope,
} from '../requests/requests.queries.js';

/**
 * The dashboard (issue 18): every figure is counted by SQL over the same conditions the queue applies for its
 * drill-down (`filterConditions`), grouped instead of listed, so a figure and its queue agree by
 * construction — and a test checks each one against the queue's count all the same.
 */

type Base = Pick<Drill, 'regime' | 'type' | 'assignee'>;

function asFilters(drill: Drill): RequestFilters {
  return { ...drill, sort: 'receivedAt', dir: 'desc' };
}

function whereOf(drill: Drill, scope: QueueScope): SQL | undefined {
  return and(...filterConditions(asFilters(drill), scope));
}

/** The calendar day of receipt where each request is handled (regime → time zone, from settings). */
function receivedDay(handling: Readonly<Record<Regime, RegimeHandling>>): SQL {
  // As literals, not parameters: the expression is grouped by, and PostgreSQL matches a grouped expression
  // with the selected one only when they are written alike (two parameters are two different expressions).
  const literal = (text: string) => sql.raw(`'${text.replace(/'/g, "''")}'`);
  const cases = Object.entries(handling).map(
    ([regime, h]) => sql`when ${literal(regime)} then ${literal(h.timeZone)}`,
  );
  return sql`(${requests.receivedAt} at time zone (case ${requests.regime} ${sql.join(cases, sql` `)} else 'UTC' end))::date`;
}

/** Calendar days from receipt to answer, where the request is handled. */
export function daysToCloseOf(handling: Readonly<Record<Regime, RegimeHandling>>): SQL<number> {
  return sql<number>`(${requests.closedOn} - ${receivedDay(handling)})::int`;
}

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

/** Requests received in the period and open now: by status and assignee, due soon, overdue, unassigned age. */
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

/** Requests received per ISO week (UTC), the weeks clipped to the period. */
async function intakeFigures(db: DbOrTx, scope: QueueScope, base: Base, received: Drill) {
  const cohort: Drill = { ...base, ...received };
  const week = sql`(date_trunc('week', ${requests.receivedAt} at time zone 'UTC'))::date`;
  const rows = rowsOf<{ week: string; n: number }>(
    await db.execute(
      sql`select to_char(${week}, 'YYYY-MM-DD') as "week", count(*)::int as "n" from ${requests} where ${whereOf(cohort, scope) ?? sql`true`} group by ${week} order by ${week}`,
    ),
  );
  return rows.map((r) => ({
    weekStart: r.week,
    ...figure(r.n, {
      ...cohort,
      receivedFrom: laterOf(r.week, received.receivedFrom ?? null),
      receivedTo: earlierOf(addDaysIso(r.week, 6), received.receivedTo ?? null),
    }),
  }));
}

/**
 * Identity checks, driven from the checks' table (a few rows a request that was checked) rather than by a
 * correlated look-up for every request received; the failed ones from the closed-unverified status.
 */
async function verificationFigures(db: DbOrTx, scope: QueueScope, base: Base, received: Drill) {
  const passed: Drill = { ...base, ...received, verification: 'passed' };
  const failed: Drill = { ...base, ...received, verification: 'failed' };
  const cohort = whereOf({ ...base, ...received }, scope);
  const [row] = rowsOf<{ passed: number; failed: number }>(
    await db.execute(sql`select
      (select count(distinct ${requestVerifications.requestId})::int from ${requestVerifications}
        join ${requests} on ${requests.id} = ${requestVerifications.requestId}
        where ${requestVerifications.outcome} = 'passed' and ${cohort ?? sql`true`}) as "passed",
      (select count(*)::int from ${requests} where ${whereOf(failed, scope) ?? sql`true`}) as "failed"`),
  );
  return { passed: figure(row?.passed, passed), failed: figure(row?.failed, failed) };
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
  month: string | null;
  eff: boolean | null;
  stat: boolean | null;
  comp: boolean | null;
  type: RequestType | null;
  days: number | null;
  status: RequestStatus | null;
  reasonCode: RequestReasonCode | null;
  n: number;
}

function timelinessOf(groups: AnsweredGroup[], drill: Drill): Timeliness {
  const total = groups.reduce((s, r) => s + r.n, 0);
  const met = (pick: (r: AnsweredGroup) => boolean | null) =>
    groups.filter((r) => pick(r) === true).reduce((s, r) => s + r.n, 0);
  const side = (basis: 'effective' | 'statutory' | 'company', pick: (r: AnsweredGroup) => boolean | null) => {
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
 * Answered in the period: one pass over the closed requests, grouped three ways at once (GROUPING SETS): by
 * month and timeliness, by type and days to close (a histogram: exact percentiles without sorting every
 * row), and by status and reason code.
 */
async function answeredFigures(
  db: DbOrTx,
  scope: QueueScope,
  base: Base,
  closed: Drill,
  handling: Readonly<Record<Regime, RegimeHandling>>,
) {
  const answered: Drill = { ...base, ...closed, responded: true };
  const month = sql`to_char(${requests.closedAt} at time zone 'UTC', 'YYYY-MM')`;
  const eff = sql`(${requests.closedOn} <= ${dueColumnOf.effective})`;
  const stat = sql`(${requests.closedOn} <= ${dueColumnOf.statutory})`;
  const comp = sql`(${requests.closedOn} <= ${dueColumnOf.company})`;
  const days = daysToCloseOf(handling);
  const groups = rowsOf<AnsweredGroup>(
    await db.execute(sql`
      select ${month} as "month", ${eff} as "eff", ${stat} as "stat", ${comp} as "comp",
        ${requests.type} as "type", ${days} as "days",
        ${requests.status} as "status", ${requests.reasonCode} as "reasonCode", count(*)::int as "n"
      from ${requests} where ${whereOf(answered, scope) ?? sql`true`}
      group by grouping sets ((${month}, ${eff}, ${stat}, ${comp}), (${requests.type}, ${days}), (${requests.status}, ${requests.reasonCode}))`),
  );
  const byMonth = groups.filter((r) => r.month !== null);
  const byType = groups.filter((r) => r.month === null && r.type !== null);
  const byReason = groups.filter((r) => r.month === null && r.type === null && r.status !== null);
  const months = [...new Set(byMonth.map((r) => r.month as string))].sort();
  const [extendedRow] = rowsOf<{ n: number }>(
    await db.execute(
      sql`select count(*)::int as "n" from ${requests} where ${and(...filterConditions(asFilters(answered), scope), extendedCondition) ?? sql`true`}`,
    ),
  );

  const types = [...new Set(byType.map((r) => r.type as RequestType))].sort();
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
      const histogram = byType
        .filter((r) => r.type === type && r.days !== null)
        .map((r) => [Number(r.days), r.n] as const);
      return {
        type,
        responded: figure(
          byType.filter((r) => r.type === type).reduce((s, r) => s + r.n, 0),
          { ...answered, type },
        ),
        median: percentileOf(histogram, 0.5),
        p90: percentileOf(histogram, 0.9),
        mean: meanOf(histogram),
      };
    }),
    extended: figure(extendedRow?.n, { ...answered, extended: true }),
    denied: {
      total: figure(
        deniedGroups.reduce((s, r) => s + r.n, 0),
        denied,
      ),
      byReason: deniedGroups
        .filter((r): r is AnsweredGroup & { reasonCode: RequestReasonCode } => r.reasonCode !== null)
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
  const open = await openFigures(deps.db, scope, base, received, today);
  const intake = await intakeFigures(deps.db, scope, base, received);
  const verification = await verificationFigures(deps.db, scope, base, received);
  const erasure = await erasureFigures(deps.db, scope, base, received);
  const answered = await answeredFigures(deps.db, scope, base, closed, settings.handling);
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

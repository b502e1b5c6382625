import { and, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DashboardInput, Drill } from '@privdesk/shared';
import { insertDataset } from '../../demo/request-dataset.js';
import {
  dataSystems,
  erasurePlanLines,
  erasurePlans,
  requestVerifications,
  requests,
  staff,
} from '../../db/schema.js';
import { createTestApp, type Caller, type TestApp } from '../../testing/test-app.js';

/**
 * Issue 18, item 2: every figure of the dashboard (and of the §7102 report) opens the queue on exactly the
 * requests behind it. Figure by figure, the queue's exact count for the figure's filters must equal the
 * figure — on a generated history with every status, overdue and extended requests, identity checks and
 * outstanding erasure lines.
 */
let app: TestApp;
let manager: Caller;
let officerIds: string[];

beforeAll(async () => {
  app = await createTestApp();
  ({ caller: manager } = await app.callerAs(['manager']));
  const db = app.database.db;
  const people = await db
    .insert(staff)
    .values(
      ['Ada Byrne', 'Tomas Ruiz'].map((name, i): typeof staff.$inferInsert => ({
        email: `drill-${i}@test.example`,
        name,
        roles: ['privacy_officer'],
      })),
    )
    .returning({ id: staff.id });
  officerIds = people.map((p) => p.id);
  await insertDataset(db, {
    seed: 18,
    customers: 200,
    requests: 900,
    now: new Date(),
    spanDays: 500,
    officerIds,
    timeline: 'intake',
  });
  // Identity checks: a pass for some requests under way, a failure for some closed unverified.
  const started = await db
    .select({ id: requests.id })
    .from(requests)
    .where(inArray(requests.status, ['in_progress', 'completed', 'denied']))
    .orderBy(requests.reference)
    .limit(120);
  await db.insert(requestVerifications).values(
    started.map((r, i) => ({
      requestId: r.id,
      method: 'email_link' as const,
      outcome: i % 7 === 0 ? ('failed' as const) : ('passed' as const),
      recordedAt: new Date(),
    })),
  );
  const unverified = await db
    .select({ id: requests.id })
    .from(requests)
    .where(eq(requests.status, 'closed_unverified'))
    .limit(20);
  if (unverified.length > 0)
    await db.insert(requestVerifications).values(
      unverified.map((r) => ({
        requestId: r.id,
        method: 'email_link' as const,
        outcome: 'failed' as const,
        recordedAt: new Date(),
      })),
    );
  // Erasure plans with lines in two systems: some outstanding, some done.
  const systems = await db
    .insert(dataSystems)
    .values(
      ['Platform database', 'Support desk'].map((name, i) => ({
        key: `drill_${i}`,
        name,
        description: `${name} (test).`,
        dataCategories: ['contact_details' as const],
      })),
    )
    .returning({ id: dataSystems.id });
  const erasures = await db
    .select({ id: requests.id })
    .from(requests)
    .where(and(eq(requests.type, 'erasure'), inArray(requests.status, ['in_progress', 'received'])))
    .limit(30);
  for (const [i, r] of erasures.entries()) {
    const [plan] = await db
      .insert(erasurePlans)
      .values({ requestId: r.id, preparedAt: new Date(), editorIds: [], updatedAt: new Date() })
      .returning({ id: erasurePlans.id });
    if (!plan) throw new Error('no plan');
    await db.insert(erasurePlanLines).values(
      systems.map((s, k) => ({
        planId: plan.id,
        position: k,
        dataSystemId: s.id,
        action: 'delete' as const,
        status: (i + k) % 3 === 0 ? ('done' as const) : ('pending' as const),
        updatedAt: new Date(),
      })),
    );
  }
  await db.execute(sql`analyze`);
}, 120_000);
afterAll(() => app.close());

interface Found {
  path: string;
  count: number;
  drill: Drill;
}

/** Every `{ count, drill }` in an answer, with where it sits. */
function figuresOf(value: unknown, path = ''): Found[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => figuresOf(v, `${path}[${i}]`));
  if (value === null || typeof value !== 'object') return [];
  const record = value as Record<string, unknown>;
  if (typeof record.count === 'number' && typeof record.drill === 'object')
    return [{ path, count: record.count, drill: record.drill as Drill }];
  return Object.entries(record).flatMap(([k, v]) => figuresOf(v, path ? `${path}.${k}` : k));
}

async function queueCount(drill: Drill): Promise<number> {
  const page = await manager.requests.find({ ...drill, page: 1, pageSize: 10 });
  expect(page.totalExact).toBe(true);
  return page.total;
}

async function expectDrillsMatch(found: Found[]): Promise<void> {
  const mismatches: string[] = [];
  for (const f of found) {
    const total = await queueCount(f.drill);
    if (total !== f.count) mismatches.push(`${f.path}: figure ${f.count}, queue ${total}`);
  }
  expect(mismatches).toEqual([]);
}

const quarterAgo = new Date(Date.now() - 120 * 86_400_000).toISOString().slice(0, 10);
const monthAgo = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
const thisYear = new Date().getUTCFullYear();

describe('every figure opens the queue on exactly its requests', () => {
  const inputs: [string, () => DashboardInput][] = [
    ['all time', () => ({})],
    ['a period, GDPR erasures', () => ({ from: quarterAgo, to: monthAgo, regime: 'gdpr', type: 'erasure' })],
    ['the last 120 days', () => ({ from: quarterAgo })],
    ['one assignee', () => ({ assignee: officerIds[0] })],
    ['nobody, CCPA', () => ({ assignee: 'nobody', regime: 'ccpa' })],
    // Last year whole, read from its year cells, and months and days on either side of it.
    ['a year and its edges', () => ({ from: `${thisYear - 2}-12-15`, to: `${thisYear}-02-10` })],
  ];
  it.each(inputs)(
    '%s',
    async (_label, input) => {
      const dashboard = await manager.dashboard.get(input());
      const found = figuresOf(dashboard);
      // The history is rich enough that the figures are not all zero (a test of nothing).
      expect(found.filter((f) => f.count > 0).length).toBeGreaterThan(5);
      await expectDrillsMatch(found);
    },
    120_000,
  );

  it('the all-time dashboard has every kind of figure in it', async () => {
    const d = await manager.dashboard.get({});
    expect(d.overdue.total.count).toBeGreaterThan(0);
    expect(d.answered.responded.count).toBeGreaterThan(0);
    expect(d.answered.statutory.late.count + d.answered.statutory.onTime.count).toBe(
      d.answered.responded.count,
    );
    expect(d.extended.count).toBeGreaterThan(0);
    expect(d.denied.byReason.length).toBeGreaterThan(1);
    expect(d.verification.passed.count).toBeGreaterThan(0);
    expect(d.verification.failed.count).toBeGreaterThan(0);
    expect(d.erasure.map((e) => e.system.name)).toEqual(['Platform database', 'Support desk']);
    expect(d.workload.length).toBe(3);
    expect(d.unassigned?.total.count).toBeGreaterThan(0);
  }, 60_000);

  it.each([2025, 2026])(
    'the §7102 report of %i',
    async (year) => {
      const report = await manager.dashboard.ccpaReport({ year });
      const found = figuresOf(report);
      expect(found.some((f) => f.count > 0)).toBe(true);
      await expectDrillsMatch(found);
    },
    60_000,
  );
});

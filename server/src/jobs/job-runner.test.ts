import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { jobs } from '../db/schema.js';
import { testJobDeps } from '../testing/jobs.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { checkpointJob, claimNextJob, LeaseLostError, scheduleJob } from './job-queue.js';
import { JobInterruptedError, runDueJobs, type JobHandler } from './job-runner.js';
import { ensureRecurringJobs, ensureRulesRecompute, nextDailyRun } from './recurring.js';

let app: TestApp;
const t0 = new Date('2025-12-10T10:00:00Z');
const at = (ms: number) => new Date(t0.getTime() + ms);
const MIN = 60_000;

beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());
beforeEach(async () => {
  await app.database.db.delete(jobs);
});

async function jobByKey(key: string) {
  const [row] = await app.database.db.select().from(jobs).where(eq(jobs.key, key));
  return row;
}

const noop: JobHandler = () => Promise.resolve();

/** As if `ms` had passed on the database's clock since the job's lease was last set. */
async function leaseRunsDown(key: string, ms: number) {
  await app.database.db
    .update(jobs)
    .set({ lockedUntil: sql`${jobs.lockedUntil} - ${ms}::integer * interval '1 millisecond'` })
    .where(eq(jobs.key, key));
}

describe('the job queue', () => {
  it('schedules idempotently by key', async () => {
    expect(await scheduleJob(app.database.db, { kind: 'reminders.daily', runAt: t0, key: 'once' })).toBe(
      true,
    );
    expect(await scheduleJob(app.database.db, { kind: 'reminders.daily', runAt: at(MIN), key: 'once' })).toBe(
      false,
    );
    const [row] = await app.database.db.select({ n: sql<number>`count(*)::int` }).from(jobs);
    expect(row?.n).toBe(1);
  });

  it('hands each due job to exactly one of many concurrent claimers (FOR UPDATE SKIP LOCKED)', async () => {
    for (let i = 0; i < 5; i += 1)
      await scheduleJob(app.database.db, { kind: 'reminders.daily', runAt: at(-i * MIN), key: `c${i}` });
    await scheduleJob(app.database.db, { kind: 'reminders.daily', runAt: at(60 * MIN), key: 'later' });
    const claims = await Promise.all(Array.from({ length: 12 }, () => claimNextJob(app.database.db, t0)));
    const claimed = claims.filter((c) => c !== undefined);
    expect(claimed).toHaveLength(5);
    expect(new Set(claimed.map((c) => c.id)).size).toBe(5);
    expect(claimed.map((c) => c.key).sort()).toEqual(['c0', 'c1', 'c2', 'c3', 'c4']);
    expect(await claimNextJob(app.database.db, t0)).toBeUndefined();
    expect((await jobByKey('later'))?.status).toBe('queued');
  });

  it('retries a failed attempt with backoff, then gives up after the last attempt', async () => {
    await scheduleJob(app.database.db, { kind: 'reminders.daily', runAt: t0, key: 'flaky', maxAttempts: 2 });
    let calls = 0;
    const failing: JobHandler = () => {
      calls += 1;
      return Promise.reject(new Error('connector timed out'));
    };
    const deps = testJobDeps(app.database, { 'reminders.daily': failing });
    expect(await runDueJobs(deps, t0)).toEqual([expect.objectContaining({ outcome: 'queued' })]);
    const retry = await jobByKey('flaky');
    expect(retry).toMatchObject({ status: 'queued', attempts: 1, lastError: 'Error: connector timed out' });
    // 30 s after the attempt (the run's clock moves on from `now` by the real time it took).
    const delay = (retry?.runAt.getTime() ?? 0) - t0.getTime();
    expect(delay).toBeGreaterThanOrEqual(30_000);
    expect(delay).toBeLessThan(35_000);
    expect(await runDueJobs(deps, at(10_000))).toEqual([]);
    expect(await runDueJobs(deps, at(36_000))).toEqual([expect.objectContaining({ outcome: 'failed' })]);
    expect(await jobByKey('flaky')).toMatchObject({ status: 'failed', attempts: 2 });
    expect(calls).toBe(2);
    expect(await runDueJobs(deps, at(60 * MIN))).toEqual([]);
  });

  it('retakes a job whose worker died once its lease expires, and the old worker can no longer write', async () => {
    await scheduleJob(app.database.db, { kind: 'reminders.daily', runAt: t0, key: 'orphan' });
    const dead = await claimNextJob(app.database.db, t0, 5 * MIN);
    expect(dead).toBeDefined();
    const deps = testJobDeps(app.database, { 'reminders.daily': noop });
    // Within the lease (four minutes on, by the database's clock, which judges leases): nobody takes it.
    await leaseRunsDown('orphan', 4 * MIN);
    expect(await runDueJobs(deps, at(4 * MIN), { leaseMs: 5 * MIN })).toEqual([]);
    await leaseRunsDown('orphan', 2 * MIN);
    expect(await runDueJobs(deps, at(6 * MIN), { leaseMs: 5 * MIN })).toEqual([
      expect.objectContaining({ outcome: 'done' }),
    ]);
    expect(await jobByKey('orphan')).toMatchObject({ status: 'done', attempts: 2 });
    if (!dead) return;
    await expect(checkpointJob(app.database.db, dead, { lastId: 'x' }, 5 * MIN)).rejects.toBeInstanceOf(
      LeaseLostError,
    );
  });

  it('gives a job back unfinished when the worker stops, without counting the attempt', async () => {
    await scheduleJob(app.database.db, { kind: 'reminders.daily', runAt: t0, key: 'stopping' });
    const controller = new AbortController();
    const stops: JobHandler = () => {
      controller.abort();
      return Promise.reject(new JobInterruptedError());
    };
    const out = await runDueJobs(testJobDeps(app.database, { 'reminders.daily': stops }), t0, {
      signal: controller.signal,
    });
    expect(out).toEqual([expect.objectContaining({ outcome: 'interrupted' })]);
    expect(await jobByKey('stopping')).toMatchObject({ status: 'queued', attempts: 0, claimToken: null });
  });
});

describe('daily jobs', () => {
  it('are queued once at start-up, and each completed run queues the next day’s', async () => {
    await ensureRecurringJobs(app.database.db, t0);
    await ensureRecurringJobs(app.database.db, t0);
    // By time, then by kind: the reminders and the erasure deadlines share 07:00.
    const queued = await app.database.db.select().from(jobs).orderBy(jobs.runAt, jobs.kind);
    expect(queued.map((j) => [j.kind, j.key, j.runAt.toISOString()])).toEqual([
      ['requests.retention_scrub', 'requests.retention_scrub@2025-12-11', '2025-12-11T01:00:00.000Z'],
      ['clocks.recompute', 'clocks.recompute@2025-12-11', '2025-12-11T02:00:00.000Z'],
      ['db.statistics', 'db.statistics@2025-12-11', '2025-12-11T03:00:00.000Z'],
      ['erasure.reapply', 'erasure.reapply@2025-12-11', '2025-12-11T04:00:00.000Z'],
      ['drp.prune', 'drp.prune@2025-12-11', '2025-12-11T05:00:00.000Z'],
      ['requests.close_unverified', 'requests.close_unverified@2025-12-11', '2025-12-11T06:00:00.000Z'],
      ['erasure.deadlines', 'erasure.deadlines@2025-12-11', '2025-12-11T07:00:00.000Z'],
      ['reminders.daily', 'reminders.daily@2025-12-11', '2025-12-11T07:00:00.000Z'],
    ]);
    const deps = testJobDeps(app.database, {
      'clocks.recompute': noop,
      'reminders.daily': noop,
      'db.statistics': noop,
      'requests.close_unverified': noop,
      'erasure.reapply': noop,
      'erasure.deadlines': noop,
      'drp.prune': noop,
      'requests.retention_scrub': noop,
    });
    const ran = await runDueJobs(deps, new Date('2025-12-11T08:00:00Z'));
    // In time order; the two 07:00 runs in either order (claims tie-break on the job's random id).
    const byTime = ran.map((r) => [r.kind, r.outcome]);
    expect([...byTime.slice(0, 6), ...byTime.slice(6).sort()]).toEqual([
      ['requests.retention_scrub', 'done'],
      ['clocks.recompute', 'done'],
      ['db.statistics', 'done'],
      ['erasure.reapply', 'done'],
      ['drp.prune', 'done'],
      ['requests.close_unverified', 'done'],
      ['erasure.deadlines', 'done'],
      ['reminders.daily', 'done'],
    ]);
    expect((await jobByKey('clocks.recompute@2025-12-12'))?.runAt.toISOString()).toBe(
      '2025-12-12T02:00:00.000Z',
    );
    expect((await jobByKey('reminders.daily@2025-12-12'))?.status).toBe('queued');
    expect(nextDailyRun(2, new Date('2025-12-11T01:59:59Z')).toISOString()).toBe('2025-12-11T02:00:00.000Z');
    expect(nextDailyRun(2, new Date('2025-12-11T02:00:00Z')).toISOString()).toBe('2025-12-12T02:00:00.000Z');
  });

  it('a clock-rules revision queues one recompute now, once per database', async () => {
    expect(await ensureRulesRecompute(app.database.db, t0)).toBe(true);
    expect(await ensureRulesRecompute(app.database.db, new Date('2025-12-10T12:00:00Z'))).toBe(false);
    const queued = await app.database.db.select().from(jobs);
    expect(queued.map((j) => [j.kind, j.key, j.runAt.toISOString(), j.payload])).toEqual([
      [
        'clocks.recompute',
        'clocks.recompute@rules-2026-12-07.minors-target',
        t0.toISOString(),
        { reason: 'clock rules revised (2026-12-07.minors-target)' },
      ],
    ]);
  });

  it('queue the next day’s run when a run fails its last attempt', async () => {
    await ensureRecurringJobs(app.database.db, t0);
    const failing: JobHandler = () => Promise.reject(new Error('connector timed out'));
    const deps = testJobDeps(app.database, {
      'clocks.recompute': failing,
      'reminders.daily': noop,
      'requests.retention_scrub': noop,
    });
    // Five attempts (the default): at 02:00, then after backoffs of 30 s, 1, 2 and 4 minutes. The 01:00 run
    // is due at the first of them too, and goes through.
    const outcomes: string[] = [];
    for (const time of ['02:00:00', '02:01:00', '02:03:00', '02:06:00', '02:11:00']) {
      const ran = await runDueJobs(deps, new Date(`2025-12-11T${time}Z`));
      outcomes.push(...ran.map((r) => `${r.kind} ${r.outcome}`));
    }
    expect(outcomes).toEqual([
      'requests.retention_scrub done',
      'clocks.recompute queued',
      'clocks.recompute queued',
      'clocks.recompute queued',
      'clocks.recompute queued',
      'clocks.recompute failed',
    ]);
    const stored = async () => {
      const all = await app.database.db.select().from(jobs).orderBy(jobs.runAt, jobs.key);
      // To the minute: a retry is due its backoff after the attempt, which took a few milliseconds.
      return all.map((j) => [j.key, j.status, j.attempts, j.runAt.toISOString().slice(0, 16), j.payload]);
    };
    const expected = [
      ['requests.retention_scrub@2025-12-11', 'done', 1, '2025-12-11T01:00', { recurring: true }],
      ['clocks.recompute@2025-12-11', 'failed', 5, '2025-12-11T02:10', { recurring: true }],
      ['db.statistics@2025-12-11', 'queued', 0, '2025-12-11T03:00', { recurring: true }],
      ['erasure.reapply@2025-12-11', 'queued', 0, '2025-12-11T04:00', { recurring: true }],
      ['drp.prune@2025-12-11', 'queued', 0, '2025-12-11T05:00', { recurring: true }],
      ['requests.close_unverified@2025-12-11', 'queued', 0, '2025-12-11T06:00', { recurring: true }],
      ['erasure.deadlines@2025-12-11', 'queued', 0, '2025-12-11T07:00', { recurring: true }],
      ['reminders.daily@2025-12-11', 'queued', 0, '2025-12-11T07:00', { recurring: true }],
      ['requests.retention_scrub@2025-12-12', 'queued', 0, '2025-12-12T01:00', { recurring: true }],
      ['clocks.recompute@2025-12-12', 'queued', 0, '2025-12-12T02:00', { recurring: true }],
    ];
    expect(await stored()).toEqual(expected);
    // A restart later that night finds every next run already queued and adds nothing.
    await ensureRecurringJobs(app.database.db, new Date('2025-12-11T02:30:00Z'));
    expect(await stored()).toEqual(expected);
  });

  it('queue the next day’s run when the worker of the last attempt dies', async () => {
    await scheduleJob(app.database.db, {
      kind: 'reminders.daily',
      runAt: new Date('2025-12-11T07:00:00Z'),
      key: 'reminders.daily@2025-12-11',
      payload: { recurring: true },
      maxAttempts: 1,
    });
    // The worker claims the run and dies; six minutes later (by the database's clock) its lease has run out.
    expect(await claimNextJob(app.database.db, new Date('2025-12-11T07:00:00Z'), 5 * MIN)).toBeDefined();
    await leaseRunsDown('reminders.daily@2025-12-11', 6 * MIN);
    const deps = testJobDeps(app.database, { 'reminders.daily': noop });
    expect(await runDueJobs(deps, new Date('2025-12-11T07:06:00Z'))).toEqual([]);
    expect(await jobByKey('reminders.daily@2025-12-11')).toMatchObject({
      status: 'failed',
      attempts: 1,
      lastError: 'The worker running the last attempt stopped before finishing (lease expired).',
    });
    const next = await jobByKey('reminders.daily@2025-12-12');
    expect([next?.status, next?.runAt.toISOString()]).toEqual(['queued', '2025-12-12T07:00:00.000Z']);
  });
});

import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, rowsOf } from '../db/client.js';
import { jobs } from '../db/schema.js';
import { testDatabaseSettings } from '../env.js';
import { testJobDeps } from '../testing/jobs.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { adminUrl } from '../testing/test-db.js';
import { claimNextJob, scheduleJob } from './job-queue.js';
import { runDueJobs, type JobHandler } from './job-runner.js';

/**
 * Leases are judged by the database's clock, so runners whose own clocks disagree still agree on who holds
 * a job. These tests run with real clocks (the database's `now()` is the machine's time): jobs are due long
 * ago, so every runner finds them due whatever its clock says.
 */

let app: TestApp;
const MIN = 60_000;
const HOUR = 60 * MIN;
const longAgo = new Date('2020-01-01T00:00:00Z');

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

/** As if `ms` had passed on the database's clock since the job's lease was last set. */
async function leaseRunsDown(key: string, ms: number) {
  await app.database.db
    .update(jobs)
    .set({ lockedUntil: sql`${jobs.lockedUntil} - ${ms}::integer * interval '1 millisecond'` })
    .where(eq(jobs.key, key));
}

const noop: JobHandler = () => Promise.resolve();

describe.each([
  ['ahead', 3 * HOUR],
  ['behind', -3 * HOUR],
])('a runner whose clock is three hours %s', (_, skewMs) => {
  const skewed = () => new Date(Date.now() + skewMs);
  const accurate = () => new Date();

  it('neither takes a live lease nor holds on to a dead one', async () => {
    const deps = testJobDeps(app.database, { 'reminders.daily': noop });
    await scheduleJob(app.database.db, { kind: 'reminders.daily', runAt: longAgo, key: 'skewed-holds' });
    // The skewed runner claims the job for five minutes and dies.
    expect((await claimNextJob(app.database.db, skewed(), 5 * MIN))?.key).toBe('skewed-holds');
    expect(await runDueJobs(deps, accurate(), { leaseMs: 5 * MIN })).toEqual([]);
    await leaseRunsDown('skewed-holds', 6 * MIN);
    expect(await runDueJobs(deps, accurate(), { leaseMs: 5 * MIN })).toEqual([
      expect.objectContaining({ outcome: 'done' }),
    ]);
    expect(await jobByKey('skewed-holds')).toMatchObject({ status: 'done', attempts: 2 });

    // The other way round: the skewed runner leaves an accurate one's live lease alone, and takes over its dead one.
    await scheduleJob(app.database.db, { kind: 'reminders.daily', runAt: longAgo, key: 'accurate-holds' });
    expect((await claimNextJob(app.database.db, accurate(), 5 * MIN))?.key).toBe('accurate-holds');
    expect(await runDueJobs(deps, skewed(), { leaseMs: 5 * MIN })).toEqual([]);
    await leaseRunsDown('accurate-holds', 6 * MIN);
    expect(await runDueJobs(deps, skewed(), { leaseMs: 5 * MIN })).toEqual([
      expect.objectContaining({ outcome: 'done' }),
    ]);
    expect(await jobByKey('accurate-holds')).toMatchObject({ status: 'done', attempts: 2 });
  });
});

describe('two runners on their own connections', () => {
  const onPostgres = testDatabaseSettings().kind === 'postgres';

  it('never run one job twice (PostgreSQL only)', async (ctx) => {
    ctx.skip(
      !onPostgres,
      'PGlite serves one connection, one statement at a time: two runners cannot race there. ' +
        'Set TEST_DATABASE_URL to run this on PostgreSQL.',
    );
    const settingsUrl = testDatabaseSettings().url;
    if (!settingsUrl) throw new Error('PostgreSQL tests need TEST_DATABASE_URL');
    const [current] = rowsOf<{ name: string }>(
      await app.database.db.execute(sql`select current_database() as name`),
    );
    if (!current) throw new Error('no current database');
    // Two pools, as two server processes would have: each claim races the other's on another connection.
    const url = adminUrl(settingsUrl, current.name);
    const first = await openDatabase({ kind: 'postgres', url, max: 3 });
    const second = await openDatabase({ kind: 'postgres', url, max: 3 });
    try {
      const count = 300;
      await app.database.db.insert(jobs).values(
        Array.from({ length: count }, (_, i) => ({
          kind: 'reminders.daily' as const,
          key: `race-${i}`,
          runAt: new Date(longAgo.getTime() + i * 1000),
        })),
      );
      const runsOf = new Map<string, string[]>();
      const recording =
        (runner: string): JobHandler =>
        async (ctx) => {
          runsOf.set(ctx.job.id, [...(runsOf.get(ctx.job.id) ?? []), runner]);
          // A little work in a transaction of its own, so that claims interleave with other statements.
          await ctx.db.transaction((tx) => ctx.checkpoint(tx, { by: runner }));
        };
      const now = new Date();
      const runner = (database: typeof first, name: string) =>
        runDueJobs(testJobDeps(database, { 'reminders.daily': recording(name) }), now, { maxJobs: count });
      // Two loops per pool: four claimers at once, two processes' worth.
      const results = await Promise.all([
        runner(first, 'first'),
        runner(first, 'first'),
        runner(second, 'second'),
        runner(second, 'second'),
      ]);
      const outcomes = results.flat();
      expect(outcomes).toHaveLength(count);
      expect(outcomes.every((r) => r.outcome === 'done')).toBe(true);
      expect(runsOf.size).toBe(count);
      expect([...runsOf.values()].filter((runners) => runners.length !== 1)).toEqual([]);
      // Both processes took part: the race was real.
      const byRunner = [...runsOf.values()].flat();
      expect(byRunner.filter((r) => r === 'first').length).toBeGreaterThan(0);
      expect(byRunner.filter((r) => r === 'second').length).toBeGreaterThan(0);
      const [stored] = rowsOf<{ done: number; once: number }>(
        await app.database.db.execute(
          sql`select count(*) filter (where status = 'done')::int as done,
                     count(*) filter (where attempts = 1)::int as once
              from ${jobs}`,
        ),
      );
      expect(stored).toEqual({ done: count, once: count });
    } finally {
      await first.close();
      await second.close();
    }
  });
});

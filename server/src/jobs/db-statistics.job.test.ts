import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../db/client.js';
import { testJobDeps } from '../testing/jobs.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { scheduleJob } from './job-queue.js';
import { runDueJobs } from './job-runner.js';

let app: TestApp;
const t0 = new Date('2025-12-11T03:00:00Z');

beforeAll(async () => {
  app = await createTestApp();
  const { caller } = await app.callerAs(['privacy_officer'], { now: () => t0 });
  for (const n of [1, 2, 3])
    await caller.requests.create({
      type: 'access',
      regime: 'gdpr',
      channel: 'email',
      requester: { name: `Stella Stats${n}`, email: `stella.${n}@example.com` },
      receivedAt: '2025-12-10T09:00:00.000Z',
    });
});
afterAll(() => app.close());

async function requestsRowEstimate(): Promise<number> {
  const rows = rowsOf<{ n: number }>(
    await app.database.db.execute(sql`select reltuples::int as n from pg_class where relname = 'requests'`),
  );
  return rows[0]?.n ?? Number.NaN;
}

describe('db.statistics', () => {
  it('analyses the tables where no autovacuum runs, so the planner knows the rows that are there', async () => {
    const autovacuum =
      rowsOf<{ n: number }>(
        await app.database.db.execute(
          sql`select count(*)::int as n from pg_stat_activity where backend_type = 'autovacuum launcher'`,
        ),
      )[0]?.n ?? 0;
    // The embedded database never has an autovacuum launcher; a PostgreSQL server may have it switched off.
    if (app.database.kind === 'pglite') expect(autovacuum).toBe(0);
    const before = await requestsRowEstimate();
    await scheduleJob(app.database.db, { kind: 'db.statistics', runAt: t0, key: 'stats-1' });
    expect(await runDueJobs(testJobDeps(app.database), t0)).toEqual([
      expect.objectContaining({ kind: 'db.statistics', outcome: 'done' }),
    ]);
    // Never analysed before the job (-1); after it, the three requests created above. Where autovacuum
    // runs, the job leaves the statistics to it.
    expect(before).toBe(-1);
    expect(await requestsRowEstimate()).toBe(autovacuum === 0 ? 3 : -1);
  });
});

import { sql } from 'drizzle-orm';
import { rowsOf } from '../db/client.js';
import type { JobContext } from './job-runner.js';

/**
 * `db.statistics`: the planner's statistics and the tables' dead rows, kept in hand where nothing else does
 * it. PostgreSQL's autovacuum analyses and vacuums tables as they change; the embedded database (PGlite,
 * one process, single-user mode) has no autovacuum and keeps no change counters to decide by, so without
 * this job the planner would go on planning the queue for the table as it was when it was first analysed
 * (an empty one, on a fresh install) and every updated row would leave a dead version behind for good.
 * A PostgreSQL server can have autovacuum switched off too (this project's CI server has): the test is
 * whether an autovacuum launcher runs, and where one does the job does nothing and says so. Runs daily (recurring.ts); the
 * nightly clock recompute also vacuums the requests table after it rewrites many rows.
 */
export async function refreshStatisticsJob(ctx: JobContext): Promise<void> {
  const [launcher] = rowsOf<{ n: number }>(
    await ctx.db.execute(
      sql`select count(*)::int as n from pg_stat_activity where backend_type = 'autovacuum launcher'`,
    ),
  );
  if ((launcher?.n ?? 0) > 0) {
    ctx.log.info({ autovacuum: true }, 'statistics: autovacuum keeps them; nothing to do');
    return;
  }
  const started = Date.now();
  // Outside any transaction, as VACUUM must be; every table of the app's schema, one statement.
  await ctx.db.execute(sql`vacuum (analyze)`);
  ctx.log.info({ autovacuum: false, ms: Date.now() - started }, 'statistics: vacuumed and analysed');
}

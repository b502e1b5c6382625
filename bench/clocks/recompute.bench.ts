/**
 * The nightly clock recompute (`clocks.recompute`, server/src/jobs) over every open request of the
 * benchmark database, through the real job runner: claim, keyset batches of 1,000 in one transaction each
 * (read the batch and its ledgers, derive, write the changed rows, audit them, checkpoint), completion.
 *
 *   cd /work/main && npx tsx bench/clocks/recompute.bench.ts [--dir bench/.out/requests-pglite | --url postgres://…] [--all-open]
 *
 * Fill the database first with bench/requests/generate.ts. Three passes:
 *   1. nightly, nothing changed  — every open request derived again, no row written (the usual night);
 *   2. company SLA 30 → 20 days  — what `settings.update` queues: every open request's dates move;
 *   3. back to 30 days           — the same again, which also leaves the database as it was.
 * With --all-open, every closed request is first reopened (status saved in a side table and restored at the
 * end), so the passes cover all 100,000 rows: the worst case, a backlog where nothing is closed.
 * A pass that rewrote rows includes the job's closing VACUUM ANALYZE of the requests table.
 * Prints a Markdown table for bench/RESULTS.md.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { eq, inArray, sql } from 'drizzle-orm';
import { closedRequestStatuses, openRequestStatuses, settingsKey, type AppSettings } from '@privdesk/shared';
import { jobs, requestClockEvents, requests, settings } from '../../server/src/db/schema.js';
import { readStoredSettings } from '../../server/src/features/settings/settings.store.js';
import { createJobHandlers } from '../../server/src/jobs/job-handlers.js';
import { noMailer } from '../../server/src/integrations/mail/mailer.js';
import { createSecretBox } from '../../server/src/lib/tokens.js';
import { scheduleJob } from '../../server/src/jobs/job-queue.js';
import { runDueJobs } from '../../server/src/jobs/job-runner.js';
import { createLogger } from '../../server/src/lib/logger.js';
import { openBenchDatabase, parseArgs } from '../requests/bench-db.js';

const args = parseArgs(process.argv.slice(2));
const allOpen = process.argv.includes('--all-open');
const log = createLogger('silent');
const database = await openBenchDatabase(args);

async function setCompanySla(days: number): Promise<void> {
  const current = await readStoredSettings(database.db);
  const value: AppSettings = { ...current.settings, companySlaDays: days };
  await database.db
    .insert(settings)
    .values({ key: settingsKey, value, version: current.version + 1, updatedAt: new Date() })
    .onConflictDoUpdate({
      target: settings.key,
      set: { value, version: current.version + 1, updatedAt: new Date() },
    });
}

async function pass(label: string): Promise<string> {
  const key = `bench-${Date.now()}`;
  await scheduleJob(database.db, {
    kind: 'clocks.recompute',
    runAt: new Date(),
    key,
    payload: { reason: 'benchmark' },
  });
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  // The recompute needs no mail; the handlers are the app's own.
  const from = 'Syncronis Privacy <privacy@syncronis.net>';
  const handlers = createJobHandlers({
    mailer: noMailer(from),
    secretBox: createSecretBox('bench-secret-bench-secret-bench-secret-00'),
    publicOrigin: 'http://localhost',
    mailFrom: from,
    platform: null,
  });
  const ran = await runDueJobs({ db: database.db, log, handlers }, new Date());
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const [job] = await database.db.select().from(jobs).where(eq(jobs.key, key));
  const outcome = ran.find((r) => r.id === job?.id)?.outcome ?? 'not run';
  const progress = job?.progress ?? {};
  const scanned = Number(progress.scanned ?? 0);
  const changed = Number(progress.changed ?? 0);
  return `| ${label} | ${outcome} | ${scanned.toLocaleString('en-US')} | ${changed.toLocaleString('en-US')} | ${seconds.toFixed(1)} | ${Math.round(scanned / seconds).toLocaleString('en-US')} | ${((cpu.user + cpu.system) / 1e6).toFixed(1)} |`;
}

async function reopenAll(): Promise<void> {
  const closed = sql.raw(closedRequestStatuses.map((s) => `'${s}'`).join(', '));
  await database.db.execute(
    sql`create table if not exists bench_closed_status as select id, status from requests where status in (${closed})`,
  );
  await database.db.execute(
    sql`update requests set status = 'in_progress' where id in (select id from bench_closed_status)`,
  );
}

async function restoreClosed(): Promise<void> {
  await database.db.execute(
    sql`update requests r set status = b.status from bench_closed_status b where r.id = b.id`,
  );
  await database.db.execute(sql`drop table if exists bench_closed_status`);
  // Two status swaps of 74,000 rows: leave the table as the generator left it for the queue benchmark.
  await database.db.execute(sql`vacuum analyze requests`);
}

try {
  await database.migrate();
  if (allOpen) await reopenAll();
  const [counts] = await database.db
    .select({
      all: sql<number>`count(*)::int`,
      open: sql<number>`count(*) filter (where ${inArray(requests.status, [...openRequestStatuses])})::int`,
    })
    .from(requests);
  if (!counts || counts.all === 0) throw new Error('Run bench/requests/generate.ts first.');
  const [ledger] = await database.db
    .select({
      entries: sql<number>`count(*)::int`,
      requests: sql<number>`count(distinct ${requestClockEvents.requestId})::int`,
    })
    .from(requestClockEvents);
  const stored = await readStoredSettings(database.db);
  const originalSla = stored.settings.companySlaDays;
  process.stdout.write(
    `\n${database.kind}, ${counts.all.toLocaleString('en-US')} requests (${counts.open.toLocaleString('en-US')} open), ${ledger?.entries ?? 0} ledger entries on ${ledger?.requests ?? 0} requests, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, node ${process.version}\n\n`,
  );
  const rows = [
    '| pass | outcome | open requests read | rows written | seconds | requests/s | CPU s (this process) |',
    '|---|---|---:|---:|---:|---:|---:|',
  ];
  rows.push(await pass('nightly, nothing changed'));
  await setCompanySla(originalSla === 20 ? 30 : 20);
  rows.push(await pass(`company SLA ${originalSla} → ${originalSla === 20 ? 30 : 20} days`));
  await setCompanySla(originalSla);
  rows.push(await pass(`company SLA back to ${originalSla} days`));
  process.stdout.write(
    `${rows.join('\n')}\n\nLoad average at the end: ${os
      .loadavg()
      .map((n) => n.toFixed(1))
      .join(', ')}\n`,
  );
} finally {
  if (allOpen) await restoreClosed();
  await database.close();
}

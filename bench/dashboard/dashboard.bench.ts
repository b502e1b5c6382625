/**
 * The dashboard's data (service time of `dashboard.get`, every filter the page offers) and the §7101 request
 * log streamed whole (time and memory over the stream), on the queue benchmark's database.
 *
 *   cd /work/main && NODE_OPTIONS=--expose-gc npx tsx bench/dashboard/dashboard.bench.ts [--dir bench/.out/requests-pglite | --url postgres://…] [--runs 7] [--only dashboard|log|writes]
 *
 * Fill the database first with bench/requests/generate.ts. Prints Markdown for bench/RESULTS.md.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { eq, sql } from 'drizzle-orm';
import {
  addDaysIso,
  dashboardInputSchema,
  periodRange,
  queueToday,
  type DashboardInput,
  type Role,
} from '@privdesk/shared';
import { rowsOf } from '../../server/src/db/client.js';
import { requests, staff } from '../../server/src/db/schema.js';
import { getDashboard } from '../../server/src/features/dashboard/dashboard.service.js';
import { requestLogCsv } from '../../server/src/features/dashboard/reports.js';
import { actorFrom } from '../../server/src/lib/service.js';
import { useAuditChainKey } from '../../server/src/features/audit/audit-chain.js';
import { createSecretBox } from '../../server/src/lib/tokens.js';
import { createLogger } from '../../server/src/lib/logger.js';
import { openBenchDatabase, parseArgs } from '../requests/bench-db.js';

const argv = process.argv.slice(2);
const args = parseArgs(argv);
const runsArg = argv.indexOf('--runs');
const RUNS = runsArg >= 0 ? Number(argv[runsArg + 1]) : 7;
const onlyArg = argv.indexOf('--only');
const only = onlyArg >= 0 ? argv[onlyArg + 1] : undefined;
const log = createLogger('silent');
// The log's export is audited: the chain signs with the app secret (any, for a benchmark's database).
useAuditChainKey(createSecretBox('dashboard-bench-secret-dashboard-bench-secret'));

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] ?? Number.NaN;
}
const ms = (n: number) => n.toFixed(0);
const mb = (n: number) => (n / 1024 / 1024).toFixed(0);

const opened = performance.now();
// Opening migrates: a database generated before the roll-up gets it here (migration 0035 fills it).
const database = await openBenchDatabase(args);
try {
  const openMs = performance.now() - opened;
  if (openMs > 2_000) process.stdout.write(`\nOpened and migrated in ${(openMs / 1000).toFixed(1)} s.\n`);
  // What autovacuum does after a bulk change (a migration's backfill, the generator's load): statistics and the
  // visibility map the index-only reads rely on. This machine's PostgreSQL runs without autovacuum.
  await database.db.execute(sql`vacuum analyze`);
  const [manager] = await database.db
    .select({ id: staff.id })
    .from(staff)
    .where(eq(staff.email, 'bench-manager@bench.example'));
  const [officer] = await database.db
    .select({ id: staff.id })
    .from(staff)
    .where(eq(staff.email, 'bench-officer-1@bench.example'));
  const [total] = await database.db.select({ n: sql<number>`count(*)::int` }).from(requests);
  if (!manager || !officer || !total || total.n === 0)
    throw new Error('Run bench/requests/generate.ts first.');
  const roles: Role[] = ['manager'];
  const now = new Date();
  const ctx = { db: database.db, log, now, actor: actorFrom({ staffId: manager.id, roles }) };
  const today = queueToday(now);
  const period = (p: Parameters<typeof periodRange>[0]) => {
    const r = periodRange(p, today);
    return { ...(r.from ? { from: r.from } : {}), ...(r.to ? { to: r.to } : {}) };
  };
  process.stdout.write(
    `\n${database.kind}, ${total.n} requests, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, node ${process.version}\n`,
  );

  const [cells] = rowsOf<{ rows: number; dayRows: number; bytes: string }>(
    await database.db.execute(
      sql`select count(*)::int as "rows", count(*) filter (where grain = 'day')::int as "dayRows", pg_total_relation_size('dashboard_cells')::bigint as "bytes" from dashboard_cells`,
    ),
  );
  if (cells)
    process.stdout.write(
      `Roll-up: ${cells.rows} cells (${cells.dayRows} by day), ${mb(Number(cells.bytes))} MB with its key.\n`,
    );

  if (only === undefined || only === 'dashboard') {
    const cases: [string, DashboardInput][] = [
      ['all time', {}],
      ['last 30 days', period('last_30_days')],
      ['this quarter', period('this_quarter')],
      ['last quarter', period('last_quarter')],
      ['this year', period('this_year')],
      ['last year', period('last_year')],
      ['last 12 months', period('last_12_months')],
      ['all time, GDPR', { regime: 'gdpr' }],
      ['all time, CCPA know', { regime: 'ccpa', type: 'know' }],
      ['last quarter, GDPR erasure', { ...period('last_quarter'), regime: 'gdpr', type: 'erasure' }],
      ['all time, one officer', { assignee: officer.id }],
      ['all time, unassigned', { assignee: 'nobody' }],
      ['last 12 months, access', { ...period('last_12_months'), type: 'access' }],
      // Custom periods with ragged edges: days read at both ends.
      ['15 Mar – 10 Sep this year', { from: `${today.slice(0, 4)}-03-15`, to: `${today.slice(0, 4)}-09-10` }],
      ['the last 9 days, one officer', { from: addDaysIso(today, -8), to: today, assignee: officer.id }],
    ];
    const lines: string[] = [];
    lines.push('');
    lines.push(`dashboard.get service time, ${RUNS} runs per filter after one warm-up; ms`);
    lines.push('');
    lines.push('| filter | answered in period | p50 | p95 | max |');
    lines.push('|---|---:|---:|---:|---:|');
    const all: number[] = [];
    for (const [name, raw] of cases) {
      const input = dashboardInputSchema.parse(raw);
      const first = await getDashboard(ctx, input);
      const samples: number[] = [];
      for (let r = 0; r < RUNS; r += 1) {
        const t0 = performance.now();
        await getDashboard(ctx, input);
        samples.push(performance.now() - t0);
      }
      samples.sort((a, b) => a - b);
      all.push(...samples);
      lines.push(
        `| ${name} | ${first.answered.responded.count} | ${ms(percentile(samples, 50))} | ${ms(percentile(samples, 95))} | ${ms(samples[samples.length - 1] ?? 0)} |`,
      );
      process.stderr.write(`  ${name}: p95 ${ms(percentile(samples, 95))} ms\n`);
    }
    all.sort((a, b) => a - b);
    lines.push('');
    lines.push(
      `All ${all.length} calls: p50 ${ms(percentile(all, 50))} ms, p95 ${ms(percentile(all, 95))} ms, max ${ms(all[all.length - 1] ?? 0)} ms. Load average at the end: ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(', ')}.`,
    );
    process.stdout.write(`${lines.join('\n')}\n`);
  }

  if (only === undefined || only === 'log') {
    // The whole log, as the route streams it, to nowhere: time, rows, and memory sampled through the stream.
    global.gc?.();
    const rssStart = process.memoryUsage().rss;
    const heapStart = process.memoryUsage().heapUsed;
    let rssPeak = rssStart;
    let heapPeak = heapStart;
    const sampler = setInterval(() => {
      const m = process.memoryUsage();
      rssPeak = Math.max(rssPeak, m.rss);
      heapPeak = Math.max(heapPeak, m.heapUsed);
    }, 50);
    const heapAt: number[] = [];
    const t0 = performance.now();
    let bytes = 0;
    let chunks = 0;
    for await (const chunk of requestLogCsv(ctx, {})) {
      bytes += Buffer.byteLength(chunk);
      chunks += 1;
      if (chunks % 50 === 0) {
        // Live memory, not garbage not yet collected: a full collection first (run with --expose-gc).
        global.gc?.();
        heapAt.push(process.memoryUsage().heapUsed);
      }
    }
    const seconds = (performance.now() - t0) / 1000;
    clearInterval(sampler);
    const rows = total.n;
    process.stdout.write(
      [
        '',
        `§7101 request log, all ${rows} rows streamed (${(bytes / 1024 / 1024).toFixed(0)} MB of CSV, ${chunks} chunks): ${seconds.toFixed(1)} s, ${Math.round(rows / seconds)} rows/s.`,
        `Memory: RSS ${mb(rssStart)} MB at the start, peak ${mb(rssPeak)} MB; heap ${mb(heapStart)} MB at the start, peak ${mb(heapPeak)} MB; heap every 100,000 rows: ${heapAt.map(mb).join(', ')} MB.`,
        '',
      ].join('\n'),
    );
  }
  if (only === undefined || only === 'writes') {
    // What the triggers cost a writer: single-row updates as the change writer makes them (assignee and
    // status back and forth), timed with the roll-up's triggers and without, inside a transaction undone.
    const sample = await database.db
      .select({ id: requests.id, status: requests.status })
      .from(requests)
      .where(sql`${requests.status} = 'in_progress'`)
      .limit(500);
    const timeUpdates = async (tx: typeof database.db) => {
      const t0 = performance.now();
      for (const [i, r] of sample.entries()) {
        await tx
          .update(requests)
          .set({
            status: i % 2 === 0 ? 'verifying' : 'in_progress',
            assigneeId: i % 3 === 0 ? null : officer.id,
          })
          .where(eq(requests.id, r.id));
      }
      return (performance.now() - t0) / sample.length;
    };
    let withTriggers = 0;
    let without = 0;
    await database.db
      .transaction(async (tx) => {
        withTriggers = await timeUpdates(tx);
        await tx.execute(sql`alter table requests disable trigger requests_dashboard_cells_update`);
        without = await timeUpdates(tx);
        throw new Error('undo');
      })
      .catch((e: unknown) => {
        if (!(e instanceof Error) || e.message !== 'undo') throw e;
      });
    process.stdout.write(
      `\nA request update (${sample.length} single-row updates): ${withTriggers.toFixed(2)} ms each with the roll-up's trigger, ${without.toFixed(2)} ms without.\n`,
    );
  }
} finally {
  await database.close();
}

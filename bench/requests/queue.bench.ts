/**
 * The queue's find procedure (service time, pages of 50) for every filter × every sort the UI offers, and
 * the CSV export of the whole table through the real HTTP route (time and peak RSS).
 *
 *   cd /work/main && npx tsx bench/requests/queue.bench.ts [--dir bench/.out/requests-pglite | --url postgres://…] [--runs 7] [--only find|export]
 *
 * Fill the database first with bench/requests/generate.ts. Prints Markdown tables for bench/RESULTS.md.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { eq, sql } from 'drizzle-orm';
import { requestSortKeys, type Role } from '@privdesk/shared';
import { requestFindInputSchema } from '@privdesk/shared';
import { rowsOf } from '../../server/src/db/client.js';
import { requests, staff } from '../../server/src/db/schema.js';
import { findRequests } from '../../server/src/features/requests/request-read.js';
import { actorFrom } from '../../server/src/lib/service.js';
import { benchAppConfig, listenSignedIn } from './bench-config.js';
import { createLogger } from '../../server/src/lib/logger.js';
import { openBenchDatabase, parseArgs } from './bench-db.js';
import { queueFilters } from './queue-filters.js';

const argv = process.argv.slice(2);
const args = parseArgs(argv);
const runsArg = argv.indexOf('--runs');
const RUNS = runsArg >= 0 ? Number(argv[runsArg + 1]) : 7;
const exportFilterArg = argv.indexOf('--export-filter');
/** Filters for the export as JSON (default: none, the whole table). */
const exportFilter = exportFilterArg >= 0 ? argv[exportFilterArg + 1] : undefined;
const onlyArg = argv.indexOf('--only');
const only = onlyArg >= 0 ? argv[onlyArg + 1] : undefined;
const log = createLogger('silent');
const config = benchAppConfig();

/**
 * CPU time spent on the server's side of a call, in ms: this process (service, driver, and PGlite's
 * embedded PostgreSQL) plus, on PostgreSQL, the backend serving our one connection. Unlike wall time it
 * does not grow when other work on the machine competes for the cores. The backend's share comes from
 * /proc/<pid>/stat in clock ticks (10 ms), so it is only meaningful summed over many calls.
 */
function cpuClock(backendPid: number | null): () => number {
  const stat = backendPid === null ? null : `/proc/${backendPid}/stat`;
  return () => {
    const own = process.cpuUsage();
    let backendMs = 0;
    if (stat) {
      // After the command name: utime and stime are the 12th and 13th fields (14th and 15th of the line).
      const line = readFileSync(stat, 'utf8');
      const fields = line.slice(line.lastIndexOf(')') + 2).split(' ');
      backendMs = (Number(fields[11] ?? 0) + Number(fields[12] ?? 0)) * 10;
    }
    return (own.user + own.system) / 1000 + backendMs;
  };
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] ?? Number.NaN;
}
const ms = (n: number) => n.toFixed(1);

const database = await openBenchDatabase(args);
try {
  const [officer] = await database.db
    .select({ id: staff.id })
    .from(staff)
    .where(eq(staff.email, 'bench-officer-1@bench.example'));
  const [total] = await database.db.select({ n: sql<number>`count(*)::int` }).from(requests);
  if (!officer || !total || total.n === 0) throw new Error('Run bench/requests/generate.ts first.');
  const [sample] = await database.db
    .select({
      reference: requests.reference,
      email: requests.requesterEmail,
      name: requests.requesterName,
      customerId: requests.customerId,
    })
    .from(requests)
    .where(sql`${requests.customerId} is not null`)
    .limit(1)
    .offset(Math.floor(total.n / 2));
  if (!sample) throw new Error('no sample row');
  const roles: Role[] = ['privacy_officer'];
  // The service on plain inputs, as a job or the CLI would call it: no tRPC context to fake.
  const ctx = { db: database.db, log, now: new Date(), actor: actorFrom({ staffId: officer.id, roles }) };
  const backendPid =
    database.kind === 'postgres'
      ? Number(
          rowsOf<{ pid: number }>(await database.db.execute(sql`select pg_backend_pid() as pid`))[0]?.pid,
        )
      : null;
  const cpuNow = cpuClock(backendPid);

  process.stdout.write(
    `\n${database.kind}, ${total.n} requests, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, node ${process.version}\n`,
  );

  if (only !== 'export') {
    const filters = queueFilters({ ...sample, customerId: sample.customerId ?? undefined });
    const sorts = requestSortKeys.flatMap((sort) => (['asc', 'desc'] as const).map((dir) => ({ sort, dir })));
    const perFilter: {
      name: string;
      samples: number[];
      cpu: number[];
      worstCase: string;
      worstP95: number;
      rows: number;
    }[] = [];
    const allCpu: number[] = [];
    const perSort = new Map<string, number[]>();
    const all: number[] = [];
    for (const [name, filter] of filters) {
      const samples: number[] = [];
      const cpu: number[] = [];
      let worstP95 = 0;
      let worstCase = '';
      let rows = 0;
      for (const s of sorts) {
        const input = requestFindInputSchema.parse({ ...filter, ...s, page: 1, pageSize: 50 });
        await findRequests(ctx, input); // warm-up
        const caseSamples: number[] = [];
        for (let r = 0; r < RUNS; r += 1) {
          const c0 = cpuNow();
          const t0 = performance.now();
          const out = await findRequests(ctx, input);
          const dt = performance.now() - t0;
          cpu.push(cpuNow() - c0);
          rows = out.total;
          caseSamples.push(dt);
        }
        caseSamples.sort((a, b) => a - b);
        const p95 = percentile(caseSamples, 95);
        if (p95 > worstP95) {
          worstP95 = p95;
          worstCase = `${s.sort} ${s.dir}`;
        }
        samples.push(...caseSamples);
        all.push(...caseSamples);
        const key = `${s.sort} ${s.dir}`;
        perSort.set(key, [...(perSort.get(key) ?? []), ...caseSamples]);
      }
      samples.sort((a, b) => a - b);
      cpu.sort((a, b) => a - b);
      allCpu.push(...cpu);
      perFilter.push({ name, samples, cpu, worstCase, worstP95, rows });
      process.stderr.write(`  ${name}: p95 ${ms(percentile(samples, 95))} ms\n`);
    }
    // A deep page: offset paging pays for what it skips.
    const deep: number[] = [];
    const deepInput = requestFindInputSchema.parse({ page: 200, pageSize: 50 });
    await findRequests(ctx, deepInput);
    for (let r = 0; r < RUNS; r += 1) {
      const t0 = performance.now();
      await findRequests(ctx, deepInput);
      deep.push(performance.now() - t0);
    }
    deep.sort((a, b) => a - b);
    all.sort((a, b) => a - b);
    allCpu.sort((a, b) => a - b);

    const lines: string[] = [];
    lines.push(
      `\nfind, page 1 of 50 rows, ${sorts.length} sorts × ${RUNS} runs per filter (after one warm-up per case); times in ms`,
    );
    lines.push('');
    const cpuCol = database.kind === 'pglite' ? 'CPU p95' : 'CPU mean';
    lines.push(`| filter | total (capped at 5000) | p50 | p95 | max | worst sort (its p95) | ${cpuCol} |`);
    lines.push('|---|---:|---:|---:|---:|---|---:|');
    for (const f of perFilter) {
      const cpu =
        database.kind === 'pglite' ? percentile(f.cpu, 95) : f.cpu.reduce((a, b) => a + b, 0) / f.cpu.length;
      lines.push(
        `| ${f.name} | ${f.rows} | ${ms(percentile(f.samples, 50))} | ${ms(percentile(f.samples, 95))} | ${ms(f.samples[f.samples.length - 1] ?? 0)} | ${f.worstCase} (${ms(f.worstP95)}) | ${ms(cpu)} |`,
      );
    }
    lines.push('');
    lines.push('| sort (over all filters) | p50 | p95 | max |');
    lines.push('|---|---:|---:|---:|');
    for (const [key, samples] of perSort) {
      samples.sort((a, b) => a - b);
      lines.push(
        `| ${key} | ${ms(percentile(samples, 50))} | ${ms(percentile(samples, 95))} | ${ms(samples[samples.length - 1] ?? 0)} |`,
      );
    }
    lines.push('');
    lines.push(
      `All ${all.length} calls: p50 ${ms(percentile(all, 50))} ms, p95 ${ms(percentile(all, 95))} ms, p99 ${ms(percentile(all, 99))} ms, max ${ms(all[all.length - 1] ?? 0)} ms.`,
    );
    lines.push(
      database.kind === 'pglite'
        ? `Server CPU per call (this process, PGlite included): p50 ${ms(percentile(allCpu, 50))} ms, p95 ${ms(percentile(allCpu, 95))} ms, p99 ${ms(percentile(allCpu, 99))} ms.`
        : `Server CPU per call (this process + the PostgreSQL backend, 10 ms ticks, so a mean): ${ms(allCpu.reduce((a, b) => a + b, 0) / allCpu.length)} ms.`,
    );
    lines.push(
      `Load average at the end: ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(', ')}.`,
    );
    lines.push(
      `Deep page (page 200, no filter, newest first): p50 ${ms(percentile(deep, 50))} ms, p95 ${ms(percentile(deep, 95))} ms.`,
    );
    process.stdout.write(`${lines.join('\n')}\n`);
  }

  if (only !== 'find') {
    // The export through the real route and a real socket, consumed and discarded by a client in this process.
    const { app: server, port, cookie } = await listenSignedIn(database, log, config, officer.id);
    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    let peakRss = rssBefore;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }, 20);
    const t0 = performance.now();
    const { bytes, lines, status } = await new Promise<{ bytes: number; lines: number; status: number }>(
      (resolve, reject) => {
        const req = http.get(
          {
            host: '127.0.0.1',
            port,
            path: `/export/requests.csv${exportFilter ? `?input=${encodeURIComponent(exportFilter)}` : ''}`,
            headers: { cookie },
          },
          (res) => {
            let bytes = 0;
            let lines = 0;
            res.on('data', (chunk: Buffer) => {
              bytes += chunk.length;
              for (const b of chunk) if (b === 10) lines += 1;
            });
            res.on('end', () => resolve({ bytes, lines, status: res.statusCode ?? 0 }));
            res.on('error', reject);
          },
        );
        req.on('error', reject);
      },
    );
    const elapsed = performance.now() - t0;
    clearInterval(sampler);
    await server.close();
    const mb = (n: number) => (n / 1024 / 1024).toFixed(0);
    process.stdout.write(
      `\nCSV export (GET /export/requests.csv, ${exportFilter ?? 'no filter'}, as a privacy officer): HTTP ${status}, ${lines - 1} rows, ${mb(bytes)} MB in ${(elapsed / 1000).toFixed(2)} s; RSS ${mb(rssBefore)} MB before, peak ${mb(peakRss)} MB (+${mb(peakRss - rssBefore)} MB)\n`,
    );
  }
} finally {
  await database.close();
}

/**
 * What the server adds to the SQL it issues, side by side in one run, on PostgreSQL:
 * 1. For every queue filter (default sort, page 1 of 50, as a privacy officer): the service behind
 *    `requests.find` (`findRequests`, the driver included), against the very statements it issued — captured
 *    from the ORM's logger during a call, then replayed through a plain `pg` client with the same parameters,
 *    in the same order, with no ORM, mapping or validation — and their ratio. Beside it, the same call with
 *    the access-log write every clear view of personal data makes (one insert in the reading transaction).
 * 2. Throughput of the default queue page with 8 concurrent clients: `GET /trpc/requests.find` over HTTP
 *    through the real server, in a process of its own (bench-server.ts: session cookie, tRPC, output
 *    validation, the access log; compression off: the client asks for identity), against 8 `pg` clients
 *    looping over the same captured statements — the find's alone, and every statement of one HTTP call
 *    (the session lookup and the access-log row with them).
 *
 *   cd /work/main && npx tsx bench/requests/ratio.bench.ts --url postgres://…/privdesk_bench [--runs 30] [--seconds 10]
 *
 * Fill the database first with bench/requests/generate.ts. Prints Markdown tables for bench/RESULTS.md.
 */
import { spawn } from 'node:child_process';
import http from 'node:http';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { eq, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { requestFindInputSchema, type Role } from '@privdesk/shared';
import { openDatabase, type Db } from '../../server/src/db/client.js';
import * as schema from '../../server/src/db/schema.js';
import { requests, staff } from '../../server/src/db/schema.js';
import { createSession, resolveSession } from '../../server/src/features/auth/session.store.js';
import { viewLogged } from '../../server/src/features/audit/view-log.js';
import { findRequests } from '../../server/src/features/requests/request-read.js';
import { actorFrom } from '../../server/src/lib/service.js';
import { createLogger } from '../../server/src/lib/logger.js';
import { benchAppConfig } from './bench-config.js';
import { queueFilters } from './queue-filters.js';

const argv = process.argv.slice(2);
const arg = (name: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const url = arg('url') ?? process.env.BENCH_DATABASE_URL;
if (!url) throw new Error('--url postgres://… (the ratio is measured on PostgreSQL)');
const RUNS = Number(arg('runs') ?? 30);
const SECONDS = Number(arg('seconds') ?? 10);
const CLIENTS = 8;
const log = createLogger('silent');
const config = benchAppConfig();
const secretBox = config.secretBox;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
};
const p95 = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(0.95 * s.length) - 1)] ?? Number.NaN;
};
const f = (n: number) => n.toFixed(2);

// Brought to the app's schema first, as the app does at start-up.
await (async () => {
  const migrator = await openDatabase({ kind: 'postgres', url, max: 1 });
  await migrator.migrate();
  await migrator.close();
})();

// The service's own database, with a logger that records every statement while `capturing` is set.
let capturing: { text: string; values: unknown[] }[] | null = null;
const pool = new pg.Pool({ connectionString: url, max: CLIENTS, options: '-c random_page_cost=1.1' });
const db = drizzle(pool, {
  schema,
  logger: {
    logQuery(text, values) {
      capturing?.push({ text, values });
    },
  },
}) as unknown as Db;
const raw = new pg.Pool({ connectionString: url, max: CLIENTS, options: '-c random_page_cost=1.1' });

try {
  const [officer] = await db
    .select({ id: staff.id })
    .from(staff)
    .where(eq(staff.email, 'bench-officer-1@bench.example'));
  const [sample] = await db
    .select({
      reference: requests.reference,
      email: requests.requesterEmail,
      name: requests.requesterName,
      customerId: requests.customerId,
    })
    .from(requests)
    .where(sql`${requests.customerId} is not null`)
    .orderBy(requests.reference)
    .limit(1)
    .offset(50_000);
  const [{ n } = { n: 0 }] = await db.select({ n: sql<number>`count(*)::int` }).from(requests);
  if (!officer || !sample) throw new Error('Run bench/requests/generate.ts first.');
  const roles: Role[] = ['privacy_officer'];
  const deps = { db, log, now: new Date(), actor: actorFrom({ staffId: officer.id, roles }) };
  process.stdout.write(
    `\nPostgreSQL, ${n} requests, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, node ${process.version}, ${RUNS} runs a filter\n\n`,
  );

  const filters = queueFilters({ ...sample, customerId: sample.customerId ?? undefined });
  const rows: string[] = [];
  const ratios: number[] = [];
  for (const [name, filter] of filters) {
    const input = requestFindInputSchema.parse({ ...filter, page: 1, pageSize: 50 });
    capturing = [];
    await findRequests(deps, input);
    const statements = capturing;
    capturing = null;
    const client = await raw.connect();
    const service: number[] = [];
    const withLog: number[] = [];
    const sqlOnly: number[] = [];
    try {
      for (let i = 0; i < 3; i += 1) {
        await findRequests(deps, input);
        for (const s of statements) await client.query(s.text, s.values);
      }
      // Interleaved, so that a busy moment on the machine falls on all three alike.
      for (let i = 0; i < RUNS; i += 1) {
        let t = performance.now();
        await findRequests(deps, input);
        service.push(performance.now() - t);
        t = performance.now();
        await viewLogged(
          deps,
          secretBox,
          { surface: 'queue', entityType: 'request', term: input.search },
          (inner) => findRequests(inner, input),
          (out) => out.items.map((r) => r.id),
        );
        withLog.push(performance.now() - t);
        t = performance.now();
        for (const s of statements) await client.query(s.text, s.values);
        sqlOnly.push(performance.now() - t);
      }
    } finally {
      client.release();
    }
    const ratio = median(service) / median(sqlOnly);
    ratios.push(ratio);
    rows.push(
      `| ${name} | ${statements.length} | ${f(median(sqlOnly))} | ${f(median(service))} | ${f(p95(service))} | **${ratio.toFixed(2)}×** | ${f(median(withLog))} (+${f(median(withLog) - median(service))}) |`,
    );
    process.stderr.write(`  ${name}: ${ratio.toFixed(2)}×\n`);
  }
  process.stdout.write(
    '| filter (default sort, page 1) | statements | raw SQL median | service median | service p95 | ratio | with the access-log write, median |\n|---|---:|---:|---:|---:|---:|---:|\n',
  );
  process.stdout.write(`${rows.join('\n')}\n\n`);
  process.stdout.write(
    `Worst ratio ${Math.max(...ratios).toFixed(2)}×, median ${median(ratios).toFixed(2)}×.\n\n`,
  );

  // Throughput: the default queue page over HTTP against its statements straight on the database.
  const input = requestFindInputSchema.parse({ page: 1, pageSize: 50 });
  capturing = [];
  await findRequests(deps, input);
  const statements = capturing;
  capturing = null;
  const loop = async (once: () => Promise<void>): Promise<number> => {
    let done = 0;
    const until = performance.now() + SECONDS * 1000;
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (performance.now() < until) {
          await once();
          done += 1;
        }
      }),
    );
    return done / SECONDS;
  };
  /** One pass over captured statements on one pooled connection, as the server's call would make them. */
  const replay = (captured: { text: string; values: unknown[] }[]) => async () => {
    const client = await raw.connect();
    try {
      for (const s of captured) await client.query(s.text, s.values);
    } finally {
      client.release();
    }
  };
  const dbRate = await loop(replay(statements));

  // Every statement one HTTP call issues: the session lookup, the find's, and its access-log row.
  const sessionToken = (await createSession(db, config, officer.id, 'active', '127.0.0.1', new Date())).token;
  capturing = [];
  const session = await resolveSession(db, config, sessionToken, new Date());
  if (!session) throw new Error('bench session not found');
  await viewLogged(
    deps,
    secretBox,
    { surface: 'queue', entityType: 'request' },
    (inner) => findRequests(inner, input),
    (out) => out.items.map((r) => r.id),
  );
  const callStatements = capturing;
  capturing = null;
  const dbCallRate = await loop(replay(callStatements));

  // The server in a process of its own, as in production (its clients are browsers elsewhere).
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/requests/bench-server.ts', '--url', url], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const { port, cookie } = await new Promise<{ port: number; cookie: string }>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bench server exited (${code})`)));
    child.stdout.once('data', (chunk: Buffer) => resolve(JSON.parse(chunk.toString()) as never));
  });
  const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
  const path = `/trpc/requests.find?input=${encodeURIComponent(JSON.stringify(input))}`;
  const get = () =>
    new Promise<void>((resolve, reject) => {
      const req = http.get(
        { host: '127.0.0.1', port, path, agent, headers: { cookie, 'accept-encoding': 'identity' } },
        (res) => {
          if (res.statusCode !== 200) reject(new Error(`HTTP ${res.statusCode}`));
          res.resume();
          res.on('end', () => resolve());
        },
      );
      req.on('error', reject);
    });
  for (let i = 0; i < 20; i += 1) await get();
  const httpRate = await loop(get);
  agent.destroy();
  child.kill('SIGTERM');
  const pct = (rate: number) => `${((100 * httpRate) / rate).toFixed(0)} %`;
  process.stdout.write(
    `| default queue page, ${CLIENTS} concurrent clients, ${SECONDS} s | per second | HTTP as a share |\n|---|---:|---:|\n` +
      `| the find's ${statements.length} statements straight on PostgreSQL (\`pg\`) | ${dbRate.toFixed(0)} | **${pct(dbRate)}** |\n` +
      `| all ${callStatements.length} statements of one HTTP call (session lookup, the find's, the access-log row) | ${dbCallRate.toFixed(0)} | **${pct(dbCallRate)}** |\n` +
      `| \`GET /trpc/requests.find\` over HTTP, the server in its own process | ${httpRate.toFixed(0)} | |\n\n`,
  );
  process.stdout.write(
    `Load average at the end: ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(', ')}\n`,
  );
} finally {
  await pool.end();
  await raw.end();
}

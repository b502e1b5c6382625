// Issue 15, "Measured": N approved erasures run to completion by the app's job workers against a local
// signed-webhook receiver, on PostgreSQL: once with one worker process, once with three on one database, and
// once with three where one is killed (SIGKILL) after ~30 % of the requests completed.
//
// Setup (not measured): a template database, migrated, with an inventory of one internal system (the
// platform's tables, same database, schema `platform`) and two webhook systems pointing at the stand-in
// receiver (server/src/demo/stand-in-receiver.ts: checks the HMAC signature, dedupes by Idempotency-Key,
// counts raw deliveries); N customers in the directory and the platform; N erasure requests created,
// verified, planned, submitted and approved through the app's own procedures (tRPC callers). Each run
// clones the template (CREATE DATABASE … TEMPLATE), starts the receiver and forks the workers
// (erasure-worker.ts) with their clock 5 h ahead (past the 4 h grace period), and waits until every request
// is completed.
//
// Run: npm run bench:erasure [-- --n 1000 --lease-ms 10000 --url postgres://postgres@127.0.0.1:5432/postgres]
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
import Fastify from 'fastify';
import { and, eq, inArray, sql } from 'drizzle-orm';
import pg from 'pg';
import { openDatabase, rowsOf, type Database } from '../../server/src/db/client.js';
import {
  auditEvents,
  customers,
  dataSystems,
  erasurePlanLines,
  jobs,
  requests,
  staff,
} from '../../server/src/db/schema.js';
import { demoStandInSecret } from '../../server/src/demo/seed-demo.js';
import { standInReceiver, type StandInLedger } from '../../server/src/demo/stand-in-receiver.js';
import { useAuditChainKey } from '../../server/src/features/audit/audit-chain.js';
import { createSession } from '../../server/src/features/auth/session.store.js';
import { platformLookupOf } from '../../server/src/features/erasure/platform-lookup.js';
import { createLogger } from '../../server/src/lib/logger.js';
import { hashPassword } from '../../server/src/lib/passwords.js';
import { createSecretBox } from '../../server/src/lib/tokens.js';
import { openPlatformDatabase } from '../../server/src/platform/platform-db.js';
import { erasureReceipts } from '../../server/src/platform/platform.schema.js';
import { seedPlatform } from '../../server/src/platform/platform-seed.js';
import { appRouter } from '../../server/src/trpc/app-router.js';
import { createContextInner, type AppConfig, type SessionInfo } from '../../server/src/trpc/context.js';
import { createCallerFactory } from '../../server/src/trpc/init.js';
import type { Role } from '@privdesk/shared';
import { benchMailFrom, benchSecret, clockShiftMs } from './erasure-config.js';

const argv = process.argv.slice(2);
const arg = (name: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const n = Number(arg('n') ?? 1000);
const leaseMs = Number(arg('lease-ms') ?? 10_000);
const adminUrl = arg('url') ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const only = arg('runs')?.split(',');
const here = import.meta.dirname;
const stamp = `${Date.now().toString(36)}_${randomBytes(2).toString('hex')}`;
const templateName = `privdesk_bench_erasure_${stamp}_tpl`;
const urlOf = (name: string) => {
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
};
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();

const secretBox = createSecretBox(benchSecret);
useAuditChainKey(secretBox);
const log = createLogger('warn');
const createCaller = createCallerFactory(appRouter);
const webhookKeys = ['payments', 'crm'] as const;
/** Rewritten per run to the receiver's port. */
const placeholderOrigin = 'http://127.0.0.1:9';

async function buildTemplate(): Promise<void> {
  await admin.query(`create database ${templateName}`);
  const database = await openDatabase({ kind: 'postgres', url: urlOf(templateName), max: 8 });
  const platform = await openPlatformDatabase({ kind: 'postgres', url: urlOf(templateName), max: 2 });
  try {
    await database.migrate();
    await platform.migrate();
    const db = database.db;
    const config: AppConfig = {
      sessionIdleMs: 12 * 3_600_000,
      sessionMaxMs: 12 * 3_600_000,
      secretBox,
      allowDemoSignIn: false,
      maskedSearchesPerMinute: 1_000_000,
      auditCheckpointFile: null,
      slowDown: () => Promise.resolve(),
      mailFrom: benchMailFrom,
      mailCapture: false,
      inboundAddresses: ['privacy@syncronis.net'],
      platform: platformLookupOf(platform.db),
    };
    const passwordHash = await hashPassword('bench-password-bench-password');
    const officer = async (email: string) => {
      const roles: Role[] = ['privacy_officer'];
      const [row] = await db
        .insert(staff)
        .values({
          email,
          name: email,
          roles,
          passwordHash,
          totpSecret: secretBox.seal('x'),
          totpEnrolledAt: new Date(),
        })
        .returning({ id: staff.id });
      if (!row) throw new Error('staff insert');
      const created = await createSession(db, config, row.id, 'active', '127.0.0.1', new Date());
      // A fresh step-up on every call: approval wants a recent MFA, and the setup takes minutes.
      const session = (): SessionInfo => ({
        id: created.id,
        staffId: row.id,
        state: 'active',
        roles,
        mfaAt: new Date(),
      });
      return () =>
        createCaller(
          createContextInner({ db, log, config, session: session(), ip: '127.0.0.1', requestId: 'bench' }),
        );
    };
    const preparer = await officer('preparer@bench.invalid');
    const approver = await officer('approver@bench.invalid');
    await db.insert(dataSystems).values([
      {
        key: 'platform_db',
        name: 'Platform database',
        description: 'Accounts.',
        dataCategories: ['contact_details', 'billing_records'],
        connectorKind: 'internal',
        connector: { kind: 'internal', target: 'platform' },
      },
      ...webhookKeys.map((key) => ({
        key,
        name: `Stand-in ${key}`,
        description: 'A subprocessor behind a signed webhook.',
        dataCategories: ['contact_details' as const],
        connectorKind: 'webhook' as const,
        connector: { kind: 'webhook' as const, url: `${placeholderOrigin}/stand-in/${key}/erasure` },
        webhookSecretSealed: secretBox.seal(demoStandInSecret(secretBox, key)),
        webhookSecretSetAt: new Date(),
      })),
    ]);
    const signupAt = new Date('2024-01-01T00:00:00.000Z');
    const people = Array.from({ length: n }, (_, i) => ({
      accountNumber: `SYN-${String(500000 + i)}`,
      name: `Bench Person ${i}`,
      email: `bench.person.${i}@example.com`,
      country: 'DE',
      plan: 'business',
      signupAt,
    }));
    const rows: (typeof customers.$inferSelect)[] = [];
    for (let i = 0; i < people.length; i += 500)
      rows.push(
        ...(await db
          .insert(customers)
          .values(people.slice(i, i + 500))
          .returning()),
      );
    await seedPlatform(
      platform.db,
      rows.map((r) => ({
        accountNumber: r.accountNumber,
        name: r.name,
        email: r.email,
        organisationName: null,
        country: r.country,
        plan: r.plan,
        signupAt: r.signupAt,
        lastActiveAt: null,
        birthYear: null,
        status: 'active' as const,
      })),
      { seed: 15, now: new Date() },
    );
    const t0 = performance.now();
    let done = 0;
    const one = async (r: (typeof rows)[number]) => {
      const p = preparer();
      const made = await p.requests.create({
        type: 'erasure',
        regime: 'gdpr',
        channel: 'email',
        receivedAt: new Date(Date.now() - 86_400_000).toISOString(),
        requester: { name: r.name, email: r.email },
        customerId: r.id,
      });
      let version = (await p.requests.transition({ id: made.id, version: made.version, to: 'verifying' }))
        .version;
      version = (
        await p.verification.recordDocument({
          id: made.id,
          version,
          documentType: 'passport',
          outcome: 'passed',
        })
      ).version;
      version = (await p.requests.transition({ id: made.id, version, to: 'in_progress' })).version;
      const prepared = await p.erasure.prepare({ requestId: made.id, requestVersion: version });
      const submitted = await p.erasure.submit({ requestId: made.id, planVersion: prepared.plan.version });
      await approver().erasure.approve({
        requestId: made.id,
        planVersion: submitted.plan.version,
        note: 'Approved.',
      });
      done += 1;
      if (done % 100 === 0)
        process.stdout.write(
          `  setup: ${done}/${n} approved (${((performance.now() - t0) / 1000).toFixed(0)} s)\n`,
        );
    };
    const queue = [...rows];
    await Promise.all(
      Array.from({ length: 6 }, async () => {
        for (let r = queue.shift(); r; r = queue.shift()) await one(r);
      }),
    );
    // Setup's own jobs (acknowledgement mail, clocks) are left queued: the workers take them with the rest.
  } finally {
    await platform.close();
    await database.close();
  }
}

interface RunFigures {
  name: string;
  workers: number;
  killed: boolean;
  seconds: number;
  lines: number;
  linesPerSecond: number;
  requestsPerSecond: number;
  peakRssMb: number;
  peakRssPerWorkerMb: number[];
  deliveries: number;
  keys: number;
  keysDeliveredMoreThanOnce: number;
  duplicatedEffects: number;
  platformReceipts: number;
  erasedAccounts: number;
  tombstones: number;
  lineDoneAudits: number;
  jobsFailed: number;
  jobsAttemptsOverOne: number;
}

function vm(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m?.[1] ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

async function count(database: Database, query: ReturnType<typeof sql>): Promise<number> {
  return Number(rowsOf<{ n: number }>(await database.db.execute(query))[0]?.n ?? 0);
}

async function measure(name: string, workers: number, kill: boolean): Promise<RunFigures> {
  const dbName = `privdesk_bench_erasure_${stamp}_${name.replace(/\W+/g, '_')}`;
  await admin.query(`create database ${dbName} template ${templateName}`);
  const url = urlOf(dbName);
  const database = await openDatabase({ kind: 'postgres', url, max: 2 });
  const ledger: StandInLedger = { deliveries: 0, effects: new Map(), callbacks: [] };
  const receiver = Fastify();
  await receiver.register(
    standInReceiver({ secretBox, now: () => new Date(Date.now() + clockShiftMs), ledger }),
  );
  const origin = await receiver.listen({ port: 0, host: '127.0.0.1' });
  for (const key of webhookKeys)
    await database.db
      .update(dataSystems)
      .set({ connector: { kind: 'webhook', url: `${origin}/stand-in/${key}/erasure` } })
      .where(eq(dataSystems.key, key));
  const children: ChildProcess[] = [];
  const peak = new Map<number, number>();
  const sampler = setInterval(() => {
    for (const c of children) if (c.pid) peak.set(c.pid, Math.max(peak.get(c.pid) ?? 0, vm(c.pid, 'VmRSS')));
  }, 200);
  const ready: Promise<void>[] = [];
  for (let i = 0; i < workers; i++) {
    const child = fork(path.join(here, 'erasure-worker.ts'), [url, String(leaseMs)], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    children.push(child);
    ready.push(new Promise((resolve) => child.once('message', () => resolve())));
  }
  await Promise.all(ready);
  const started = performance.now();
  for (const c of children) c.send('go');
  let killedAt: number | null = null;
  for (;;) {
    await new Promise((r) => setTimeout(r, 250));
    const completed = await count(
      database,
      sql`select count(*)::int as n from ${requests} where ${requests.status} = 'completed'`,
    );
    if (kill && killedAt === null && completed >= 0.3 * n) {
      const victim = children[1];
      if (victim?.pid) {
        peak.set(victim.pid, Math.max(peak.get(victim.pid) ?? 0, vm(victim.pid, 'VmHWM')));
        victim.kill('SIGKILL');
        killedAt = (performance.now() - started) / 1000;
        process.stdout.write(
          `  killed worker ${victim.pid} at ${killedAt.toFixed(1)} s (${completed}/${n} completed)\n`,
        );
      }
    }
    if (completed >= n) break;
  }
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  for (const c of children)
    if (c.pid && c.exitCode === null && c.signalCode === null)
      peak.set(c.pid, Math.max(peak.get(c.pid) ?? 0, vm(c.pid, 'VmHWM')));
  await Promise.all(
    children
      .filter((c) => c.exitCode === null && c.signalCode === null)
      .map(
        (c) =>
          new Promise<void>((resolve) => {
            c.once('exit', () => resolve());
            c.send('stop');
          }),
      ),
  );
  await receiver.close();
  const lines = await count(
    database,
    sql`select count(*)::int as n from ${erasurePlanLines} where ${erasurePlanLines.status} = 'done' and ${inArray(erasurePlanLines.action, ['delete', 'anonymise'])}`,
  );
  const webhookLines = await count(
    database,
    sql`select count(*)::int as n from ${erasurePlanLines} l join ${dataSystems} s on s.id = l.data_system_id where s.connector_kind = 'webhook' and l.status = 'done'`,
  );
  const figures: RunFigures = {
    name,
    workers,
    killed: kill,
    seconds,
    lines,
    linesPerSecond: lines / seconds,
    requestsPerSecond: n / seconds,
    peakRssPerWorkerMb: [...peak.values()].map((v) => Math.round(v)),
    peakRssMb: Math.round(Math.max(...peak.values())),
    deliveries: ledger.deliveries,
    keys: ledger.effects.size,
    keysDeliveredMoreThanOnce: [...ledger.effects.values()].filter((e) => e.deliveries > 1).length,
    // An effect is one key's erasure at the receiver: more distinct keys than webhook lines would be a
    // second effect for some line (the call's key is the line's id).
    duplicatedEffects: ledger.effects.size - webhookLines,
    platformReceipts: await count(database, sql`select count(*)::int as n from ${erasureReceipts}`),
    erasedAccounts: await count(
      database,
      sql`select count(distinct account_number)::int as n from ${erasureReceipts}`,
    ),
    tombstones: await count(
      database,
      sql`select count(*)::int as n from ${customers} where ${customers.status} = 'erased'`,
    ),
    lineDoneAudits: await count(
      database,
      sql`select count(*)::int as n from ${auditEvents} where ${auditEvents.action} = 'erasure.line_done'`,
    ),
    jobsFailed: await count(
      database,
      sql`select count(*)::int as n from ${jobs} where ${jobs.status} = 'failed'`,
    ),
    jobsAttemptsOverOne: await count(
      database,
      sql`select count(*)::int as n from ${jobs} where ${and(sql`${jobs.kind} like 'erasure.%'`, sql`${jobs.attempts} > 1`)}`,
    ),
  };
  await database.close();
  await admin.query(`drop database ${dbName}`);
  return figures;
}

const runs: [string, number, boolean][] = [
  ['1 process', 1, false],
  ['3 processes', 3, false],
  ['3 processes, kill -9 of one at ~30 %', 3, true],
];
try {
  const t0 = performance.now();
  process.stdout.write(`setup: ${n} approved erasures in ${templateName}\n`);
  await buildTemplate();
  process.stdout.write(`setup took ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  const results: RunFigures[] = [];
  for (const [name, workers, kill] of runs) {
    if (only && !only.some((o) => name.startsWith(o))) continue;
    process.stdout.write(`run: ${name}\n`);
    const r = await measure(name, workers, kill);
    results.push(r);
    process.stdout.write(`${JSON.stringify(r)}\n`);
  }
  console.table(
    results.map((r) => ({
      run: r.name,
      's total': r.seconds.toFixed(1),
      'lines/s': r.linesPerSecond.toFixed(1),
      'requests/s': r.requestsPerSecond.toFixed(1),
      'peak RSS MB (per worker)': r.peakRssPerWorkerMb.join(' / '),
      deliveries: r.deliveries,
      keys: r.keys,
      'dup effects': r.duplicatedEffects,
      receipts: r.platformReceipts,
      tombstones: r.tombstones,
      'line_done audits': r.lineDoneAudits,
      'jobs failed': r.jobsFailed,
    })),
  );
} finally {
  await admin.query(`drop database if exists ${templateName}`).catch(() => undefined);
  await admin.end();
}

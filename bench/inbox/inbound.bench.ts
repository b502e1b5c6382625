// Issue 16, "Measured": 1,000 messages delivered by a local client (nodemailer, a pooled transport, N
// connections in parallel) to the privacy mailbox: accepted per second, per-message latency, the time until all
// are on the inbox page and until all are processed (threaded, sender-checked, raw let go), peak memory of the
// process that runs the listener, and nothing lost (250 answers = rows stored = ids matched).
//
// Each run has a fresh database (a temporary DATA_DIR with embedded PGlite, or a scratch PostgreSQL database
// `privdesk_bench_inbox` created on the --url server and dropped after), created and migrated by the bench with
// a privacy officer's session in it before the listener starts. Kinds of run (--runs):
//
// - `server`: the built server (`node server/dist/main.js`) in a child process with INBOUND_SMTP_PORT set,
//   INBOUND_SENDER_LIMIT=100000, LOG_LEVEL=warn, SEED_DEMO=false. "On the inbox page" is read through the
//   page's own call, `GET /trpc/inbox.find` (show new, page size 1: its total), every 100 ms. "Processed" is
//   watched by `inbox.get` of the newest message (jobs are claimed in arrival order, one at a time), then read
//   exactly from the rows (max(auth_checked_at)) once the server has stopped. The sender checks use the
//   server's own resolver (one try, 1.5 s) on this machine's DNS.
// - `host`: the same listener and job worker wired as main.ts wires them (15 s poll), without the HTTP
//   server, in a process of their own (inbox-host.ts), with the sender checks' DNS lookups refused at once:
//   the cost of our code, not of the network. Counts come from SQL on the listener's own database handle.
// - `store`: storeInbound called in this process on the same messages, without SMTP: parsing alone, storing
//   one at a time, N at once; the CPU share of this process; on PostgreSQL, waiters for the audit chain's lock.
//
// Also (unless --no-limit-check): 1,000 messages from ONE sender to the built server with the default
// per-sender limit (60 in 10 minutes): 60 accepted, the rest answered 451; and, with --silent-dns N, N
// messages to the host whose sender checks ask a DNS server that never answers (the server's resolver
// settings against it: the timeout behaviour), on the first engine.
//
// Memory: the listener process's RSS (/proc) just before the first send, its peak sampled every 50 ms from
// then until all are processed, and its VmHWM. Times are from the first send.
//
// Run: npm run bench:inbox [-- --n 1000 --parallel 20 --repeat 2 --runs server,host,store --silent-dns 100
//        --url postgres://postgres@127.0.0.1:5432/test --engines pglite,postgres --no-limit-check]
//      (with --url, both engines unless --engines says otherwise)
import { awaitReady } from '../lib/server-child.js';
import { spawn, fork, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { createTransport } from 'nodemailer';
import pg from 'pg';
import { openDatabase, rowsOf, type Database } from '../../server/src/db/client.js';
import { staff } from '../../server/src/db/schema.js';
import { useAuditChainKey } from '../../server/src/features/audit/audit-chain.js';
import { createSession, sessionCookieName } from '../../server/src/features/auth/session.store.js';
import { readInbound, storeInbound } from '../../server/src/features/inbox/inbox-store.js';
import { createSecretBox } from '../../server/src/lib/tokens.js';
import { benchAppConfig, benchSecret } from '../requests/bench-config.js';
import type { HostMessage, HostOptions } from './inbox-host.js';

const root = path.resolve(import.meta.dirname, '../..');
const argv = process.argv.slice(2);
const arg = (name: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const n = Number(arg('n') ?? 1000);
const parallel = Number(arg('parallel') ?? 20);
const repeat = Number(arg('repeat') ?? 1);
const adminUrl = arg('url');
const engines = (arg('engines') ?? (adminUrl ? 'pglite,postgres' : 'pglite')).split(',') as Engine[];
const kinds = (arg('runs') ?? 'server,host,store').split(',');
const silentN = Number(arg('silent-dns') ?? 0);
const limitCheck = !argv.includes('--no-limit-check');
const scratchDb = 'privdesk_bench_inbox';
const privacyAddress = 'privacy@syncronis.net';
const mailFrom = 'Syncronis Privacy <privacy@syncronis.net>';
/** How long the run waits for the last message to be processed before it reports what it has. */
const processLimitMs = Number(arg('process-limit-s') ?? 900) * 1000;

type Engine = 'pglite' | 'postgres';
if (engines.includes('postgres') && !adminUrl) throw new Error('--url postgres://… is needed for postgres');

// ---------------------------------------------------------------------------------------------------------
// The messages: distinct senders, small plain or plain+HTML bodies, ~10 % with a small attachment.

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const firstNames = [
  'Robin',
  'Zoë',
  'Amir',
  'Katarzyna',
  'Liam',
  'Sofia',
  'Jürgen',
  'Aoife',
  'Mateo',
  'Priya',
];
const lastNames = [
  'Hale',
  'Okafor',
  'Müller',
  'Nowak',
  'Dubois',
  'Rossi',
  'Tanaka',
  'Silva',
  'Byrne',
  'Novak',
];
const domains = ['example.com', 'mail.example.org', 'example.net', 'post.example.de', 'inbox.example.fr'];
const asks: [string, string][] = [
  ['Please delete my account', 'please delete my account and all the personal data you hold about me'],
  [
    'Subject access request',
    'under Article 15 GDPR I ask for a copy of all the personal data you hold about me',
  ],
  ['Stop sending me marketing', 'please stop using my data for marketing and confirm you have done so'],
  ['Correct my address', 'my postal address on the account is wrong; please correct it to the one below'],
  ['Question about my data', 'which of your subprocessors receive my usage data, and in which countries'],
  ['Data portability request', 'please send me my project data in a machine-readable format (JSON or CSV)'],
];

interface Mail {
  from: string;
  to: string;
  subject: string;
  text: string;
  html?: string;
  attachments?: { filename: string; content: Buffer; contentType: string }[];
}

function messages(count: number, seed: number, oneSender?: string): Mail[] {
  const random = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  return Array.from({ length: count }, (_, i) => {
    const first = pick(firstNames);
    const last = pick(lastNames);
    const address =
      oneSender ??
      `${first.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()}.${last
        .normalize('NFD')
        .replace(/\p{M}/gu, '')
        .toLowerCase()}.${seed}.${i}@${pick(domains)}`;
    const [subject, ask] = pick(asks);
    const account = `SYN-${String(100000 + Math.floor(random() * 900000))}`;
    const paragraphs = [
      'Hello,',
      `I am a customer of Syncronis (account ${account}, this email address). I ${ask}.`,
      random() < 0.5
        ? 'I signed up in 2023 for the team plan and stopped using it last spring. I would like this handled ' +
          'within the time the law gives you, and a confirmation by email when it is done.'
        : 'Please tell me if you need anything else from me to verify who I am.',
      `Kind regards,\n${first} ${last}`,
    ];
    const text = paragraphs.join('\n\n');
    const mail: Mail = {
      from: `${first} ${last} <${address}>`,
      to: privacyAddress,
      subject: `${subject} (${account})`,
      text,
    };
    if (random() < 0.3) mail.html = paragraphs.map((p) => `<p>${p.replace(/\n/g, '<br>')}</p>`).join('\n');
    if (random() < 0.1) {
      const size = 20_000 + Math.floor(random() * 30_000);
      const content = Buffer.alloc(size);
      for (let b = 0; b < size; b++) content[b] = Math.floor(random() * 256);
      mail.attachments = [{ filename: 'id-document.pdf', content, contentType: 'application/pdf' }];
    }
    return mail;
  });
}

// ---------------------------------------------------------------------------------------------------------
// Sending.

interface Delivery {
  sent: number;
  accepted: { id: string; ms: number }[];
  refused: Map<string, number>;
  /** Wall-clock ms of the first send (Date.now()), and offsets from it. */
  startedAt: number;
  lastAcceptedMs: number;
  doneMs: number;
}

async function deliver(port: number, mails: Mail[], onStart: (t: number) => void): Promise<Delivery> {
  const transport = createTransport({
    host: '127.0.0.1',
    port,
    secure: false,
    ignoreTLS: true,
    pool: true,
    maxConnections: parallel,
  });
  const accepted: Delivery['accepted'] = [];
  const refused = new Map<string, number>();
  let next = 0;
  let lastAcceptedMs = 0;
  const startedAt = Date.now();
  const t0 = performance.now();
  onStart(t0);
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      for (let i = next++; i < mails.length; i = next++) {
        const mail = mails[i] as Mail;
        const started = performance.now();
        try {
          const info = (await transport.sendMail(mail)) as { response: string };
          const id = /Stored as ([0-9a-f-]{36})/.exec(info.response)?.[1];
          const at = performance.now();
          if (!id) throw Object.assign(new Error(info.response), { responseCode: 'no id' });
          accepted.push({ id, ms: at - started });
          lastAcceptedMs = Math.max(lastAcceptedMs, at - t0);
        } catch (error) {
          const e = error as { responseCode?: number | string; code?: string };
          const key = String(e.responseCode ?? e.code ?? 'error');
          refused.set(key, (refused.get(key) ?? 0) + 1);
        }
      }
    }),
  );
  const doneMs = performance.now() - t0;
  transport.close();
  return { sent: mails.length, accepted, refused, startedAt, lastAcceptedMs, doneMs };
}

// ---------------------------------------------------------------------------------------------------------
// Processes, ports, memory.

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

function vm(pid: number | undefined, field: 'VmRSS' | 'VmHWM'): number {
  if (!pid) return 0;
  try {
    const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m?.[1] ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Target {
  engine: Engine;
  dataDir: string;
  url?: string;
  cleanup(): Promise<void>;
}

async function freshTarget(engine: Engine): Promise<Target> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'privdesk-bench-inbox-'));
  if (engine === 'pglite')
    return {
      engine,
      dataDir,
      cleanup: () => Promise.resolve(rmSync(dataDir, { recursive: true, force: true })),
    };
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${scratchDb} with (force)`);
  await admin.query(`create database ${scratchDb}`);
  await admin.end();
  const url = new URL(adminUrl ?? '');
  url.pathname = `/${scratchDb}`;
  return {
    engine,
    dataDir,
    url: url.toString(),
    async cleanup() {
      rmSync(dataDir, { recursive: true, force: true });
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      await a.query(`drop database if exists ${scratchDb} with (force)`);
      await a.end();
    },
  };
}

function openTarget(target: Target, max = 2): Promise<Database> {
  return openDatabase(
    target.url
      ? { kind: 'postgres', url: target.url, max }
      : { kind: 'pglite', dataDir: path.join(target.dataDir, 'pglite') },
  );
}

/** Migrates the fresh database and makes a privacy officer's session for the inbox page's calls. */
async function officerCookie(target: Target): Promise<string> {
  const database = await openTarget(target);
  try {
    await database.migrate();
    const [officer] = await database.db
      .insert(staff)
      .values({ email: 'bench-officer@bench.example', name: 'Bench Officer', roles: ['privacy_officer'] })
      .returning({ id: staff.id });
    if (!officer) throw new Error('staff insert');
    const { token } = await createSession(
      database.db,
      benchAppConfig(),
      officer.id,
      'active',
      '127.0.0.1',
      new Date(),
    );
    return `${sessionCookieName}=${token}`;
  } finally {
    await database.close();
  }
}

/** The listener's process, whichever kind: its SMTP port, how to read the inbox, how to stop it. */
interface Listener {
  pid: number | undefined;
  smtpPort: number;
  /** Messages listed as new in the inbox. */
  listed(): Promise<number>;
  /** Whether the last of `expected` messages is processed (sender checked, raw let go). */
  processed(expected: number): Promise<boolean>;
  stop(): Promise<void>;
  logLines(): string[];
}

async function startServer(target: Target, cookie: string, senderLimit: number | null): Promise<Listener> {
  const port = await freePort();
  const smtpPort = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env))
    if (/^(DATABASE_URL|PLATFORM_DATABASE_URL|INBOUND_|SMTP_URL|SEED_DEMO|TEST_CLOCK)/.test(key))
      delete env[key];
  const child = spawn(process.execPath, ['server/dist/main.js'], {
    cwd: root,
    env: {
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      DATA_DIR: target.dataDir,
      SEED_DEMO: 'false',
      APP_SECRET: benchSecret,
      INBOUND_SMTP_PORT: String(smtpPort),
      ...(senderLimit === null ? {} : { INBOUND_SENDER_LIMIT: String(senderLimit) }),
      ...(target.url ? { DATABASE_URL: target.url } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const { lines, exited } = await awaitReady(child, base, { timeoutMs: 120_000 });
  const call = async <T>(procedure: string, input: unknown): Promise<T> => {
    const res = await fetch(`${base}/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify(input))}`, {
      headers: { cookie },
    });
    if (!res.ok) throw new Error(`${procedure}: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { result: { data: T } }).result.data;
  };
  let newest: string | null = null;
  return {
    pid: child.pid,
    smtpPort,
    listed: async () =>
      (await call<{ total: number }>('inbox.find', { show: 'new', page: 1, pageSize: 1 })).total,
    async processed(expected) {
      if (newest === null) {
        // The newest arrival is the last `inbox.process` job claimed (by run_at, then id: the list's order).
        const all = await call<{ total: number; items: { id: string }[] }>('inbox.find', {
          show: 'all',
          page: 1,
          pageSize: 1,
        });
        if (all.total < expected) return false;
        newest = all.items[0]?.id ?? null;
      }
      const got = await call<{ mail: { auth: unknown } }>('inbox.get', { id: newest });
      if (got.mail.auth === undefined) throw new Error('inbox.get: no auth field');
      return got.mail.auth !== null;
    },
    async stop() {
      if (exited() === null) {
        const gone = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await gone;
      }
    },
    logLines: () => lines,
  };
}

async function startHost(target: Target, senderLimit: number, dns: string): Promise<Listener> {
  const options: HostOptions = {
    dataDir: target.dataDir,
    ...(target.url ? { url: target.url } : {}),
    secret: benchSecret,
    senderLimit,
    dns,
    pollMs: 15_000,
    mailFrom,
    addresses: [privacyAddress],
  };
  const lines: string[] = [];
  const child: ChildProcess = fork(
    path.join(import.meta.dirname, 'inbox-host.ts'),
    [JSON.stringify(options)],
    {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    },
  );
  const keep = (chunk: Buffer) => lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const waiting: ((m: HostMessage) => void)[] = [];
  child.on('message', (m: HostMessage) => waiting.shift()?.(m));
  const next = () => new Promise<HostMessage>((resolve) => waiting.push(resolve));
  const ready = await Promise.race([
    next(),
    new Promise<never>((_, reject) =>
      child.once('exit', (code) => reject(new Error(`host exited (${code}):\n${lines.join('\n')}`))),
    ),
  ]);
  if (ready.type !== 'ready') throw new Error('host: expected ready');
  let asking: Promise<unknown> = Promise.resolve();
  const counts = () => {
    // One question at a time: the answers come back in order.
    const answer = asking.then(() => {
      const p = next();
      child.send('counts');
      return p;
    });
    asking = answer;
    return answer.then((m) => (m.type === 'counts' ? m : { rows: 0, fresh: 0, processed: 0 }));
  };
  return {
    pid: child.pid,
    smtpPort: ready.port,
    listed: async () => (await counts()).fresh,
    processed: async (expected) => (await counts()).processed >= expected,
    async stop() {
      if (child.exitCode !== null) return;
      const gone = new Promise((r) => child.once('exit', r));
      child.send('stop');
      await gone;
    },
    logLines: () => lines,
  };
}

// ---------------------------------------------------------------------------------------------------------
// One run.

interface Stored {
  rows: number;
  idsMatched: number;
  processed: number;
  rawCleared: number;
  receivedAudits: number;
  jobsDone: number;
  jobsFailed: number;
  jobsRetried: number;
  lastProcessedAt: number | null;
  /** Processed by the time of the last 250. */
  processedByLast250: number;
  /** `inbox.process` jobs: claimed-to-done time, each (ms), and the worker's idle stretches (> 2 s) in between. */
  jobMsP50: number;
  jobMsP95: number;
  jobWorkSeconds: number;
  idleGaps: number;
  idleSeconds: number;
  spf: Record<string, number>;
  dmarc: Record<string, number>;
  withAttachments: number;
  avgBytes: number;
}

async function stored(target: Target, ids: string[], lastAcceptedAt: number): Promise<Stored> {
  const database = await openTarget(target);
  try {
    const q = async <T>(query: ReturnType<typeof sql>) => rowsOf<T>(await database.db.execute(query));
    const rows = await q<{ id: string }>(sql`select id from inbound_mail`);
    const want = new Set(ids);
    const [mail] = await q<{
      processed: number;
      raw_cleared: number;
      last: string | Date | null;
      attachments: number;
      avg_bytes: number;
    }>(sql`select (count(*) filter (where auth_checked_at is not null))::int as processed,
            (count(*) filter (where raw is null))::int as raw_cleared,
            max(auth_checked_at) as last,
            (count(*) filter (where jsonb_array_length(attachments) > 0))::int as attachments,
            coalesce(avg(size_bytes), 0)::float8 as avg_bytes
          from inbound_mail`);
    const [jobs] = await q<{ done: number; failed: number; retried: number }>(
      sql`select (count(*) filter (where status = 'done'))::int as done,
            (count(*) filter (where status = 'failed'))::int as failed,
            (count(*) filter (where attempts > 1))::int as retried
          from jobs where kind = 'inbox.process'`,
    );
    const [early] = await q<{ n: number }>(
      sql`select count(*)::int as n from inbound_mail where auth_checked_at <= ${new Date(lastAcceptedAt).toISOString()}::timestamptz`,
    );
    const runs = await q<{ started: string | Date; finished: string | Date }>(
      sql`select started_at as started, finished_at as finished from jobs
          where kind = 'inbox.process' and status = 'done' order by finished_at`,
    );
    const jobMs = runs
      .map((j) => new Date(j.finished).getTime() - new Date(j.started).getTime())
      .sort((a, b) => a - b);
    let idleGaps = 0;
    let idleMs = 0;
    for (let i = 1; i < runs.length; i++) {
      const prev = runs[i - 1];
      const cur = runs[i];
      if (!prev || !cur) continue;
      const gap = new Date(cur.started).getTime() - new Date(prev.finished).getTime();
      if (gap > 2000) {
        idleGaps += 1;
        idleMs += gap;
      }
    }
    const [audits] = await q<{ n: number }>(
      sql`select count(*)::int as n from audit_events where action = 'inbox.received'`,
    );
    const verdicts = async (check: 'spf' | 'dmarc') =>
      Object.fromEntries(
        (
          await q<{ v: string | null; n: number }>(
            sql`select auth->${check}->>'verdict' as v, count(*)::int as n from inbound_mail group by 1 order by 2 desc`,
          )
        ).map((r) => [r.v ?? 'unchecked', r.n]),
      );
    return {
      rows: rows.length,
      idsMatched: rows.filter((r) => want.has(r.id)).length,
      processed: mail?.processed ?? 0,
      rawCleared: mail?.raw_cleared ?? 0,
      receivedAudits: audits?.n ?? 0,
      jobsDone: jobs?.done ?? 0,
      jobsFailed: jobs?.failed ?? 0,
      jobsRetried: jobs?.retried ?? 0,
      lastProcessedAt: mail?.last ? new Date(mail.last).getTime() : null,
      processedByLast250: early?.n ?? 0,
      jobMsP50: quantile(jobMs, 0.5),
      jobMsP95: quantile(jobMs, 0.95),
      jobWorkSeconds: jobMs.reduce((a, b) => a + b, 0) / 1000,
      idleGaps,
      idleSeconds: idleMs / 1000,
      spf: await verdicts('spf'),
      dmarc: await verdicts('dmarc'),
      withAttachments: mail?.attachments ?? 0,
      avgBytes: mail?.avg_bytes ?? 0,
    };
  } finally {
    await database.close();
  }
}

interface RunResult {
  engine: Engine;
  run: string;
  sent: number;
  accepted: number;
  refused: Record<string, number>;
  acceptSeconds: number;
  acceptedPerSecond: number;
  p50: number;
  p95: number;
  max: number;
  listedSeconds: number | null;
  processedSeconds: number | null;
  /** Time from the last 250 to the last message processed. */
  backlogSeconds: number | null;
  /** Sampled every 50 ms from just before the first send until all are processed. */
  peakRssMb: number;
  /** The process's high-water mark, start-up included. */
  hwmMb: number;
  rssBeforeMb: number;
  stored: Stored;
  warnings: number;
}

async function measure(
  engine: Engine,
  run: string,
  start: (target: Target, cookie: string) => Promise<Listener>,
  mails: Mail[],
  opts: { waitProcessed: boolean },
): Promise<RunResult> {
  const target = await freshTarget(engine);
  let listener: Listener | null = null;
  try {
    // Created and migrated here, so that neither kind of listener pays for a fresh PGlite's initdb (which
    // alone peaks at ~870 MB here) in its memory figures; the server's migrate then has nothing to do.
    const cookie = await officerCookie(target);
    listener = await start(target, cookie);
    const l = listener;
    await sleep(500);
    const rssBeforeMb = vm(l.pid, 'VmRSS');
    let peakSampled = rssBeforeMb;
    const sampler = setInterval(() => {
      peakSampled = Math.max(peakSampled, vm(l.pid, 'VmRSS'));
    }, 50);
    // The inbox page, polled from the first send until it lists every accepted message.
    let t0 = 0;
    let sending = true;
    let expected = mails.length;
    let listedAt: number | null = null;
    const poller = (async () => {
      while (t0 === 0) await sleep(1);
      for (;;) {
        const listed = await l.listed();
        const at = performance.now() - t0;
        if (!sending && listed >= expected) {
          listedAt = at;
          return;
        }
        if (!sending && at > processLimitMs) return;
        await sleep(100);
      }
    })();
    const delivery = await deliver(l.smtpPort, mails, (t) => {
      t0 = t;
    });
    expected = delivery.accepted.length;
    sending = false;
    await poller;
    let processedSeconds: number | null = null;
    if (opts.waitProcessed) {
      while (performance.now() - t0 < processLimitMs) {
        if (await l.processed(expected)) break;
        await sleep(500);
      }
    }
    clearInterval(sampler);
    const hwmMb = vm(l.pid, 'VmHWM');
    const peakRssMb = Math.max(peakSampled, vm(l.pid, 'VmRSS'));
    await l.stop();
    const warnings = l.logLines().length;
    if (warnings > 0)
      process.stdout.write(
        `  listener output (${warnings} lines):\n    ${l.logLines().slice(0, 10).join('\n    ')}\n`,
      );
    listener = null;
    const ids = delivery.accepted.map((a) => a.id);
    const s = await stored(target, ids, delivery.startedAt + delivery.lastAcceptedMs);
    if (opts.waitProcessed && s.lastProcessedAt !== null && s.processed === expected)
      processedSeconds = (s.lastProcessedAt - delivery.startedAt) / 1000;
    const latencies = delivery.accepted.map((a) => a.ms).sort((a, b) => a - b);
    const acceptSeconds = delivery.lastAcceptedMs / 1000;
    return {
      engine,
      run,
      sent: delivery.sent,
      accepted: delivery.accepted.length,
      refused: Object.fromEntries(delivery.refused),
      acceptSeconds,
      acceptedPerSecond: delivery.accepted.length / acceptSeconds,
      p50: quantile(latencies, 0.5),
      p95: quantile(latencies, 0.95),
      max: latencies.at(-1) ?? Number.NaN,
      listedSeconds: listedAt === null ? null : listedAt / 1000,
      processedSeconds,
      backlogSeconds: processedSeconds === null ? null : processedSeconds - acceptSeconds,
      peakRssMb,
      hwmMb,
      rssBeforeMb,
      stored: s,
      warnings,
    };
  } finally {
    await listener?.stop();
    await target.cleanup();
  }
}

// ---------------------------------------------------------------------------------------------------------
// Where an accepted message's time goes: storeInbound called directly in this process (no SMTP, no client),
// on the same 1,000 messages as nodemailer writes them: parsing alone, then storing one at a time, then
// `parallel` at once (PostgreSQL: a pool of 10, the server's default).

interface StoreResult {
  engine: Engine;
  parseP50: number;
  parseP95: number;
  storeP50: number;
  storeP95: number;
  sequentialPerSecond: number;
  parallelPerSecond: number;
  /** CPU time of this (the storing) process over wall time, one at a time and N at once: ~1 = one busy thread. */
  sequentialCpu: number;
  parallelCpu: number;
  /** PostgreSQL: stores waiting for the audit chain's advisory lock, sampled every 10 ms while N run at once. */
  chainLockWaiters: number | null;
}

async function storeOnly(engine: Engine, mails: Mail[]): Promise<StoreResult> {
  const target = await freshTarget(engine);
  try {
    const database = await openTarget(target, 10);
    try {
      await database.migrate();
      useAuditChainKey(createSecretBox(benchSecret));
      const composer = createTransport({ streamTransport: true, buffer: true });
      const raws: Buffer[] = [];
      for (const mail of mails) raws.push((await composer.sendMail(mail)).message as unknown as Buffer);
      const envelope = (raw: Buffer) => ({
        mailFrom: /^From: .*<([^>]+)>/m.exec(raw.toString('latin1'))?.[1] ?? '',
        rcptTo: [privacyAddress],
        remoteIp: '127.0.0.1',
        helo: '[127.0.0.1]',
      });
      const parse: number[] = [];
      for (const raw of raws) {
        const t = performance.now();
        await readInbound(raw);
        parse.push(performance.now() - t);
      }
      const store: number[] = [];
      const cpu = () => {
        const u = process.cpuUsage();
        return (u.user + u.system) / 1000;
      };
      const c1 = cpu();
      const t1 = performance.now();
      for (const raw of raws) {
        const t = performance.now();
        await storeInbound(database.db, envelope(raw), raw, new Date());
        store.push(performance.now() - t);
      }
      const sequentialMs = performance.now() - t1;
      const sequentialCpu = (cpu() - c1) / sequentialMs;
      let next = 0;
      // Who waits for whom: advisory-lock waiters (audit.writer.ts takes one per chained event), seen from
      // a connection of its own.
      const watcher = target.url ? new pg.Client({ connectionString: target.url }) : null;
      await watcher?.connect();
      const waiters: number[] = [];
      let watching = watcher !== null;
      const watch = (async () => {
        while (watching && watcher) {
          const r = await watcher.query<{ n: number }>(
            `select count(*)::int as n from pg_locks where locktype = 'advisory' and not granted`,
          );
          waiters.push(r.rows[0]?.n ?? 0);
          await sleep(10);
        }
      })();
      const c2 = cpu();
      const t2 = performance.now();
      await Promise.all(
        Array.from({ length: parallel }, async () => {
          for (let i = next++; i < raws.length; i = next++) {
            const raw = raws[i] as Buffer;
            await storeInbound(database.db, envelope(raw), raw, new Date());
          }
        }),
      );
      const parallelMs = performance.now() - t2;
      watching = false;
      await watch;
      await watcher?.end();
      const parallelCpu = (cpu() - c2) / parallelMs;
      parse.sort((a, b) => a - b);
      store.sort((a, b) => a - b);
      return {
        engine,
        parseP50: quantile(parse, 0.5),
        parseP95: quantile(parse, 0.95),
        storeP50: quantile(store, 0.5),
        storeP95: quantile(store, 0.95),
        sequentialPerSecond: raws.length / (sequentialMs / 1000),
        parallelPerSecond: raws.length / (parallelMs / 1000),
        sequentialCpu,
        parallelCpu,
        chainLockWaiters: waiters.length > 0 ? waiters.reduce((a, b) => a + b, 0) / waiters.length : null,
      };
    } finally {
      await database.close();
    }
  } finally {
    await target.cleanup();
  }
}

// ---------------------------------------------------------------------------------------------------------

const results: RunResult[] = [];
const storeResults: StoreResult[] = [];
const report = (r: RunResult) => {
  results.push(r);
  process.stdout.write(`${JSON.stringify(r)}\n`);
};
const silent = createSocket('udp4');
// A DNS server that never answers: every question is read and dropped.
silent.on('message', () => undefined);
await new Promise<void>((resolve) => silent.bind(0, '127.0.0.1', resolve));
const silentPort = silent.address().port;
try {
  for (const engine of engines) {
    for (let r = 1; r <= repeat; r++) {
      const mails = messages(n, 1600 + r);
      if (kinds.includes('server')) {
        process.stdout.write(`${engine}: built server, ${n} messages, ${parallel} connections (run ${r})\n`);
        report(
          await measure(engine, 'server', (t, c) => startServer(t, c, 100_000), mails, {
            waitProcessed: true,
          }),
        );
      }
      if (kinds.includes('host')) {
        process.stdout.write(`${engine}: listener + worker, DNS refused at once (run ${r})\n`);
        report(
          await measure(engine, 'host, DNS fails at once', (t) => startHost(t, 100_000, 'fail'), mails, {
            waitProcessed: true,
          }),
        );
      }
    }
    if (kinds.includes('store')) {
      process.stdout.write(`${engine}: storeInbound in this process, no SMTP\n`);
      const r = await storeOnly(engine, messages(n, 1601));
      storeResults.push(r);
      process.stdout.write(`${JSON.stringify(r)}\n`);
    }
    // Once, on the first engine: the wait is the resolver's, whichever database.
    if (silentN > 0 && engine === engines[0]) {
      process.stdout.write(`${engine}: listener + worker, ${silentN} messages, silent DNS server\n`);
      report(
        await measure(
          engine,
          'host, DNS never answers',
          (t) => startHost(t, 100_000, `silent:${silentPort}`),
          messages(silentN, 1700),
          { waitProcessed: true },
        ),
      );
    }
  }
  if (limitCheck) {
    const engine = engines[0] ?? 'pglite';
    process.stdout.write(`${engine}: built server, default sender limit, ${n} messages from one sender\n`);
    report(
      await measure(
        engine,
        'server, one sender, default limit',
        (t, c) => startServer(t, c, null),
        messages(n, 1800, 'one.sender@example.com'),
        { waitProcessed: false },
      ),
    );
  }
} finally {
  silent.close();
}

const s1 = (v: number | null) => (v === null ? '—' : `${v.toFixed(1)} s`);
const lines = [
  `${n} messages (${parallel} pooled connections), ${os.cpus().length} CPUs, Node ${process.version}`,
  '',
  '| engine | run | accepted / sent | refused | accepting took | accepted/s | latency p50 / p95 / max | all on the inbox page | all processed (backlog after the last 250) | rows / ids matched / `inbox.received` audits | processed / raw cleared | jobs failed | RSS before sending / peak while taking and processing / VmHWM |',
  '|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ...results.map((r) =>
    [
      '',
      r.engine === 'pglite' ? 'PGlite' : 'PostgreSQL',
      r.run,
      `${r.accepted} / ${r.sent}`,
      Object.entries(r.refused)
        .map(([code, count]) => `${count} × ${code}`)
        .join(', ') || '0',
      `${r.acceptSeconds.toFixed(2)} s`,
      r.acceptedPerSecond.toFixed(0),
      `${r.p50.toFixed(0)} / ${r.p95.toFixed(0)} / ${r.max.toFixed(0)} ms`,
      s1(r.listedSeconds),
      r.processedSeconds === null ? '—' : `${s1(r.processedSeconds)} (${s1(r.backlogSeconds)})`,
      `${r.stored.rows} / ${r.stored.idsMatched} / ${r.stored.receivedAudits}`,
      `${r.stored.processed} / ${r.stored.rawCleared}`,
      String(r.stored.jobsFailed),
      `${r.rssBeforeMb.toFixed(0)} / ${r.peakRssMb.toFixed(0)} / ${r.hwmMb.toFixed(0)} MB`,
      '',
    ]
      .join(' | ')
      .trim(),
  ),
  '',
  ...results.map(
    (r) =>
      `${r.engine} ${r.run}: zero lost ${r.accepted === r.stored.rows && r.stored.idsMatched === r.accepted ? 'yes' : 'NO'} ` +
      `(250 answers ${r.accepted} = rows ${r.stored.rows} = ids matched ${r.stored.idsMatched}); ` +
      `SPF ${JSON.stringify(r.stored.spf)}, DMARC ${JSON.stringify(r.stored.dmarc)}; ` +
      `${r.stored.withAttachments} with an attachment, ${r.stored.avgBytes.toFixed(0)} bytes on average; ` +
      `processed by the last 250: ${r.stored.processedByLast250}; inbox.process jobs p50 ${r.stored.jobMsP50.toFixed(1)} ms, ` +
      `p95 ${r.stored.jobMsP95.toFixed(1)} ms, ${r.stored.jobWorkSeconds.toFixed(1)} s of work in all; ` +
      `worker idle > 2 s between jobs: ${r.stored.idleGaps} times, ${r.stored.idleSeconds.toFixed(1)} s`,
  ),
];
if (storeResults.length > 0)
  lines.push(
    '',
    `| engine | parse (readInbound) p50 / p95 | storeInbound one at a time p50 / p95 | one at a time | ${parallel} at once | CPU of the storing process / wall (one at a time; ${parallel} at once) | waiting for the chain lock, mean (${parallel} at once) |`,
    '|---|---|---|---|---|---|---|',
    ...storeResults.map(
      (r) =>
        `| ${r.engine === 'pglite' ? 'PGlite' : 'PostgreSQL'} | ${r.parseP50.toFixed(2)} / ${r.parseP95.toFixed(2)} ms | ` +
        `${r.storeP50.toFixed(2)} / ${r.storeP95.toFixed(2)} ms | ${r.sequentialPerSecond.toFixed(0)}/s | ${r.parallelPerSecond.toFixed(0)}/s | ${r.sequentialCpu.toFixed(2)}; ${r.parallelCpu.toFixed(2)} | ${r.chainLockWaiters === null ? '—' : r.chainLockWaiters.toFixed(1)} |`,
    ),
  );
process.stdout.write(`\n${lines.join('\n')}\n`);

// Issue 17, "Measured": one authorised agent files 1,000 signed exercises over the Data Rights Protocol
// (DRP 0.9.4, `/drp`) against the built server, N in flight: accepted per second, per-call latency, nothing lost
// and nothing filed twice, replays refused, and the status callbacks of a sample of revoked requests delivered
// once each.
//
// Each run has a fresh database: a temporary DATA_DIR with embedded PGlite, or a scratch PostgreSQL database
// `privdesk_bench_drp_<timestamp>` created on the --url server and dropped after. The server is the built one
// (`node server/dist/main.js`) in a child process with
//   NODE_ENV=test (status callbacks to 127.0.0.1 allowed over http), SEED_DEMO=false, LOG_LEVEL=warn,
//   JOBS_POLL_SECONDS=1, DRP_AGENT_RATE_PER_MINUTE=1000000, DRP_AGENTS_FILE=<one bench agent>,
//   SMTP_URL=<a sink in this process that takes every message>
// and it creates and migrates the database itself. The agent is bench-side (server/src/testing/drp-agent.ts:
// an Ed25519 key pair, bodies signed as DRP 0.9.4 sends them). A callback receiver (node:http on 127.0.0.1, in
// this process) answers 200 to every POST and counts them by (request_id, status). The SMTP sink is there
// because a CCPA deletion or access request is acknowledged by mail on filing: without a mail server those
// 2 in 3 messages fail and are retried, in the one job queue the callbacks also wait in (`--smtp none`).
//
// Steps, each run:
// 1. POST /drp/v1/agent/{id}: the pair-wise token. (--warm: then `parallel` connections opened and answered
//    once, so that the burst goes over connections the server has already accepted.)
// 2. N exercises (signed beforehand, each with its own agent-request-id and a status_callback at the receiver;
//    sale:opt_out, deletion, access in turn), `parallel` in flight over Node's fetch: per-call latency, wall
//    time, answers by HTTP status. During it: the server process's CPU time ÷ wall time (/proc), its accept
//    queue (/proc/net/tcp), and on PostgreSQL what its connections wait on (pg_stat_activity, pg_locks:
//    the audit chain's advisory lock among them), sampled every 10 ms.
// 3. GET /drp/v1/data-rights-request/{id} for every request_id answered: 200, same agent-request-id.
//    Then `replays` of the accepted signed bodies sent again: each must be 409.
// 4. `revokes` of the filed requests (the middle of every N/revokes stride) revoked: DELETE …/{id} with a signed
//    body (`reason: "bench <i>"`, so that each signature differs — a signature is accepted once, and Ed25519
//    signs the same envelope to the same bytes), `parallel` in flight. Each revoke is a status change
//    (→ `revoked`) and one `drp.callback` job. The receiver is watched until it has a `revoked` for every one
//    (up to --callback-wait-s), then until it has heard nothing for 5 polls.
// 5. The server stops; the database is read: drp_requests rows, distinct agent_request_id, requests filed by
//    the agent, drp.callback jobs by status (= the callbacks expected), `status_sent` timeline entries,
//    `drp.status_sent` audit events, when the mail and callback jobs ran.
//
// --drain-mail: before step 4, wait until the acknowledgement mails are all sent (the sink quiet for 3 s),
// so that the callbacks are timed on an idle job queue.
//
// Run: npm run bench:drp [-- --n 1000 --parallel 50 --revokes 100 --replays 20 --warm --drain-mail
//        --url postgres://postgres@127.0.0.1:5432/postgres --engines pglite,postgres --callback-wait-s 180
//        --smtp none --server-log info]
//      (with --url, both engines unless --engines says otherwise). Writes bench/.out/drp-<engine>[-warm][-drained].json
//      (and with --server-log info, the server's whole output beside it). Exits 1 if anything was lost,
//      filed twice, replayed, or a callback missed or sent twice.
import { awaitReady } from '../lib/server-child.js';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { openDatabase, rowsOf, type Database } from '../../server/src/db/client.js';
import { TestDrpAgent } from '../../server/src/testing/drp-agent.js';
import { benchSecret } from '../requests/bench-config.js';

const root = path.resolve(import.meta.dirname, '../..');
const argv = process.argv.slice(2);
const arg = (name: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const n = Number(arg('n') ?? 1000);
const parallel = Number(arg('parallel') ?? 50);
const revokeCount = Math.min(n, Number(arg('revokes') ?? 100));
const replayCount = Math.min(n, Number(arg('replays') ?? 20));
const adminUrl = arg('url');
const engines = (arg('engines') ?? (adminUrl ? 'pglite,postgres' : 'pglite')).split(',') as Engine[];
const callbackWaitMs = Number(arg('callback-wait-s') ?? 180) * 1000;
const pollSeconds = Number(arg('poll-s') ?? 1);
/** `--smtp none`: no SMTP_URL (acknowledgement mails fail and are retried, sharing the worker with callbacks). */
const smtpSink = (arg('smtp') ?? 'sink') === 'sink';
/** The server's LOG_LEVEL (`warn`); at `info` each call's server-side time is logged: the whole output is
 * then kept in bench/.out/drp-<engine>-server.log. */
const serverLogLevel = arg('server-log') ?? 'warn';
/** Open the `parallel` connections (one answered call each) before filing starts. */
const warm = argv.includes('--warm');
/** Wait for the acknowledgement mails to be sent (the sink quiet for 3 s) before revoking. */
const drainMail = argv.includes('--drain-mail');
const agentId = 'BENCH_AGENT';
const businessId = 'SYNCRONIS';
const exercises = ['sale:opt_out', 'deletion', 'access'] as const;

type Engine = 'pglite' | 'postgres';
if (engines.includes('postgres') && !adminUrl) throw new Error('--url postgres://… is needed for postgres');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** user + system CPU of a process, in ms (/proc/<pid>/stat, clock ticks of 10 ms). */
function cpuMs(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

function vmMb(pid: number | undefined, key: 'VmRSS' | 'VmHWM'): number {
  if (!pid) return 0;
  try {
    const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** Connections the kernel completed but the server has not accepted yet: the LISTEN socket's rx_queue. */
function acceptQueue(port: number): number {
  try {
    const hex = port.toString(16).toUpperCase().padStart(4, '0');
    for (const line of readFileSync('/proc/net/tcp', 'utf8').split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f[1]?.endsWith(`:${hex}`) && f[3] === '0A') return parseInt(f[4]?.split(':')[1] ?? '0', 16);
    }
  } catch {
    // no /proc
  }
  return 0;
}

// ---------------------------------------------------------------------------------------------------------
// The database of one run.

interface Target {
  engine: Engine;
  dataDir: string;
  url?: string;
  database?: string;
  cleanup(): Promise<void>;
}

async function freshTarget(engine: Engine): Promise<Target> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'privdesk-bench-drp-'));
  if (engine === 'pglite')
    return {
      engine,
      dataDir,
      cleanup: () => Promise.resolve(rmSync(dataDir, { recursive: true, force: true })),
    };
  const name = `privdesk_bench_drp_${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl ?? '');
  url.pathname = `/${name}`;
  return {
    engine,
    dataDir,
    url: url.toString(),
    database: name,
    async cleanup() {
      rmSync(dataDir, { recursive: true, force: true });
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

function openTarget(target: Target): Promise<Database> {
  return openDatabase(
    target.url
      ? { kind: 'postgres', url: target.url, max: 2 }
      : { kind: 'pglite', dataDir: path.join(target.dataDir, 'pglite') },
  );
}

// ---------------------------------------------------------------------------------------------------------
// The callback receiver: every POST answered 200 and kept, with its arrival time.

interface Received {
  at: number;
  requestId: string;
  status: string;
  body: string;
}

async function startReceiver(): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const at = performance.now();
      const body = Buffer.concat(chunks).toString('utf8');
      if (req.method === 'POST') {
        let parsed: { request_id?: string; status?: string } = {};
        try {
          parsed = JSON.parse(body) as typeof parsed;
        } catch {
          // kept with empty fields: counted as unparsable
        }
        received.push({ at, requestId: parsed.request_id ?? '', status: parsed.status ?? '', body });
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/drp/status`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

// ---------------------------------------------------------------------------------------------------------
// A mail server that takes every message and keeps none: the acknowledgements a CCPA deletion or access
// request gets by itself go out through the job worker as they would to a real one (without SMTP_URL each
// would fail and be retried, in the same queue as the callbacks). Plain SMTP, no TLS, no auth.

async function startSmtpSink(): Promise<{ url: string; accepted: () => number; close(): Promise<void> }> {
  let accepted = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let buffer = '';
    let inData = false;
    socket.write('220 bench-sink ESMTP\r\n');
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('latin1');
      let end: number;
      while ((end = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (inData) {
          if (line === '.') {
            inData = false;
            accepted += 1;
            socket.write(`250 2.0.0 Ok: queued as bench${accepted}\r\n`);
          }
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO') socket.write('250-bench-sink\r\n250-8BITMIME\r\n250 SIZE 52428800\r\n');
        else if (verb === 'DATA') {
          inData = true;
          socket.write('354 End data with <CR><LF>.<CR><LF>\r\n');
        } else if (verb === 'QUIT') socket.end('221 2.0.0 Bye\r\n');
        else socket.write('250 2.0.0 Ok\r\n');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `smtp://127.0.0.1:${port}`,
    accepted: () => accepted,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

// ---------------------------------------------------------------------------------------------------------
// The server.

interface ServerProcess {
  pid: number | undefined;
  base: string;
  port: number;
  lines: string[];
  stop(): Promise<void>;
}

async function startServer(
  target: Target,
  agentsFile: string,
  smtpUrl: string | null,
): Promise<ServerProcess> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env))
    if (
      /^(DATABASE_URL|PLATFORM_DATABASE_URL|INBOUND_|SMTP_URL|SEED_DEMO|TEST_CLOCK|DRP_|PUBLIC_ORIGIN|JOBS_|NODE_ENV)/.test(
        key,
      )
    )
      delete env[key];
  const child = spawn(process.execPath, ['server/dist/main.js'], {
    cwd: root,
    env: {
      ...env,
      NODE_ENV: 'test',
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: serverLogLevel,
      DATA_DIR: target.dataDir,
      SEED_DEMO: 'false',
      APP_SECRET: benchSecret,
      JOBS_POLL_SECONDS: String(pollSeconds),
      DRP_BUSINESS_ID: businessId,
      DRP_AGENTS_FILE: agentsFile,
      DRP_AGENT_RATE_PER_MINUTE: '1000000',
      ...(target.url ? { DATABASE_URL: target.url } : {}),
      ...(smtpUrl ? { SMTP_URL: smtpUrl } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const { lines, exited } = await awaitReady(child, base, { timeoutMs: 180_000 });
  return {
    pid: child.pid,
    base,
    port,
    lines,
    async stop() {
      if (exited() === null) {
        const gone = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await gone;
      }
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// Calls.

interface Answer {
  status: number;
  ms: number;
  /** performance.now() when the answer was read. */
  at: number;
  json: Record<string, unknown> | null;
}

async function call(
  method: 'GET' | 'POST' | 'DELETE',
  url: string,
  token: string | null,
  body?: string,
): Promise<Answer> {
  const started = performance.now();
  try {
    const res = await fetch(url, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'text/plain' }),
      },
      ...(body === undefined ? {} : { body }),
    });
    const text = await res.text();
    const at = performance.now();
    let json: Record<string, unknown> | null = null;
    try {
      json = text ? (JSON.parse(text) as Record<string, unknown>) : null;
    } catch {
      json = null;
    }
    return { status: res.status, ms: at - started, at, json };
  } catch {
    const at = performance.now();
    return { status: 0, ms: at - started, at, json: null };
  }
}

/** Runs `work(i)` for i in [0, count), `width` at a time. */
async function pool<T>(count: number, width: number, work: (i: number) => Promise<T>): Promise<T[]> {
  const out = new Array<T>(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, count) }, async () => {
      for (let i = next++; i < count; i = next++) out[i] = await work(i);
    }),
  );
  return out;
}

const tally = (statuses: number[]) =>
  Object.fromEntries(
    [...statuses.reduce((m, s) => m.set(s, (m.get(s) ?? 0) + 1), new Map<number, number>())].sort(
      (a, b) => a[0] - b[0],
    ),
  ) as Record<string, number>;

// ---------------------------------------------------------------------------------------------------------
// One run.

interface RunResult {
  engine: Engine;
  n: number;
  parallel: number;
  cpus: number;
  node: string;
  loadAverageAtStart: number[];
  loadAverageAtEnd: number[];
  serverReadySeconds: number;
  tokenStatus: number;
  /** --warm: how long opening the connections took (null: not warmed, the burst opens them). */
  warmSeconds: number | null;
  /** --drain-mail: how long after the status checks and replays the mail queue took to empty. */
  mailDrainSeconds: number | null;
  exercise: {
    answers: Record<string, number>;
    accepted: number;
    wallSeconds: number;
    acceptedPerSecond: number;
    p50: number;
    p95: number;
    p99: number;
    max: number;
    answeredStatuses: Record<string, number>;
    distinctRequestIds: number;
    agentRequestIdMismatches: number;
    /** Server process CPU time ÷ wall time while filing (1 = one core busy). */
    serverCpu: number;
    /** This (the bench) process: CPU time ÷ wall time while filing. */
    benchCpu: number;
    /** PostgreSQL: transactions waiting for an advisory lock, mean and max of 10 ms samples. */
    advisoryWaitersMean: number | null;
    advisoryWaitersMax: number | null;
    /** PostgreSQL: the server's active connections by wait event, mean over the samples. */
    backendsMean: Record<string, number> | null;
    /** PostgreSQL: the statements waiting on a lock (first 100 characters), mean count over the samples. */
    waitingStatements: Record<string, number> | null;
    serverRssPeakMb: number;
    /** Connections waiting in the server's accept queue (sampled every 50 ms): the most, and when it last had one. */
    acceptQueueMax: number;
    acceptQueueEmptyAfterSeconds: number;
  };
  statusCheck: {
    calls: number;
    answers: Record<string, number>;
    agentRequestIdMatched: number;
    seconds: number;
  };
  replays: { sent: number; answers: Record<string, number>; refused409: number };
  revokes: {
    sent: number;
    answers: Record<string, number>;
    answeredRevoked: number;
    wallSeconds: number;
    p50: number;
    p95: number;
  };
  callbacks: {
    /** drp.callback jobs queued (read from the database after the run). */
    expected: number;
    /** The revoked sample's `revoked` callbacks (known while the run goes on). */
    expectedRevoked: number;
    received: number;
    receivedRevoked: number;
    distinctPairs: number;
    duplicates: number;
    unexpected: number;
    /** From the first revoke sent to the last `revoked` callback received. */
    allDeliveredSeconds: number | null;
    /** From the last revoke answered to the last `revoked` callback received. */
    afterLastRevokeSeconds: number | null;
    /** Per request: its revoke's answer to its callback's arrival. */
    lagP50: number | null;
    lagP95: number | null;
    lagMax: number | null;
    byStatus: Record<string, number>;
  };
  database: {
    drpRequests: number;
    distinctAgentRequestIds: number;
    agentRequestIdsMatched: number;
    requestsByAgentChannel: number;
    withdrawn: number;
    seenMessages: number;
    callbackJobs: Record<string, number>;
    callbackJobsRetried: number;
    statusSentEvents: number;
    statusSentAudits: number;
    jobsByKind: Record<string, number>;
    statusSeqSum: number;
    /** mail.send and drp.callback jobs: first started, last finished, the sum of their run times. */
    jobSpans: Record<string, { firstStartedAt: string; lastFinishedAt: string; workSeconds: number }>;
  };
  /** Wall-clock times (ISO) of the phases, to set against jobSpans. */
  phases: { filingStart: string; filingEnd: string; revokeStart: string; revokeEnd: string };
  /** Messages the SMTP sink took (null: no sink). */
  mailsAccepted: number | null;
  /** The server's output (warn and above), counted by message, with its first few lines. */
  serverLog: { counts: Record<string, number>; first: string[]; all: string[] };
  /** Every exercise call: when it was sent (ms from the first), how long it took, its HTTP status. */
  calls: { sentAtMs: number[]; ms: number[]; status: number[] };
}

function logSummary(lines: string[]): RunResult['serverLog'] {
  const counts: Record<string, number> = {};
  const kept = lines.filter((l) => !l.startsWith('Privacy Desk is ready'));
  for (const line of kept) {
    let key = line.slice(0, 80);
    try {
      const j = JSON.parse(line) as { level?: number; msg?: string; jobKind?: string };
      key = `${j.level ?? '?'} ${j.jobKind ? `${j.jobKind}: ` : ''}${j.msg ?? ''}`;
    } catch {
      // not JSON: its start
    }
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return {
    counts: serverLogLevel === 'warn' ? counts : {},
    first: serverLogLevel === 'warn' ? kept.slice(0, 5).map((l) => l.slice(0, 400)) : [],
    all: serverLogLevel === 'warn' ? [] : lines,
  };
}

async function run(engine: Engine): Promise<RunResult> {
  const target = await freshTarget(engine);
  const receiver = await startReceiver();
  const sink = smtpSink ? await startSmtpSink() : null;
  const agent = new TestDrpAgent(agentId, businessId);
  const agentsFile = path.join(target.dataDir, 'agents.json');
  writeFileSync(agentsFile, JSON.stringify([agent.entry('Bench Agent')], null, 2));
  let server: ServerProcess | null = null;
  const loadAverageAtStart = os.loadavg();
  try {
    const t0 = performance.now();
    server = await startServer(target, agentsFile, sink?.url ?? null);
    const s = server;
    const serverReadySeconds = (performance.now() - t0) / 1000;
    process.stdout.write(`  ready in ${serverReadySeconds.toFixed(1)} s\n`);

    // 1. The pair-wise token.
    const setup = await call('POST', `${s.base}/drp/v1/agent/${agentId}`, null, agent.setup(new Date()));
    const token = typeof setup.json?.token === 'string' ? setup.json.token : null;
    if (!token) throw new Error(`token setup answered ${setup.status}: ${JSON.stringify(setup.json)}`);

    // --warm: `parallel` connections opened and answered once (GET /drp/v1/agent/{id}) before the clock
    // starts, so that the burst goes over connections the server has already accepted.
    let warmSeconds: number | null = null;
    if (warm) {
      const w0 = performance.now();
      await pool(parallel, parallel, () => call('GET', `${s.base}/drp/v1/agent/${agentId}`, token));
      warmSeconds = (performance.now() - w0) / 1000;
      process.stdout.write(`  ${parallel} connections warmed in ${warmSeconds.toFixed(1)} s\n`);
    }

    // 2. The exercises, signed beforehand.
    const signedAt = new Date();
    const runTag = signedAt.getTime().toString(36);
    const agentRequestIds = Array.from(
      { length: n },
      (_, i) => `bench-${runTag}-${String(i).padStart(5, '0')}`,
    );
    const bodies = agentRequestIds.map((agentRequestId, i) =>
      agent.exercise(signedAt, {
        exercise: exercises[i % exercises.length],
        'agent-request-id': agentRequestId,
        status_callback: receiver.url,
        name: `Dana Agentfiled ${i}`,
        email: `dana.agentfiled.${runTag}.${i}@example.com`,
      }),
    );
    const watcher = target.url ? new pg.Client({ connectionString: target.url }) : null;
    await watcher?.connect();
    const waiters: number[] = [];
    // What the server's connections are doing (pg_stat_activity, active ones): running, or waiting on what
    // (Lock:advisory is the audit chain's lock; Lock:transactionid a row another transaction holds, such as
    // the year's reference counter; IO:WALSync the commit's flush). Summed over samples.
    const activity: Record<string, number> = {};
    /** The statements waiting on a lock, summed over the samples. */
    const lockedOn: Record<string, number> = {};
    let watching = watcher !== null;
    const watch = (async () => {
      while (watching && watcher) {
        const r = await watcher.query<{ n: number }>(
          `select count(*)::int as n from pg_locks where locktype = 'advisory' and not granted`,
        );
        waiters.push(r.rows[0]?.n ?? 0);
        const a = await watcher.query<{ w: string; n: number }>(
          `select coalesce(wait_event_type || ':' || wait_event, 'running') as w, count(*)::int as n
           from pg_stat_activity
           where datname = current_database() and state = 'active' and pid <> pg_backend_pid()
           group by 1`,
        );
        for (const row of a.rows) activity[row.w] = (activity[row.w] ?? 0) + row.n;
        const l = await watcher.query<{ q: string; n: number }>(
          `select left(regexp_replace(query, '\\s+', ' ', 'g'), 100) as q, count(*)::int as n
           from pg_stat_activity
           where datname = current_database() and wait_event_type = 'Lock' and pid <> pg_backend_pid()
           group by 1`,
        );
        for (const row of l.rows) lockedOn[row.q] = (lockedOn[row.q] ?? 0) + row.n;
        activity.samples = (activity.samples ?? 0) + 1;
        await sleep(10);
      }
    })();
    let rssPeak = vmMb(s.pid, 'VmRSS');
    const backlog: { t: number; n: number }[] = [];
    const sampler = setInterval(() => {
      rssPeak = Math.max(rssPeak, vmMb(s.pid, 'VmRSS'));
      backlog.push({ t: performance.now(), n: acceptQueue(s.port) });
    }, 50);
    const serverCpu0 = cpuMs(s.pid);
    const benchCpu0 = process.cpuUsage();
    const filingStart = new Date().toISOString();
    const e0 = performance.now();
    process.stdout.write(`  ${n} exercises, ${parallel} in flight\n`);
    const filed = await pool(n, parallel, (i) =>
      call('POST', `${s.base}/drp/v1/data-rights-request`, token, bodies[i]),
    );
    const exerciseWall = performance.now() - e0;
    const filingEnd = new Date().toISOString();
    const serverCpu = (cpuMs(s.pid) - serverCpu0) / exerciseWall;
    const benchUsage = process.cpuUsage(benchCpu0);
    const benchCpu = (benchUsage.user + benchUsage.system) / 1000 / exerciseWall;
    clearInterval(sampler);
    watching = false;
    await watch;
    await watcher?.end();
    const accepted = filed.filter((a) => a.status === 200);
    const latencies = filed.map((a) => a.ms).sort((a, b) => a - b);
    const requestIdOf = (a: Answer) => (typeof a.json?.request_id === 'string' ? a.json.request_id : null);
    const requestIds = filed.map(requestIdOf);
    const distinctRequestIds = new Set(requestIds.filter((id) => id !== null)).size;
    const agentRequestIdMismatches = filed.filter(
      (a, i) => a.status === 200 && a.json?.agent_request_id !== agentRequestIds[i],
    ).length;
    const answeredStatuses: Record<string, number> = {};
    for (const a of accepted) {
      const st = typeof a.json?.status === 'string' ? a.json.status : '?';
      answeredStatuses[st] = (answeredStatuses[st] ?? 0) + 1;
    }
    const nonOk = filed.filter((a) => a.status !== 200);
    if (nonOk.length > 0)
      process.stdout.write(
        `  non-200 answers: ${JSON.stringify(tally(nonOk.map((a) => a.status)))}, first: ${JSON.stringify(nonOk[0]?.json)}\n`,
      );

    // 3. Every request's status, then replays of accepted bodies.
    const c0 = performance.now();
    const statuses = await pool(n, parallel, (i) => {
      const id = requestIds[i];
      return id
        ? call('GET', `${s.base}/drp/v1/data-rights-request/${id}`, token)
        : Promise.resolve<Answer>({ status: -1, ms: 0, at: 0, json: null });
    });
    const statusSeconds = (performance.now() - c0) / 1000;
    const agentRequestIdMatched = statuses.filter(
      (a, i) => a.status === 200 && a.json?.agent_request_id === agentRequestIds[i],
    ).length;
    const replayIndexes = Array.from({ length: replayCount }, (_, k) =>
      Math.floor((k * n) / replayCount),
    ).filter((i) => filed[i]?.status === 200);
    const replays = await pool(replayIndexes.length, parallel, (k) =>
      call('POST', `${s.base}/drp/v1/data-rights-request`, token, bodies[replayIndexes[k] ?? 0]),
    );

    // --drain-mail: the acknowledgement mails (queued at filing, ahead of any callback in the one job queue)
    // all sent before the revokes, so that the callbacks' delivery is timed on an idle queue.
    let mailDrainSeconds: number | null = null;
    if (drainMail && sink) {
      const d0 = performance.now();
      let seen = sink.accepted();
      for (let quiet = 0; quiet < 3 && performance.now() - d0 < callbackWaitMs;) {
        await sleep(1000);
        quiet = sink.accepted() === seen && seen > 0 ? quiet + 1 : 0;
        seen = sink.accepted();
      }
      mailDrainSeconds = (performance.now() - d0) / 1000;
      process.stdout.write(`  ${seen} mails sent; waited ${mailDrainSeconds.toFixed(1)} s\n`);
    }

    // 4. Revoke a sample: each a status change → one callback.
    // The middle of each n/revokes stride (the replays took the start of theirs: any overlap is harmless).
    const revokeIndexes = Array.from({ length: revokeCount }, (_, k) =>
      Math.floor(((k + 0.5) * n) / revokeCount),
    ).filter((i) => requestIds[i] !== null);
    const revokedIds = revokeIndexes.map((i) => requestIds[i] as string);
    const revokeAt = new Date();
    const revokeBodies = revokeIndexes.map((i) =>
      agent.sign(agent.envelope(revokeAt, { reason: `bench ${i}` })),
    );
    process.stdout.write(`  ${revokedIds.length} revokes\n`);
    const revokeStart = new Date().toISOString();
    const r0 = performance.now();
    const revokes = await pool(revokedIds.length, parallel, (k) =>
      call('DELETE', `${s.base}/drp/v1/data-rights-request/${revokedIds[k]}`, token, revokeBodies[k]),
    );
    const revokeWall = performance.now() - r0;
    const revokeEnd = new Date().toISOString();
    const lastRevokeAnswer = Math.max(...revokes.map((a) => a.at));
    const want = new Set(revokedIds.filter((_, k) => revokes[k]?.status === 200));
    const revokedReceived = () =>
      new Set(
        receiver.received
          .filter((r) => r.status === 'revoked' && want.has(r.requestId))
          .map((r) => r.requestId),
      );
    const waitStart = performance.now();
    while (revokedReceived().size < want.size && performance.now() - waitStart < callbackWaitMs)
      await sleep(50);
    const lastRevokedAt = (() => {
      const got = receiver.received.filter((r) => r.status === 'revoked' && want.has(r.requestId));
      return got.length === want.size && want.size > 0 ? Math.max(...got.map((r) => r.at)) : null;
    })();
    // Anything else queued (a status change we did not cause) has a few polls to arrive.
    let count = receiver.received.length;
    for (let quiet = 0; quiet < 5 * pollSeconds;) {
      await sleep(1000);
      quiet = receiver.received.length === count ? quiet + 1 : 0;
      count = receiver.received.length;
    }
    const loadAverageAtEnd = os.loadavg();
    await s.stop();
    server = null;

    // 5. The database.
    const database = await openTarget(target);
    const q = async <T>(query: ReturnType<typeof sql>) => rowsOf<T>(await database.db.execute(query));
    let dbFigures: RunResult['database'];
    try {
      const [drp] = await q<{ rows: number; distinct_ids: number; seq: number }>(
        sql`select count(*)::int as rows, count(distinct agent_request_id)::int as distinct_ids,
              coalesce(sum(status_seq), 0)::int as seq
            from drp_requests where agent_id = ${agentId}`,
      );
      const ids = await q<{ id: string }>(
        sql`select agent_request_id as id from drp_requests where agent_id = ${agentId}`,
      );
      const wanted = new Set(agentRequestIds);
      const [reqs] = await q<{ n: number; withdrawn: number }>(
        sql`select count(*)::int as n, (count(*) filter (where status = 'withdrawn'))::int as withdrawn
            from requests where channel = 'authorised_agent'`,
      );
      const [seen] = await q<{ n: number }>(sql`select count(*)::int as n from drp_seen_messages`);
      const jobs = await q<{ status: string; n: number; retried: number }>(
        sql`select status, count(*)::int as n, (count(*) filter (where attempts > 1))::int as retried
            from jobs where kind = 'drp.callback' group by status`,
      );
      const kinds = await q<{ kind: string; n: number }>(
        sql`select kind, count(*)::int as n from jobs group by kind order by kind`,
      );
      const spans = await q<{ kind: string; first: string | Date; last: string | Date; work_ms: number }>(
        sql`select kind, min(started_at) as first, max(finished_at) as last,
              coalesce(sum(extract(epoch from finished_at - started_at) * 1000), 0)::float8 as work_ms
            from jobs where kind in ('mail.send', 'drp.callback') and finished_at is not null group by kind`,
      );
      const [sent] = await q<{ n: number }>(
        sql`select count(*)::int as n from request_events where kind = 'drp' and data->>'event' = 'status_sent'`,
      );
      const [audits] = await q<{ n: number }>(
        sql`select count(*)::int as n from audit_events where action = 'drp.status_sent'`,
      );
      dbFigures = {
        drpRequests: drp?.rows ?? 0,
        distinctAgentRequestIds: drp?.distinct_ids ?? 0,
        agentRequestIdsMatched: ids.filter((r) => wanted.has(r.id)).length,
        requestsByAgentChannel: reqs?.n ?? 0,
        withdrawn: reqs?.withdrawn ?? 0,
        seenMessages: seen?.n ?? 0,
        callbackJobs: Object.fromEntries(jobs.map((j) => [j.status, j.n])),
        callbackJobsRetried: jobs.reduce((a, j) => a + j.retried, 0),
        statusSentEvents: sent?.n ?? 0,
        statusSentAudits: audits?.n ?? 0,
        jobsByKind: Object.fromEntries(kinds.map((k) => [k.kind, k.n])),
        statusSeqSum: drp?.seq ?? 0,
        jobSpans: Object.fromEntries(
          spans.map((j) => [
            j.kind,
            {
              firstStartedAt: new Date(j.first).toISOString(),
              lastFinishedAt: new Date(j.last).toISOString(),
              workSeconds: j.work_ms / 1000,
            },
          ]),
        ),
      };
    } finally {
      await database.close();
    }

    const pairs = new Map<string, number>();
    for (const r of receiver.received)
      pairs.set(`${r.requestId} ${r.status}`, (pairs.get(`${r.requestId} ${r.status}`) ?? 0) + 1);
    const duplicates = [...pairs.values()].reduce((a, c) => a + (c - 1), 0);
    const knownIds = new Set(requestIds.filter((id) => id !== null));
    const byStatus: Record<string, number> = {};
    for (const r of receiver.received) byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
    const lags = revokedIds
      .map((id, k) => {
        const got = receiver.received.find((r) => r.requestId === id && r.status === 'revoked');
        const answered = revokes[k];
        return got && answered ? got.at - answered.at : null;
      })
      .filter((v) => v !== null)
      .sort((a, b) => a - b);
    const expected = Object.values(dbFigures.callbackJobs).reduce((a, b) => a + b, 0);
    const revokeLatencies = revokes.map((a) => a.ms).sort((a, b) => a - b);
    return {
      engine,
      n,
      parallel,
      cpus: os.cpus().length,
      node: process.version,
      loadAverageAtStart,
      loadAverageAtEnd,
      serverReadySeconds,
      tokenStatus: setup.status,
      warmSeconds,
      mailDrainSeconds,
      exercise: {
        answers: tally(filed.map((a) => a.status)),
        accepted: accepted.length,
        wallSeconds: exerciseWall / 1000,
        acceptedPerSecond: accepted.length / (exerciseWall / 1000),
        p50: quantile(latencies, 0.5),
        p95: quantile(latencies, 0.95),
        p99: quantile(latencies, 0.99),
        max: latencies.at(-1) ?? Number.NaN,
        answeredStatuses,
        distinctRequestIds,
        agentRequestIdMismatches,
        serverCpu,
        benchCpu,
        advisoryWaitersMean: waiters.length > 0 ? waiters.reduce((a, b) => a + b, 0) / waiters.length : null,
        advisoryWaitersMax: waiters.length > 0 ? Math.max(...waiters) : null,
        backendsMean:
          activity.samples === undefined
            ? null
            : Object.fromEntries(
                Object.entries(activity)
                  .filter(([k]) => k !== 'samples')
                  .sort((x, y) => y[1] - x[1])
                  .map(([k, v]) => [k, Math.round((v / (activity.samples ?? 1)) * 100) / 100]),
              ),
        serverRssPeakMb: rssPeak,
        waitingStatements:
          activity.samples === undefined
            ? null
            : Object.fromEntries(
                Object.entries(lockedOn)
                  .sort((x, y) => y[1] - x[1])
                  .slice(0, 4)
                  .map(([k, v]) => [k, Math.round((v / (activity.samples ?? 1)) * 100) / 100]),
              ),
        acceptQueueMax: Math.max(0, ...backlog.map((b) => b.n)),
        acceptQueueEmptyAfterSeconds: (() => {
          const last = backlog.findLast((b) => b.n > 0);
          return last ? (last.t - e0) / 1000 : 0;
        })(),
      },
      statusCheck: {
        calls: statuses.filter((a) => a.status !== -1).length,
        answers: tally(statuses.map((a) => a.status)),
        agentRequestIdMatched,
        seconds: statusSeconds,
      },
      replays: {
        sent: replays.length,
        answers: tally(replays.map((a) => a.status)),
        refused409: replays.filter((a) => a.status === 409).length,
      },
      revokes: {
        sent: revokes.length,
        answers: tally(revokes.map((a) => a.status)),
        answeredRevoked: revokes.filter((a) => a.status === 200 && a.json?.status === 'revoked').length,
        wallSeconds: revokeWall / 1000,
        p50: quantile(revokeLatencies, 0.5),
        p95: quantile(revokeLatencies, 0.95),
      },
      callbacks: {
        expected,
        expectedRevoked: want.size,
        received: receiver.received.length,
        receivedRevoked: revokedReceived().size,
        distinctPairs: pairs.size,
        duplicates,
        unexpected: receiver.received.filter((r) => !knownIds.has(r.requestId)).length,
        allDeliveredSeconds: lastRevokedAt === null ? null : (lastRevokedAt - r0) / 1000,
        afterLastRevokeSeconds: lastRevokedAt === null ? null : (lastRevokedAt - lastRevokeAnswer) / 1000,
        lagP50: lags.length > 0 ? quantile(lags, 0.5) : null,
        lagP95: lags.length > 0 ? quantile(lags, 0.95) : null,
        lagMax: lags.at(-1) ?? null,
        byStatus,
      },
      database: dbFigures,
      mailsAccepted: sink?.accepted() ?? null,
      phases: { filingStart, filingEnd, revokeStart, revokeEnd },
      serverLog: logSummary(s.lines),
      calls: {
        sentAtMs: filed.map((a) => Math.round(a.at - a.ms - e0)),
        ms: filed.map((a) => Math.round(a.ms)),
        status: filed.map((a) => a.status),
      },
    };
  } finally {
    await server?.stop();
    await receiver.close();
    await sink?.close();
    await target.cleanup();
  }
}

// ---------------------------------------------------------------------------------------------------------

const results: RunResult[] = [];
mkdirSync(path.join(root, 'bench/.out'), { recursive: true });
for (const engine of engines) {
  process.stdout.write(`${engine}: built server, one agent, ${n} exercises\n`);
  const r = await run(engine);
  results.push(r);
  const kind = `${engine}${warm ? '-warm' : ''}${drainMail ? '-drained' : ''}`;
  const file = path.join(root, `bench/.out/drp-${kind}.json`);
  if (serverLogLevel !== 'warn')
    writeFileSync(path.join(root, `bench/.out/drp-${kind}-server.log`), `${r.serverLog.all.join('\n')}\n`);
  const { all: _all, ...log } = r.serverLog;
  writeFileSync(file, `${JSON.stringify({ ...r, serverLog: log }, null, 2)}\n`);
  process.stdout.write(`  written ${path.relative(root, file)}\n`);
  if (r.serverLog.first.length > 0)
    process.stdout.write(
      `  server output by message: ${JSON.stringify(r.serverLog.counts)}\n    ${r.serverLog.first.join('\n    ')}\n`,
    );
}

const label = (e: Engine) => (e === 'pglite' ? 'PGlite' : 'PostgreSQL');
const s1 = (v: number | null) => (v === null ? '—' : `${v.toFixed(1)} s`);
const ms = (v: number | null) => (v === null ? '—' : v.toFixed(0));
const answers = (a: Record<string, number>) =>
  Object.entries(a)
    .map(([code, count]) => `${count} × ${code}`)
    .join(', ');
const lines = [
  `${n} signed exercises, ${parallel} in flight; ${revokeCount} revoked; ${replayCount} replays; ${os.cpus().length} CPUs, Node ${process.version}`,
  '',
  '| engine | answers | filing took | accepted/s | latency p50 / p95 / p99 / max | server CPU ÷ wall | advisory-lock waiters mean / max | lost | duplicated | replays refused (409) | callbacks expected / received / duplicated | all delivered (from first revoke; after last revoke answered) | callback lag p50 / p95 |',
  '|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ...results.map((r) => {
    const lost = n - r.database.agentRequestIdsMatched;
    const duplicated = r.database.drpRequests - r.database.distinctAgentRequestIds;
    return [
      '',
      `${label(r.engine)}${r.warmSeconds === null ? '' : ', warm connections'}${r.mailDrainSeconds === null ? '' : ', mail queue drained before revoking'}`,
      answers(r.exercise.answers),
      `${r.exercise.wallSeconds.toFixed(2)} s`,
      r.exercise.acceptedPerSecond.toFixed(0),
      `${ms(r.exercise.p50)} / ${ms(r.exercise.p95)} / ${ms(r.exercise.p99)} / ${ms(r.exercise.max)} ms`,
      r.exercise.serverCpu.toFixed(2),
      r.exercise.advisoryWaitersMean === null
        ? '—'
        : `${r.exercise.advisoryWaitersMean.toFixed(1)} / ${r.exercise.advisoryWaitersMax}`,
      String(lost),
      String(duplicated),
      `${r.replays.refused409} / ${r.replays.sent}`,
      `${r.callbacks.expected} / ${r.callbacks.received} / ${r.callbacks.duplicates}`,
      `${s1(r.callbacks.allDeliveredSeconds)}; ${s1(r.callbacks.afterLastRevokeSeconds)}`,
      `${ms(r.callbacks.lagP50)} / ${ms(r.callbacks.lagP95)} ms`,
      '',
    ]
      .join(' | ')
      .trim();
  }),
  '',
  ...results.map(
    (r) =>
      `${r.engine}: drp_requests ${r.database.drpRequests}, distinct agent_request_id ${r.database.distinctAgentRequestIds}, ` +
      `ids matched ${r.database.agentRequestIdsMatched}/${n}, distinct request_id answered ${r.exercise.distinctRequestIds}; ` +
      `status GETs ${answers(r.statusCheck.answers)} (${r.statusCheck.agentRequestIdMatched} matched, ${r.statusCheck.seconds.toFixed(1)} s); ` +
      `count after replays ${r.database.drpRequests}; revokes ${answers(r.revokes.answers)} (${r.revokes.answeredRevoked} revoked, ` +
      `${r.revokes.wallSeconds.toFixed(2)} s, p50 ${ms(r.revokes.p50)} ms); withdrawn ${r.database.withdrawn}; ` +
      `drp.callback jobs ${JSON.stringify(r.database.callbackJobs)} (retried ${r.database.callbackJobsRetried}); ` +
      `status_sent events ${r.database.statusSentEvents}, audits ${r.database.statusSentAudits}; ` +
      `callbacks by status ${JSON.stringify(r.callbacks.byStatus)}; status answered at filing ${JSON.stringify(r.exercise.answeredStatuses)}; ` +
      `jobs ${JSON.stringify(r.database.jobsByKind)}; mails taken by the sink ${r.mailsAccepted ?? '—'}; bench CPU ÷ wall ${r.exercise.benchCpu.toFixed(2)}; ` +
      `${r.exercise.backendsMean ? `backends while filing (mean) ${JSON.stringify(r.exercise.backendsMean)}; ` : ''}` +
      `${r.exercise.waitingStatements ? `waiting on a lock (mean) ${JSON.stringify(r.exercise.waitingStatements)}; ` : ''}` +
      `accept queue max ${r.exercise.acceptQueueMax}, last non-empty ${r.exercise.acceptQueueEmptyAfterSeconds.toFixed(1)} s; ` +
      `server RSS peak ${r.exercise.serverRssPeakMb.toFixed(0)} MB; load ${r.loadAverageAtStart[0]?.toFixed(1)} → ${r.loadAverageAtEnd[0]?.toFixed(1)}`,
  ),
];
process.stdout.write(`\n${lines.join('\n')}\n`);
const failed = results.some(
  (r) =>
    r.database.agentRequestIdsMatched !== n ||
    r.database.drpRequests !== n ||
    r.replays.refused409 !== r.replays.sent ||
    r.callbacks.duplicates !== 0 ||
    r.callbacks.received !== r.callbacks.expected,
);
if (failed) {
  process.stdout.write('\nCHECK FAILED: lost, duplicated, replay accepted, or callbacks missing / twice\n');
  process.exitCode = 1;
}

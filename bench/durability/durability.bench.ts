// What durability costs the embedded database, and the proof that a commit is synced before its answer.
//
// 1. Commit latency on a data directory, PGlite as shipped (fsync off, nothing reaches the disk) against the
//    app's durable settings (server/src/db/durable-pglite.ts): single-row commits, and a write shaped like
//    the app's (row lock, update, timeline insert, chain lock, chain head, audit insert).
// 2. With strace on the machine: each acknowledged commit is preceded by an fsync(2) of a pg_wal file.
//
// Run: npm run bench:durability   (DATA_DIR's disk is measured: set TMPDIR to the disk that holds ./data)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { durablePgliteOptions } from '../../server/src/db/durable-pglite.js';

const root = path.resolve(import.meta.dirname, '../..');
const commits = 300;

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
const summary = (times: number[]) => {
  const sorted = [...times].sort((a, b) => a - b);
  const total = times.reduce((a, b) => a + b, 0);
  return {
    median: quantile(sorted, 0.5),
    p95: quantile(sorted, 0.95),
    perSecond: (times.length / total) * 1000,
  };
};

async function latencies(mode: 'shipped' | 'durable') {
  const dir = mkdtempSync(path.join(os.tmpdir(), `privdesk-durability-${mode}-`));
  try {
    const client = await PGlite.create(mode === 'durable' ? durablePgliteOptions(dir) : { dataDir: dir });
    await client.exec(`
      create table item (id int primary key, version int not null default 0, status text not null default 'new');
      create table timeline (id serial primary key, item int not null, body text not null);
      create table chain (id int primary key, head text not null);
      create table audit (id serial primary key, item int not null, hash text not null);
      insert into chain values (1, 'genesis');
      insert into item (id) select g from generate_series(1, ${commits}) g;`);
    const single: number[] = [];
    for (let i = 0; i < commits; i++) {
      const started = performance.now();
      await client.query('update item set version = version + 1 where id = $1', [i + 1]);
      single.push(performance.now() - started);
    }
    const shaped: number[] = [];
    for (let i = 0; i < commits; i++) {
      const started = performance.now();
      await client.transaction(async (tx) => {
        await tx.query('select id from item where id = $1 for update', [i + 1]);
        await tx.query(`update item set version = version + 1, status = 'triaged' where id = $1`, [i + 1]);
        await tx.query('insert into timeline (item, body) values ($1, $2)', [i + 1, 'moved to triaged']);
        const head = await tx.query<{ head: string }>('select head from chain where id = 1 for update');
        await tx.query('insert into audit (item, hash) values ($1, $2)', [
          i + 1,
          `${head.rows[0]?.head ?? ''}+`,
        ]);
        await tx.query('update chain set head = $1 where id = 1', [`h${i}`]);
      });
      shaped.push(performance.now() - started);
    }
    await client.close();
    return { single: summary(single), shaped: summary(shaped) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function straceProof(mode: 'shipped' | 'durable', count: number): string {
  if (spawnSync('strace', ['-V']).status !== 0) return 'strace not on this machine: proof skipped';
  const dir = mkdtempSync(path.join(os.tmpdir(), `privdesk-strace-${mode}-`));
  const trace = path.join(dir, 'trace.txt');
  try {
    const tsx = path.join(root, 'node_modules/.bin/tsx');
    const probe = path.join(import.meta.dirname, 'commit-probe.ts');
    const run = spawnSync(
      'strace',
      [
        '-f',
        '-qq',
        '-e',
        'trace=openat,fsync,fdatasync,write',
        '-o',
        trace,
        tsx,
        probe,
        path.join(dir, 'db'),
        mode,
        String(count),
      ],
      { cwd: root, encoding: 'utf8' },
    );
    if (run.status !== 0) return `probe failed: ${run.stderr.slice(0, 300)}`;
    // Follow descriptors through openat, then, between consecutive "ack" writes, look for an fsync of pg_wal.
    const files = new Map<string, string>();
    let walSyncs = 0;
    let started = false;
    let acked = 0;
    let acksAfterSync = 0;
    for (const line of readFileSync(trace, 'utf8').split('\n')) {
      const open = /openat\(AT_FDCWD, "([^"]+)".*\) = (\d+)$/.exec(line);
      if (open?.[1] && open[2]) files.set(open[2], open[1]);
      const sync = /\b(fsync|fdatasync)\((\d+)\)/.exec(line);
      if (sync?.[2] && started && files.get(sync[2])?.includes('/pg_wal/')) walSyncs++;
      if (/write\(1, "ready\\n"/.test(line)) started = true;
      if (/write\(1, "ack \d+\\n"/.test(line)) {
        acked++;
        if (walSyncs > 0) acksAfterSync++;
        walSyncs = 0;
      }
    }
    return `${acksAfterSync} of ${acked} acknowledged commits had an fsync(2) of a pg_wal file before the acknowledgement`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const fmt = (n: number) => n.toFixed(2);
console.log(`Commit latency on ${os.tmpdir()} (${commits} commits each; ms)`);
console.log(
  '| settings | single-row commit median / p95 | commits/s | app-shaped write median / p95 | writes/s |',
);
console.log('|---|---|---|---|---|');
for (const mode of ['shipped', 'durable'] as const) {
  const { single, shaped } = await latencies(mode);
  console.log(
    `| ${mode === 'shipped' ? 'PGlite as shipped (fsync off)' : 'durable (fsync on, WAL fsync)'} | ${fmt(single.median)} / ${fmt(single.p95)} | ${single.perSecond.toFixed(0)} | ${fmt(shaped.median)} / ${fmt(shaped.p95)} | ${shaped.perSecond.toFixed(0)} |`,
  );
}
for (const mode of ['shipped', 'durable'] as const) console.log(`strace, ${mode}: ${straceProof(mode, 20)}`);

/**
 * What logging a view of personal data in clear costs a read (issue 9, item 5; target ≤ 2 ms a read), beside
 * the queue benchmark: an officer's request page and queue page, as the service answers them, without and
 * with the access-log write (server/src/features/audit/view-log.ts), on a durable embedded database with the
 * demo data — so the write's commit sync is in the figure — and then how fast the chainer empties the log.
 *
 *   npm run bench:views     [--runs 300]     (TMPDIR on the data disk; takes about a minute)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { arrayContains, sql } from 'drizzle-orm';
import { requestFindInputSchema } from '@privdesk/shared';
import { openDatabase } from '../../server/src/db/client.js';
import { piiAccessLog, requests, staff } from '../../server/src/db/schema.js';
import { useAuditChainKey } from '../../server/src/features/audit/audit-chain.js';
import { chainViews } from '../../server/src/features/audit/view-chainer.js';
import { viewLogged } from '../../server/src/features/audit/view-log.js';
import { findRequests, getRequest } from '../../server/src/features/requests/request-read.js';
import { seedDemo } from '../../server/src/demo/seed-demo.js';
import { createLogger } from '../../server/src/lib/logger.js';
import { actorFrom } from '../../server/src/lib/service.js';
import { createSecretBox } from '../../server/src/lib/tokens.js';

const argv = process.argv.slice(2);
const runsArg = argv.indexOf('--runs');
const runs = runsArg >= 0 ? Number(argv[runsArg + 1]) : 300;
const keys = createSecretBox('bench-secret-bench-secret-bench-secret-00');
useAuditChainKey(keys);
const log = createLogger('silent');

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  return { median: at(0.5), p95: at(0.95) };
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'privdesk-views-'));
const database = await openDatabase({ kind: 'pglite', dataDir: dir });
try {
  await database.migrate();
  await seedDemo(database.db, keys, new Date());
  const [officer] = await database.db
    .select({ id: staff.id })
    .from(staff)
    .where(arrayContains(staff.roles, ['privacy_officer']));
  if (!officer) throw new Error('no officer');
  const ids = (await database.db.select({ id: requests.id }).from(requests)).map((r) => r.id);
  const deps = () => ({
    db: database.db,
    log,
    now: new Date(),
    actor: actorFrom({ staffId: officer.id, roles: ['privacy_officer'] }),
  });
  const page = requestFindInputSchema.parse({ page: 1, pageSize: 50 });

  const cases = {
    'request page (requests.get)': {
      plain: (i: number) => getRequest(deps(), ids[i % ids.length] ?? ''),
      logged: (i: number) =>
        viewLogged(
          deps(),
          keys,
          { surface: 'request', entityType: 'request' },
          (d) => getRequest(d, ids[i % ids.length] ?? ''),
          (out) => [out.id],
        ),
    },
    'queue page of 50 (requests.find)': {
      plain: () => findRequests(deps(), page),
      logged: () =>
        viewLogged(
          deps(),
          keys,
          { surface: 'queue', entityType: 'request' },
          (d) => findRequests(d, page),
          (out) => out.items.map((r) => r.id),
        ),
    },
  };
  const lines = [
    `PGlite on ${os.tmpdir()} (durable), demo data (${ids.length} requests), ${runs} reads each, ms`,
    '',
    '| read | without the log: median / p95 | with the log: median / p95 | cost (median) |',
    '|---|---|---|---|',
  ];
  for (const [name, run] of Object.entries(cases)) {
    for (let i = 0; i < 20; i++) await run.plain(i); // warm-up
    for (let i = 0; i < 20; i++) await run.logged(i);
    const plain: number[] = [];
    const logged: number[] = [];
    // Interleaved, so drift on a busy machine falls on both alike.
    for (let i = 0; i < runs; i++) {
      let t = performance.now();
      await run.plain(i);
      plain.push(performance.now() - t);
      t = performance.now();
      await run.logged(i);
      logged.push(performance.now() - t);
    }
    const a = stats(plain);
    const b = stats(logged);
    lines.push(
      `| ${name} | ${a.median.toFixed(2)} / ${a.p95.toFixed(2)} | ${b.median.toFixed(2)} / ${b.p95.toFixed(2)} | **${(b.median - a.median).toFixed(2)}** |`,
    );
  }
  const [pending] = await database.db
    .select({ n: sql<number>`count(*)::int` })
    .from(piiAccessLog)
    .where(sql`${piiAccessLog.chainedSeq} is null`);
  const t = performance.now();
  const chained = await chainViews(database.db);
  const chainMs = performance.now() - t;
  lines.push(
    '',
    `Chaining the backlog: ${chained} of ${pending?.n ?? 0} rows in ${chainMs.toFixed(0)} ms (${((chainMs / Math.max(chained, 1)) * 1000).toFixed(0)} µs a row, batches of 200).`,
  );
  process.stdout.write(`${lines.join('\n')}\n`);
} finally {
  await database.close();
  rmSync(dir, { recursive: true, force: true });
}

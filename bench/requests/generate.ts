/**
 * Fills a database with N fictional requests for the queue benchmark (realistic spread, batch inserts).
 *
 *   cd /work/main && npx tsx bench/requests/generate.ts --n 100000 [--dir bench/.out/requests-pglite | --url postgres://…]
 *
 * The database must be new (PGlite: an empty or missing directory; PostgreSQL: an empty database): the
 * references are numbered from 1 per year.
 */
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { insertDataset } from '../../server/src/demo/request-dataset.js';
import { requests, staff } from '../../server/src/db/schema.js';
import { openBenchDatabase, parseArgs } from './bench-db.js';

const args = parseArgs(process.argv.slice(2));
const started = performance.now();
const database = await openBenchDatabase(args);
try {
  await database.migrate();
  const [existing] = await database.db.select({ n: sql<number>`count(*)::int` }).from(requests);
  if ((existing?.n ?? 0) > 0)
    throw new Error('The benchmark database already holds requests; use a new one.');
  const officers = await database.db
    .insert(staff)
    .values(
      [
        'Bench Officer One',
        'Bench Officer Two',
        'Bench Officer Three',
        'Bench Officer Four',
        'Bench Officer Five',
        'Bench Officer Six',
      ].map((name, i): typeof staff.$inferInsert => ({
        email: `bench-officer-${i + 1}@bench.example`,
        name,
        roles: ['privacy_officer'],
      })),
    )
    .returning({ id: staff.id });
  await database.db
    .insert(staff)
    .values({ email: 'bench-manager@bench.example', name: 'Bench Manager', roles: ['manager'] });
  const counts = await insertDataset(
    database.db,
    {
      seed: 20260401,
      customers: Math.max(150, Math.round(args.n / 5)),
      requests: args.n,
      now: new Date(),
      spanDays: 730,
      officerIds: officers.map((o) => o.id),
      timeline: 'full',
    },
    (done) => {
      if (done % 10_000 === 0)
        process.stdout.write(`  ${done} requests (${Math.round(performance.now() - started)} ms)\n`);
    },
  );
  // What autovacuum would have done after a bulk load (statistics and the visibility map, without which
  // index-only scans visit the heap): PGlite has no autovacuum, and this machine's PostgreSQL runs without it.
  await database.db.execute(sql`vacuum analyze`);
  process.stdout.write(
    `Generated ${counts.requests} requests, ${counts.customers} customers, ${counts.events} timeline events on ${database.kind} in ${Math.round(performance.now() - started)} ms\n`,
  );
} finally {
  await database.close();
}

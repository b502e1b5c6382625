// Child of durability.bench.ts, run under strace: opens an embedded database with the app's settings, commits
// a few transactions and, after each answer, writes "ack N" to stdout, so the trace shows whether a sync of
// the WAL came between the commit and its acknowledgement.
import { writeSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { durablePgliteOptions } from '../../server/src/db/durable-pglite.js';

const [dataDir, mode, count] = process.argv.slice(2) as [string, 'durable' | 'shipped', string];
const client = await PGlite.create(mode === 'durable' ? durablePgliteOptions(dataDir) : { dataDir });
await client.exec('create table if not exists probe (id serial primary key, at timestamptz default now())');
writeSync(1, 'ready\n');
for (let i = 1; i <= Number(count); i++) {
  await client.transaction(async (tx) => {
    await tx.query('insert into probe default values');
  });
  writeSync(1, `ack ${i}\n`);
}
await client.close();

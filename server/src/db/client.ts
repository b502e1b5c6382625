import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { durablePgliteOptions } from './durable-pglite.js';
import * as schema from './schema.js';

export type Schema = typeof schema;
/** One type for both drivers: services never know which database they run on. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
export type DbOrTx = Db | Tx;

export const migrationsFolder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../drizzle');

/**
 * The contrib extensions the schema uses, loaded into every embedded database (PostgreSQL ships them in its
 * contrib package): `pg_trgm` for trigram indexes behind substring searches.
 */
export const pgliteExtensions = { pg_trgm };

/** An embedded database with the extensions the migrations create. */
export function createPglite(options: PGliteOptions = {}): Promise<PGlite> {
  return PGlite.create({ ...options, extensions: { ...options.extensions, ...pgliteExtensions } });
}

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  migrate(): Promise<void>;
  /** Applied migrations versus those shipped; readiness needs them equal. */
  migrationStatus(): Promise<{ applied: number; shipped: number }>;
  close(): Promise<void>;
}

export type DatabaseTarget =
  | { kind: 'pglite'; dataDir?: string; pglite?: PGlite }
  | {
      kind: 'postgres';
      url: string;
      max?: number;
      /** An idle pooled connection failed (server restart, backend terminated): it is dropped and replaced. */
      onIdleError?: (error: Error) => void;
    };

export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  if (target.kind === 'pglite') {
    if (target.dataDir) mkdirSync(target.dataDir, { recursive: true });
    // On disk the embedded database is durable (see durable-pglite.ts); in memory (tests) there is no disk.
    const client =
      target.pglite ?? (await createPglite(target.dataDir ? durablePgliteOptions(target.dataDir) : {}));
    // PGlite's pages live in memory: a random read costs about what a sequential one does. With the default
    // (4) the planner prefers hash joins over whole tables to a few thousand primary-key lookups.
    await client.exec('set random_page_cost = 1.1');
    const db: Db = drizzlePglite(client, { schema });
    return {
      db,
      kind: 'pglite',
      migrate: () => migratePglite(drizzlePglite(client, { schema }), { migrationsFolder }),
      migrationStatus: () => migrationStatus(db),
      close: () => client.close(),
    };
  }
  // As on PGlite (above): the queue's working set is cached, so random reads are not 4× sequential ones. And no
  // JIT: it compiles for tens of milliseconds to save less on queries that take tens of milliseconds (the
  // dashboard's open requests at 1,000,000 rows paid 46 ms of compilation for a 220 ms scan; bench/RESULTS.md).
  const pool = new pg.Pool({
    connectionString: target.url,
    max: target.max ?? 10,
    options: '-c random_page_cost=1.1 -c jit=off',
  });
  // Without a listener an idle connection's error (a restarted server, a terminated backend) is an unhandled
  // 'error' event that ends the process; the pool drops that connection and opens another when needed.
  pool.on('error', (error) => target.onIdleError?.(error));
  const db: Db = drizzlePg(pool, { schema });
  return {
    db,
    kind: 'postgres',
    migrate: () => migratePg(drizzlePg(pool, { schema }), { migrationsFolder }),
    migrationStatus: () => migrationStatus(db),
    close: () => pool.end(),
  };
}

async function migrationStatus(db: Db): Promise<{ applied: number; shipped: number }> {
  const { readFile } = await import('node:fs/promises');
  const journal = JSON.parse(await readFile(path.join(migrationsFolder, 'meta/_journal.json'), 'utf8')) as {
    entries: unknown[];
  };
  // Before the first migration the bookkeeping table does not exist: nothing is applied yet.
  const applied = await db
    .execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`)
    .then((rows) => Number(rowsOf<{ n: number }>(rows)[0]?.n ?? 0))
    .catch(() => 0);
  return { applied, shipped: journal.entries.length };
}

/** node-postgres returns `{ rows }`, PGlite returns `{ rows }` too; this keeps callers driver-blind. */
export function rowsOf<T>(result: unknown): T[] {
  if (result && typeof result === 'object' && 'rows' in result && Array.isArray(result.rows))
    return result.rows as T[];
  return [];
}

/**
 * The customer-directory benchmark's database: PostgreSQL when a URL is given, else an embedded PGlite data
 * directory (`--pglite DIR`, default bench/.out/customers-pglite). Both are brought to the app's schema first.
 */
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { createPglite, openDatabase, type Db } from '../../server/src/db/client.js';
import { durablePgliteOptions } from '../../server/src/db/durable-pglite.js';
import * as schema from '../../server/src/db/schema.js';

export interface CustomersBenchArgs {
  n: number;
  url: string | undefined;
  dir: string;
}

export function argOf(argv: readonly string[], name: string): string | undefined {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
}

export function parseCustomersArgs(argv: readonly string[], defaultN: number): CustomersBenchArgs {
  return {
    n: Number(argOf(argv, 'n') ?? defaultN),
    url: argOf(argv, 'url'),
    dir: path.resolve(argOf(argv, 'pglite') ?? 'bench/.out/customers-pglite'),
  };
}

/** One statement as the driver received it. */
export interface Statement {
  text: string;
  values: unknown[];
}

/** A database for the service (with a statement logger that records while `capture` is set) and a raw query. */
export interface BenchConnection {
  kind: 'postgres' | 'pglite';
  db: Db;
  /** Runs one statement outside the ORM (EXPLAIN, transaction control); rows as objects. */
  query(text: string, values?: unknown[]): Promise<Record<string, unknown>[]>;
  /** While set, every statement the ORM sends is appended. */
  capture: Statement[] | null;
  close(): Promise<void>;
}

export async function connect(args: CustomersBenchArgs): Promise<BenchConnection> {
  const conn = { capture: null } as BenchConnection;
  const logger = {
    logQuery(text: string, values: unknown[]) {
      conn.capture?.push({ text, values });
    },
  };
  if (args.url) {
    const migrator = await openDatabase({ kind: 'postgres', url: args.url, max: 1 });
    await migrator.migrate();
    await migrator.close();
    // One connection, as openDatabase configures it, so that the ORM and the raw statements share a session.
    const pool = new pg.Pool({ connectionString: args.url, max: 1, options: '-c random_page_cost=1.1' });
    conn.kind = 'postgres';
    conn.db = drizzlePg(pool, { schema, logger });
    conn.query = async (text, values = []) =>
      (await pool.query(text, values)).rows as Record<string, unknown>[];
    conn.close = () => pool.end();
    return conn;
  }
  const client: PGlite = await createPglite(durablePgliteOptions(args.dir));
  // The app's own opening (random_page_cost) and migrations, on this client.
  const app = await openDatabase({ kind: 'pglite', pglite: client });
  await app.migrate();
  conn.kind = 'pglite';
  conn.db = drizzlePglite(client, { schema, logger });
  conn.query = async (text, values = []) => (await client.query<Record<string, unknown>>(text, values)).rows;
  conn.close = () => client.close();
  return conn;
}

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { createPglite } from '../db/client.js';
import * as platformSchema from './platform.schema.js';

export type PlatformSchema = typeof platformSchema;
/** One type for both drivers, as the app's `Db`: the connector never knows where the platform lives. */
export type PlatformDb = PgDatabase<PgQueryResultHKT, PlatformSchema>;
export type PlatformTx = PgTransaction<
  PgQueryResultHKT,
  PlatformSchema,
  ExtractTablesWithRelations<PlatformSchema>
>;
export type PlatformDbOrTx = PlatformDb | PlatformTx;

export const platformMigrationsFolder = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../drizzle-platform',
);

/**
 * Its own bookkeeping table, inside its own schema: on a shared database the app's migrations
 * (`drizzle.__drizzle_migrations`) and the platform's never read each other's rows, so neither takes the
 * other's applied migrations for its own.
 */
export const platformMigrationConfig = {
  migrationsFolder: platformMigrationsFolder,
  migrationsTable: '__platform_migrations',
  migrationsSchema: 'platform',
} as const;

/** Any drizzle database over PGlite or node-postgres, whatever its schema: the app's `Db` in the demo. */
export type SharedDrizzle = PgDatabase<PgQueryResultHKT, Record<string, unknown>>;

/**
 * Where the platform's tables live: in the app's own database (`shared`: the embedded demo's default), an
 * embedded database of their own (tests), or a PostgreSQL server named by PLATFORM_DATABASE_URL.
 */
export type PlatformTarget =
  | { kind: 'shared'; db: SharedDrizzle }
  | { kind: 'pglite'; pglite?: PGlite }
  | {
      kind: 'postgres';
      url: string;
      max?: number;
      /** An idle pooled connection failed (server restart): the pool drops it and opens another when needed. */
      onIdleError?: (error: Error) => void;
    };

export interface PlatformDatabase {
  db: PlatformDb;
  kind: PlatformTarget['kind'];
  migrate(): Promise<void>;
  /** Ends the connection this opened; a shared database is left to the app, which opened it. */
  close(): Promise<void>;
}

/** PLATFORM_DATABASE_URL when set; otherwise the app's own database. */
export function platformTargetFor(
  url: string | undefined,
  appDb: SharedDrizzle,
  onIdleError?: (error: Error) => void,
): PlatformTarget {
  return url
    ? { kind: 'postgres', url, ...(onIdleError ? { onIdleError } : {}) }
    : { kind: 'shared', db: appDb };
}

export async function openPlatformDatabase(target: PlatformTarget): Promise<PlatformDatabase> {
  switch (target.kind) {
    case 'shared':
      return onSharedConnection(target.db);
    case 'pglite': {
      const client = target.pglite ?? (await createPglite());
      return { ...onPglite(client), kind: 'pglite', close: () => client.close() };
    }
    case 'postgres': {
      const pool = new pg.Pool({ connectionString: target.url, max: target.max ?? 5 });
      // Without a listener an idle connection's error is an unhandled 'error' event that ends the process.
      pool.on('error', (error) => target.onIdleError?.(error));
      return { ...onPool(pool), kind: 'postgres', close: () => pool.end() };
    }
  }
}

function onPglite(client: PGlite): Pick<PlatformDatabase, 'db' | 'migrate'> {
  const db = drizzlePglite(client, { schema: platformSchema });
  return { db, migrate: () => migratePglite(db, platformMigrationConfig) };
}

function onPool(pool: pg.Pool | pg.Client): Pick<PlatformDatabase, 'db' | 'migrate'> {
  const db = drizzlePg(pool, { schema: platformSchema });
  return { db, migrate: () => migratePg(db, platformMigrationConfig) };
}

/**
 * The app's connection under the platform's schema. Drizzle keeps the driver's client on `$client`; a new
 * drizzle instance over the same client shares its connection (and PGlite's single session) without opening
 * another.
 */
function onSharedConnection(db: SharedDrizzle): PlatformDatabase {
  const client = '$client' in db ? db.$client : undefined;
  const opened =
    client instanceof PGlite
      ? onPglite(client)
      : client instanceof pg.Pool || client instanceof pg.Client
        ? onPool(client)
        : undefined;
  if (!opened)
    throw new Error(
      'The platform can share only a database opened on PGlite or node-postgres, not a transaction.',
    );
  return { ...opened, kind: 'shared', close: () => Promise.resolve() };
}

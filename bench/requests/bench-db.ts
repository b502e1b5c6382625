/** Opening the benchmark database: a PGlite data directory, or PostgreSQL when a URL is given (one connection, so its backend's CPU can be read). */
import path from 'node:path';
import { openDatabase, type Database } from '../../server/src/db/client.js';

export interface BenchArgs {
  n: number;
  url: string | undefined;
  dir: string;
}

export function parseArgs(argv: readonly string[]): BenchArgs {
  const get = (name: string): string | undefined => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  return {
    n: Number(get('n') ?? 100_000),
    url: get('url') ?? process.env.BENCH_DATABASE_URL,
    dir: path.resolve(get('dir') ?? 'bench/.out/requests-pglite'),
  };
}

/** Opened and brought to the app's schema, as the app does at start-up (a database generated before the
 * latest migration still measures today's code). */
export async function openBenchDatabase(args: BenchArgs): Promise<Database> {
  const database = args.url
    ? await openDatabase({ kind: 'postgres', url: args.url, max: 1 })
    : await openDatabase({ kind: 'pglite', dataDir: args.dir });
  await database.migrate();
  return database;
}

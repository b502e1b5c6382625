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

export function openBenchDatabase(args: BenchArgs): Promise<Database> {
  return args.url
    ? openDatabase({ kind: 'postgres', url: args.url, max: 1 })
    : openDatabase({ kind: 'pglite', dataDir: args.dir });
}

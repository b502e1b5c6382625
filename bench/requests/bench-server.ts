/**
 * The real server on a benchmark database, in a process of its own (as in production, where the clients
 * are browsers elsewhere): one signed-in officer session, compression and the access log as always.
 * Prints one line of JSON, `{ "port": …, "cookie": "…" }`, once it listens; stops on SIGTERM.
 *
 *   npx tsx bench/requests/bench-server.ts --url postgres://…/privdesk_bench [--port 0]
 */
import { eq } from 'drizzle-orm';
import { openDatabase } from '../../server/src/db/client.js';
import { staff } from '../../server/src/db/schema.js';
import { createLogger } from '../../server/src/lib/logger.js';
import { benchAppConfig, listenSignedIn } from './bench-config.js';

const argv = process.argv.slice(2);
const arg = (name: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const url = arg('url');
if (!url) throw new Error('--url postgres://…');
const config = benchAppConfig();
const log = createLogger('silent');
const database = await openDatabase({ kind: 'postgres', url, max: 8 });
const [officer] = await database.db
  .select({ id: staff.id })
  .from(staff)
  .where(eq(staff.email, 'bench-officer-1@bench.example'));
if (!officer) throw new Error('Run bench/requests/generate.ts first.');
const { app, port, cookie } = await listenSignedIn(
  database,
  log,
  config,
  officer.id,
  Number(arg('port') ?? 0),
);
process.stdout.write(`${JSON.stringify({ port, cookie })}\n`);
process.on('SIGTERM', () => {
  void app
    .close()
    .then(() => database.close())
    .then(() => process.exit(0));
});

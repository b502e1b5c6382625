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
import { createSession, sessionCookieName } from '../../server/src/features/auth/session.store.js';
import { buildServer } from '../../server/src/http/server.js';
import { createLogger } from '../../server/src/lib/logger.js';
import { benchAppConfig } from './bench-config.js';

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
const { token } = await createSession(database.db, config, officer.id, 'active', '127.0.0.1', new Date());
const app = await buildServer({
  database,
  log,
  config,
  webDist: null,
  allowedOrigins: [],
  secureCookies: false,
});
await app.listen({ port: Number(arg('port') ?? 0), host: '127.0.0.1' });
const address = app.server.address();
const port = typeof address === 'object' && address ? address.port : 0;
process.stdout.write(`${JSON.stringify({ port, cookie: `${sessionCookieName}=${token}` })}\n`);
process.on('SIGTERM', () => {
  void app
    .close()
    .then(() => database.close())
    .then(() => process.exit(0));
});

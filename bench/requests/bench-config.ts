import type { Database } from '../../server/src/db/client.js';
import { useAuditChainKey } from '../../server/src/features/audit/audit-chain.js';
import { createSession, sessionCookieName } from '../../server/src/features/auth/session.store.js';
import { buildServer } from '../../server/src/http/server.js';
import type { RootLogger } from '../../server/src/lib/logger.js';
import { createSecretBox } from '../../server/src/lib/tokens.js';
import type { AppConfig } from '../../server/src/trpc/context.js';

/** The key of the benchmark databases' sealed values (the server needs it as APP_SECRET there). */
export const benchSecret = 'bench-secret-bench-secret-bench-secret-00';

/** The server's settings in the request benchmarks: an hour's sessions, no rate limit on masked searches. */
export function benchAppConfig(): AppConfig {
  return {
    sessionIdleMs: 3_600_000,
    sessionMaxMs: 12 * 3_600_000,
    secretBox: createSecretBox(benchSecret),
    allowDemoSignIn: false,
    maskedSearchesPerMinute: 1_000_000,
    auditCheckpointFile: null,
    slowDown: () => Promise.resolve(),
    mailFrom: 'Syncronis Privacy <privacy@syncronis.net>',
    mailCapture: false,
    inboundAddresses: ['privacy@syncronis.net'],
  };
}

/** The real server (no web build) listening on loopback, and a signed-in session of this staff member for it. */
export async function listenSignedIn(
  database: Database,
  log: RootLogger,
  config: AppConfig,
  staffId: string,
  port = 0,
): Promise<{ app: Awaited<ReturnType<typeof buildServer>>; port: number; cookie: string }> {
  // As the server's start-up does: audited calls (the export) sign their events with this key.
  useAuditChainKey(config.secretBox);
  const { token } = await createSession(database.db, config, staffId, 'active', '127.0.0.1', new Date());
  const app = await buildServer({
    database,
    log,
    config,
    webDist: null,
    allowedOrigins: [],
    secureCookies: false,
  });
  await app.listen({ port, host: '127.0.0.1' });
  const address = app.server.address();
  return {
    app,
    port: typeof address === 'object' && address ? address.port : 0,
    cookie: `${sessionCookieName}=${token}`,
  };
}

import type { Role } from '@privdesk/shared';
import { createSession, sessionCookieName } from '../features/auth/session.store.js';
import { buildServer } from '../http/server.js';
import type { RootLogger } from '../lib/logger.js';
import type { MovableClock } from '../lib/test-clock.js';
import type { StandInLedger } from '../demo/stand-in-receiver.js';
import { testLog, type TestApp } from './test-app.js';

/** The real HTTP server on a test app's database, for tests that go over the wire (inject). */
export function testServer(
  app: TestApp,
  opts: {
    secureCookies?: boolean;
    log?: RootLogger;
    bodyLimitBytes?: number;
    webDist?: string;
    /** The clock the server's procedures and public pages read (journeys that span days). */
    now?: () => Date;
    testClock?: MovableClock;
    /** The demo's stand-in subprocessor on this server. */
    standIn?: StandInLedger;
  } = {},
) {
  return buildServer({
    database: app.database,
    log: opts.log ?? testLog,
    config: app.config,
    webDist: opts.webDist ?? null,
    allowedOrigins: [],
    secureCookies: opts.secureCookies ?? false,
    ...(opts.bodyLimitBytes === undefined ? {} : { bodyLimitBytes: opts.bodyLimitBytes }),
    ...(opts.now === undefined ? {} : { now: opts.now }),
    ...(opts.testClock === undefined ? {} : { testClock: opts.testClock }),
    ...(opts.standIn === undefined ? {} : { standIn: opts.standIn }),
  });
}

/** A new staff member with these roles and a session, as the cookie header that carries it. */
export async function sessionCookieFor(
  app: TestApp,
  roles: Role[],
  state: 'active' | 'mfa' = 'active',
): Promise<{ cookie: string; staffId: string }> {
  const person = await app.addStaff(roles);
  const session = await createSession(app.database.db, app.config, person.id, state, '127.0.0.1', new Date());
  return { cookie: `${sessionCookieName}=${session.token}`, staffId: person.id };
}

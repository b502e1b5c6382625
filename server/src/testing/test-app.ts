import { useAuditChainKey } from '../features/audit/audit-chain.js';
import { defaultMaskedSearchesPerMinute } from '../features/audit/search-audit.js';
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import type { Role } from '@privdesk/shared';
import type { Database } from '../db/client.js';
import { staff } from '../db/schema.js';
import { createSession } from '../features/auth/session.store.js';
import { pino } from 'pino';
import { testLogFile } from '../env.js';
import { createLogger } from '../lib/logger.js';
import { hashPassword } from '../lib/passwords.js';
import { createSecretBox } from '../lib/tokens.js';
import { newTotpSecret } from '../lib/totp.js';
import { appRouter } from '../trpc/app-router.js';
import {
  createContextInner,
  type AppConfig,
  type SessionCookieJar,
  type SessionInfo,
} from '../trpc/context.js';
import { createCallerFactory } from '../trpc/init.js';
import { openTestDatabase } from './test-db.js';

const createCaller = createCallerFactory(appRouter);

export const testPassword = 'correct horse battery staple';
/** The sender of the test apps' mail to requesters. */
export const testMailFrom = 'Syncronis Privacy <privacy@syncronis.net>';

export interface TestStaff {
  id: string;
  email: string;
  roles: Role[];
  totpSecret: string;
}

/** Records what procedures did to the session cookie, as a browser would hold it. */
export class CookieJar implements SessionCookieJar {
  token: string | null = null;
  set(token: string): void {
    this.token = token;
  }
  clear(): void {
    this.token = null;
  }
}

export interface TestApp {
  database: Database;
  config: AppConfig;
  /** A staff member with a password and enrolled MFA. */
  addStaff(roles: Role[], opts?: { email?: string; mfa?: boolean; demo?: boolean }): Promise<TestStaff>;
  /** A caller signed in (MFA done) as a new staff member with these roles. */
  callerAs(
    roles: Role[],
    opts?: { mfaAt?: Date | null; now?: () => Date },
  ): Promise<{ caller: Caller; staff: TestStaff; session: SessionInfo }>;
  /** A caller with no session, or with the session behind a cookie token. */
  anonymous(opts?: { ip?: string; now?: () => Date; jar?: CookieJar; session?: SessionInfo | null }): Caller;
  /** Every sign-in slow-down asked for, in milliseconds, in order (none is waited in tests). */
  slowDowns: number[];
  close(): Promise<void>;
}

export type Caller = ReturnType<typeof createCaller>;

// Silent, unless the run collects its logs to check them for personal data (scripts/vitest-ci.mjs).
const logFile = testLogFile();
/** The log every test app and test server writes to. */
export const testLog = logFile
  ? createLogger('debug', pino.destination({ dest: logFile, append: true, sync: true }))
  : createLogger('silent');
const log = testLog;

export async function createTestApp(
  opts: { allowDemoSignIn?: boolean; maskedSearchesPerMinute?: number } = {},
): Promise<TestApp> {
  const database = await openTestDatabase(inject('templateFile'), inject('runId'));
  const slowDowns: number[] = [];
  const secretBox = createSecretBox('test-secret-test-secret-test-secret-0123');
  useAuditChainKey(secretBox);
  const config: AppConfig = {
    sessionIdleMs: 30 * 60_000,
    sessionMaxMs: 12 * 3600_000,
    secretBox,
    allowDemoSignIn: opts.allowDemoSignIn ?? true,
    maskedSearchesPerMinute: opts.maskedSearchesPerMinute ?? defaultMaskedSearchesPerMinute,
    auditCheckpointFile: null,
    mailFrom: testMailFrom,
    mailCapture: false,
    inboundAddresses: ['privacy@syncronis.net'],
    // Recorded, not waited: a test asserts the slow-down without sleeping through it.
    slowDown: (ms) => {
      slowDowns.push(ms);
      return Promise.resolve();
    },
  };
  const passwordHash = await hashPassword(testPassword);

  const addStaff: TestApp['addStaff'] = async (roles, o = {}) => {
    const totpSecret = newTotpSecret();
    const email =
      o.email ?? `${roles.join('-').replace(/_/g, '')}-${randomBytes(3).toString('hex')}@test.example`;
    const [row] = await database.db
      .insert(staff)
      .values({
        email,
        name: `Test ${roles.join(' ')}`,
        roles,
        passwordHash,
        isDemo: o.demo ?? false,
        ...(o.mfa === false
          ? {}
          : { totpSecret: config.secretBox.seal(totpSecret), totpEnrolledAt: new Date() }),
      })
      .returning({ id: staff.id });
    if (!row) throw new Error('insert failed');
    return { id: row.id, email, roles, totpSecret };
  };

  const anonymous: TestApp['anonymous'] = (o = {}) =>
    createCaller(
      createContextInner({
        db: database.db,
        log,
        config,
        ip: o.ip ?? '203.0.113.7',
        requestId: 'test',
        session: o.session ?? null,
        cookies: o.jar ?? new CookieJar(),
        ...(o.now ? { now: o.now } : {}),
      }),
    );

  const callerAs: TestApp['callerAs'] = async (roles, o = {}) => {
    const person = await addStaff(roles);
    const now = new Date();
    const created = await createSession(database.db, config, person.id, 'active', '203.0.113.7', now);
    const session: SessionInfo = {
      id: created.id,
      staffId: person.id,
      state: 'active',
      roles,
      mfaAt: o.mfaAt === undefined ? now : o.mfaAt,
    };
    const caller = createCaller(
      createContextInner({
        db: database.db,
        log,
        config,
        session,
        ip: '203.0.113.7',
        requestId: 'test',
        ...(o.now ? { now: o.now } : {}),
      }),
    );
    return { caller, staff: person, session };
  };

  return { database, config, addStaff, callerAs, anonymous, slowDowns, close: () => database.close() };
}

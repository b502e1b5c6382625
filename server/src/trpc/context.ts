import type { Role } from '@privdesk/shared';
import type { Db } from '../db/client.js';
import type { SecretBox } from '../lib/tokens.js';
import type { Logger } from '../lib/logger.js';
import type { AuditOrigin } from '../features/audit/audit.writer.js';
import type { PlatformLookup } from '../features/erasure/plan-proposal.js';

export interface SessionInfo {
  id: string;
  staffId: string;
  state: 'mfa' | 'enrol' | 'active';
  roles: Role[];
  mfaAt: Date | null;
}

/** How a procedure sets or clears the session cookie without knowing about HTTP. */
export interface SessionCookieJar {
  set(token: string, maxAgeSeconds: number): void;
  clear(): void;
}

export interface AppConfig {
  sessionIdleMs: number;
  sessionMaxMs: number;
  secretBox: SecretBox;
  /** False on real deployments: demo accounts (published passwords) may not sign in there. */
  allowDemoSignIn: boolean;
  /** Searches a reader who sees personal data masked may make per minute (search-audit.ts). */
  maskedSearchesPerMinute: number;
  /** Where the audit chain's signed checkpoints are kept (audit-checkpoints.ts); none in most tests. */
  auditCheckpointFile: string | null;
  /** Waits before a slowed sign-in answers (sign-in-throttle.ts); tests record the waits instead. */
  slowDown: (ms: number) => Promise<void>;
  /** Our sender for mail to requesters, `Name <address>` (MAIL_FROM): reply addresses and Message-IDs. */
  mailFrom: string;
  /** The embedded demo keeps the mail it sends in its own capture inbox (no SMTP_URL set). */
  mailCapture: boolean;
  /** The privacy mailbox's addresses (INBOUND_ADDRESSES) and MAIL_FROM's: replies thread by their sub-address. */
  inboundAddresses: readonly string[];
  /** The platform database's lookup for erasure plans (PLATFORM_DATABASE_URL, or the app's own); none in most tests. */
  platform?: PlatformLookup | null;
  /** The Data Rights Protocol (issue 17); defaults (`drpDefaults`) when not given. */
  drp?: DrpConfig;
}

export interface DrpConfig {
  businessId: string;
  /** The directory file read at start-up, shown on the admin page. */
  agentsFile: string | null;
  perAgentPerMinute: number;
  /** Where agents and consumers reach us from outside (PUBLIC_ORIGIN); null: the address they called. */
  publicOrigin: string | null;
  /** Status callbacks to this machine (outside production, and in the embedded demo). */
  allowLoopbackCallbacks: boolean;
}

export const drpDefaults: DrpConfig = {
  businessId: 'SYNCRONIS',
  agentsFile: null,
  perAgentPerMinute: 600,
  publicOrigin: null,
  allowLoopbackCallbacks: false,
};

export interface Context {
  db: Db;
  log: Logger;
  config: AppConfig;
  session: SessionInfo | null;
  ip: string | null;
  requestId: string | null;
  cookies: SessionCookieJar;
  now: () => Date;
}

/** The part of the context that needs no HTTP: tests build it directly and call `createCaller`. */
export function createContextInner(opts: {
  db: Db;
  log: Logger;
  config: AppConfig;
  session?: SessionInfo | null;
  ip?: string | null;
  requestId?: string | null;
  cookies?: SessionCookieJar;
  now?: () => Date;
}): Context {
  return {
    db: opts.db,
    log: opts.log,
    config: opts.config,
    session: opts.session ?? null,
    ip: opts.ip ?? null,
    requestId: opts.requestId ?? null,
    cookies: opts.cookies ?? { set: () => undefined, clear: () => undefined },
    now: opts.now ?? (() => new Date()),
  };
}

export function auditOrigin(ctx: Context): AuditOrigin {
  return { actorId: ctx.session?.staffId ?? null, ip: ctx.ip, requestId: ctx.requestId };
}

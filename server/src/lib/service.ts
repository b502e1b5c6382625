import {
  capabilitiesOf,
  DomainError,
  permissionsOf,
  stepUpWindowSeconds,
  type Capabilities,
  type Permission,
  type Role,
} from '@privdesk/shared';
import type { Db } from '../db/client.js';
import type { Logger } from './logger.js';

/**
 * Who is acting, narrowed once by the base procedure (or built by a job or the CLI): services take this,
 * never the tRPC context, so the same rule runs behind a procedure, a job and a command line.
 * See docs/decisions/0005-service-signature-and-role-views.md.
 */
export interface Actor {
  staffId: string;
  roles: readonly Role[];
  permissions: readonly Permission[];
  /** Resolved from the roles by the one capability table in shared; services read these, never roles. */
  can: Capabilities;
  /** When MFA last completed for this session (sign-in or step-up); null for actors without a session. */
  mfaAt: Date | null;
  /** Where the call came from, for the audit log; null for jobs and the CLI. */
  ip: string | null;
  requestId: string | null;
}

/** What every service function takes before its input. */
export interface ServiceDeps {
  db: Db;
  log: Logger;
  /** The instant of this call: one value for all of it, so a rule never sees two "nows". */
  now: Date;
}

/**
 * How messages to requesters leave: queued for the sender job (always, in the app), or recorded as sent at
 * their instant by the demo's history, which replays past work through the same services and sends nothing.
 */
export type Delivery = 'queue' | 'demo_history';

export interface ActorDeps extends ServiceDeps {
  actor: Actor;
  /** Our sender (MAIL_FROM) and how messages leave; the base procedure sets it from the app's config. */
  mail?: { from: string; delivery?: Delivery };
}

/**
 * The server's operator at a command line (the first admin's bootstrap): no staff member acts, and the
 * audit log names the command by its request id instead (`cli:admin-create`).
 */
export interface OperatorDeps extends ServiceDeps {
  actor: null;
  requestId: string;
}

export function actorFrom(input: {
  staffId: string;
  roles: readonly Role[];
  mfaAt?: Date | null;
  ip?: string | null;
  requestId?: string | null;
}): Actor {
  return {
    staffId: input.staffId,
    roles: [...input.roles],
    permissions: permissionsOf(input.roles),
    can: capabilitiesOf(input.roles),
    mfaAt: input.mfaAt ?? null,
    ip: input.ip ?? null,
    requestId: input.requestId ?? null,
  };
}

/** Sensitive actions (erasure approval, opening an access package) call this first. */
export function assertRecentMfa(actor: Actor, now: Date): void {
  if (!actor.mfaAt || now.getTime() - actor.mfaAt.getTime() > stepUpWindowSeconds * 1000) {
    throw new DomainError('STEP_UP_REQUIRED', 'Confirm it is you: enter a code from your authenticator app.');
  }
}

/** The audit log's "who and from where" for an actor's change. */
export function originOf(actor: Actor): { actorId: string; ip: string | null; requestId: string | null } {
  return { actorId: actor.staffId, ip: actor.ip, requestId: actor.requestId };
}

export function originOfDeps(deps: ActorDeps | OperatorDeps) {
  return deps.actor === null ? { actorId: null, ip: null, requestId: deps.requestId } : originOf(deps.actor);
}

import { initTRPC, TRPCError, type TRPC_ERROR_CODE_KEY } from '@trpc/server';
import { ZodError } from 'zod';
import {
  DomainError,
  hasPermission,
  type Access,
  type DomainErrorCode,
  type FieldErrors,
  type Permission,
  unstorableTextFields,
} from '@privdesk/shared';
import { actorFrom, type Actor, type ActorDeps } from '../lib/service.js';
import type { Context, SessionInfo } from './context.js';

export interface Meta {
  /** Who may call this procedure; the permission matrix test compares it with access-matrix.ts. */
  access: Access;
}

const trpcCodeOf: Record<DomainErrorCode, TRPC_ERROR_CODE_KEY> = {
  BAD_REQUEST: 'BAD_REQUEST',
  UNAUTHORIZED: 'UNAUTHORIZED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  TOO_MANY_REQUESTS: 'TOO_MANY_REQUESTS',
  STEP_UP_REQUIRED: 'FORBIDDEN',
  PRECONDITION_FAILED: 'PRECONDITION_FAILED',
};

interface ValidationIssue {
  message: string;
  path?: readonly (PropertyKey | { key: PropertyKey })[] | undefined;
}

/** Input validation fails with a ZodError or tRPC's Standard Schema error; both carry `issues`. */
function validationIssues(cause: unknown): ValidationIssue[] | null {
  if (cause instanceof ZodError) return cause.issues;
  if (cause && typeof cause === 'object' && 'issues' in cause && Array.isArray(cause.issues)) {
    return cause.issues as ValidationIssue[];
  }
  return null;
}

function fieldErrorsOf(issues: ValidationIssue[]): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of issues) {
    const path = (issue.path ?? []).map((p) => String(typeof p === 'object' ? p.key : p));
    const key = path.length > 0 ? path.join('.') : '_';
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

const t = initTRPC
  .context<Context>()
  .meta<Meta>()
  .create({
    isDev: false,
    errorFormatter({ shape, error }) {
      const cause = error.cause;
      const domain = cause instanceof DomainError ? cause : null;
      const issues = error.code === 'BAD_REQUEST' && !domain ? validationIssues(cause) : null;
      const isInternal = error.code === 'INTERNAL_SERVER_ERROR';
      return {
        ...shape,
        message: isInternal
          ? 'Something went wrong on our side. Try again; if it persists, give the request id to an admin.'
          : issues
            ? 'Some fields need attention.'
            : shape.message,
        data: {
          code: shape.data.code,
          httpStatus: shape.data.httpStatus,
          path: shape.data.path,
          domainCode: domain?.code ?? null,
          fieldErrors: issues ? fieldErrorsOf(issues) : (domain?.fieldErrors ?? null),
        },
      };
    },
  });

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const middleware = t.middleware;

/** Services throw DomainError; this turns it into the matching tRPC error with the person-readable message. */
const domainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof DomainError) {
    const cause = result.error.cause;
    throw new TRPCError({ code: trpcCodeOf[cause.code], message: cause.message, cause });
  }
  return result;
});

/**
 * Every input, before any schema: a string no database can store (a NUL, a lone surrogate) is a field
 * message, never a 500. One rule (shared `unstorableTextFields`) for every procedure, present and future.
 */
const storableInput = t.middleware(async ({ getRawInput, next }) => {
  const raw = await getRawInput().catch(() => undefined);
  const fieldErrors = unstorableTextFields(raw);
  if (Object.keys(fieldErrors).length > 0) {
    throw new TRPCError({
      code: 'BAD_REQUEST',
      message: 'Some fields need attention.',
      cause: new DomainError('BAD_REQUEST', 'Some fields need attention.', fieldErrors),
    });
  }
  return next();
});

const base = t.procedure.use(domainErrors).use(storableInput);

export const publicProcedure = base.meta({ access: 'public' });

export type Authorization =
  { ok: true; actor: Actor } | { ok: false; code: 'UNAUTHORIZED' | 'FORBIDDEN'; message: string };

/**
 * The one access decision, for procedures and plain HTTP routes alike (the CSV export): a fully signed-in
 * session (MFA done) narrowed into the actor, then the one permission the caller declared.
 */
export function authorize(
  session: SessionInfo | null,
  access: Exclude<Access, 'public' | 'pending'>,
  from: { ip: string | null; requestId: string | null },
): Authorization {
  if (!session || session.state !== 'active') {
    return { ok: false, code: 'UNAUTHORIZED', message: 'Sign in to continue.' };
  }
  if (access !== 'staff' && !hasPermission(session.roles, access)) {
    return { ok: false, code: 'FORBIDDEN', message: 'Your role does not allow this.' };
  }
  const actor = actorFrom({
    staffId: session.staffId,
    roles: session.roles,
    mfaAt: session.mfaAt,
    ip: from.ip,
    requestId: from.requestId,
  });
  return { ok: true, actor };
}

function guarded(access: Exclude<Access, 'public' | 'pending'>) {
  return base.meta({ access }).use(async ({ ctx, next }) => {
    const verdict = authorize(ctx.session, access, ctx);
    if (!verdict.ok) throw new TRPCError({ code: verdict.code, message: verdict.message });
    const session = ctx.session;
    if (!session) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in to continue.' });
    const { actor } = verdict;
    const service: ActorDeps = {
      db: ctx.db,
      log: ctx.log,
      now: ctx.now(),
      actor,
      mail: { from: ctx.config.mailFrom },
    };
    const result = await next({ ctx: { ...ctx, session, actor, service } });
    if (result.ok) {
      const slip = viewSlip(result.data, actor);
      if (slip) {
        ctx.log.error({ staffId: actor.staffId, slip }, 'answer refused: a view this role may not see');
        throw new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: 'view refused' });
      }
    }
    return result;
  });
}

/**
 * The second half of the per-role allow-list (the first is the output schema: a value claiming to be masked
 * must look masked). Whatever a service returns, a reader without `pii:read` gets no view that says it is in
 * clear, and a summary reader no full view. Returns what slipped, or null.
 */
export function viewSlip(data: unknown, actor: Actor): string | null {
  const stack: unknown[] = [data];
  let seen = 0;
  while (stack.length > 0 && seen < 100_000) {
    const value = stack.pop();
    seen += 1;
    if (Array.isArray(value)) {
      for (const item of value) stack.push(item);
    } else if (value !== null && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      if (!actor.can.seeClearPii && (record.requesterMasked === false || record.masked === false)) {
        return 'clear personal data';
      }
      if (!actor.can.readRequestInternals && record.view === 'full') return 'full view';
      for (const child of Object.values(record))
        if (child !== null && typeof child === 'object') stack.push(child);
    }
  }
  return null;
}

/**
 * Signed in, MFA done. Narrows the session once into the actor (id, roles, permissions, capabilities, when MFA
 * last completed) and hands services `ctx.service` = { db, actor, log, now }: they never see the context.
 */
export const staffProcedure = guarded('staff');

/** The only place roles are checked: a procedure names one permission and gets here. */
export function permissionProcedure(permission: Permission) {
  return guarded(permission);
}

/** A signed-in password whose MFA step is still open (code or enrolment). */
export const pendingSessionProcedure = base.meta({ access: 'pending' }).use(({ ctx, next }) => {
  const session = ctx.session;
  if (!session || session.state === 'active') {
    throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Start again from the sign-in page.' });
  }
  return next({ ctx: { ...ctx, session } });
});

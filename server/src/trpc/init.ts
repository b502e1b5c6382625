import { initTRPC, TRPCError, type TRPC_ERROR_CODE_KEY } from '@trpc/server';
import { ZodError } from 'zod';
import {
  DomainError,
  hasPermission,
  type Access,
  type DomainErrorCode,
  type FieldErrors,
  type Permission,
} from '@privdesk/shared';
import type { Context } from './context.js';

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

const base = t.procedure.use(domainErrors);

export const publicProcedure = base.meta({ access: 'public' });

/** Signed in, MFA done. Narrows `ctx.session` for everything built on it. */
export const staffProcedure = base.meta({ access: 'staff' }).use(({ ctx, next }) => {
  const session = ctx.session;
  if (!session || session.state !== 'active') {
    throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in to continue.' });
  }
  return next({ ctx: { ...ctx, session } });
});

/** The only place roles are checked: a procedure names one permission and gets here. */
export function permissionProcedure(permission: Permission) {
  return staffProcedure.meta({ access: permission }).use(({ ctx, next }) => {
    if (!hasPermission(ctx.session.roles, permission)) {
      throw new TRPCError({ code: 'FORBIDDEN', message: 'Your role does not allow this.' });
    }
    return next();
  });
}

/** A signed-in password whose MFA step is still open (code or enrolment). */
export const pendingSessionProcedure = base.meta({ access: 'pending' }).use(({ ctx, next }) => {
  const session = ctx.session;
  if (!session || session.state === 'active') {
    throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Start again from the sign-in page.' });
  }
  return next({ ctx: { ...ctx, session } });
});

import { and, eq, gt, isNull } from 'drizzle-orm';
import {
  DomainError,
  permissionsOf,
  recoveryCodeCount,
  stepUpWindowSeconds,
  type Me,
  type MfaEnrolment,
  type SetPasswordInput,
  type SignInInput,
  type VerifyMfaInput,
} from '@privdesk/shared';
import { passwordTokens, recoveryCodes, sessions, staff } from '../../db/schema.js';
import { decoyPasswordHash, hashPassword, verifyPassword } from '../../lib/passwords.js';
import { hashToken, newToken, sha256Hex } from '../../lib/tokens.js';
import { checkTotp, newTotpSecret, totpQrSvg, totpUri } from '../../lib/totp.js';
import { auditOrigin, type Context, type SessionInfo } from '../../trpc/context.js';
import { recordAudit } from '../audit/audit.writer.js';
import { createSession, revokeAllSessions, revokeSession } from './session.store.js';
import {
  clearFailures,
  failuresSince,
  maxFailuresPerAccountAndSource,
  maxFailuresPerIp,
  maxMfaFailures,
  pruneFailures,
  recordFailure,
  slowdownMs,
  throttleKeys,
} from './sign-in-throttle.js';

const signInFailed = () => new DomainError('UNAUTHORIZED', 'Email or password is incorrect.');
const tooMany = () =>
  new DomainError('TOO_MANY_REQUESTS', 'Too many failed attempts. Wait 15 minutes and try again.');

export async function signIn(ctx: Context, input: SignInInput): Promise<{ next: 'mfa' | 'enrol' }> {
  const now = ctx.now();
  const accountKey = throttleKeys.account(input.email);
  const sourceKey = throttleKeys.accountFrom(input.email, ctx.ip ?? 'unknown');
  const keys = ctx.ip ? [accountKey, sourceKey, throttleKeys.ip(ctx.ip)] : [accountKey, sourceKey];
  if ((await failuresSince(ctx.db, sourceKey, now)) >= maxFailuresPerAccountAndSource) throw tooMany();
  if (ctx.ip && (await failuresSince(ctx.db, throttleKeys.ip(ctx.ip), now)) >= maxFailuresPerIp)
    throw tooMany();
  // Failures from anywhere slow this account's sign-ins down; they never refuse the right password.
  const delay = slowdownMs(await failuresSince(ctx.db, accountKey, now));
  if (delay > 0) await ctx.config.slowDown(delay);

  const [account] = await ctx.db.select().from(staff).where(eq(staff.email, input.email)).limit(1);
  // Always run one argon2 verification, so an unknown email takes as long as a wrong password.
  const passwordOk = await verifyPassword(
    account?.passwordHash ?? (await decoyPasswordHash()),
    input.password,
  );
  const refusedDemo = account?.isDemo === true && !ctx.config.allowDemoSignIn;
  if (!account || !account.passwordHash || !passwordOk || account.disabledAt || refusedDemo) {
    const why = !account
      ? 'unknown_account'
      : account.disabledAt
        ? 'disabled'
        : refusedDemo
          ? 'demo_account_refused'
          : 'bad_password';
    await ctx.db.transaction(async (tx) => {
      await recordFailure(tx, keys, now);
      await recordAudit(
        tx,
        { ...auditOrigin(ctx), actorId: null },
        {
          action: 'auth.sign_in_failed',
          entityType: 'staff',
          entityId: account?.id ?? null,
          after: { why },
        },
        now,
      );
    });
    ctx.log.info({ staffId: account?.id ?? null, why, requestId: ctx.requestId }, 'sign-in refused');
    throw signInFailed();
  }

  const state = account.totpSecret ? 'mfa' : 'enrol';
  const created = await ctx.db.transaction(async (tx) => {
    if (ctx.session) await revokeSession(tx, ctx.session.id, now);
    await clearFailures(tx, accountKey);
    await clearFailures(tx, sourceKey);
    await pruneFailures(tx, now);
    const session = await createSession(tx, ctx.config, account.id, state, ctx.ip, now);
    await recordAudit(
      tx,
      { ...auditOrigin(ctx), actorId: account.id },
      {
        action: 'auth.password_accepted',
        entityType: 'session',
        entityId: session.id,
        after: { next: state },
      },
      now,
    );
    return session;
  });
  ctx.cookies.set(created.token, created.maxAgeSeconds);
  return { next: state };
}

async function completeSignIn(
  ctx: Context,
  session: SessionInfo,
  method: 'totp' | 'recovery_code' | 'totp_enrolment',
  lastStep: number | null,
): Promise<void> {
  const now = ctx.now();
  const rotated = await ctx.db.transaction(async (tx) => {
    await revokeSession(tx, session.id, now);
    // A new token on the way up to full rights: a token seen before MFA is worth nothing after it.
    const created = await createSession(tx, ctx.config, session.staffId, 'active', ctx.ip, now);
    await tx
      .update(staff)
      .set({ lastSignInAt: now, ...(lastStep === null ? {} : { totpLastStep: lastStep }) })
      .where(eq(staff.id, session.staffId));
    await clearFailures(tx, throttleKeys.mfa(session.staffId));
    await recordAudit(
      tx,
      { ...auditOrigin(ctx), actorId: session.staffId },
      {
        action: 'auth.sign_in',
        entityType: 'session',
        entityId: created.id,
        after: { method },
      },
      now,
    );
    return created;
  });
  ctx.cookies.set(rotated.token, rotated.maxAgeSeconds);
}

async function refuseMfa(ctx: Context, session: SessionInfo, action: 'auth.mfa_failed'): Promise<never> {
  const now = ctx.now();
  const failures = await ctx.db.transaction(async (tx) => {
    await recordFailure(tx, [throttleKeys.mfa(session.staffId)], now);
    await recordAudit(
      tx,
      { ...auditOrigin(ctx), actorId: session.staffId },
      { action, entityType: 'session', entityId: session.id },
      now,
    );
    return failuresSince(tx, throttleKeys.mfa(session.staffId), now);
  });
  if (failures >= maxMfaFailures && session.state !== 'active') {
    await revokeSession(ctx.db, session.id, now);
    ctx.cookies.clear();
    throw tooMany();
  }
  throw new DomainError(
    'BAD_REQUEST',
    'That code is not valid. Check the time on your device and try the current code.',
    {
      code: ['That code is not valid.'],
    },
  );
}

export async function verifyMfa(ctx: Context, session: SessionInfo, input: VerifyMfaInput): Promise<void> {
  if (session.state !== 'mfa')
    throw new DomainError('PRECONDITION_FAILED', 'Enrol an authenticator app first.');
  const now = ctx.now();
  if ((await failuresSince(ctx.db, throttleKeys.mfa(session.staffId), now)) >= maxMfaFailures)
    throw tooMany();
  const [account] = await ctx.db.select().from(staff).where(eq(staff.id, session.staffId)).limit(1);
  if (!account?.totpSecret) throw new DomainError('UNAUTHORIZED', 'Start again from the sign-in page.');

  if ('code' in input) {
    const step = await checkTotp(
      ctx.config.secretBox.open(account.totpSecret),
      input.code,
      account.totpLastStep,
      now,
    );
    if (step === null) return refuseMfa(ctx, session, 'auth.mfa_failed');
    return completeSignIn(ctx, session, 'totp', step);
  }
  const used = await ctx.db
    .update(recoveryCodes)
    .set({ usedAt: now })
    .where(
      and(
        eq(recoveryCodes.staffId, account.id),
        eq(recoveryCodes.codeHash, sha256Hex(input.recoveryCode)),
        isNull(recoveryCodes.usedAt),
      ),
    )
    .returning({ staffId: recoveryCodes.staffId });
  if (used.length === 0) return refuseMfa(ctx, session, 'auth.mfa_failed');
  return completeSignIn(ctx, session, 'recovery_code', null);
}

export async function startEnrolment(ctx: Context, session: SessionInfo): Promise<MfaEnrolment> {
  if (session.state !== 'enrol')
    throw new DomainError('PRECONDITION_FAILED', 'MFA is already set up for this account.');
  const [account] = await ctx.db
    .select({ email: staff.email })
    .from(staff)
    .where(eq(staff.id, session.staffId));
  if (!account) throw new DomainError('UNAUTHORIZED', 'Start again from the sign-in page.');
  const secret = newTotpSecret();
  await ctx.db.transaction(async (tx) => {
    await tx
      .update(staff)
      .set({ totpPendingSecret: ctx.config.secretBox.seal(secret) })
      .where(eq(staff.id, session.staffId));
    await recordAudit(
      tx,
      { ...auditOrigin(ctx), actorId: session.staffId },
      {
        action: 'auth.mfa_enrolment_started',
        entityType: 'staff',
        entityId: session.staffId,
      },
    );
  });
  const otpauthUrl = totpUri(secret, account.email);
  return { secret, otpauthUrl, qrSvg: await totpQrSvg(otpauthUrl) };
}

function newRecoveryCodes(): string[] {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  return Array.from({ length: recoveryCodeCount }, () => {
    const raw = Array.from(newToken(16)).map((c) => alphabet[c.charCodeAt(0) % alphabet.length] ?? 'a');
    return `${raw.slice(0, 5).join('')}-${raw.slice(5, 10).join('')}`;
  });
}

export async function confirmEnrolment(ctx: Context, session: SessionInfo, code: string): Promise<string[]> {
  if (session.state !== 'enrol')
    throw new DomainError('PRECONDITION_FAILED', 'MFA is already set up for this account.');
  const now = ctx.now();
  const [account] = await ctx.db.select().from(staff).where(eq(staff.id, session.staffId));
  if (!account?.totpPendingSecret)
    throw new DomainError('PRECONDITION_FAILED', 'Start the set-up again: no key was issued.');
  const secret = ctx.config.secretBox.open(account.totpPendingSecret);
  const step = await checkTotp(secret, code, null, now);
  if (step === null) return refuseMfa(ctx, session, 'auth.mfa_failed');
  const codes = newRecoveryCodes();
  await ctx.db.transaction(async (tx) => {
    await tx
      .update(staff)
      .set({
        totpSecret: account.totpPendingSecret,
        totpPendingSecret: null,
        totpEnrolledAt: now,
        totpLastStep: step,
        version: account.version + 1,
        updatedAt: now,
      })
      .where(eq(staff.id, account.id));
    await tx.delete(recoveryCodes).where(eq(recoveryCodes.staffId, account.id));
    await tx
      .insert(recoveryCodes)
      .values(codes.map((c) => ({ staffId: account.id, codeHash: sha256Hex(c) })));
    await recordAudit(
      tx,
      { ...auditOrigin(ctx), actorId: account.id },
      {
        action: 'auth.mfa_enrolled',
        entityType: 'staff',
        entityId: account.id,
        after: { recoveryCodes: codes.length },
      },
      now,
    );
  });
  await completeSignIn(ctx, session, 'totp_enrolment', step);
  return codes;
}

export async function stepUp(ctx: Context, session: SessionInfo, code: string): Promise<Date> {
  const now = ctx.now();
  if ((await failuresSince(ctx.db, throttleKeys.mfa(session.staffId), now)) >= maxMfaFailures)
    throw tooMany();
  const [account] = await ctx.db.select().from(staff).where(eq(staff.id, session.staffId));
  if (!account?.totpSecret) throw new DomainError('PRECONDITION_FAILED', 'Set up MFA first.');
  const step = await checkTotp(
    ctx.config.secretBox.open(account.totpSecret),
    code,
    account.totpLastStep,
    now,
  );
  if (step === null) return refuseMfa(ctx, session, 'auth.mfa_failed');
  await ctx.db.transaction(async (tx) => {
    await tx.update(sessions).set({ mfaAt: now }).where(eq(sessions.id, session.id));
    await tx.update(staff).set({ totpLastStep: step }).where(eq(staff.id, account.id));
    await clearFailures(tx, throttleKeys.mfa(session.staffId));
    await recordAudit(
      tx,
      auditOrigin(ctx),
      { action: 'auth.step_up', entityType: 'session', entityId: session.id },
      now,
    );
  });
  return new Date(now.getTime() + stepUpWindowSeconds * 1000);
}

export async function signOut(ctx: Context): Promise<void> {
  const session = ctx.session;
  ctx.cookies.clear();
  if (!session) return;
  const now = ctx.now();
  await ctx.db.transaction(async (tx) => {
    await revokeSession(tx, session.id, now);
    await recordAudit(
      tx,
      { ...auditOrigin(ctx), actorId: session.staffId },
      { action: 'auth.sign_out', entityType: 'session', entityId: session.id },
      now,
    );
  });
}

export async function me(ctx: Context): Promise<Me> {
  const session = ctx.session;
  if (!session) return { state: 'signed_out', staff: null };
  const [account] = await ctx.db
    .select({ id: staff.id, name: staff.name, email: staff.email, roles: staff.roles })
    .from(staff)
    .where(eq(staff.id, session.staffId));
  if (!account) return { state: 'signed_out', staff: null };
  const roles = account.roles;
  const active = session.state === 'active';
  return {
    state: session.state,
    staff: {
      ...account,
      roles,
      permissions: active ? permissionsOf(roles) : [],
      stepUpValidUntil:
        active && session.mfaAt
          ? new Date(session.mfaAt.getTime() + stepUpWindowSeconds * 1000).toISOString()
          : null,
    },
  };
}

export async function setPassword(ctx: Context, input: SetPasswordInput): Promise<void> {
  const now = ctx.now();
  const invalid = new DomainError(
    'BAD_REQUEST',
    'This link has expired or was already used. Ask an admin for a new one.',
    {
      token: ['This link has expired or was already used.'],
    },
  );
  const [token] = await ctx.db
    .select()
    .from(passwordTokens)
    .where(
      and(
        eq(passwordTokens.tokenHash, hashToken(input.token)),
        isNull(passwordTokens.usedAt),
        gt(passwordTokens.expiresAt, now),
      ),
    )
    .limit(1);
  if (!token) throw invalid;
  const passwordHash = await hashPassword(input.password);
  await ctx.db.transaction(async (tx) => {
    const used = await tx
      .update(passwordTokens)
      .set({ usedAt: now })
      .where(and(eq(passwordTokens.id, token.id), isNull(passwordTokens.usedAt)))
      .returning({ id: passwordTokens.id });
    if (used.length === 0) throw invalid;
    const [account] = await tx
      .update(staff)
      .set({ passwordHash, updatedAt: now })
      .where(eq(staff.id, token.staffId))
      .returning({ id: staff.id, disabledAt: staff.disabledAt });
    if (!account || account.disabledAt) throw invalid;
    await revokeAllSessions(tx, account.id, now);
    await recordAudit(
      tx,
      { ...auditOrigin(ctx), actorId: account.id },
      { action: 'auth.password_set', entityType: 'staff', entityId: account.id },
      now,
    );
  });
}

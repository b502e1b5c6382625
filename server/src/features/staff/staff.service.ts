import {
  and,
  arrayContains,
  asc,
  count,
  eq,
  ilike,
  isNotNull,
  isNull,
  ne,
  or,
  sql,
  type SQL,
} from 'drizzle-orm';
import {
  DomainError,
  type StaffFindInput,
  type StaffRow,
  type staffCreateInputSchema,
  type staffUpdateInputSchema,
} from '@privdesk/shared';
import type { z } from 'zod';
import type { DbOrTx } from '../../db/client.js';
import { passwordTokens, recoveryCodes, staff } from '../../db/schema.js';
import { hashToken, newToken } from '../../lib/tokens.js';
import {
  assertRecentMfa,
  originOf,
  originOfDeps,
  type ActorDeps,
  type OperatorDeps,
} from '../../lib/service.js';
import { recordAudit } from '../audit/audit.writer.js';
import { revokeAllSessions } from '../auth/session.store.js';
import { needsSecondAdmin, pendingGrantsOf, splitAndRequestGrants } from './role-grants.js';
import { escapeLike } from '../../lib/like-pattern.js';

export const setPasswordLinkTtlMs = 72 * 3600_000;

type StaffRecord = typeof staff.$inferSelect;

function toRow(s: StaffRecord, pendingGrants: StaffRow['pendingGrants'] = []): StaffRow {
  return {
    id: s.id,
    email: s.email,
    name: s.name,
    roles: s.roles,
    disabled: s.disabledAt !== null,
    mfaEnrolled: s.totpSecret !== null,
    hasPassword: s.passwordHash !== null,
    lastSignInAt: s.lastSignInAt?.toISOString() ?? null,
    createdAt: s.createdAt.toISOString(),
    version: s.version,
    pendingGrants,
  };
}

/** A staff row as the admin sees it, with the roles still waiting for a second admin. */
async function rowWithGrants(db: DbOrTx, s: StaffRecord, now: Date): Promise<StaffRow> {
  return toRow(s, (await pendingGrantsOf(db, [s.id], now)).get(s.id) ?? []);
}

export async function findStaff(deps: ActorDeps, input: StaffFindInput) {
  const filters: SQL[] = [];
  if (input.search) {
    const term = `%${escapeLike(input.search)}%`;
    const match = or(ilike(staff.name, term), ilike(staff.email, term));
    if (match) filters.push(match);
  }
  if (input.role) filters.push(arrayContains(staff.roles, [input.role]));
  if (input.status === 'active') filters.push(isNull(staff.disabledAt));
  if (input.status === 'disabled') filters.push(isNotNull(staff.disabledAt));
  const where = filters.length > 0 ? and(...filters) : undefined;
  const [rows, [total]] = await Promise.all([
    deps.db
      .select()
      .from(staff)
      .where(where)
      .orderBy(asc(staff.name), asc(staff.id))
      .limit(input.pageSize)
      .offset((input.page - 1) * input.pageSize),
    deps.db.select({ n: count() }).from(staff).where(where),
  ]);
  const pending = await pendingGrantsOf(
    deps.db,
    rows.map((r) => r.id),
    deps.now,
  );
  return {
    items: rows.map((r) => toRow(r, pending.get(r.id) ?? [])),
    total: total?.n ?? 0,
    page: input.page,
    pageSize: input.pageSize,
  };
}

async function loadForChange(tx: DbOrTx, id: string, version: number): Promise<StaffRecord> {
  // FOR UPDATE: two admins acting at once are serialised, and the version check below is then exact.
  const [row] = await tx.select().from(staff).where(eq(staff.id, id)).for('update');
  if (!row) throw new DomainError('NOT_FOUND', 'No staff member with that id.');
  if (row.version !== version) {
    throw new DomainError(
      'CONFLICT',
      'Someone else changed this staff member since you opened it. Reload and try again.',
    );
  }
  return row;
}

/** Active admins other than `exceptId`: the last one may not be demoted or disabled. */
async function otherActiveAdmins(tx: DbOrTx, exceptId: string): Promise<number> {
  const [row] = await tx
    .select({ n: count() })
    .from(staff)
    .where(and(arrayContains(staff.roles, ['admin']), isNull(staff.disabledAt), ne(staff.id, exceptId)));
  return row?.n ?? 0;
}

async function issueLink(tx: DbOrTx, staffId: string, now: Date) {
  const token = newToken();
  const expiresAt = new Date(now.getTime() + setPasswordLinkTtlMs);
  // Only the newest link works.
  await tx
    .update(passwordTokens)
    .set({ usedAt: now })
    .where(and(eq(passwordTokens.staffId, staffId), isNull(passwordTokens.usedAt)));
  await tx.insert(passwordTokens).values({ staffId, tokenHash: hashToken(token), expiresAt, createdAt: now });
  // The token travels in the fragment, which browsers never send to a server or its logs.
  return { path: `/set-password#${token}`, expiresAt: expiresAt.toISOString() };
}

/** Staff are created by an admin, or once by the operator's bootstrap command (`admin:create`). */
export async function createStaff(
  deps: ActorDeps | OperatorDeps,
  input: z.output<typeof staffCreateInputSchema>,
) {
  const now = deps.now;
  return deps.db.transaction(async (tx) => {
    const [existing] = await tx.select({ id: staff.id }).from(staff).where(eq(staff.email, input.email));
    if (existing) {
      throw new DomainError('CONFLICT', 'A staff member with this email already exists.', {
        email: ['A staff member with this email already exists.'],
      });
    }
    // An admin's new account gets the roles that need a second admin only once one confirms them (otherwise
    // an admin could make a second account of its own a reader); the operator's bootstrap is the exception.
    const gated = deps.actor === null ? [] : input.roles.filter(needsSecondAdmin);
    if (gated.length > 0 && deps.actor !== null) assertRecentMfa(deps.actor, now);
    const [inserted] = await tx
      .insert(staff)
      .values({
        email: input.email,
        name: input.name,
        roles: input.roles.filter((role) => !gated.includes(role)),
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    if (!inserted) throw new Error('staff insert returned nothing');
    const created = inserted;
    const link = await issueLink(tx, created.id, now);
    await recordAudit(
      tx,
      originOfDeps(deps),
      {
        action: 'staff.created',
        entityType: 'staff',
        entityId: created.id,
        after: { roles: created.roles },
      },
      now,
    );
    if (deps.actor !== null && gated.length > 0) {
      await splitAndRequestGrants(
        tx,
        { ...deps, actor: deps.actor },
        { id: created.id, roles: created.roles },
        [...created.roles, ...gated],
      );
    }
    return { staff: await rowWithGrants(tx, created, now), setPasswordLink: link };
  });
}

export async function updateStaff(deps: ActorDeps, input: z.output<typeof staffUpdateInputSchema>) {
  const now = deps.now;
  return deps.db.transaction(async (tx) => {
    const current = await loadForChange(tx, input.id, input.version);
    const losesAdmin = current.roles.includes('admin') && !input.roles.includes('admin');
    if (losesAdmin && current.disabledAt === null && (await otherActiveAdmins(tx, current.id)) === 0) {
      throw new DomainError(
        'BAD_REQUEST',
        'This is the last admin: give another person the admin role first.',
        {
          roles: ['The last admin keeps the admin role.'],
        },
      );
    }
    const sameRoles =
      current.roles.length === input.roles.length && current.roles.every((r) => input.roles.includes(r));
    if (current.id === deps.actor.staffId && !sameRoles) {
      // Separation of duties: an admin who could give itself the privacy officer role could read every
      // requester's data at once. Roles are always someone else's decision.
      throw new DomainError('FORBIDDEN', 'You cannot change your own roles: ask another admin.', {
        roles: ['Your own roles are changed by another admin.'],
      });
    }
    const roles = await splitAndRequestGrants(tx, deps, current, input.roles);
    const [updated] = await tx
      .update(staff)
      .set({ name: input.name, roles, version: current.version + 1, updatedAt: now })
      .where(eq(staff.id, current.id))
      .returning();
    if (!updated) throw new Error('staff update returned nothing');
    await recordAudit(
      tx,
      originOf(deps.actor),
      {
        action: 'staff.updated',
        entityType: 'staff',
        entityId: current.id,
        // Names are personal data: the log says that one changed, not what it was.
        before: { roles: current.roles },
        after: { roles: updated.roles, nameChanged: current.name !== updated.name },
      },
      now,
    );
    return rowWithGrants(tx, updated, now);
  });
}

export async function setStaffDisabled(
  deps: ActorDeps,
  input: { id: string; version: number; reason: string },
  disabled: boolean,
) {
  const now = deps.now;
  if (disabled && input.id === deps.actor.staffId) {
    throw new DomainError('BAD_REQUEST', 'You cannot disable your own account.');
  }
  return deps.db.transaction(async (tx) => {
    const current = await loadForChange(tx, input.id, input.version);
    if (disabled === (current.disabledAt !== null)) {
      throw new DomainError(
        'BAD_REQUEST',
        disabled ? 'This account is already disabled.' : 'This account is already active.',
      );
    }
    if (disabled && current.roles.includes('admin') && (await otherActiveAdmins(tx, current.id)) === 0) {
      throw new DomainError('BAD_REQUEST', 'This is the last admin and cannot be disabled.');
    }
    const [updated] = await tx
      .update(staff)
      .set({ disabledAt: disabled ? now : null, version: current.version + 1, updatedAt: now })
      .where(eq(staff.id, current.id))
      .returning();
    if (!updated) throw new Error('staff update returned nothing');
    if (disabled) await revokeAllSessions(tx, current.id, now);
    await recordAudit(
      tx,
      originOf(deps.actor),
      disabled
        ? {
            action: 'staff.disabled',
            entityType: 'staff',
            entityId: current.id,
            reason: input.reason,
            before: { disabled: false },
            after: { disabled: true },
          }
        : {
            action: 'staff.enabled',
            entityType: 'staff',
            entityId: current.id,
            reason: input.reason,
            before: { disabled: true },
            after: { disabled: false },
          },
      now,
    );
    return rowWithGrants(tx, updated, now);
  });
}

export async function resetStaffMfa(deps: ActorDeps, input: { id: string; version: number; reason: string }) {
  const now = deps.now;
  // Whoever resets another's MFA can take over the account next: a fresh code from the admin first.
  assertRecentMfa(deps.actor, now);
  return deps.db.transaction(async (tx) => {
    const current = await loadForChange(tx, input.id, input.version);
    const [updated] = await tx
      .update(staff)
      .set({
        totpSecret: null,
        totpPendingSecret: null,
        totpEnrolledAt: null,
        totpLastStep: null,
        version: current.version + 1,
        updatedAt: now,
      })
      .where(eq(staff.id, current.id))
      .returning();
    if (!updated) throw new Error('staff update returned nothing');
    await tx.delete(recoveryCodes).where(eq(recoveryCodes.staffId, current.id));
    // Every session ends: the next sign-in must enrol a new authenticator.
    await revokeAllSessions(tx, current.id, now);
    await recordAudit(
      tx,
      originOf(deps.actor),
      {
        action: 'staff.mfa_reset',
        entityType: 'staff',
        entityId: current.id,
        reason: input.reason,
        before: { mfaEnrolled: current.totpSecret !== null },
        after: { mfaEnrolled: false },
      },
      now,
    );
    return rowWithGrants(tx, updated, now);
  });
}

export async function issueSetPasswordLink(deps: ActorDeps, id: string) {
  const now = deps.now;
  // As with an MFA reset: the link sets the password of someone else's account.
  assertRecentMfa(deps.actor, now);
  return deps.db.transaction(async (tx) => {
    const [current] = await tx.select().from(staff).where(eq(staff.id, id)).for('update');
    if (!current) throw new DomainError('NOT_FOUND', 'No staff member with that id.');
    if (current.disabledAt)
      throw new DomainError('BAD_REQUEST', 'Enable this account before issuing a link.');
    const link = await issueLink(tx, current.id, now);
    await recordAudit(
      tx,
      originOf(deps.actor),
      { action: 'staff.password_link_issued', entityType: 'staff', entityId: current.id },
      now,
    );
    return { setPasswordLink: link };
  });
}

export async function staffCount(tx: DbOrTx): Promise<number> {
  const [row] = await tx.select({ n: sql<number>`count(*)::int` }).from(staff);
  return row?.n ?? 0;
}

/** Who requests can be assigned to: active privacy officers, by name. Ids and names only. */
export async function findAssignableStaff(deps: ActorDeps) {
  const rows = await deps.db
    .select({ id: staff.id, name: staff.name })
    .from(staff)
    .where(and(arrayContains(staff.roles, ['privacy_officer']), isNull(staff.disabledAt)))
    .orderBy(asc(staff.name), asc(staff.id));
  return { items: rows };
}

/** One person's row as an admin sees it (after a grant is confirmed or cancelled). */
export async function staffRowById(deps: ActorDeps, id: string): Promise<StaffRow> {
  const [row] = await deps.db.select().from(staff).where(eq(staff.id, id));
  if (!row) throw new DomainError('NOT_FOUND', 'No staff member with that id.');
  return rowWithGrants(deps.db, row, deps.now);
}

import { and, arrayContains, asc, count, eq, gt, inArray, isNull } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import {
  DomainError,
  roleGrantTtlHours,
  secondAdminRoles,
  type PendingRoleGrant,
  type Role,
} from '@privdesk/shared';
import type { DbOrTx, Tx } from '../../db/client.js';
import { staff, staffRoleGrants } from '../../db/schema.js';
import { assertRecentMfa, originOf, type ActorDeps, type OperatorDeps } from '../../lib/service.js';
import { recordAudit } from '../audit/audit.writer.js';

/**
 * Separation of duties for roles (issue 9, item 6). A role that reads personal data in clear or approves
 * outcomes (`secondAdminRoles`) is never given by one admin: asking for it (after an MFA step-up) makes a
 * pending grant, and another admin — neither the one who asked nor the person it is for — confirms it.
 * While a deployment has a single admin, the server's operator grants with `npm run staff:grant`.
 */

export function needsSecondAdmin(role: Role): boolean {
  return secondAdminRoles.includes(role);
}

const requester = alias(staff, 'grant_requester');

/** The grants still waiting for a second admin, per person (expired ones are left out: they lapsed). */
export async function pendingGrantsOf(
  db: DbOrTx,
  staffIds: readonly string[],
  now: Date,
): Promise<Map<string, PendingRoleGrant[]>> {
  const byStaff = new Map<string, PendingRoleGrant[]>();
  if (staffIds.length === 0) return byStaff;
  const rows = await db
    .select({
      id: staffRoleGrants.id,
      staffId: staffRoleGrants.staffId,
      role: staffRoleGrants.role,
      requestedAt: staffRoleGrants.requestedAt,
      expiresAt: staffRoleGrants.expiresAt,
      requestedById: requester.id,
      requestedByName: requester.name,
    })
    .from(staffRoleGrants)
    .innerJoin(requester, eq(requester.id, staffRoleGrants.requestedBy))
    .where(
      and(
        inArray(staffRoleGrants.staffId, [...staffIds]),
        eq(staffRoleGrants.status, 'pending'),
        gt(staffRoleGrants.expiresAt, now),
      ),
    )
    .orderBy(asc(staffRoleGrants.requestedAt), asc(staffRoleGrants.id));
  for (const row of rows) {
    const list = byStaff.get(row.staffId) ?? [];
    list.push({
      id: row.id,
      role: row.role,
      requestedBy: { id: row.requestedById, name: row.requestedByName },
      requestedAt: row.requestedAt.toISOString(),
      expiresAt: row.expiresAt.toISOString(),
    });
    byStaff.set(row.staffId, list);
  }
  return byStaff;
}

/**
 * Inside a create or update: the roles that need a second admin become pending grants (a step-up first),
 * and only the others are given now. Returns the roles to hold now. A lapsed grant for the same role is
 * cancelled first, so asking again works; a pending one is kept (asking twice is one request).
 */
export async function splitAndRequestGrants(
  tx: Tx,
  deps: ActorDeps,
  target: { id: string; roles: readonly Role[] },
  wanted: readonly Role[],
): Promise<Role[]> {
  const added = wanted.filter((role) => !target.roles.includes(role));
  const gated = added.filter(needsSecondAdmin);
  if (gated.length === 0) return [...wanted];
  assertRecentMfa(deps.actor, deps.now);
  const expiresAt = new Date(deps.now.getTime() + roleGrantTtlHours * 3600_000);
  for (const role of gated) {
    const [open] = await tx
      .select()
      .from(staffRoleGrants)
      .where(
        and(
          eq(staffRoleGrants.staffId, target.id),
          eq(staffRoleGrants.role, role),
          eq(staffRoleGrants.status, 'pending'),
        ),
      )
      .for('update');
    if (open && open.expiresAt > deps.now) continue;
    // Lapsed: closed without a decision, so asking again makes a new one.
    if (open) await closeGrant(tx, open.id, 'cancelled', null, deps.now);
    const [grant] = await tx
      .insert(staffRoleGrants)
      .values({ staffId: target.id, role, requestedBy: deps.actor.staffId, requestedAt: deps.now, expiresAt })
      .returning({ id: staffRoleGrants.id });
    if (!grant) throw new Error('grant insert returned nothing');
    await recordAudit(
      tx,
      originOf(deps.actor),
      {
        action: 'staff.role_grant_requested',
        entityType: 'staff',
        entityId: target.id,
        after: { grantId: grant.id, role, expiresAt: expiresAt.toISOString() },
      },
      deps.now,
    );
  }
  return wanted.filter((role) => !gated.includes(role));
}

/** A pending grant is closed once: confirmed or cancelled, by whom (null for the operator) and when. */
async function closeGrant(
  tx: Tx,
  grantId: string,
  status: 'confirmed' | 'cancelled',
  by: string | null,
  now: Date,
): Promise<void> {
  await tx
    .update(staffRoleGrants)
    .set({ status, decidedBy: by, decidedAt: now })
    .where(eq(staffRoleGrants.id, grantId));
}

async function lockPendingGrant(tx: Tx, grantId: string) {
  const [grant] = await tx
    .select()
    .from(staffRoleGrants)
    .where(eq(staffRoleGrants.id, grantId))
    .for('update');
  if (!grant) throw new DomainError('NOT_FOUND', 'No such role grant.');
  if (grant.status !== 'pending') {
    throw new DomainError(
      'CONFLICT',
      grant.status === 'confirmed'
        ? 'This grant has already been confirmed.'
        : 'This grant was cancelled; ask for the role again.',
    );
  }
  return grant;
}

/**
 * The second admin confirms: a step-up, then the lock on the person's row, the rule (not the asker, not
 * the grantee, not lapsed, the account active), the role added, the grant closed, one audit event.
 */
export async function confirmRoleGrant(deps: ActorDeps, grantId: string): Promise<{ staffId: string }> {
  assertRecentMfa(deps.actor, deps.now);
  return deps.db.transaction(async (tx) => {
    const grant = await lockPendingGrant(tx, grantId);
    const [person] = await tx.select().from(staff).where(eq(staff.id, grant.staffId)).for('update');
    if (!person) throw new DomainError('NOT_FOUND', 'No staff member with that id.');
    if (grant.requestedBy === deps.actor.staffId) {
      throw new DomainError(
        'FORBIDDEN',
        'You asked for this role: another admin confirms it. That is the point of two admins.',
      );
    }
    if (grant.staffId === deps.actor.staffId) {
      throw new DomainError(
        'FORBIDDEN',
        'You cannot confirm a role for yourself: another admin confirms it.',
      );
    }
    if (grant.expiresAt <= deps.now) {
      throw new DomainError(
        'CONFLICT',
        `This grant lapsed (unconfirmed for ${roleGrantTtlHours} hours); ask for the role again.`,
      );
    }
    if (person.disabledAt !== null) {
      throw new DomainError('BAD_REQUEST', 'This account is disabled: enable it before confirming a role.');
    }
    const roles = person.roles.includes(grant.role) ? person.roles : [...person.roles, grant.role];
    await tx
      .update(staff)
      .set({ roles, version: person.version + 1, updatedAt: deps.now })
      .where(eq(staff.id, person.id));
    await closeGrant(tx, grant.id, 'confirmed', deps.actor.staffId, deps.now);
    await recordAudit(
      tx,
      originOf(deps.actor),
      {
        action: 'staff.role_granted',
        entityType: 'staff',
        entityId: person.id,
        before: { roles: person.roles },
        after: {
          roles,
          role: grant.role,
          via: 'second_admin',
          grantId: grant.id,
          requestedBy: grant.requestedBy,
        },
      },
      deps.now,
    );
    return { staffId: person.id };
  });
}

/** Any admin may withdraw a pending grant (the asker changing their mind, or a second admin saying no). */
export async function cancelRoleGrant(deps: ActorDeps, grantId: string): Promise<{ staffId: string }> {
  return deps.db.transaction(async (tx) => {
    const grant = await lockPendingGrant(tx, grantId);
    await closeGrant(tx, grant.id, 'cancelled', deps.actor.staffId, deps.now);
    await recordAudit(
      tx,
      originOf(deps.actor),
      {
        action: 'staff.role_grant_cancelled',
        entityType: 'staff',
        entityId: grant.staffId,
        after: { grantId: grant.id, role: grant.role },
      },
      deps.now,
    );
    return { staffId: grant.staffId };
  });
}

export async function activeAdminCount(db: DbOrTx): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(staff)
    .where(and(arrayContains(staff.roles, ['admin']), isNull(staff.disabledAt)));
  return row?.n ?? 0;
}

/**
 * `npm run staff:grant`: the server's operator gives a role directly, audited as the command. Only while
 * there is no second admin to confirm (with two, the in-app flow is the way, and the command refuses).
 */
export async function operatorGrantRole(
  deps: OperatorDeps,
  input: { email: string; role: Role },
): Promise<{ staffId: string; roles: Role[]; changed: boolean }> {
  return deps.db.transaction(async (tx) => {
    const admins = await activeAdminCount(tx);
    if (admins >= 2) {
      throw new DomainError(
        'FORBIDDEN',
        `There are ${admins} active admins: one asks for the role in the Staff page and another confirms it.`,
      );
    }
    const [person] = await tx.select().from(staff).where(eq(staff.email, input.email)).for('update');
    if (!person) throw new DomainError('NOT_FOUND', 'No staff member with that email.');
    if (person.disabledAt !== null) throw new DomainError('BAD_REQUEST', 'This account is disabled.');
    if (person.roles.includes(input.role)) return { staffId: person.id, roles: person.roles, changed: false };
    const roles = [...person.roles, input.role];
    await tx
      .update(staff)
      .set({ roles, version: person.version + 1, updatedAt: deps.now })
      .where(eq(staff.id, person.id));
    // Whatever was pending for this role is now moot.
    await tx
      .update(staffRoleGrants)
      .set({ status: 'cancelled', decidedAt: deps.now })
      .where(
        and(
          eq(staffRoleGrants.staffId, person.id),
          eq(staffRoleGrants.role, input.role),
          eq(staffRoleGrants.status, 'pending'),
        ),
      );
    await recordAudit(
      tx,
      { actorId: null, ip: null, requestId: deps.requestId },
      {
        action: 'staff.role_granted',
        entityType: 'staff',
        entityId: person.id,
        before: { roles: person.roles },
        after: { roles, role: input.role, via: 'operator', grantId: null, requestedBy: null },
      },
      deps.now,
    );
    return { staffId: person.id, roles, changed: true };
  });
}

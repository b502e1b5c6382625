import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import {
  checkAccountFlaggable,
  checkFlagLift,
  checkFlagSet,
  statusAfterFlagChange,
  DomainError,
  type CustomerFlag,
  type CustomerFlagsOutput,
  type customerFlagLiftInputSchema,
  type customerFlagSetInputSchema,
} from '@privdesk/shared';
import type { z } from 'zod';
import type { DbOrTx, Tx } from '../../db/client.js';
import { customerFlags, customers } from '../../db/schema.js';
import type { ActorDeps } from '../../lib/service.js';
import { staffNames } from '../requests/requests.queries.js';
import { writeCustomerChange, type CustomerChange, type CustomerRecord } from './customer-change.js';

type FlagRow = typeof customerFlags.$inferSelect;

async function standingFlags(db: DbOrTx, customerId: string): Promise<FlagRow[]> {
  return db
    .select()
    .from(customerFlags)
    .where(and(eq(customerFlags.customerId, customerId), isNull(customerFlags.liftedAt)));
}

/** Every flag the account has had: standing ones first, then lifted ones, newest first within each. */
export async function flagsOf(db: DbOrTx, customerId: string): Promise<CustomerFlag[]> {
  const rows = await db
    .select()
    .from(customerFlags)
    .where(eq(customerFlags.customerId, customerId))
    .orderBy(sql`${customerFlags.liftedAt} is not null`, desc(customerFlags.setAt), asc(customerFlags.id));
  const names = await staffNames(
    db,
    rows.flatMap((r) => [r.setBy, r.liftedBy]),
  );
  const ref = (id: string | null) =>
    id === null ? null : { id, name: names.get(id) ?? 'Unknown staff member' };
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    setAt: r.setAt.toISOString(),
    setBy: ref(r.setBy),
    setReason: r.setReason,
    liftedAt: r.liftedAt?.toISOString() ?? null,
    liftedBy: ref(r.liftedBy),
    liftedReason: r.liftedReason,
    customerToldAt: r.customerToldAt?.toISOString() ?? null,
    customerToldBy: r.customerToldBy,
  }));
}

export async function customerFlagsFor(deps: ActorDeps, customerId: string): Promise<CustomerFlagsOutput> {
  const [account] = await deps.db
    .select({ id: customers.id, version: customers.version })
    .from(customers)
    .where(eq(customers.id, customerId));
  if (!account) throw new DomainError('NOT_FOUND', 'No customer account with this id.');
  return { customerId: account.id, version: account.version, flags: await flagsOf(deps.db, account.id) };
}

/**
 * A flag change in its own transaction, through the customer change writer; answers with the account's new
 * version and all its flags, as the page shows them next.
 */
async function changeFlags(
  deps: ActorDeps,
  target: { customerId: string; version: number },
  decide: (tx: Tx, current: CustomerRecord) => Promise<CustomerChange>,
): Promise<CustomerFlagsOutput> {
  return deps.db.transaction(async (tx) => {
    const updated = await writeCustomerChange(
      tx,
      deps,
      { id: target.customerId, version: target.version },
      (current) => decide(tx, current),
    );
    return { customerId: updated.id, version: updated.version, flags: await flagsOf(tx, updated.id) };
  });
}

/** A privacy officer sets a restriction of processing or a legal hold, with a reason. */
export async function setCustomerFlag(
  deps: ActorDeps,
  input: z.output<typeof customerFlagSetInputSchema>,
): Promise<CustomerFlagsOutput> {
  const { actor, now } = deps;
  return changeFlags(deps, input, async (tx, current) => {
    checkAccountFlaggable(current.status);
    checkFlagSet(await standingFlags(tx, current.id), input.kind);
    const status = statusAfterFlagChange(current.status, input.kind, 'set');
    return {
      status,
      write: async (w) => {
        const [flag] = await w
          .insert(customerFlags)
          .values({
            customerId: current.id,
            kind: input.kind,
            setAt: now,
            setBy: actor.staffId,
            setReason: input.reason,
          })
          .returning({ id: customerFlags.id });
        if (!flag) throw new Error('flag insert returned nothing');
        return flag;
      },
      event: (flag) => ({ kind: 'flag_set', data: { flagId: flag.id, kind: input.kind } }),
      audit: (flag, version) => ({
        action: 'customers.flag_set',
        entityType: 'customer',
        entityId: current.id,
        reason: input.reason,
        before: { version: current.version, status: current.status },
        after: { flagId: flag.id, kind: input.kind, version, status },
      }),
    };
  });
}

/** A privacy officer lifts a standing restriction (once the customer was told) or legal hold, with a reason. */
export async function liftCustomerFlag(
  deps: ActorDeps,
  input: z.output<typeof customerFlagLiftInputSchema>,
): Promise<CustomerFlagsOutput> {
  const { actor, now } = deps;
  const told = input.customerTold
    ? { at: new Date(input.customerTold.at), channel: input.customerTold.channel }
    : null;
  return changeFlags(deps, input, async (tx, current) => {
    checkAccountFlaggable(current.status);
    const row = checkFlagLift(await standingFlags(tx, current.id), input.kind, told?.at ?? null, now);
    const status = statusAfterFlagChange(current.status, input.kind, 'lift');
    return {
      status,
      write: async (w) => {
        await w
          .update(customerFlags)
          .set({
            liftedAt: now,
            liftedBy: actor.staffId,
            liftedReason: input.reason,
            customerToldAt: told?.at ?? null,
            customerToldBy: told?.channel ?? null,
          })
          .where(eq(customerFlags.id, row.id));
        return { id: row.id };
      },
      event: (lifted) => ({ kind: 'flag_lifted', data: { flagId: lifted.id, kind: input.kind } }),
      audit: (lifted, version) => ({
        action: 'customers.flag_lifted',
        entityType: 'customer',
        entityId: current.id,
        reason: input.reason,
        before: { version: current.version, status: current.status },
        after: {
          flagId: lifted.id,
          kind: input.kind,
          version,
          status,
          customerTold: told ? { at: told.at.toISOString(), channel: told.channel } : null,
        },
      }),
    };
  });
}

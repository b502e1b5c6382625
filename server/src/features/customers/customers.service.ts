import { asc, eq, ilike, like, or } from 'drizzle-orm';
import {
  isMinorAt,
  maskedEmail,
  maskedName,
  type Capabilities,
  type customerSearchInputSchema,
  type LinkedCustomer,
} from '@privdesk/shared';
import type { z } from 'zod';
import { customers } from '../../db/schema.js';
import type { ActorDeps } from '../../lib/service.js';

function escapeLike(term: string): string {
  return term.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * Search as you type: an email (prefix), an account number (prefix), or part of a name or organisation.
 * Names and emails come back masked unless the caller holds `pii:read`.
 */
export async function searchCustomers(
  deps: ActorDeps,
  input: z.output<typeof customerSearchInputSchema>,
): Promise<{ items: LinkedCustomer[] }> {
  const q = input.q;
  const escaped = escapeLike(q.toLowerCase());
  const where = q.includes('@')
    ? like(customers.email, `${escaped}%`)
    : /^syn-?\d*$/i.test(q)
      ? like(customers.accountNumber, `${escapeLike(q.toUpperCase())}%`)
      : or(
          ilike(customers.name, `%${escaped}%`),
          ilike(customers.organisation, `%${escaped}%`),
          like(customers.email, `${escaped}%`),
          eq(customers.accountNumber, q.toUpperCase()),
        );
  const rows = await deps.db
    .select()
    .from(customers)
    .where(where)
    .orderBy(asc(customers.name), asc(customers.id))
    .limit(input.limit);
  return { items: rows.map((c) => presentCustomer(c, deps.actor.can, deps.now)) };
}

/** A customer account as this reader may see it: clear names for `pii:read`, masked otherwise. */
export function presentCustomer(
  c: typeof customers.$inferSelect,
  can: Capabilities,
  at: Date,
): LinkedCustomer {
  const shown = {
    id: c.id,
    accountNumber: c.accountNumber,
    organisation: c.organisation,
    country: c.country,
    plan: c.plan,
    minor: isMinorAt(c.birthYear, at),
  };
  return can.seeClearPii
    ? { ...shown, name: c.name, email: c.email, masked: false }
    : { ...shown, name: maskedName(c.name), email: maskedEmail(c.email), masked: true };
}

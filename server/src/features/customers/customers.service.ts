import { asc, eq, ilike, like, or } from 'drizzle-orm';
import {
  maskEmail,
  maskName,
  permissionsOf,
  type customerSearchInputSchema,
  type LinkedCustomer,
} from '@privdesk/shared';
import type { z } from 'zod';
import { customers } from '../../db/schema.js';
import type { Context } from '../../trpc/context.js';

const minorAgeLimit = 16;

function escapeLike(term: string): string {
  return term.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * Search as you type: an email (prefix), an account number (prefix), or part of a name or organisation.
 * Names and emails come back masked unless the caller holds `pii:read`.
 */
export async function searchCustomers(
  ctx: Context,
  input: z.output<typeof customerSearchInputSchema>,
): Promise<{ items: LinkedCustomer[] }> {
  const held = permissionsOf(ctx.session?.roles ?? []);
  const clear = held.includes('pii:read');
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
  const rows = await ctx.db
    .select()
    .from(customers)
    .where(where)
    .orderBy(asc(customers.name), asc(customers.id))
    .limit(input.limit);
  const year = ctx.now().getUTCFullYear();
  return {
    items: rows.map((c) => ({
      id: c.id,
      accountNumber: c.accountNumber,
      name: clear ? c.name : maskName(c.name),
      email: clear ? c.email : maskEmail(c.email),
      masked: !clear,
      organisation: c.organisation,
      country: c.country,
      plan: c.plan,
      minor: c.birthYear !== null && year - c.birthYear < minorAgeLimit,
    })),
  };
}

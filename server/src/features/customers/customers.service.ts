import { and, asc, eq, ilike, like, or, sql, type SQL } from 'drizzle-orm';
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

/** A whole word of the name, in any case: `\m` and `\M` are PostgreSQL's word boundaries. */
function nameHasWord(word: string): SQL {
  const escaped = word.replace(/[\\^$.|?*+()[\]{}]/g, (c) => `\\${c}`);
  return sql`${customers.name} ~* ${`\\m${escaped}\\M`}`;
}

/**
 * Search as you type: an email (prefix), an account number (prefix), or part of a name or organisation.
 * Names and emails come back masked unless the caller holds `pii:read`, and then the search matches them
 * only whole — a full email, whole words of the name — and orders by account number, never by name: no
 * answer tells a masked reader more than the masked value shows.
 */
export async function searchCustomers(
  deps: ActorDeps,
  input: z.output<typeof customerSearchInputSchema>,
): Promise<{ items: LinkedCustomer[] }> {
  const q = input.q;
  const clear = deps.actor.can.seeClearPii;
  const escaped = escapeLike(q.toLowerCase());
  const account = /^syn-?\d*$/i.test(q)
    ? like(customers.accountNumber, `${escapeLike(q.toUpperCase())}%`)
    : undefined;
  let where: SQL | undefined;
  if (clear) {
    where = q.includes('@')
      ? like(customers.email, `${escaped}%`)
      : (account ??
        or(
          ilike(customers.name, `%${escaped}%`),
          ilike(customers.organisation, `%${escaped}%`),
          like(customers.email, `${escaped}%`),
          eq(customers.accountNumber, q.toUpperCase()),
        ));
  } else if (q.includes('@')) {
    where = eq(customers.email, q.trim().toLowerCase());
  } else {
    const words = q
      .trim()
      .split(/[\s\-'’.,_+@()]+/u)
      .filter((w) => w.length > 0);
    where =
      account ??
      or(
        // Organisations are shown in clear: a part of one may match.
        ilike(customers.organisation, `%${escaped}%`),
        eq(customers.accountNumber, q.toUpperCase()),
        words.length > 0 ? and(...words.map(nameHasWord)) : sql`false`,
      );
  }
  const rows = await deps.db
    .select()
    .from(customers)
    .where(where)
    .orderBy(...(clear ? [asc(customers.name), asc(customers.id)] : [asc(customers.accountNumber)]))
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

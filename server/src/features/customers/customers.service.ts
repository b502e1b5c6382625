import { eq, getTableColumns } from 'drizzle-orm';
import {
  DomainError,
  isMinorAt,
  maskedEmail,
  maskedName,
  type Capabilities,
  type LinkedCustomer,
} from '@privdesk/shared';
import type { DbOrTx } from '../../db/client.js';
import { customers, organisations } from '../../db/schema.js';

/** An account with its organisation's name, as every customer read selects it. */
export const customerColumns = {
  ...getTableColumns(customers),
  organisationName: organisations.name,
};
export type CustomerWithOrganisation = typeof customers.$inferSelect & { organisationName: string | null };

/** Accounts joined to their organisation; add a where clause. */
export function selectCustomers(db: DbOrTx) {
  return db
    .select(customerColumns)
    .from(customers)
    .leftJoin(organisations, eq(organisations.id, customers.organisationId));
}

export async function loadCustomer(db: DbOrTx, id: string): Promise<CustomerWithOrganisation> {
  const [row] = await selectCustomers(db).where(eq(customers.id, id));
  if (!row) throw new DomainError('NOT_FOUND', 'No customer account with this id.');
  return row;
}

/** A customer account as this reader may see it: clear names for `pii:read`, masked otherwise. */
export function presentCustomer(c: CustomerWithOrganisation, can: Capabilities, at: Date): LinkedCustomer {
  const shown = {
    id: c.id,
    accountNumber: c.accountNumber,
    organisation: c.organisationName,
    country: c.country,
    plan: c.plan,
    minor: isMinorAt(c.birthYear, at),
    status: c.status,
    purgeOn: c.purgeOn,
  };
  return can.seeClearPii
    ? { ...shown, name: c.name, email: c.email, masked: false }
    : { ...shown, name: maskedName(c.name), email: maskedEmail(c.email), masked: true };
}

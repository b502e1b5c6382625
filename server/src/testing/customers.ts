import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { customers, organisations } from '../db/schema.js';

export type TestCustomer = Omit<typeof customers.$inferInsert, 'organisationId'> & {
  /** The organisation's name: made a record the first time a test names it. */
  organisation?: string | null;
};

/** Inserts accounts as tests describe them, with organisations by name; returns the rows. */
export async function insertCustomers(db: DbOrTx, rows: readonly TestCustomer[]) {
  const out: (typeof customers.$inferSelect)[] = [];
  for (const { organisation, ...row } of rows) {
    let organisationId: string | null = null;
    if (organisation) {
      const [found] = await db
        .select({ id: organisations.id })
        .from(organisations)
        .where(eq(sql`lower(${organisations.name})`, organisation.toLowerCase()));
      organisationId =
        found?.id ??
        (
          await db
            .insert(organisations)
            .values({ name: organisation, country: row.country })
            .returning({ id: organisations.id })
        )[0]?.id ??
        null;
    }
    const [inserted] = await db
      .insert(customers)
      .values({ ...row, organisationId })
      .returning();
    if (!inserted) throw new Error('customer insert returned nothing');
    out.push(inserted);
  }
  return out;
}

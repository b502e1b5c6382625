import type { CustomerRevealOutput, customerRevealInputSchema } from '@privdesk/shared';
import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import { organisations } from '../../db/schema.js';
import { originOf, type ActorDeps } from '../../lib/service.js';
import { recordAudit } from '../audit/audit.writer.js';
import { loadCustomer } from './customers.service.js';

/**
 * An account's name and email (and its organisation's privacy contact) in clear, for a typed reason, audited
 * in the same transaction with the reason and which fields were shown — never their values (issue 12,
 * item 4). The page shows them for this view only.
 */
export async function revealCustomer(
  deps: ActorDeps,
  input: z.output<typeof customerRevealInputSchema>,
): Promise<CustomerRevealOutput> {
  const { actor, now } = deps;
  return deps.db.transaction(async (tx) => {
    const c = await loadCustomer(tx, input.customerId);
    const [org] = c.organisationId
      ? await tx.select().from(organisations).where(eq(organisations.id, c.organisationId))
      : [];
    const contact =
      org?.privacyContactName && org.privacyContactEmail
        ? { name: org.privacyContactName, email: org.privacyContactEmail }
        : null;
    await recordAudit(
      tx,
      originOf(actor),
      {
        action: 'customers.pii_revealed',
        entityType: 'customer',
        entityId: c.id,
        reason: input.reason,
        after: {
          fields: contact ? ['name', 'email', 'contactName', 'contactEmail'] : ['name', 'email'],
        },
      },
      now,
    );
    return { name: c.name, email: c.email, contact };
  });
}

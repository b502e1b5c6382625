import { and, asc, eq, isNull } from 'drizzle-orm';
import { proposePlanLines, type ProposalSystem, type ProposedLine } from '@privdesk/shared';
import type { DbOrTx } from '../../db/client.js';
import { customerFlags, customers, dataSystems } from '../../db/schema.js';
import type { RequestRecord } from '../requests/request-change.js';

/**
 * How the plan asks the platform database whether it holds an account (the internal connector's lookup).
 * Absent where no platform database is configured: the platform's line is then proposed as held.
 */
export interface PlatformLookup {
  holdsAccount(accountNumber: string): Promise<boolean>;
}

/** The facts the proposal needs about a request's subject: the systems and whether each holds them. */
export async function proposalFor(
  db: DbOrTx,
  request: RequestRecord,
  platform: PlatformLookup | null,
): Promise<{ lines: ProposedLine[]; systems: number }> {
  const rows = await db.select().from(dataSystems).orderBy(asc(dataSystems.name));
  const [account] = request.customerId
    ? await db
        .select({ accountNumber: customers.accountNumber, status: customers.status })
        .from(customers)
        .where(eq(customers.id, request.customerId))
    : [];
  const [hold] = request.customerId
    ? await db
        .select({ id: customerFlags.id })
        .from(customerFlags)
        .where(
          and(
            eq(customerFlags.customerId, request.customerId),
            eq(customerFlags.kind, 'legal_hold'),
            isNull(customerFlags.liftedAt),
          ),
        )
    : [];
  const platformHolds = async (): Promise<boolean | null> => {
    // The platform keeps accounts by number: without a linked, unerased account it holds nothing of theirs.
    if (!account || account.status === 'erased') return false;
    return platform ? platform.holdsAccount(account.accountNumber) : null;
  };
  const systems: ProposalSystem[] = [];
  for (const row of rows) {
    systems.push({
      id: row.id,
      name: row.name,
      connectorKind: row.connectorKind,
      retentionRules: row.retentionRules,
      holds: row.connector.kind === 'internal' ? await platformHolds() : null,
    });
  }
  // The platform database first: it is the account itself, and the line staff check before the others.
  systems.sort((a, b) => Number(b.connectorKind === 'internal') - Number(a.connectorKind === 'internal'));
  return { lines: proposePlanLines(systems, { legalHold: hold !== undefined }), systems: rows.length };
}

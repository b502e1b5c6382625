import { and, asc, eq, isNull } from 'drizzle-orm';
import { proposePlanLines, type ProposalSystem, type ProposedLine } from '@privdesk/shared';
import type { DbOrTx } from '../../db/client.js';
import {
  customerFlags,
  customers,
  dataSystems,
  subprocessorDataSystems,
  subprocessors,
} from '../../db/schema.js';
import type { RequestRecord } from '../requests/request-change.js';

/**
 * How the plan asks the platform database whether it holds an account (the internal connector's lookup).
 * Absent where no platform database is configured: the platform's line is then proposed as held.
 */
export interface PlatformLookup {
  holdsAccount(accountNumber: string): Promise<boolean>;
}

/** The facts the proposal needs about a request's subject: the systems and whether each holds them. */
/**
 * Whether the platform holds this request's account, asked before the plan's transaction opens: the platform
 * may share the app's embedded database, which runs one transaction at a time (a query from outside an open
 * transaction would wait for it forever). Null where nobody can tell.
 */
export async function platformHoldsFor(
  db: DbOrTx,
  customerId: string | null,
  platform: PlatformLookup | null,
): Promise<boolean | null> {
  const [account] = customerId
    ? await db
        .select({ accountNumber: customers.accountNumber, status: customers.status })
        .from(customers)
        .where(eq(customers.id, customerId))
    : [];
  // The platform keeps accounts by number: without a linked, unerased account it holds nothing of theirs.
  if (!account || account.status === 'erased') return false;
  return platform ? platform.holdsAccount(account.accountNumber) : null;
}

export async function proposalFor(
  db: DbOrTx,
  request: RequestRecord,
  platformHolds: boolean | null,
): Promise<{ lines: ProposedLine[]; systems: number }> {
  const rows = await db.select().from(dataSystems).orderBy(asc(dataSystems.name));
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
  // The recipients: subprocessors in service that receive a system's data (a proposed one has none yet; a
  // retired one's data was returned or deleted when it left, as its retirement records).
  const links = await db
    .select({
      dataSystemId: subprocessorDataSystems.dataSystemId,
      id: subprocessors.id,
      name: subprocessors.name,
    })
    .from(subprocessorDataSystems)
    .innerJoin(subprocessors, eq(subprocessors.id, subprocessorDataSystems.subprocessorId))
    .where(eq(subprocessors.status, 'active'))
    .orderBy(asc(subprocessors.name));
  const systems: ProposalSystem[] = [];
  for (const row of rows) {
    systems.push({
      id: row.id,
      name: row.name,
      connectorKind: row.connectorKind,
      retentionRules: row.retentionRules,
      holds: row.connector.kind === 'internal' ? platformHolds : null,
      recipients: links.filter((l) => l.dataSystemId === row.id).map((l) => ({ id: l.id, name: l.name })),
    });
  }
  // The platform database first: it is the account itself, and the line staff check before the others.
  systems.sort((a, b) => Number(b.connectorKind === 'internal') - Number(a.connectorKind === 'internal'));
  return { lines: proposePlanLines(systems, { legalHold: hold !== undefined }), systems: rows.length };
}

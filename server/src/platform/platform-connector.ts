import { eq, inArray, sql, type SQLWrapper } from 'drizzle-orm';
import { fieldError } from '@privdesk/shared';
import { rowsOf } from '../db/client.js';
import {
  platformRetentionScopes,
  platformTableNames,
  type PlatformRetentionScope,
  type PlatformTableName,
} from './platform-catalog.js';
import type { PlatformDbOrTx, PlatformTx } from './platform-db.js';
import {
  accounts,
  apiKeys,
  erasureReceipts,
  invoiceLines,
  invoices,
  organisationMemberships,
  supportTickets,
  usageEvents,
} from './platform.schema.js';

export {
  platformRetentionScopeLabels,
  platformRetentionScopes,
  type PlatformRetentionScope,
} from './platform-catalog.js';

/**
 * The privacy desk's internal connector to the Syncronis platform: what an approved erasure does there, and
 * what the plan asks first (does the platform hold the person's data at all). Takes account numbers, the
 * only identifier the desk and the platform share.
 */

/** `delete` removes the person's usage history; `anonymise` keeps it for statistics, cut off from the person. */
export const platformErasureActions = ['delete', 'anonymise'] as const;
export type PlatformErasureAction = (typeof platformErasureActions)[number];

export interface PlatformErasureInput {
  accountNumber: string;
  action: PlatformErasureAction;
  /** What a retention rule keeps (stripped of what the rule does not need); everything else goes. */
  retain: readonly PlatformRetentionScope[];
  now: Date;
  /**
   * The caller's key for this erasure (the desk's plan line): a call repeated with it answers the first
   * call's report, so a retried step reports what it did, not a second run's zeros.
   */
  idempotencyKey?: string;
}

/** Each row of the person's counted once: gone, kept cut off from the person, or kept under a retention rule. */
export interface PlatformTableCount {
  table: PlatformTableName;
  deleted: number;
  anonymised: number;
  retained: number;
}

export type PlatformErasureResult =
  | { found: false; accountNumber: string }
  | {
      found: true;
      accountNumber: string;
      /** The account was already a tombstone: nothing changed, and every count is zero. */
      alreadyErased: boolean;
      erasedAt: Date;
      /** Every platform table, in platformTableNames' order. */
      tables: PlatformTableCount[];
    };

export type PlatformFootprint =
  | { found: false; accountNumber: string }
  | {
      found: true;
      accountNumber: string;
      erasedAt: Date | null;
      /** The person's rows per table (the account's own row counts: a tombstone is still a row). */
      tables: { table: PlatformTableName; rows: number }[];
    };

/**
 * Erases one account across the platform's tables in one transaction, so a failure half-way leaves every row
 * as it was. The account row is locked first: two erasures of one account run one after the other, and the
 * second finds a tombstone and changes nothing. The row itself stays as that tombstone (account number,
 * sign-up date, erased_at) because invoices kept for the tax authorities still point at it.
 */
export async function erasePlatformAccount(
  pdb: PlatformDbOrTx,
  input: PlatformErasureInput,
): Promise<PlatformErasureResult> {
  assertErasureInput(input);
  const retain = new Set(input.retain);
  return pdb.transaction(async (tx) => {
    const [account] = await tx
      .select({ id: accounts.id, erasedAt: accounts.erasedAt })
      .from(accounts)
      .where(eq(accounts.accountNumber, input.accountNumber))
      .for('update');
    if (!account) return { found: false, accountNumber: input.accountNumber };
    // After the account's lock: a first call with this key has committed by now, if there was one.
    if (input.idempotencyKey) {
      const [receipt] = await tx
        .select({ report: erasureReceipts.report })
        .from(erasureReceipts)
        .where(eq(erasureReceipts.idempotencyKey, input.idempotencyKey));
      if (receipt) return reportFromReceipt(receipt.report);
    }
    const counts = new Map<PlatformTableName, PlatformTableCount>(
      platformTableNames.map((table) => [table, { table, deleted: 0, anonymised: 0, retained: 0 }]),
    );
    const report = () => platformTableNames.map((table) => counts.get(table) ?? emptyCount(table));
    if (account.erasedAt)
      return {
        found: true,
        accountNumber: input.accountNumber,
        alreadyErased: true,
        erasedAt: account.erasedAt,
        tables: report(),
      };
    const add = (table: PlatformTableName, kind: 'deleted' | 'anonymised' | 'retained', n: number) => {
      const count = counts.get(table);
      if (count) count[kind] += n;
    };
    const id = account.id;

    add(
      'organisation_memberships',
      'deleted',
      await changedRows(
        tx,
        tx
          .delete(organisationMemberships)
          .where(eq(organisationMemberships.accountId, id))
          .returning({ id: organisationMemberships.id }),
      ),
    );
    add(
      'api_keys',
      'deleted',
      await changedRows(
        tx,
        tx.delete(apiKeys).where(eq(apiKeys.accountId, id)).returning({ id: apiKeys.id }),
      ),
    );

    if (input.action === 'anonymise') {
      // The event stays for the product's statistics (what happened, when), with nothing that leads back.
      add(
        'usage_events',
        'anonymised',
        await changedRows(
          tx,
          tx
            .update(usageEvents)
            .set({ accountId: null, ipAddress: null, userAgent: null })
            .where(eq(usageEvents.accountId, id))
            .returning({ id: usageEvents.id }),
        ),
      );
    } else {
      add(
        'usage_events',
        'deleted',
        await changedRows(
          tx,
          tx.delete(usageEvents).where(eq(usageEvents.accountId, id)).returning({ id: usageEvents.id }),
        ),
      );
    }

    const theirInvoices = tx.select({ id: invoices.id }).from(invoices).where(eq(invoices.accountId, id));
    if (retain.has('invoices')) {
      // Tax law needs the invoice as issued (name, address, tax number, amounts), not where it was emailed
      // nor which teammate ordered an add-on.
      add(
        'invoice_lines',
        'retained',
        await changedRows(
          tx,
          tx
            .update(invoiceLines)
            .set({ orderedByEmail: null })
            .where(inArray(invoiceLines.invoiceId, theirInvoices))
            .returning({ id: invoiceLines.id }),
        ),
      );
      add(
        'invoices',
        'retained',
        await changedRows(
          tx,
          tx
            .update(invoices)
            .set({ billingEmail: null })
            .where(eq(invoices.accountId, id))
            .returning({ id: invoices.id }),
        ),
      );
    } else {
      add(
        'invoice_lines',
        'deleted',
        await changedRows(
          tx,
          tx
            .delete(invoiceLines)
            .where(inArray(invoiceLines.invoiceId, theirInvoices))
            .returning({ id: invoiceLines.id }),
        ),
      );
      add(
        'invoices',
        'deleted',
        await changedRows(
          tx,
          tx.delete(invoices).where(eq(invoices.accountId, id)).returning({ id: invoices.id }),
        ),
      );
    }

    if (retain.has('support_tickets')) {
      add('support_tickets', 'retained', await tx.$count(supportTickets, eq(supportTickets.accountId, id)));
    } else {
      add(
        'support_tickets',
        'deleted',
        await changedRows(
          tx,
          tx
            .delete(supportTickets)
            .where(eq(supportTickets.accountId, id))
            .returning({ id: supportTickets.id }),
        ),
      );
    }

    // Last, once nothing that goes points at it any more; the tombstone CHECK refuses a row left half-erased.
    await tx
      .update(accounts)
      .set({
        name: null,
        email: null,
        passwordHash: null,
        country: null,
        plan: null,
        lastActiveAt: null,
        birthYear: null,
        jobTitle: null,
        phone: null,
        timezone: null,
        erasedAt: input.now,
      })
      .where(eq(accounts.id, id));
    add('accounts', 'anonymised', 1);

    const result = {
      found: true as const,
      accountNumber: input.accountNumber,
      alreadyErased: false,
      erasedAt: input.now,
      tables: report(),
    };
    if (input.idempotencyKey)
      await tx.insert(erasureReceipts).values({
        idempotencyKey: input.idempotencyKey,
        accountNumber: input.accountNumber,
        report: { ...result, erasedAt: input.now.toISOString() },
        createdAt: input.now,
      });
    return result;
  });
}

/** A stored report as the connector answers it. */
function reportFromReceipt(stored: Record<string, unknown>): PlatformErasureResult {
  const report = stored as { accountNumber: string; erasedAt: string; tables: PlatformTableCount[] };
  return {
    found: true,
    accountNumber: report.accountNumber,
    alreadyErased: false,
    erasedAt: new Date(report.erasedAt),
    tables: report.tables,
  };
}

/** What the platform holds under an account number, table by table: what an erasure plan proposes to touch. */
export async function platformAccountFootprint(
  pdb: PlatformDbOrTx,
  accountNumber: string,
): Promise<PlatformFootprint> {
  const countIn = (table: SQLWrapper, where: SQLWrapper) =>
    sql<number>`(select count(*)::int from ${table} where ${where})`.mapWith(Number);
  // One statement, so the counts are of one moment even while the platform changes.
  const [row] = await pdb
    .select({
      erasedAt: accounts.erasedAt,
      memberships: countIn(organisationMemberships, eq(organisationMemberships.accountId, accounts.id)),
      apiKeys: countIn(apiKeys, eq(apiKeys.accountId, accounts.id)),
      usageEvents: countIn(usageEvents, eq(usageEvents.accountId, accounts.id)),
      invoices: countIn(invoices, eq(invoices.accountId, accounts.id)),
      invoiceLines:
        sql<number>`(select count(*)::int from ${invoiceLines} join ${invoices} on ${eq(invoices.id, invoiceLines.invoiceId)} where ${eq(invoices.accountId, accounts.id)})`.mapWith(
          Number,
        ),
      supportTickets: countIn(supportTickets, eq(supportTickets.accountId, accounts.id)),
    })
    .from(accounts)
    .where(eq(accounts.accountNumber, accountNumber));
  if (!row) return { found: false, accountNumber };
  const rows: Record<PlatformTableName, number> = {
    accounts: 1,
    organisation_memberships: row.memberships,
    api_keys: row.apiKeys,
    usage_events: row.usageEvents,
    invoices: row.invoices,
    invoice_lines: row.invoiceLines,
    support_tickets: row.supportTickets,
  };
  return {
    found: true,
    accountNumber,
    erasedAt: row.erasedAt,
    tables: platformTableNames.map((table) => ({ table, rows: rows[table] })),
  };
}

function emptyCount(table: PlatformTableName): PlatformTableCount {
  return { table, deleted: 0, anonymised: 0, retained: 0 };
}

/**
 * How many rows a DELETE or UPDATE … RETURNING changed, counted by the database: an account grown to 100,000
 * usage events would otherwise send every id back just to be counted.
 */
async function changedRows(tx: PlatformTx, statement: SQLWrapper): Promise<number> {
  // Its SQL rather than the builder itself: drizzle puts an embedded builder in parentheses, which a CTE refuses.
  const result = await tx.execute(
    sql`with changed as (${statement.getSQL()}) select count(*)::int as n from changed`,
  );
  return Number(rowsOf<{ n: number }>(result)[0]?.n ?? 0);
}

/**
 * The input may come from a stored plan or a job's payload rather than from typed code: an unknown action or
 * retention scope is refused before anything is touched, instead of being read as "retain nothing".
 */
function assertErasureInput(input: PlatformErasureInput): void {
  const actions: readonly string[] = platformErasureActions;
  if (!actions.includes(input.action)) throw fieldError('action', 'Choose to delete or to anonymise.');
  const scopes: readonly string[] = platformRetentionScopes;
  const unknown = input.retain.filter((scope) => !scopes.includes(scope));
  if (unknown.length > 0) throw fieldError('retain', `Unknown retention scope: ${unknown.join(', ')}.`);
  if (Number.isNaN(input.now.getTime())) throw fieldError('now', 'The erasure needs a valid instant.');
}

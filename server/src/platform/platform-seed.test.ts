import { asc, eq, sql, TransactionRollbackError } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../db/client.js';
import { openTestPlatformDatabase } from '../testing/test-platform-db.js';
import { platformAccountFootprint } from './platform-connector.js';
import type { PlatformDatabase, PlatformDb, PlatformDbOrTx } from './platform-db.js';
import { growAccount, seedPlatform, type PlatformDirectoryAccount } from './platform-seed.js';
import {
  accounts,
  apiKeys,
  invoiceLines,
  invoices,
  organisationMemberships,
  usageEvents,
} from './platform.schema.js';

const now = new Date('2026-03-02T10:00:00Z');

const directory: PlatformDirectoryAccount[] = [
  {
    accountNumber: 'SYN-300001',
    name: 'Elif Demir',
    email: 'elif.demir@example.com',
    organisationName: 'Kestrel Robotics',
    country: 'SE',
    plan: 'business',
    signupAt: new Date('2024-05-01T08:00:00Z'),
    lastActiveAt: new Date('2026-02-27T08:00:00Z'),
    birthYear: 1984,
    status: 'active',
  },
  {
    accountNumber: 'SYN-300002',
    name: 'Farah Nasser',
    email: 'farah.nasser@example.org',
    organisationName: null,
    country: 'GB',
    plan: 'free',
    signupAt: new Date('2025-11-15T08:00:00Z'),
    lastActiveAt: null,
    birthYear: null,
    status: 'active',
  },
  {
    accountNumber: 'SYN-300003',
    name: 'Erased account',
    email: 'erased-300003@erased.invalid',
    organisationName: null,
    country: 'DE',
    plan: 'team',
    signupAt: new Date('2023-01-15T08:00:00Z'),
    lastActiveAt: new Date('2024-01-15T08:00:00Z'),
    birthYear: null,
    status: 'erased',
  },
  {
    accountNumber: 'SYN-300004',
    name: 'Gustavo Ribeiro',
    email: 'gustavo.ribeiro@example.net',
    organisationName: null,
    country: 'BR',
    plan: 'starter',
    signupAt: new Date('2025-06-10T08:00:00Z'),
    lastActiveAt: new Date('2026-01-20T08:00:00Z'),
    birthYear: 1990,
    status: 'deletion_pending',
  },
];

/** Everything seeded, without the database's own ids, in a stable order. */
async function contentsOf(db: PlatformDbOrTx) {
  return {
    accounts: await db
      .select({
        id: accounts.id,
        accountNumber: accounts.accountNumber,
        passwordHash: accounts.passwordHash,
        jobTitle: accounts.jobTitle,
        phone: accounts.phone,
        timezone: accounts.timezone,
      })
      .from(accounts)
      .orderBy(asc(accounts.accountNumber)),
    keys: await db
      .select({ prefix: apiKeys.keyPrefix, label: apiKeys.label, createdAt: apiKeys.createdAt })
      .from(apiKeys)
      .orderBy(asc(apiKeys.keyPrefix)),
    events: await db
      .select({ at: usageEvents.occurredAt, kind: usageEvents.kind, ip: usageEvents.ipAddress })
      .from(usageEvents)
      .orderBy(asc(usageEvents.occurredAt), asc(usageEvents.kind)),
    invoices: await db
      .select({ id: invoices.id, number: invoices.number, total: invoices.totalCents })
      .from(invoices)
      .orderBy(asc(invoices.number)),
  };
}

describe('the platform seed', () => {
  let platform: PlatformDatabase;
  let db: PlatformDb;

  beforeAll(async () => {
    platform = await openTestPlatformDatabase();
    db = platform.db;
  });
  afterAll(async () => {
    await platform.close();
  });

  it('writes the same rows for the same directory and seed', async () => {
    let first: Awaited<ReturnType<typeof contentsOf>> | undefined;
    await db
      .transaction(async (tx) => {
        await seedPlatform(tx, directory, { seed: 7, now });
        first = await contentsOf(tx);
        tx.rollback();
      })
      .catch((error: unknown) => {
        if (!(error instanceof TransactionRollbackError)) throw error;
      });
    expect(await db.$count(accounts)).toBe(0);

    const counts = await seedPlatform(db, directory, { seed: 7, now });
    expect(counts.accounts).toBe(3);
    expect(counts.organisation_memberships).toBe(1);
    expect(first?.accounts.length).toBe(3);
    expect(await contentsOf(db)).toEqual(first);
  });

  it('gives an erased account of the directory no platform rows', async () => {
    expect(await platformAccountFootprint(db, 'SYN-300003')).toEqual({
      found: false,
      accountNumber: 'SYN-300003',
    });
  });

  it('seeds a membership for an organisation’s account only, and invoices for paid plans only', async () => {
    const memberships = await db
      .select({ number: accounts.accountNumber, organisation: organisationMemberships.organisationName })
      .from(organisationMemberships)
      .innerJoin(accounts, eq(accounts.id, organisationMemberships.accountId));
    expect(memberships).toEqual([{ number: 'SYN-300001', organisation: 'Kestrel Robotics' }]);

    const footprints = await Promise.all(
      ['SYN-300001', 'SYN-300002', 'SYN-300004'].map((n) => platformAccountFootprint(db, n)),
    );
    const rowsOfTable = (i: number, table: string) => {
      const footprint = footprints[i];
      return footprint?.found ? footprint.tables.find((t) => t.table === table)?.rows : undefined;
    };
    // Business (SYN-300001) and starter (SYN-300004) pay; free (SYN-300002) does not.
    expect(rowsOfTable(0, 'invoices')).toBeGreaterThanOrEqual(1);
    expect(rowsOfTable(1, 'invoices')).toBe(0);
    expect(rowsOfTable(2, 'invoices')).toBeGreaterThanOrEqual(1);
    for (let i = 0; i < 3; i += 1) {
      expect(rowsOfTable(i, 'api_keys')).toBeGreaterThanOrEqual(1);
      expect(rowsOfTable(i, 'api_keys')).toBeLessThanOrEqual(3);
      expect(rowsOfTable(i, 'usage_events')).toBeGreaterThanOrEqual(3);
      expect(rowsOfTable(i, 'usage_events')).toBeLessThanOrEqual(8);
    }

    // An organisation's invoice is billed to the organisation, with a tax number; a person's to the person.
    const billed = await db
      .selectDistinct({
        number: accounts.accountNumber,
        billingName: invoices.billingName,
        hasTaxId: sql<boolean>`${invoices.taxId} is not null`,
        currency: invoices.currency,
        billingEmail: invoices.billingEmail,
      })
      .from(invoices)
      .innerJoin(accounts, eq(accounts.id, invoices.accountId))
      .orderBy(asc(accounts.accountNumber));
    expect(billed).toEqual([
      {
        number: 'SYN-300001',
        billingName: 'Kestrel Robotics',
        hasTaxId: true,
        currency: 'EUR',
        billingEmail: 'elif.demir@example.com',
      },
      {
        number: 'SYN-300004',
        billingName: 'Gustavo Ribeiro',
        hasTaxId: false,
        currency: 'BRL',
        billingEmail: 'gustavo.ribeiro@example.net',
      },
    ]);
    const mismatched = rowsOf(
      await db.execute(sql`
        select ${invoices.number} from ${invoices}
        where ${invoices.totalCents} <> (select sum(${invoiceLines.amountCents}) from ${invoiceLines} where ${eq(invoiceLines.invoiceId, invoices.id)})`),
    );
    expect(mismatched).toEqual([]);
  });

  it('uses only addresses reserved for documentation, and no real password hash', async () => {
    const ips = await db.selectDistinct({ ip: usageEvents.ipAddress }).from(usageEvents);
    for (const { ip } of ips) expect(ip).toMatch(/^(192\.0\.2\.|198\.51\.100\.|203\.0\.113\.|2001:db8:)/);
    const [elif] = await db
      .select({ hash: accounts.passwordHash, timezone: accounts.timezone })
      .from(accounts)
      .where(eq(accounts.accountNumber, 'SYN-300001'));
    expect(elif?.hash).toMatch(/^\$scrypt\$ln=15,r=8,p=1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(elif?.timezone).toBe('Europe/Stockholm');
  });

  it('grows one account by the number of usage events asked for, and refuses an unknown one', async () => {
    const before = await db.$count(usageEvents);
    expect(await growAccount(db, 'SYN-300002', 2_500)).toBe(2_500);
    expect(await db.$count(usageEvents)).toBe(before + 2_500);
    await expect(growAccount(db, 'SYN-999999', 10)).rejects.toThrow('No platform account SYN-999999');
  });
});

import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { rowsOf, type Database } from '../db/client.js';
import { insertCustomers } from '../testing/customers.js';
import { openTestDatabase } from '../testing/test-db.js';
import { openTestPlatformDatabase } from '../testing/test-platform-db.js';
import { erasePlatformAccount, platformAccountFootprint } from './platform-connector.js';
import { openPlatformDatabase, type PlatformDatabase } from './platform-db.js';
import { readCustomerDirectory, seedPlatform } from './platform-seed.js';

const now = new Date('2026-03-02T10:00:00Z');

async function countOf(db: Database['db'] | PlatformDatabase['db'], query: ReturnType<typeof sql>) {
  return Number(rowsOf<{ n: number }>(await db.execute(query))[0]?.n);
}

describe('the platform in the app’s own database (the demo’s default)', () => {
  let app: Database;
  let platform: PlatformDatabase;

  beforeAll(async () => {
    app = await openTestDatabase(inject('templateFile'), inject('runId'));
    platform = await openPlatformDatabase({ kind: 'shared', db: app.db });
  });
  afterAll(async () => {
    await platform.close();
    await app.close();
  });

  it('keeps its migrations apart from the app’s', async () => {
    const appBefore = await app.migrationStatus();
    await platform.migrate();
    // A second start finds them applied and does nothing.
    await platform.migrate();
    // One row a shipped platform migration (0000_platform, 0001_erasure_receipts).
    expect(await countOf(app.db, sql`select count(*)::int as n from platform.__platform_migrations`)).toBe(2);
    expect(await app.migrationStatus()).toEqual(appBefore);
    expect(appBefore.applied).toBe(appBefore.shipped);
  });

  it('is seeded from the customer directory and erased through the same connection', async () => {
    await insertCustomers(app.db, [
      {
        accountNumber: 'SYN-400001',
        name: 'Hana Kobayashi',
        email: 'hana.kobayashi@example.com',
        organisation: 'Glasshouse Media',
        country: 'FR',
        plan: 'team',
        signupAt: new Date('2024-03-01T08:00:00Z'),
        lastActiveAt: new Date('2026-02-01T08:00:00Z'),
      },
      {
        accountNumber: 'SYN-400002',
        name: 'Erased account',
        email: 'erased-400002@erased.invalid',
        country: 'DE',
        plan: 'free',
        signupAt: new Date('2023-03-01T08:00:00Z'),
        status: 'erased',
      },
    ]);
    const directory = await readCustomerDirectory(app.db);
    expect(directory).toEqual([
      {
        accountNumber: 'SYN-400001',
        name: 'Hana Kobayashi',
        email: 'hana.kobayashi@example.com',
        organisationName: 'Glasshouse Media',
        country: 'FR',
        plan: 'team',
        signupAt: new Date('2024-03-01T08:00:00Z'),
        lastActiveAt: new Date('2026-02-01T08:00:00Z'),
        birthYear: null,
        status: 'active',
      },
      {
        accountNumber: 'SYN-400002',
        name: 'Erased account',
        email: 'erased-400002@erased.invalid',
        organisationName: null,
        country: 'DE',
        plan: 'free',
        signupAt: new Date('2023-03-01T08:00:00Z'),
        lastActiveAt: null,
        birthYear: null,
        status: 'erased',
      },
    ]);
    const counts = await seedPlatform(platform.db, directory, { seed: 2026, now });
    expect(counts.accounts).toBe(1);
    expect(counts.organisation_memberships).toBe(1);

    const erased = await erasePlatformAccount(platform.db, {
      accountNumber: 'SYN-400001',
      action: 'delete',
      retain: [],
      now,
    });
    expect(erased.found && erased.alreadyErased).toBe(false);
    expect(await platformAccountFootprint(platform.db, 'SYN-400001')).toEqual({
      found: true,
      accountNumber: 'SYN-400001',
      erasedAt: now,
      tables: [
        { table: 'accounts', rows: 1 },
        { table: 'organisation_memberships', rows: 0 },
        { table: 'api_keys', rows: 0 },
        { table: 'usage_events', rows: 0 },
        { table: 'invoices', rows: 0 },
        { table: 'invoice_lines', rows: 0 },
        { table: 'support_tickets', rows: 0 },
      ],
    });
  });

  it('leaves the app’s connection open when it closes', async () => {
    await platform.close();
    expect(await countOf(app.db, sql`select count(*)::int as n from customers`)).toBe(2);
  });
});

describe('the platform in a database of its own (tests, PLATFORM_DATABASE_URL)', () => {
  let platform: PlatformDatabase;

  beforeAll(async () => {
    platform = await openTestPlatformDatabase();
  });
  afterAll(async () => {
    await platform.close();
  });

  it('holds the platform’s tables and none of the app’s', async () => {
    const [found] = rowsOf<{ app: string | null; platform: string | null; migrations: string | null }>(
      await platform.db.execute(
        sql`select to_regclass('public.customers')::text as app, to_regclass('platform.accounts')::text as platform,
              to_regclass('drizzle.__drizzle_migrations')::text as migrations`,
      ),
    );
    expect(found).toEqual({ app: null, platform: 'platform.accounts', migrations: null });
  });
});

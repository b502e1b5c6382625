import { asc, eq, isNull, sql } from 'drizzle-orm';
import { DomainError } from '@privdesk/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestPlatformDatabase } from '../testing/test-platform-db.js';
import { erasePlatformAccount, platformAccountFootprint } from './platform-connector.js';
import type { PlatformDatabase, PlatformDb } from './platform-db.js';
import { growAccount } from './platform-seed.js';
import {
  accounts,
  apiKeys,
  invoiceLines,
  invoices,
  organisationMemberships,
  supportTickets,
  usageEvents,
} from './platform.schema.js';

const now = new Date('2026-03-02T10:00:00Z');
const later = new Date('2026-03-05T10:00:00Z');

interface AccountSpec {
  number: string;
  name: string;
  email: string;
  organisation: string | null;
  keys: number;
  events: number;
  /** Lines per invoice; an entry per invoice. */
  invoiceLines: number[];
  tickets: number;
}

/** Exactly the rows described, so every count below is known by hand. */
async function insertAccount(db: PlatformDb, spec: AccountSpec): Promise<string> {
  const [account] = await db
    .insert(accounts)
    .values({
      accountNumber: spec.number,
      name: spec.name,
      email: spec.email,
      passwordHash: '$scrypt$ln=15,r=8,p=1$c2FsdHNhbHRzYWx0$not-a-real-hash',
      country: 'DE',
      plan: spec.invoiceLines.length > 0 ? 'team' : 'free',
      signupAt: new Date('2024-01-10T09:00:00Z'),
      lastActiveAt: new Date('2026-02-20T09:00:00Z'),
      birthYear: 1988,
      jobTitle: 'Designer',
      phone: '+44 20 7946 0123',
      timezone: 'Europe/Berlin',
    })
    .returning({ id: accounts.id });
  if (!account) throw new Error('account insert returned nothing');
  const accountId = account.id;
  if (spec.organisation)
    await db.insert(organisationMemberships).values({
      accountId,
      organisationName: spec.organisation,
      role: 'admin',
      joinedAt: new Date('2024-01-11T09:00:00Z'),
    });
  for (let k = 0; k < spec.keys; k += 1)
    await db.insert(apiKeys).values({
      accountId,
      label: `Key ${k + 1}`,
      keyPrefix: `sk_live_${spec.number}_${k}`,
      secretHash: `sha256$${'0'.repeat(64)}`,
      createdAt: new Date('2024-02-01T09:00:00Z'),
    });
  for (let e = 0; e < spec.events; e += 1)
    await db.insert(usageEvents).values({
      accountId,
      occurredAt: new Date(Date.UTC(2025, 5, 1 + e)),
      kind: 'sign_in',
      ipAddress: '198.51.100.7',
      userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:129.0) Gecko/20100101 Firefox/129.0',
      details: { feature: 'auth', durationMs: 120 },
    });
  for (const [i, lines] of spec.invoiceLines.entries()) {
    const [invoice] = await db
      .insert(invoices)
      .values({
        accountId,
        number: `INV-${spec.number}-${i + 1}`,
        issuedOn: `2025-0${i + 1}-01`,
        currency: 'EUR',
        totalCents: 1500 * lines,
        billingName: spec.organisation ?? spec.name,
        billingAddress: '12 Example Street, 10115 Berlin, Germany',
        taxId: spec.organisation ? 'DE123456789' : null,
        billingEmail: spec.email,
      })
      .returning({ id: invoices.id });
    if (!invoice) throw new Error('invoice insert returned nothing');
    for (let l = 0; l < lines; l += 1)
      await db.insert(invoiceLines).values({
        invoiceId: invoice.id,
        description: l === 0 ? 'Team plan' : 'Extra storage (100 GB)',
        quantity: 1,
        amountCents: 1500,
        orderedByEmail: l === 0 ? null : spec.email,
      });
  }
  for (let t = 0; t < spec.tickets; t += 1)
    await db.insert(supportTickets).values({
      accountId,
      openedAt: new Date('2025-09-01T09:00:00Z'),
      subject: 'Cannot export my board to PDF',
      body: `Hello, the export stops at 90%. Thanks, ${spec.name}`,
      status: 'solved',
    });
  return accountId;
}

const amara: AccountSpec = {
  number: 'SYN-200001',
  name: 'Amara Okafor',
  email: 'amara.okafor@example.com',
  organisation: 'Emberline GmbH',
  keys: 2,
  events: 3,
  invoiceLines: [2, 1],
  tickets: 1,
};
const bjorn: AccountSpec = {
  number: 'SYN-200002',
  name: 'Bjorn Halvorsen',
  email: 'bjorn.halvorsen@example.org',
  organisation: null,
  keys: 1,
  events: 2,
  invoiceLines: [],
  tickets: 2,
};
const chiara: AccountSpec = {
  number: 'SYN-200003',
  name: 'Chiara Bellandi',
  email: 'chiara.bellandi@example.net',
  organisation: 'Juniper Row SA',
  keys: 3,
  events: 4,
  invoiceLines: [1],
  tickets: 1,
};
const dmitri: AccountSpec = {
  number: 'SYN-200004',
  name: 'Dmitri Sokolov',
  email: 'dmitri.sokolov@example.com',
  organisation: null,
  keys: 1,
  events: 5,
  invoiceLines: [1, 1],
  tickets: 0,
};

function footprintOf(
  number: string,
  rows: [
    accounts: number,
    memberships: number,
    keys: number,
    events: number,
    invoices: number,
    lines: number,
    tickets: number,
  ],
) {
  const [a, m, k, e, i, l, t] = rows;
  return [
    { table: 'accounts', rows: a },
    { table: 'organisation_memberships', rows: m },
    { table: 'api_keys', rows: k },
    { table: 'usage_events', rows: e },
    { table: 'invoices', rows: i },
    { table: 'invoice_lines', rows: l },
    { table: 'support_tickets', rows: t },
  ].map((entry) => ({ ...entry, number }));
}

async function tablesOf(db: PlatformDb, number: string) {
  const footprint = await platformAccountFootprint(db, number);
  if (!footprint.found) throw new Error(`no account ${number}`);
  return footprint.tables.map((entry) => ({ ...entry, number }));
}

const zeros = [
  { table: 'accounts', deleted: 0, anonymised: 0, retained: 0 },
  { table: 'organisation_memberships', deleted: 0, anonymised: 0, retained: 0 },
  { table: 'api_keys', deleted: 0, anonymised: 0, retained: 0 },
  { table: 'usage_events', deleted: 0, anonymised: 0, retained: 0 },
  { table: 'invoices', deleted: 0, anonymised: 0, retained: 0 },
  { table: 'invoice_lines', deleted: 0, anonymised: 0, retained: 0 },
  { table: 'support_tickets', deleted: 0, anonymised: 0, retained: 0 },
];

describe('the platform connector', () => {
  let platform: PlatformDatabase;
  let db: PlatformDb;

  beforeAll(async () => {
    platform = await openTestPlatformDatabase();
    db = platform.db;
    for (const spec of [amara, bjorn, chiara, dmitri]) await insertAccount(db, spec);
  });
  afterAll(async () => {
    await platform.close();
  });

  it('reports what the platform holds under an account number', async () => {
    expect(await tablesOf(db, amara.number)).toEqual(footprintOf(amara.number, [1, 1, 2, 3, 2, 3, 1]));
    expect(await tablesOf(db, bjorn.number)).toEqual(footprintOf(bjorn.number, [1, 0, 1, 2, 0, 0, 2]));
    expect(await platformAccountFootprint(db, 'SYN-999999')).toEqual({
      found: false,
      accountNumber: 'SYN-999999',
    });
  });

  it('deletes an account’s rows, keeps its invoices stripped of the email, and leaves a tombstone', async () => {
    const result = await erasePlatformAccount(db, {
      accountNumber: amara.number,
      action: 'delete',
      retain: ['invoices'],
      now,
    });
    expect(result).toEqual({
      found: true,
      accountNumber: 'SYN-200001',
      alreadyErased: false,
      erasedAt: now,
      tables: [
        { table: 'accounts', deleted: 0, anonymised: 1, retained: 0 },
        { table: 'organisation_memberships', deleted: 1, anonymised: 0, retained: 0 },
        { table: 'api_keys', deleted: 2, anonymised: 0, retained: 0 },
        { table: 'usage_events', deleted: 3, anonymised: 0, retained: 0 },
        { table: 'invoices', deleted: 0, anonymised: 0, retained: 2 },
        { table: 'invoice_lines', deleted: 0, anonymised: 0, retained: 3 },
        { table: 'support_tickets', deleted: 1, anonymised: 0, retained: 0 },
      ],
    });

    const [tombstone] = await db.select().from(accounts).where(eq(accounts.accountNumber, amara.number));
    expect(tombstone).toEqual({
      id: expect.any(String),
      accountNumber: 'SYN-200001',
      name: null,
      email: null,
      passwordHash: null,
      country: null,
      plan: null,
      signupAt: new Date('2024-01-10T09:00:00Z'),
      lastActiveAt: null,
      birthYear: null,
      jobTitle: null,
      phone: null,
      timezone: null,
      erasedAt: now,
    });
    const kept = await db
      .select({
        accountId: invoices.accountId,
        number: invoices.number,
        billingName: invoices.billingName,
        billingAddress: invoices.billingAddress,
        taxId: invoices.taxId,
        billingEmail: invoices.billingEmail,
      })
      .from(invoices)
      .where(eq(invoices.accountId, tombstone?.id ?? ''))
      .orderBy(asc(invoices.number));
    expect(kept).toEqual([
      {
        accountId: tombstone?.id,
        number: 'INV-SYN-200001-1',
        billingName: 'Emberline GmbH',
        billingAddress: '12 Example Street, 10115 Berlin, Germany',
        taxId: 'DE123456789',
        billingEmail: null,
      },
      {
        accountId: tombstone?.id,
        number: 'INV-SYN-200001-2',
        billingName: 'Emberline GmbH',
        billingAddress: '12 Example Street, 10115 Berlin, Germany',
        taxId: 'DE123456789',
        billingEmail: null,
      },
    ]);
    const lines = await db
      .select({ description: invoiceLines.description, orderedByEmail: invoiceLines.orderedByEmail })
      .from(invoiceLines)
      .innerJoin(invoices, eq(invoices.id, invoiceLines.invoiceId))
      .where(eq(invoices.accountId, tombstone?.id ?? ''))
      .orderBy(asc(invoices.number), asc(invoiceLines.description));
    expect(lines).toEqual([
      { description: 'Extra storage (100 GB)', orderedByEmail: null },
      { description: 'Team plan', orderedByEmail: null },
      { description: 'Team plan', orderedByEmail: null },
    ]);
    expect(await platformAccountFootprint(db, amara.number)).toEqual({
      found: true,
      accountNumber: 'SYN-200001',
      erasedAt: now,
      tables: footprintOf(amara.number, [1, 0, 0, 0, 2, 3, 0]).map(({ table, rows }) => ({ table, rows })),
    });
    // Nobody else's rows moved.
    expect(await tablesOf(db, bjorn.number)).toEqual(footprintOf(bjorn.number, [1, 0, 1, 2, 0, 0, 2]));
    expect(await tablesOf(db, chiara.number)).toEqual(footprintOf(chiara.number, [1, 1, 3, 4, 1, 1, 1]));
    const [chiarasRow] = await db
      .select({ email: accounts.email, erasedAt: accounts.erasedAt })
      .from(accounts)
      .where(eq(accounts.accountNumber, chiara.number));
    expect(chiarasRow).toEqual({ email: 'chiara.bellandi@example.net', erasedAt: null });
  });

  it('changes nothing the second time, and says the account was already erased', async () => {
    const before = await db.select().from(accounts).where(eq(accounts.accountNumber, amara.number));
    const again = await erasePlatformAccount(db, {
      accountNumber: amara.number,
      action: 'delete',
      retain: [],
      now: later,
    });
    expect(again).toEqual({
      found: true,
      accountNumber: 'SYN-200001',
      alreadyErased: true,
      erasedAt: now,
      tables: zeros,
    });
    expect(await db.select().from(accounts).where(eq(accounts.accountNumber, amara.number))).toEqual(before);
    // Retaining nothing this time does not reach back for the invoices the first erasure kept.
    expect(await tablesOf(db, amara.number)).toEqual(footprintOf(amara.number, [1, 0, 0, 0, 2, 3, 0]));
  });

  it('anonymises usage events instead of deleting them, and keeps retained support tickets', async () => {
    const anonymousBefore = await db.$count(usageEvents, isNull(usageEvents.accountId));
    const result = await erasePlatformAccount(db, {
      accountNumber: bjorn.number,
      action: 'anonymise',
      retain: ['support_tickets'],
      now,
    });
    expect(result).toEqual({
      found: true,
      accountNumber: 'SYN-200002',
      alreadyErased: false,
      erasedAt: now,
      tables: [
        { table: 'accounts', deleted: 0, anonymised: 1, retained: 0 },
        { table: 'organisation_memberships', deleted: 0, anonymised: 0, retained: 0 },
        { table: 'api_keys', deleted: 1, anonymised: 0, retained: 0 },
        { table: 'usage_events', deleted: 0, anonymised: 2, retained: 0 },
        { table: 'invoices', deleted: 0, anonymised: 0, retained: 0 },
        { table: 'invoice_lines', deleted: 0, anonymised: 0, retained: 0 },
        { table: 'support_tickets', deleted: 0, anonymised: 0, retained: 2 },
      ],
    });
    expect(anonymousBefore).toBe(0);
    const anonymous = await db
      .select({
        accountId: usageEvents.accountId,
        occurredAt: usageEvents.occurredAt,
        kind: usageEvents.kind,
        ipAddress: usageEvents.ipAddress,
        userAgent: usageEvents.userAgent,
        details: usageEvents.details,
      })
      .from(usageEvents)
      .where(isNull(usageEvents.accountId))
      .orderBy(asc(usageEvents.occurredAt));
    expect(anonymous).toEqual([
      {
        accountId: null,
        occurredAt: new Date('2025-06-01T00:00:00Z'),
        kind: 'sign_in',
        ipAddress: null,
        userAgent: null,
        details: { feature: 'auth', durationMs: 120 },
      },
      {
        accountId: null,
        occurredAt: new Date('2025-06-02T00:00:00Z'),
        kind: 'sign_in',
        ipAddress: null,
        userAgent: null,
        details: { feature: 'auth', durationMs: 120 },
      },
    ]);
    const tickets = await db
      .select({ subject: supportTickets.subject, body: supportTickets.body })
      .from(supportTickets)
      .innerJoin(accounts, eq(accounts.id, supportTickets.accountId))
      .where(eq(accounts.accountNumber, bjorn.number));
    expect(tickets).toEqual([
      {
        subject: 'Cannot export my board to PDF',
        body: 'Hello, the export stops at 90%. Thanks, Bjorn Halvorsen',
      },
      {
        subject: 'Cannot export my board to PDF',
        body: 'Hello, the export stops at 90%. Thanks, Bjorn Halvorsen',
      },
    ]);
  });

  it('answers an unknown account number with a result, not an error', async () => {
    expect(
      await erasePlatformAccount(db, { accountNumber: 'SYN-999999', action: 'delete', retain: [], now }),
    ).toEqual({ found: false, accountNumber: 'SYN-999999' });
  });

  it('refuses an unknown retention scope before touching anything', async () => {
    const input = JSON.parse(
      `{"accountNumber":"${chiara.number}","action":"delete","retain":["invoices","emails"]}`,
    ) as Parameters<typeof erasePlatformAccount>[1];
    const error = await erasePlatformAccount(db, { ...input, now }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({
      code: 'BAD_REQUEST',
      fieldErrors: { retain: ['Unknown retention scope: emails.'] },
    });
    expect(await tablesOf(db, chiara.number)).toEqual(footprintOf(chiara.number, [1, 1, 3, 4, 1, 1, 1]));
  });

  it('leaves every row in place when a step fails half-way', async () => {
    // The platform refuses to delete support tickets: memberships, keys, events and invoices are already gone
    // inside the transaction by then, and must all come back.
    await db.execute(sql`
      create function platform.refuse_ticket_delete() returns trigger language plpgsql as $$
      begin raise exception 'support tickets are frozen'; end $$`);
    await db.execute(sql`
      create trigger refuse_ticket_delete before delete on platform.support_tickets
      for each row execute function platform.refuse_ticket_delete()`);
    try {
      await expect(
        erasePlatformAccount(db, { accountNumber: chiara.number, action: 'delete', retain: [], now }),
      ).rejects.toThrow();
    } finally {
      await db.execute(sql`drop trigger refuse_ticket_delete on platform.support_tickets`);
      await db.execute(sql`drop function platform.refuse_ticket_delete()`);
    }
    expect(await tablesOf(db, chiara.number)).toEqual(footprintOf(chiara.number, [1, 1, 3, 4, 1, 1, 1]));
    const [row] = await db
      .select({ email: accounts.email, erasedAt: accounts.erasedAt })
      .from(accounts)
      .where(eq(accounts.accountNumber, chiara.number));
    expect(row).toEqual({ email: 'chiara.bellandi@example.net', erasedAt: null });
    const [invoice] = await db
      .select({ billingEmail: invoices.billingEmail })
      .from(invoices)
      .where(eq(invoices.number, `INV-${chiara.number}-1`));
    expect(invoice).toEqual({ billingEmail: 'chiara.bellandi@example.net' });
  });

  it('runs two erasures of one account one after the other: the second finds the tombstone', async () => {
    const input = { accountNumber: chiara.number, action: 'delete', retain: ['invoices'], now } as const;
    const results = await Promise.all([erasePlatformAccount(db, input), erasePlatformAccount(db, input)]);
    expect(results.map((r) => (r.found ? r.alreadyErased : 'not found')).sort()).toEqual([false, true]);
    expect(await tablesOf(db, chiara.number)).toEqual(footprintOf(chiara.number, [1, 0, 0, 0, 1, 1, 0]));
  });

  it('erases an account grown to 100,000 usage events', async () => {
    expect(await growAccount(db, dmitri.number, 100_000)).toBe(100_000);
    expect(await tablesOf(db, dmitri.number)).toEqual(
      footprintOf(dmitri.number, [1, 0, 1, 100_005, 2, 2, 0]),
    );
    const result = await erasePlatformAccount(db, {
      accountNumber: dmitri.number,
      action: 'delete',
      retain: ['invoices', 'support_tickets'],
      now,
    });
    expect(result).toEqual({
      found: true,
      accountNumber: 'SYN-200004',
      alreadyErased: false,
      erasedAt: now,
      tables: [
        { table: 'accounts', deleted: 0, anonymised: 1, retained: 0 },
        { table: 'organisation_memberships', deleted: 0, anonymised: 0, retained: 0 },
        { table: 'api_keys', deleted: 1, anonymised: 0, retained: 0 },
        { table: 'usage_events', deleted: 100_005, anonymised: 0, retained: 0 },
        { table: 'invoices', deleted: 0, anonymised: 0, retained: 2 },
        { table: 'invoice_lines', deleted: 0, anonymised: 0, retained: 2 },
        { table: 'support_tickets', deleted: 0, anonymised: 0, retained: 0 },
      ],
    });
    expect(await tablesOf(db, dmitri.number)).toEqual(footprintOf(dmitri.number, [1, 0, 0, 0, 2, 2, 0]));
  });
});

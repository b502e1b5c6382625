import { and, desc, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, dataSystems, organisations, piiAccessLog, requests } from '../../db/schema.js';
import { insertCustomers } from '../../testing/customers.js';
import { expectTrpcError } from '../../testing/expect-error.js';
import { createTestApp, type Caller, type TestApp } from '../../testing/test-app.js';

// Everyone's clock: 20 February 2027, 10:00 UTC (the year after the minors' birth years are counted from).
const now = new Date('2027-02-20T10:00:00.000Z');
const at = { now: () => now };
let app: TestApp;
let officer: Caller;
let support: Caller;
let supportId: string;
let auditor: Caller;
let manager: Caller;
const ids: Record<string, string> = {};

beforeAll(async () => {
  app = await createTestApp({ maskedSearchesPerMinute: 10_000 });
  ({ caller: officer } = await app.callerAs(['privacy_officer'], at));
  const signedIn = await app.callerAs(['support_agent'], at);
  support = signedIn.caller;
  supportId = signedIn.staff.id;
  ({ caller: auditor } = await app.callerAs(['auditor'], at));
  ({ caller: manager } = await app.callerAs(['manager'], at));
  const signupAt = new Date('2024-02-01T00:00:00Z');
  const rows = await insertCustomers(app.database.db, [
    {
      accountNumber: 'SYN-700001',
      name: 'Freya Halloran',
      email: 'freya.h@example.com',
      organisation: 'Kestrel Robotics',
      country: 'IE',
      plan: 'team',
      signupAt,
      lastActiveAt: new Date('2027-02-01T08:00:00Z'),
    },
    {
      accountNumber: 'SYN-700002',
      name: 'Tomas Novak',
      email: 'tomas@example.org',
      country: 'US-CA',
      plan: 'free',
      signupAt,
      birthYear: 2013,
    },
    {
      accountNumber: 'SYN-700003',
      name: 'John Smith',
      email: 'jsmith@example.net',
      country: 'GB',
      plan: 'team',
      signupAt,
    },
    {
      accountNumber: 'SYN-700004',
      name: 'Johanna Smithers',
      email: 'johanna.s@example.com',
      country: 'DE',
      plan: 'business',
      signupAt,
    },
    {
      accountNumber: 'SYN-700005',
      name: 'Odile Marchetti',
      email: 'odile@example.fr',
      organisation: '100% Juice_Co',
      country: 'FR',
      plan: 'starter',
      signupAt,
    },
    {
      accountNumber: 'SYN-710001',
      name: 'Emma Soto',
      email: 'emmasoto@example.es',
      country: 'ES',
      plan: 'free',
      signupAt,
    },
    {
      accountNumber: 'SYN-710002',
      name: 'Emma Sotomayor',
      email: 'e.sotomayor@example.com',
      country: 'ES',
      plan: 'free',
      signupAt,
    },
    {
      accountNumber: 'SYN-700006',
      name: 'Erased account',
      email: 'erased-700006@erased.invalid',
      country: 'NL',
      plan: 'free',
      signupAt,
      status: 'erased',
    },
  ]);
  for (const r of rows) ids[r.accountNumber] = r.id;
  await app.database.db
    .update(organisations)
    .set({ privacyContactName: 'Astrid Lindqvist', privacyContactEmail: 'privacy@kestrel.example' })
    .where(eq(organisations.name, 'Kestrel Robotics'));
}, 60_000);
afterAll(() => app.close());

const numbers = (out: { items: { accountNumber: string }[] }) => out.items.map((c) => c.accountNumber);

describe('customers.search, for readers in clear (privacy officers)', () => {
  it('finds by email prefix, account number in any form, organisation and a misspelt name, ranked', async () => {
    expect(numbers(await officer.customers.search({ q: 'freya.h@ex' }))).toEqual(['SYN-700001']);
    expect(numbers(await officer.customers.search({ q: 'freya.h' }))).toEqual(['SYN-700001']);
    expect((await officer.customers.search({ q: 'syn-700002' })).items).toEqual([
      expect.objectContaining({
        name: 'Tomas Novak',
        email: 'tomas@example.org',
        masked: false,
        minor: true,
        status: 'active',
        matchedBy: 'account',
      }),
    ]);
    expect(numbers(await officer.customers.search({ q: '700002' }))).toEqual(['SYN-700002']);
    expect(numbers(await officer.customers.search({ q: 'kestrel' }))).toEqual(['SYN-700001']);
    const typo = await officer.customers.search({ q: 'Jonh Smiht' });
    expect(typo.items[0]).toMatchObject({
      accountNumber: 'SYN-700003',
      name: 'John Smith',
      matchedBy: 'name',
    });
    // A term shaped like an address is the start of an email, never a name: "tomas.x" finds no Tomas.
    expect(numbers(await officer.customers.search({ q: 'tomas.x' }))).toEqual([]);
    expect(numbers(await officer.customers.search({ q: 'tomas' }))).toEqual(['SYN-700002']);
    // One word that starts an address is the address typed: "emmasoto" is not also a name to rank by
    // similarity (Emma Sotomayor is 0.33 similar), but names with a word starting with it come after it.
    expect(numbers(await officer.customers.search({ q: 'emmasoto' }))).toEqual(['SYN-710001']);
    expect(numbers(await officer.customers.search({ q: 'emma' }))).toEqual(['SYN-710001', 'SYN-710002']);
    // Starting no address, the same kind of word is a name: part of one here.
    expect(numbers(await officer.customers.search({ q: 'sotomay' }))).toEqual(['SYN-710002']);
    // Part of a name, as officers may type it.
    expect(numbers(await officer.customers.search({ q: 'hallor' }))).toEqual(['SYN-700001']);
    // The best match first: the whole name before a longer one that shares its start.
    expect(numbers(await officer.customers.search({ q: 'john smith' })).slice(0, 2)).toEqual([
      'SYN-700003',
      'SYN-700004',
    ]);
  });

  it('pages the ranked results', async () => {
    const first = await officer.customers.search({ q: 'SYN-7000', limit: 4 });
    expect(numbers(first)).toEqual(['SYN-700001', 'SYN-700002', 'SYN-700003', 'SYN-700004']);
    expect(first.hasMore).toBe(true);
    const second = await officer.customers.search({ q: 'SYN-7000', limit: 4, offset: 4 });
    expect(numbers(second)).toEqual(['SYN-700005', 'SYN-700006']);
    expect(second.hasMore).toBe(false);
  });

  it('matches %, _, quotes and backslashes literally', async () => {
    expect(numbers(await officer.customers.search({ q: '100%' }))).toEqual(['SYN-700005']);
    expect(numbers(await officer.customers.search({ q: 'juice_co' }))).toEqual(['SYN-700005']);
    expect(numbers(await officer.customers.search({ q: '%%' }))).toEqual([]);
    expect(numbers(await officer.customers.search({ q: '__' }))).toEqual([]);
    expect(numbers(await officer.customers.search({ q: "o'\\" }))).toEqual([]);
    expect(numbers(await officer.customers.search({ q: '%@%' }))).toEqual([]);
  });

  it('answers an empty or one-character search with guidance, not a scan', async () => {
    for (const q of ['', ' ', 'a', '%']) {
      expect(await officer.customers.search({ q })).toEqual({
        items: [],
        hasMore: false,
        capped: false,
        guidance:
          'Type at least two characters: an email, an account number (SYN-…), a name or an organisation.',
      });
    }
  });

  it('records the search as a view of the accounts it showed in clear', async () => {
    const before = await app.database.db
      .select()
      .from(piiAccessLog)
      .where(eq(piiAccessLog.surface, 'customer_search'));
    await officer.customers.search({ q: 'Tomas Novak', from: 'customer_directory' });
    const after = await app.database.db
      .select()
      .from(piiAccessLog)
      .where(eq(piiAccessLog.surface, 'customer_search'));
    expect(after).toHaveLength(before.length + 1);
    expect(after.map((r) => r.recordIds)).toContainEqual([ids['SYN-700002']]);
  });
});

describe('customers.search, for masked readers (support agents)', () => {
  it('masks names and emails, and matches an email only in full', async () => {
    expect(numbers(await support.customers.search({ q: 'freya.h@ex' }))).toEqual([]);
    expect(numbers(await support.customers.search({ q: 'freya.h' }))).toEqual([]);
    const { items } = await support.customers.search({ q: 'FREYA.H@example.com' });
    expect(items).toEqual([
      expect.objectContaining({
        name: 'F. H***',
        email: 'f***@e***.com',
        masked: true,
        organisation: 'Kestrel Robotics',
        matchedBy: 'email',
      }),
    ]);
  });

  it('finds a misspelt whole name, never a part of one', async () => {
    expect(numbers(await support.customers.search({ q: 'Jonh Smiht' }))).toEqual(['SYN-700003']);
    expect(numbers(await support.customers.search({ q: 'smith' }))).toEqual(['SYN-700003']);
    expect(numbers(await support.customers.search({ q: 'smit' }))).toEqual([]);
    expect(numbers(await support.customers.search({ q: 'john smithe' }))).toEqual([]);
    // Organisations and account numbers are shown to everyone, so they match in part.
    expect(numbers(await support.customers.search({ q: 'kestrel' }))).toEqual(['SYN-700001']);
    expect(numbers(await support.customers.search({ q: 'SYN-70000' }))).toHaveLength(6);
  });

  it('caps a name’s matches at ten, in account-number order, and says so', async () => {
    const limited = await createTestApp({ maskedSearchesPerMinute: 100 });
    try {
      const { caller: agent } = await limited.callerAs(['support_agent']);
      await insertCustomers(
        limited.database.db,
        Array.from({ length: 12 }, (_, i) => ({
          accountNumber: `SYN-8000${String(11 - i).padStart(2, '0')}`,
          name: 'Ada Lovelace',
          email: `ada${i}@example.com`,
          country: 'GB',
          plan: 'free',
          signupAt: new Date('2024-01-01T00:00:00Z'),
        })),
      );
      const out = await agent.customers.search({ q: 'Ada Lovelace', limit: 20 });
      expect(out.capped).toBe(true);
      expect(numbers(out)).toEqual([
        'SYN-800000',
        'SYN-800001',
        'SYN-800002',
        'SYN-800003',
        'SYN-800004',
        'SYN-800005',
        'SYN-800006',
        'SYN-800007',
        'SYN-800008',
        'SYN-800009',
      ]);
    } finally {
      await limited.close();
    }
  });

  it('is audited with a keyed hash of the term from the surface it was typed in', async () => {
    await support.customers.search({ q: 'Tomas Novak', from: 'customer_directory' });
    const [event] = await app.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'customers.searched'), eq(auditEvents.actorId, supportId)))
      .orderBy(desc(auditEvents.seq))
      .limit(1);
    expect(event?.after).toMatchObject({
      surface: 'customer_directory',
      results: 1,
      ids: [ids['SYN-700002']],
    });
    expect(JSON.stringify(event)).not.toMatch(/tomas|novak/i);
  });
});

describe('customers.search refuses', () => {
  it('bad input with the field at fault, and roles without the directory', async () => {
    await expectTrpcError(officer.customers.search({ q: 'freya', limit: 500 }), 'BAD_REQUEST');
    await expectTrpcError(officer.customers.search({ q: 'x'.repeat(101) }), 'BAD_REQUEST', /at most 100/);
    await expectTrpcError(officer.customers.search({ q: 'freya', offset: 201 }), 'BAD_REQUEST', /narrow/);
    await expectTrpcError(manager.customers.search({ q: 'freya' }), 'FORBIDDEN');
  });
});

describe('customers.get: the customer page', () => {
  it('shows an officer the account in clear, its organisation, flags, requests and footprint, as a recorded view', async () => {
    const logged = await officer.requests.create({
      type: 'erasure',
      regime: 'gdpr',
      channel: 'email',
      receivedAt: '2027-02-12T09:00:00.000Z',
      requester: { name: 'Freya Halloran', email: 'freya.h@example.com' },
      customerId: ids['SYN-700001'] ?? '',
    });
    const page = await officer.customers.get({ id: ids['SYN-700001'] ?? '' });
    expect(page.customer).toMatchObject({
      name: 'Freya Halloran',
      email: 'freya.h@example.com',
      masked: false,
    });
    expect(page.organisation).toEqual({
      id: expect.any(String),
      name: 'Kestrel Robotics',
      country: 'IE',
      masked: false,
      contact: { name: 'Astrid Lindqvist', email: 'privacy@kestrel.example' },
    });
    expect(page.signupAt).toBe('2024-02-01T00:00:00.000Z');
    expect(page.suggestedRegime).toBe('gdpr');
    expect(page.today).toBe('2027-02-20');
    expect(page.requests).toEqual([
      {
        id: logged.id,
        reference: logged.reference,
        type: 'erasure',
        status: 'received',
        outcome: null,
        receivedAt: '2027-02-12T09:00:00.000Z',
        dueOn: '2027-03-12',
        closedOn: null,
        plainLine: `We have your deletion request ${logged.reference} and will answer by 12 March.`,
      },
    ]);
    expect(page.footprint.systems.map((s) => [s.key, s.holds])).toEqual([
      ['platform', 'Account profile (name, email, organisation, country, plan) and sign-in activity'],
      ['privacy_desk', '1 privacy request and their records'],
    ]);
    const views = await app.database.db
      .select()
      .from(piiAccessLog)
      .where(eq(piiAccessLog.surface, 'customer_page'));
    expect(views.map((v) => v.recordIds)).toEqual([[ids['SYN-700001']]]);
  });

  it('fills the footprint from the data inventory once it has systems; an erased account shows what the law kept', async () => {
    const inserted = await app.database.db
      .insert(dataSystems)
      .values([
        {
          key: 'platform_db',
          name: 'Platform database',
          description: 'Accounts',
          dataCategories: ['contact_details', 'billing_records'],
          connectorKind: 'internal',
          connector: { kind: 'internal', target: 'platform' },
          retentionRules: [
            {
              scope: 'Invoices and their lines',
              ground: 'legal_obligation',
              law: 'Tax law',
              period: { count: 10, unit: 'years' },
              platformScope: 'invoices',
            },
          ],
        },
        {
          key: 'support_desk',
          name: 'Support desk',
          description: 'Tickets',
          dataCategories: ['support_communications'],
        },
      ])
      .returning({ id: dataSystems.id });
    try {
      const page = await officer.customers.get({ id: ids['SYN-700001'] ?? '' });
      expect(page.footprint.fromInventory).toBe(true);
      expect(page.footprint.systems.map((s) => [s.key, s.holds, s.since])).toEqual([
        ['platform_db', 'Contact details, billing records', '2024-02-01T00:00:00.000Z'],
        ['support_desk', 'Support communications', '2024-02-01T00:00:00.000Z'],
        ['privacy_desk', '1 privacy request and their records', '2027-02-12T09:00:00.000Z'],
      ]);
      const erased = await officer.customers.get({ id: ids['SYN-700006'] ?? '' });
      expect(erased.footprint.systems.map((s) => [s.key, s.holds, s.since])).toEqual([
        ['platform_db', 'Kept by law: invoices and their lines (10 years)', null],
      ]);
    } finally {
      await app.database.db.delete(dataSystems).where(
        inArray(
          dataSystems.id,
          inserted.map((r) => r.id),
        ),
      );
    }
  });

  it('shows a support agent the same page with every personal value masked', async () => {
    const page = await support.customers.get({ id: ids['SYN-700001'] ?? '' });
    expect(page.customer).toMatchObject({ name: 'F. H***', email: 'f***@e***.com', masked: true });
    expect(page.organisation).toMatchObject({
      masked: true,
      contact: { name: 'A. L***', email: 'p***@k***.example' },
    });
    expect(JSON.stringify(page)).not.toMatch(/Halloran|freya\.h@|Lindqvist|privacy@kestrel/);
    expect(page.requests[0]?.plainLine).toMatch(
      /^We have your deletion request DSR-2027-\d{6} and will answer by 12 March\.$/,
    );
  });

  it('is a plain not-found for an unknown account, a field error for a bad id, and closed to other roles', async () => {
    await expectTrpcError(officer.customers.get({ id: '00000000-0000-4000-8000-000000000000' }), 'NOT_FOUND');
    await expectTrpcError(officer.customers.get({ id: 'SYN-700001' }), 'BAD_REQUEST');
    await expectTrpcError(manager.customers.get({ id: ids['SYN-700001'] ?? '' }), 'FORBIDDEN');
    expect((await auditor.customers.get({ id: ids['SYN-700003'] ?? '' })).customer.masked).toBe(true);
  });
});

describe('customers.reveal', () => {
  it('shows a support agent the account and its contact in clear for a reason, audited without the values', async () => {
    const out = await support.customers.reveal({
      customerId: ids['SYN-700001'] ?? '',
      reason: 'Caller on the line confirms her address',
    });
    expect(out).toEqual({
      name: 'Freya Halloran',
      email: 'freya.h@example.com',
      contact: { name: 'Astrid Lindqvist', email: 'privacy@kestrel.example' },
    });
    const [event] = await app.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'customers.pii_revealed'))
      .orderBy(desc(auditEvents.seq))
      .limit(1);
    expect(event).toMatchObject({
      actorId: supportId,
      entityType: 'customer',
      entityId: ids['SYN-700001'],
      reason: 'Caller on the line confirms her address',
      after: { fields: ['name', 'email', 'contactName', 'contactEmail'] },
    });
    expect(JSON.stringify(event)).not.toMatch(/Halloran|freya\.h@|Lindqvist/);
  });

  it('is refused without a reason (nothing audited), for an unknown account, and for roles without it', async () => {
    const before = await app.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'customers.pii_revealed'));
    await expectTrpcError(
      support.customers.reveal({ customerId: ids['SYN-700002'] ?? '', reason: '' }),
      'BAD_REQUEST',
    );
    await expectTrpcError(
      support.customers.reveal({ customerId: ids['SYN-700002'] ?? '', reason: ' x ' }),
      'BAD_REQUEST',
    );
    await expectTrpcError(
      support.customers.reveal({
        customerId: '00000000-0000-4000-8000-000000000000',
        reason: 'Caller asked',
      }),
      'NOT_FOUND',
    );
    await expectTrpcError(
      auditor.customers.reveal({ customerId: ids['SYN-700002'] ?? '', reason: 'Curious' }),
      'FORBIDDEN',
    );
    await expectTrpcError(
      manager.customers.reveal({ customerId: ids['SYN-700002'] ?? '', reason: 'Curious' }),
      'FORBIDDEN',
    );
    const after = await app.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'customers.pii_revealed'));
    expect(after).toHaveLength(before.length);
  });
});

describe('customers.logRequest: a request in one step from the customer page', () => {
  it('logs for a support agent with the requester filled from the account, and warns of an open one of the same type', async () => {
    const out = await support.customers.logRequest({
      customerId: ids['SYN-700003'] ?? '',
      type: 'erasure',
      regime: 'uk_gdpr',
      channel: 'phone',
    });
    if (!out.logged) throw new Error('not logged');
    expect(out).toMatchObject({
      status: 'received',
      receivedAt: '2027-02-20T10:00:00.000Z',
      dueOn: '2027-03-22',
    });
    expect(out.plainLine).toBe(`We have your deletion request ${out.reference} and will answer by 22 March.`);
    const [row] = await app.database.db.select().from(requests).where(eq(requests.id, out.id));
    expect(row).toMatchObject({
      requesterName: 'John Smith',
      requesterEmail: 'jsmith@example.net',
      requesterLocation: 'GB',
      customerId: ids['SYN-700003'],
      channel: 'phone',
      customerLinkCheck: 'match',
      createdBy: supportId,
    });
    const again = await support.customers.logRequest({
      customerId: ids['SYN-700003'] ?? '',
      type: 'erasure',
      regime: 'uk_gdpr',
      channel: 'phone',
    });
    expect(again).toEqual({
      logged: false,
      duplicates: [expect.objectContaining({ id: out.id, reference: out.reference })],
    });
    const confirmed = await support.customers.logRequest({
      customerId: ids['SYN-700003'] ?? '',
      type: 'erasure',
      regime: 'uk_gdpr',
      channel: 'phone',
      confirmDuplicate: true,
    });
    expect(confirmed.logged).toBe(true);
  });

  it('marks a minor’s request, and takes the time the customer asked', async () => {
    const out = await officer.customers.logRequest({
      customerId: ids['SYN-700002'] ?? '',
      type: 'delete',
      regime: 'ccpa',
      channel: 'support',
      receivedAt: '2027-02-18T16:00:00.000Z',
    });
    if (!out.logged) throw new Error('not logged');
    const [row] = await app.database.db.select().from(requests).where(eq(requests.id, out.id));
    expect(row).toMatchObject({ minor: true, receivedAt: new Date('2027-02-18T16:00:00.000Z') });
  });

  it('refuses bad input beside the field, an erased account, and roles that do not log requests', async () => {
    const customerId = ids['SYN-700004'] ?? '';
    const base = { customerId, type: 'access', regime: 'gdpr', channel: 'email' } as const;
    const wrongRight = await expectTrpcError(
      support.customers.logRequest({ ...base, type: 'know' }),
      'BAD_REQUEST',
    );
    expect(wrongRight.message).toMatch(/not a right under EU GDPR/);
    await expectTrpcError(
      support.customers.logRequest({ ...base, channel: 'authorised_agent' }),
      'BAD_REQUEST',
      /intake form/,
    );
    await expectTrpcError(
      support.customers.logRequest({ ...base, receivedAt: '2027-02-21T10:00:00.000Z' }),
      'BAD_REQUEST',
    );
    await expectTrpcError(
      support.customers.logRequest({ ...base, customerId: ids['SYN-700006'] ?? '' }),
      'CONFLICT',
      /erased/,
    );
    await expectTrpcError(
      support.customers.logRequest({ ...base, customerId: '00000000-0000-4000-8000-000000000000' }),
      'NOT_FOUND',
    );
    // Nor does the intake form link a request to an erased account.
    await expectTrpcError(
      support.requests.create({
        type: 'access',
        regime: 'gdpr',
        channel: 'email',
        requester: { name: 'Someone Else', email: 'someone@example.com' },
        customerId: ids['SYN-700006'] ?? '',
      }),
      'BAD_REQUEST',
      /erased/,
    );
    await expectTrpcError(manager.customers.logRequest(base), 'FORBIDDEN');
    await expectTrpcError(auditor.customers.logRequest(base), 'FORBIDDEN');
    const rows = await app.database.db.select().from(requests).where(eq(requests.customerId, customerId));
    expect(rows).toEqual([]);
  });
});

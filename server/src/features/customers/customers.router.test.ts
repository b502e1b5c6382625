import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customers } from '../../db/schema.js';
import { expectTrpcError } from '../../testing/expect-error.js';
import { createTestApp, type Caller, type TestApp } from '../../testing/test-app.js';

let app: TestApp;
let officer: Caller;
let support: Caller;
beforeAll(async () => {
  app = await createTestApp();
  ({ caller: officer } = await app.callerAs(['privacy_officer']));
  ({ caller: support } = await app.callerAs(['support_agent']));
  await app.database.db.insert(customers).values([
    {
      accountNumber: 'SYN-700001',
      name: 'Freya Halloran',
      email: 'freya.h@example.com',
      organisation: 'Kestrel Robotics',
      country: 'IE',
      plan: 'team',
      signupAt: new Date('2024-02-01T00:00:00Z'),
    },
    {
      accountNumber: 'SYN-700002',
      name: 'Tomas Novak',
      email: 'tomas@example.org',
      organisation: null,
      country: 'US-CA',
      plan: 'free',
      signupAt: new Date('2024-03-01T00:00:00Z'),
      birthYear: new Date().getUTCFullYear() - 14,
    },
  ]);
});
afterAll(() => app.close());

describe('customers.search', () => {
  it('finds by email prefix, account number, name or organisation, in clear for officers', async () => {
    expect((await officer.customers.search({ q: 'freya.h@ex' })).items.map((c) => c.accountNumber)).toEqual([
      'SYN-700001',
    ]);
    expect((await officer.customers.search({ q: 'syn-700002' })).items).toEqual([
      expect.objectContaining({
        name: 'Tomas Novak',
        email: 'tomas@example.org',
        masked: false,
        minor: true,
      }),
    ]);
    expect((await officer.customers.search({ q: 'kestrel' })).items.map((c) => c.name)).toEqual([
      'Freya Halloran',
    ]);
    expect((await officer.customers.search({ q: 'novak' })).items.map((c) => c.accountNumber)).toEqual([
      'SYN-700002',
    ]);
    expect((await officer.customers.search({ q: '%' })).items).toEqual([]);
  });

  it('masks names and emails for support agents', async () => {
    const { items } = await support.customers.search({ q: 'freya' });
    expect(items).toEqual([
      expect.objectContaining({
        name: 'F. H***',
        email: 'f***@e***.com',
        masked: true,
        organisation: 'Kestrel Robotics',
      }),
    ]);
  });

  it('refuses empty searches and roles without the directory', async () => {
    await expectTrpcError(officer.customers.search({ q: '' }), 'BAD_REQUEST');
    await expectTrpcError(officer.customers.search({ q: 'x', limit: 500 }), 'BAD_REQUEST');
    const { caller: manager } = await app.callerAs(['manager']);
    await expectTrpcError(manager.customers.search({ q: 'freya' }), 'FORBIDDEN');
  });
});

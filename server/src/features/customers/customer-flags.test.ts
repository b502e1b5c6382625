import { and, asc, eq } from 'drizzle-orm';
import { insertCustomers } from '../../testing/customers.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, customerEvents, customerFlags } from '../../db/schema.js';
import { expectTrpcError } from '../../testing/expect-error.js';
import { plannerExpects } from '../../testing/planner-estimate.js';
import { createTestApp, type Caller, type TestApp } from '../../testing/test-app.js';

// The officers' clock: set on 10 March 2026, 09:00 UTC, then moved on by the tests.
let now = new Date('2026-03-10T09:00:00.000Z');
let app: TestApp;
let officer: Caller;
let officerId: string;
let support: Caller;
let manager: Caller;
let customerId: string;

beforeAll(async () => {
  app = await createTestApp();
  const signedIn = await app.callerAs(['privacy_officer'], { now: () => now });
  officer = signedIn.caller;
  officerId = signedIn.staff.id;
  ({ caller: support } = await app.callerAs(['support_agent']));
  ({ caller: manager } = await app.callerAs(['manager']));
  const [row] = await insertCustomers(app.database.db, [
    {
      accountNumber: 'SYN-710001',
      name: 'Aoife Brennan',
      email: 'aoife.b@example.com',
      organisation: 'Kestrel Robotics',
      country: 'IE',
      plan: 'team',
      signupAt: new Date('2024-02-01T00:00:00Z'),
    },
  ]);
  if (!row) throw new Error('no customer');
  customerId = row.id;
});
afterAll(() => app.close());

async function auditOf(action: 'customers.flag_set' | 'customers.flag_lifted') {
  return app.database.db
    .select({
      actorId: auditEvents.actorId,
      reason: auditEvents.reason,
      before: auditEvents.before,
      after: auditEvents.after,
    })
    .from(auditEvents)
    .where(and(eq(auditEvents.action, action), eq(auditEvents.entityId, customerId)))
    .orderBy(asc(auditEvents.seq));
}

describe('customer flags', () => {
  it('an officer sets a legal hold with a reason: the flag stands, on the timeline and in the audit log', async () => {
    const before = await officer.customers.flags({ customerId });
    expect(before).toEqual({ customerId, version: 0, flags: [] });
    const out = await officer.customers.setFlag({
      customerId,
      version: 0,
      kind: 'legal_hold',
      reason: 'Litigation hold from Legal, matter 2026-014',
    });
    expect(out.version).toBe(1);
    expect(out.flags).toEqual([
      expect.objectContaining({
        kind: 'legal_hold',
        setAt: '2026-03-10T09:00:00.000Z',
        setBy: { id: officerId, name: expect.any(String) },
        setReason: 'Litigation hold from Legal, matter 2026-014',
        liftedAt: null,
        liftedBy: null,
        liftedReason: null,
      }),
    ]);
    const [audit] = await auditOf('customers.flag_set');
    expect(audit).toEqual({
      actorId: officerId,
      reason: 'Litigation hold from Legal, matter 2026-014',
      before: { version: 0, status: 'active' },
      after: { flagId: out.flags[0]?.id, kind: 'legal_hold', version: 1, status: 'active' },
    });
    const timeline = await app.database.db
      .select({ kind: customerEvents.kind, data: customerEvents.data, actorId: customerEvents.actorId })
      .from(customerEvents)
      .where(eq(customerEvents.customerId, customerId));
    expect(timeline).toEqual([
      { kind: 'flag_set', data: { flagId: out.flags[0]?.id, kind: 'legal_hold' }, actorId: officerId },
    ]);
    // Everyone who reads customers sees it; a support agent tells the caller why nothing is erased.
    expect((await support.customers.flags({ customerId })).flags.map((f) => f.kind)).toEqual(['legal_hold']);
  });

  it('refuses to set a flag that already stands, and a change based on an old version', async () => {
    await expectTrpcError(
      officer.customers.setFlag({
        customerId,
        version: 1,
        kind: 'legal_hold',
        reason: 'Second hold for the same',
      }),
      'CONFLICT',
      /^Legal hold is already set on this account\.$/,
    );
    await expectTrpcError(
      officer.customers.setFlag({
        customerId,
        version: 0,
        kind: 'restriction',
        reason: 'Accuracy contested',
      }),
      'CONFLICT',
      /^SYN-710001 was changed by .+ at 2026-03-10 09:00 UTC — reload to see the change, then try again\.$/,
    );
    // Nothing was written by the refusals.
    expect((await officer.customers.flags({ customerId })).version).toBe(1);
    expect(await auditOf('customers.flag_set')).toHaveLength(1);
  });

  it('lifts a restriction only once the customer was told beforehand, and keeps the history', async () => {
    now = new Date('2026-03-11T10:00:00.000Z');
    await officer.customers.setFlag({
      customerId,
      version: 1,
      kind: 'restriction',
      reason: 'Customer contests the accuracy of their billing address (Art. 18(1)(a))',
    });
    // The restriction restricts the account itself.
    expect((await officer.customers.get({ id: customerId })).customer.status).toBe('restricted');
    await expectTrpcError(
      officer.customers.liftFlag({ customerId, version: 2, kind: 'restriction', reason: 'Address verified' }),
      'BAD_REQUEST',
    );
    now = new Date('2026-03-12T15:00:00.000Z');
    await expectTrpcError(
      officer.customers.liftFlag({
        customerId,
        version: 2,
        kind: 'restriction',
        reason: 'Address verified',
        customerTold: { at: '2026-03-12T15:30:00.000Z', channel: 'email' },
      }),
      'BAD_REQUEST',
      /^The customer must be told before the restriction is lifted\.$/,
    );
    const out = await officer.customers.liftFlag({
      customerId,
      version: 2,
      kind: 'restriction',
      reason: 'Address verified against the invoice',
      customerTold: { at: '2026-03-12T09:15:00.000Z', channel: 'email' },
    });
    expect(out.version).toBe(3);
    expect((await officer.customers.get({ id: customerId })).customer.status).toBe('active');
    // Standing first, then the lifted one, with its whole story.
    expect(out.flags.map((f) => [f.kind, f.liftedAt])).toEqual([
      ['legal_hold', null],
      ['restriction', '2026-03-12T15:00:00.000Z'],
    ]);
    expect(out.flags[1]).toMatchObject({
      setAt: '2026-03-11T10:00:00.000Z',
      liftedReason: 'Address verified against the invoice',
      liftedBy: { id: officerId },
      customerToldAt: '2026-03-12T09:15:00.000Z',
      customerToldBy: 'email',
    });
    const [lifted] = await auditOf('customers.flag_lifted');
    expect(lifted).toMatchObject({
      reason: 'Address verified against the invoice',
      before: { version: 2, status: 'restricted' },
      after: {
        kind: 'restriction',
        version: 3,
        status: 'active',
        customerTold: { at: '2026-03-12T09:15:00.000Z', channel: 'email' },
      },
    });
    // Lifted again? It no longer stands.
    await expectTrpcError(
      officer.customers.liftFlag({
        customerId,
        version: 3,
        kind: 'restriction',
        reason: 'Address verified',
        customerTold: { at: '2026-03-12T09:15:00.000Z', channel: 'email' },
      }),
      'CONFLICT',
      /^Processing restricted is not set on this account\.$/,
    );
    // And it can be set again: the old one stays in the history.
    now = new Date('2026-03-13T08:00:00.000Z');
    const again = await officer.customers.setFlag({
      customerId,
      version: 3,
      kind: 'restriction',
      reason: 'Objection to processing pending (Art. 18(1)(d))',
    });
    expect(again.flags.map((f) => [f.kind, f.liftedAt === null])).toEqual([
      ['restriction', true],
      ['legal_hold', true],
      ['restriction', false],
    ]);
  });

  it('a legal hold lifts with a reason and no notice', async () => {
    now = new Date('2026-03-14T08:00:00.000Z');
    const out = await officer.customers.liftFlag({
      customerId,
      version: 4,
      kind: 'legal_hold',
      reason: 'Matter 2026-014 settled; Legal released the hold',
    });
    expect(out.flags.find((f) => f.kind === 'legal_hold')).toMatchObject({
      liftedAt: '2026-03-14T08:00:00.000Z',
      customerToldAt: null,
    });
  });

  it("shows the account's standing flags on its requests in the queue, to officers and support agents", async () => {
    // By now: a restriction stands (set again on 13 March), the legal hold was lifted on 14 March.
    const created = await officer.requests.create({
      type: 'erasure',
      regime: 'gdpr',
      channel: 'email',
      requester: { name: 'Aoife Brennan', email: 'aoife.b@example.com', location: 'IE' },
      customerId,
      description: 'Please delete my account.',
    });
    const asOfficer = await officer.requests.find({ search: created.reference });
    expect(asOfficer.items.map((r) => [r.reference, r.customerFlags])).toEqual([
      [created.reference, ['restriction']],
    ]);
    await officer.customers.setFlag({
      customerId,
      version: 5,
      kind: 'legal_hold',
      reason: 'New matter 2026-031',
    });
    const asSupport = await support.requests.find({ search: created.reference });
    expect(asSupport.view).toBe('summary');
    expect(asSupport.items.map((r) => r.customerFlags)).toEqual([['legal_hold', 'restriction']]);
    // A request with no linked account has none, nor one whose account has none standing.
    const unlinked = await officer.requests.create({
      type: 'access',
      regime: 'gdpr',
      channel: 'email',
      requester: { name: 'Nobody Linked', email: 'nobody.linked@example.com', location: 'IE' },
      description: 'A copy of my data.',
    });
    const [other] = await insertCustomers(app.database.db, [
      {
        accountNumber: 'SYN-710002',
        name: 'Bram Visser',
        email: 'bram.v@example.com',
        country: 'NL',
        plan: 'free',
        signupAt: new Date('2024-05-01T00:00:00Z'),
      },
    ]);
    const otherRequest = await officer.requests.create({
      type: 'access',
      regime: 'gdpr',
      channel: 'email',
      requester: { name: 'Bram Visser', email: 'bram.v@example.com', location: 'NL' },
      customerId: other?.id ?? null,
      description: 'A copy of my data.',
    });
    const expectedFlags = new Map([
      [created.reference, ['legal_hold', 'restriction']],
      [unlinked.reference, []],
      [otherRequest.reference, []],
    ]);
    // Every way a page is read: cut from every match (few expected), and the sort's index walked (the
    // planner made to expect many), by assignee too.
    for (const expectMany of [false, true]) {
      const spy = expectMany ? plannerExpects(app.database.db, 50_000) : null;
      try {
        for (const sort of ['receivedAt', 'assignee'] as const) {
          const page = await officer.requests.find({ sort, dir: 'desc', pageSize: 100 });
          const got = new Map(page.items.map((r) => [r.reference, r.customerFlags]));
          for (const [reference, flags] of expectedFlags) {
            expect(got.get(reference), `${reference}, ${sort}, many: ${expectMany}`).toEqual(flags);
          }
        }
      } finally {
        spy?.mockRestore();
      }
    }
  });

  it('is for privacy officers only', async () => {
    for (const caller of [support, manager]) {
      await expectTrpcError(
        caller.customers.setFlag({ customerId, version: 6, kind: 'legal_hold', reason: 'Litigation hold' }),
        'FORBIDDEN',
      );
      await expectTrpcError(
        caller.customers.liftFlag({
          customerId,
          version: 5,
          kind: 'restriction',
          reason: 'Resolved',
          customerTold: { at: '2026-03-14T07:00:00.000Z', channel: 'phone' },
        }),
        'FORBIDDEN',
      );
    }
    await expectTrpcError(manager.customers.flags({ customerId }), 'FORBIDDEN');
  });

  it('answers bad input with the field at fault, and changes nothing', async () => {
    const badReason = await expectTrpcError(
      officer.customers.setFlag({ customerId, version: 6, kind: 'restriction', reason: ' ' }),
      'BAD_REQUEST',
    );
    expect(badReason.message).toContain('reason');
    await expectTrpcError(
      officer.customers.setFlag({
        customerId,
        version: 5,
        // Set with the requests that make them, never by hand.
        kind: 'marketing_objection' as 'legal_hold',
        reason: 'Objects to the newsletter',
      }),
      'BAD_REQUEST',
      /Choose restriction or legal hold/,
    );
    const notTold = await expectTrpcError(
      officer.customers.liftFlag({
        customerId,
        version: 5,
        kind: 'restriction',
        reason: 'Objection assessed',
      }),
      'BAD_REQUEST',
    );
    expect(notTold.message).toContain('customerTold');
    await expectTrpcError(
      officer.customers.setFlag({
        customerId: '00000000-0000-4000-8000-000000000999',
        version: 0,
        kind: 'legal_hold',
        reason: 'Litigation hold',
      }),
      'NOT_FOUND',
      /^No customer account with this id\.$/,
    );
    await expectTrpcError(
      officer.customers.flags({ customerId: '00000000-0000-4000-8000-000000000999' }),
      'NOT_FOUND',
    );
    const standing = await app.database.db
      .select({ kind: customerFlags.kind })
      .from(customerFlags)
      .where(eq(customerFlags.customerId, customerId));
    expect(standing).toHaveLength(4);
    expect((await officer.customers.flags({ customerId })).version).toBe(6);
  });
});

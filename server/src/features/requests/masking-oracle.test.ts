import { and, eq } from 'drizzle-orm';
import { insertCustomers } from '../../testing/customers.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../db/schema.js';
import { expectTrpcError } from '../../testing/expect-error.js';
import { letterByLetter } from '../../testing/letter-by-letter.js';
import { createTestApp, type Caller, type TestApp } from '../../testing/test-app.js';

// Issue 9, item 1: a support agent rebuilt a masked requester's email by adding one letter at a time to the
// queue search. Every search or compare surface a masked reader has runs the attack here.
const name = 'Gustavo Cordova';
// Not made of the name's words: a whole name word may match, so an email of them would show that instead.
const email = 'gcordova77@example.net';

let app: TestApp;
let officer: Caller;
let support: Caller;
let manager: Caller;
let requestId: string;
let customerId: string;
beforeAll(async () => {
  // The attack needs more searches than a person makes; the limit has its own test below.
  app = await createTestApp({ maskedSearchesPerMinute: 100_000 });
  ({ caller: officer } = await app.callerAs(['privacy_officer']));
  ({ caller: support } = await app.callerAs(['support_agent']));
  ({ caller: manager } = await app.callerAs(['manager']));
  const [customer] = await insertCustomers(app.database.db, [
    {
      accountNumber: 'SYN-424242',
      name,
      email,
      organisation: null,
      country: 'ES',
      plan: 'team',
      signupAt: new Date('2024-05-01T00:00:00Z'),
    },
  ]);
  customerId = customer?.id ?? '';
  const decoy = { type: 'access', regime: 'gdpr', channel: 'email' } as const;
  requestId = (await officer.requests.create({ ...decoy, requester: { name, email }, customerId })).id;
  // Others whose names start the same way, so a prefix would have something to tell apart.
  await officer.requests.create({ ...decoy, requester: { name: 'Gus Corden', email: 'gus.c@example.net' } });
  await officer.requests.create({
    ...decoy,
    requester: { name: 'Gustav Cordes', email: 'gustav.cordes@example.org' },
  });
}, 60_000);
afterAll(() => app.close());

const queueIds = (caller: Caller) => async (search: string) =>
  (await caller.requests.find({ search })).items.map((r) => r.id);

describe('the letter-by-letter attack learns nothing from a masked reader’s searches', () => {
  it('the queue search, for a support agent (summary view) and a manager (full view)', async () => {
    for (const caller of [support, manager]) {
      const search = queueIds(caller);
      expect(await letterByLetter({ secret: email, targetId: requestId, search, wholeWords: false })).toEqual(
        [],
      );
      expect(await letterByLetter({ secret: name, targetId: requestId, search, wholeWords: true })).toEqual(
        [],
      );
      // The surface works: what the person typed in full finds the request, in any case.
      expect(await search(email.toUpperCase())).toEqual([requestId]);
      expect(await search('cordova GUSTAVO')).toEqual([requestId]);
      expect(await search('Gustavo')).toEqual([requestId]);
    }
  });

  it('the intake’s customer picker', async () => {
    const search = async (q: string) => (await support.customers.search({ q })).items.map((c) => c.id);
    expect(await letterByLetter({ secret: email, targetId: customerId, search, wholeWords: false })).toEqual(
      [],
    );
    expect(await letterByLetter({ secret: name, targetId: customerId, search, wholeWords: true })).toEqual(
      [],
    );
    expect(await search(email)).toEqual([customerId]);
    expect(await search('Cordova')).toEqual([customerId]);
  });

  it('the customer directory (the Customers page and the palette), misspelt names included', async () => {
    const search = async (q: string) =>
      (await support.customers.search({ q, from: 'customer_directory' })).items.map((c) => c.id);
    expect(await letterByLetter({ secret: email, targetId: customerId, search, wholeWords: false })).toEqual(
      [],
    );
    expect(await letterByLetter({ secret: name, targetId: customerId, search, wholeWords: true })).toEqual(
      [],
    );
    // A whole name with a letter or two swapped is close enough to confirm, as the caller spells it.
    expect(await search('Gustvao Cordvoa')).toEqual([customerId]);
    // A misspelt prefix is not.
    expect(await search('Gustvao Cordv')).toEqual([]);
  });

  it('the intake’s duplicate check', async () => {
    const search = async (typed: string) =>
      (await support.requests.findOpenDuplicates({ type: 'access', email: typed })).items.map((r) => r.id);
    expect(await letterByLetter({ secret: email, targetId: requestId, search, wholeWords: false })).toEqual(
      [],
    );
    expect(await search(email)).toEqual([requestId]);
  });

  it('while readers who see names in clear keep prefix search', async () => {
    expect(await queueIds(officer)('gcordova7')).toEqual([requestId]);
    expect(await queueIds(officer)('Gusta Cordo')).toEqual([requestId]);
  });

  it('offers masked readers no sort by requester (the order of masked names tells)', async () => {
    const error = await expectTrpcError(manager.requests.find({ sort: 'requester' }), 'FORBIDDEN');
    expect(error.message).toBe('Your role sees requesters masked: it cannot sort by requester.');
    expect((await officer.requests.find({ sort: 'requester' })).items.length).toBe(3);
  });
});

describe('masked readers’ searches are audited and rate-limited', () => {
  it('records a keyed hash of the term, never the term, with the ids found; refuses past the limit', async () => {
    const limited = await createTestApp({ maskedSearchesPerMinute: 3 });
    try {
      const { caller: officerHere } = await limited.callerAs(['privacy_officer']);
      const { caller: agent, staff: agentStaff } = await limited.callerAs(['support_agent']);
      const created = await officerHere.requests.create({
        type: 'know',
        regime: 'ccpa',
        channel: 'web_form',
        requester: { name: 'Ada Lindqvist', email: 'ada.l@example.com' },
      });
      // Officers search freely and are not audited for it (their views are, under item 5).
      for (let i = 0; i < 5; i += 1) await officerHere.requests.find({ search: 'ada' });
      expect((await agent.requests.find({ search: 'Ada' })).items.map((r) => r.id)).toEqual([created.id]);
      await agent.requests.find({ search: 'ada' });
      await agent.requests.find({ search: 'nobody' });
      await expectTrpcError(
        agent.requests.find({ search: 'lindqvist' }),
        'TOO_MANY_REQUESTS',
        /Wait a minute/,
      );
      // No term, no search: browsing the queue is not limited.
      await agent.requests.find({});

      const events = await limited.database.db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.action, 'requests.searched'), eq(auditEvents.actorId, agentStaff.id)));
      expect(events.map((e) => e.after)).toEqual([
        {
          surface: 'queue',
          termHash: expect.stringMatching(/^[0-9a-f]{64}$/),
          results: 1,
          ids: [created.id],
        },
        {
          surface: 'queue',
          termHash: expect.stringMatching(/^[0-9a-f]{64}$/),
          results: 1,
          ids: [created.id],
        },
        { surface: 'queue', termHash: expect.stringMatching(/^[0-9a-f]{64}$/), results: 0, ids: [] },
      ]);
      const [first, second, third] = events.map((e) => (e.after as { termHash: string }).termHash);
      // The same term in another case hashes the same; another term does not; the hash is keyed.
      expect(first).toBe(second);
      expect(third).not.toBe(first);
      // Hashes and ids are hex, and "ada" is too: look for the terms outside them.
      const withoutHex = JSON.stringify(events).replace(/[0-9a-f-]{32,}/gi, '');
      expect(withoutHex).not.toMatch(/ada|nobody/i);
      expect(first).toBe(limited.config.secretBox.keyedHash('search-term', 'ada'));
    } finally {
      await limited.close();
    }
  });

  it('flags a reader who runs into the limit to every admin, once an hour, without the terms', async () => {
    const limited = await createTestApp({ maskedSearchesPerMinute: 2 });
    try {
      const { caller: firstAdmin, staff: firstAdminStaff } = await limited.callerAs(['admin']);
      const { staff: secondAdminStaff } = await limited.callerAs(['admin']);
      const { caller: agent, staff: agentStaff } = await limited.callerAs(['support_agent']);
      await agent.requests.find({ search: 'zoltan' });
      await agent.customers.search({ q: 'quirke' });
      // Refused three times in the same hour: flagged once.
      for (const search of ['zoltan q', 'zoltan qu', 'zoltan qui']) {
        await expectTrpcError(agent.requests.find({ search }), 'TOO_MANY_REQUESTS');
      }
      const bell = await firstAdmin.notifications.find({});
      expect(bell.items).toHaveLength(1);
      expect(bell.items[0]).toMatchObject({
        kind: 'security.search_burst',
        title: 'Unusual searching: Test support_agent',
        data: {
          searcher: { id: agentStaff.id, name: 'Test support_agent' },
          surface: 'queue',
          searches: 2,
          perMinute: 2,
        },
      });
      expect(JSON.stringify(bell.items)).not.toMatch(/zoltan|quirke/i);
      const flags = await limited.database.db
        .select()
        .from(auditEvents)
        .where(eq(auditEvents.action, 'searches.burst_flagged'));
      expect(flags).toHaveLength(1);
      expect(flags[0]?.entityId).toBe(agentStaff.id);
      expect((flags[0]?.after as { flaggedTo: string[] }).flaggedTo.sort()).toEqual(
        [firstAdminStaff.id, secondAdminStaff.id].sort(),
      );
      // The searcher is not told it was flagged, and its own bell stays empty.
      expect((await agent.notifications.find({})).items).toEqual([]);
    } finally {
      await limited.close();
    }
  });
});

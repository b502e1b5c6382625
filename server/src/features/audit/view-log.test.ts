import { asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, customers, piiAccessLog } from '../../db/schema.js';
import { createTestApp, type Caller, type TestApp } from '../../testing/test-app.js';
import { verifyAuditChain } from './audit.verify.js';
import { chainViews } from './view-chainer.js';

// Issue 9, item 5: an officer opening a request, its timeline, a queue page of clear names, or searching,
// left no trace. Every such view now writes an access-log row in the reading transaction, and the chainer
// appends each to the audit chain.
let app: TestApp;
let officer: Caller;
let officerId: string;
let manager: Caller;
let requestId: string;
let customerId: string;
beforeAll(async () => {
  app = await createTestApp();
  ({
    caller: officer,
    staff: { id: officerId },
  } = await app.callerAs(['privacy_officer']));
  ({ caller: manager } = await app.callerAs(['manager']));
  const [customer] = await app.database.db
    .insert(customers)
    .values({
      accountNumber: 'SYN-910001',
      name: 'Halvard Quist',
      email: 'halvard.quist@example.org',
      country: 'NO',
      plan: 'enterprise',
      signupAt: new Date('2025-01-01T00:00:00Z'),
    })
    .returning({ id: customers.id });
  customerId = customer?.id ?? '';
  const created = await officer.requests.create({
    type: 'access',
    regime: 'gdpr',
    channel: 'email',
    requester: { name: 'Halvard Quist', email: 'halvard.quist@example.org', location: 'NO' },
    customerId,
  });
  requestId = created.id;
});
afterAll(() => app.close());

async function accessRows() {
  return app.database.db.select().from(piiAccessLog).orderBy(asc(piiAccessLog.id));
}

describe('views of personal data in clear', () => {
  it('are each logged before the answer leaves, then chained into the audit log in order', async () => {
    const before = (await accessRows()).length;
    await officer.requests.get({ id: requestId });
    await officer.requests.timeline({ id: requestId });
    await officer.requests.find({});
    await officer.requests.find({ search: 'Quist' });
    await officer.customers.search({ q: 'halvard' });
    await officer.requests.findOpenDuplicates({
      type: 'access',
      email: 'halvard.quist@example.org',
      customerId,
    });
    // Nothing shown, nobody seen: no row.
    await officer.requests.find({ search: 'nobody-matches-this' });

    const rows = (await accessRows()).slice(before);
    expect(rows.map((r) => [r.surface, r.entityType, r.recordIds, r.results])).toEqual([
      ['request', 'request', [requestId], 1],
      ['timeline', 'request', [requestId], 1],
      ['queue', 'request', [requestId], 1],
      ['queue', 'request', [requestId], 1],
      ['customer_search', 'customer', [customerId], 1],
      ['duplicates', 'request', [requestId], 1],
    ]);
    expect(rows.every((r) => r.actorId === officerId && r.chainedSeq === null)).toBe(true);
    // A search is kept as a keyed hash of the term, never the term.
    expect(rows[3]?.termHash).toBe(app.config.secretBox.keyedHash('search-term', 'quist'));
    expect(rows[2]?.termHash).toBeNull();
    expect(JSON.stringify(rows)).not.toMatch(/quist|halvard/i);
    // Not yet in the chain: reads did not take its lock.
    const viewedBefore = await app.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'pii.viewed'));
    expect(viewedBefore).toEqual([]);

    expect(await chainViews(app.database.db)).toBe(6);
    expect(await chainViews(app.database.db)).toBe(0);
    const events = await app.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'pii.viewed'))
      .orderBy(asc(auditEvents.seq));
    expect(events.map((e) => (e.after as { surface: string }).surface)).toEqual([
      'request',
      'timeline',
      'queue',
      'queue',
      'customer_search',
      'duplicates',
    ]);
    expect(events[0]).toMatchObject({
      actorId: officerId,
      entityType: 'request',
      entityId: requestId,
      at: rows[0]?.at,
      after: { accessId: rows[0]?.id, surface: 'request', results: 1, ids: [requestId] },
    });
    expect(events[3]?.after).toMatchObject({ termHash: rows[3]?.termHash });
    const chained = (await accessRows()).slice(before);
    expect(chained.map((r) => r.chainedSeq)).toEqual(events.map((e) => e.seq));
    expect((await verifyAuditChain(app.database.db)).ok).toBe(true);
  });

  it('are not logged for readers who see them masked (their reveals and searches are audited instead)', async () => {
    const before = (await accessRows()).length;
    await manager.requests.get({ id: requestId });
    await manager.requests.find({});
    expect((await accessRows()).length).toBe(before);
  });

  it('stay in an append-only log: no delete, no edit, and a row is chained once', async () => {
    await officer.requests.get({ id: requestId });
    const [row] = (await accessRows()).slice(-1);
    if (!row) throw new Error('no row');
    const id = row.id;
    const refused = async (statement: ReturnType<typeof sql>) => {
      const error = await app.database.db.execute(statement).then(
        () => null,
        (e: unknown) => e as Error & { cause?: Error },
      );
      expect(error?.cause?.message ?? error?.message).toMatch(/pii_access_log is append-only/);
    };
    await refused(sql`update pii_access_log set surface = 'queue' where id = ${id}`);
    await refused(sql`delete from pii_access_log where id = ${id}`);
    await refused(
      sql`update pii_access_log set actor_id = actor_id, chained_seq = 1, reason = 'x' where id = ${id}`,
    );
    await chainViews(app.database.db);
    await refused(sql`update pii_access_log set chained_seq = chained_seq + 1 where id = ${id}`);
    await refused(sql`truncate pii_access_log`);
  });
});

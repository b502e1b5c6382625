import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../db/schema.js';
import { expectTrpcError } from '../../testing/expect-error.js';
import { createTestApp, type Caller, type TestApp } from '../../testing/test-app.js';

let app: TestApp;
let officer: Caller;
let support: Caller;
beforeAll(async () => {
  app = await createTestApp();
  ({ caller: officer } = await app.callerAs(['privacy_officer']));
  ({ caller: support } = await app.callerAs(['support_agent']));
});
afterAll(() => app.close());

describe('views', () => {
  it('lists the built-in views and each person’s own saved views', async () => {
    const { builtIn, saved } = await officer.views.find();
    expect(builtIn.map((v) => v.key)).toEqual([
      'open',
      'my_open',
      'unassigned',
      'due_this_week',
      'overdue',
      'all',
    ]);
    // The queue is work to do: open requests, most urgent first; "All" is newest first.
    expect(builtIn[0]?.filters).toEqual({
      statuses: [
        'received',
        'verifying',
        'in_progress',
        'awaiting_requester',
        'awaiting_approval',
        'approved',
        'fulfilling',
      ],
      sort: 'dueOn',
      dir: 'asc',
    });
    expect(builtIn[1]?.filters).toMatchObject({ assignee: 'me', sort: 'dueOn', dir: 'asc' });
    expect(builtIn[5]?.filters).toEqual({ sort: 'receivedAt', dir: 'desc' });
    expect(saved).toEqual([]);
    const view = await officer.views.create({
      name: 'GDPR erasures',
      filters: { regime: 'gdpr', type: 'erasure', sort: 'dueOn', dir: 'asc', search: 'jane@example.com' },
    });
    expect(view).toMatchObject({
      name: 'GDPR erasures',
      filters: { regime: 'gdpr', type: 'erasure', sort: 'dueOn' },
    });
    expect((await officer.views.find()).saved.map((v) => v.id)).toEqual([view.id]);
    expect((await support.views.find()).saved).toEqual([]);
    const audit = await app.database.db.select().from(auditEvents).where(eq(auditEvents.entityId, view.id));
    expect(audit.map((a) => a.action)).toEqual(['views.created']);
    expect(JSON.stringify(audit)).not.toMatch(/jane/);
  });

  it('refuses a duplicate name beside the field, and unknown filters', async () => {
    await officer.views.create({ name: 'Mine', filters: {} });
    const dup = await expectTrpcError(officer.views.create({ name: 'Mine', filters: {} }), 'CONFLICT');
    expect(dup.cause).toMatchObject({ fieldErrors: { name: [expect.any(String)] } });
    // @ts-expect-error an unknown due filter is what this test sends
    await expectTrpcError(officer.views.create({ name: 'Bad', filters: { due: 'someday' } }), 'BAD_REQUEST');
    await expectTrpcError(officer.views.create({ name: '  ', filters: {} }), 'BAD_REQUEST');
  });

  it('deletes one’s own views only', async () => {
    const view = await support.views.create({ name: 'Agent view', filters: { statuses: ['received'] } });
    await expectTrpcError(officer.views.delete({ id: view.id }), 'NOT_FOUND');
    expect(await support.views.delete({ id: view.id })).toEqual({ ok: true });
    await expectTrpcError(support.views.delete({ id: view.id }), 'NOT_FOUND');
    await expectTrpcError(support.views.delete({ id: 'nope' }), 'BAD_REQUEST');
  });

  it('is forbidden to roles without the queue', async () => {
    const { caller: admin } = await app.callerAs(['admin']);
    await expectTrpcError(admin.views.find(), 'FORBIDDEN');
    await expectTrpcError(admin.views.create({ name: 'x', filters: {} }), 'FORBIDDEN');
  });
});

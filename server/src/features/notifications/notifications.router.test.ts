import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, notifications } from '../../db/schema.js';
import { expectTrpcError } from '../../testing/expect-error.js';
import { createTestApp, type Caller, type TestApp, type TestStaff } from '../../testing/test-app.js';

let app: TestApp;
let officer: Caller;
let officerStaff: TestStaff;
let other: Caller;
let otherStaff: TestStaff;

const data = (n: number) => ({
  on: '2025-12-10',
  counts: { overdue: n, dueSoon: 0, unassigned: 0 },
  requests: [
    {
      id: '00000000-0000-4000-8000-000000000001',
      reference: 'DSR-2025-000001',
      dueOn: '2025-12-01',
      state: 'overdue',
    },
  ],
  truncated: false,
});

beforeAll(async () => {
  app = await createTestApp();
  ({ caller: officer, staff: officerStaff } = await app.callerAs(['privacy_officer']));
  ({ caller: other, staff: otherStaff } = await app.callerAs(['privacy_officer']));
  await app.database.db.insert(notifications).values([
    ...[1, 2, 3].map((n): typeof notifications.$inferInsert => ({
      staffId: officerStaff.id,
      kind: 'reminders.due',
      title: `Your requests: ${n} overdue`,
      body: 'Overdue: DSR-2025-000001 (by 9 days).',
      data: data(n),
      createdAt: new Date(Date.UTC(2025, 11, 10 + n)),
    })),
    {
      staffId: otherStaff.id,
      kind: 'reminders.due',
      title: 'Not yours',
      body: 'Overdue: DSR-2025-000002 (by 1 day).',
      data: data(1),
      createdAt: new Date(Date.UTC(2025, 11, 10)),
    },
  ]);
});
afterAll(() => app.close());

describe('notifications', () => {
  it('lists one’s own notifications, newest first, with the unread count', async () => {
    const page = await officer.notifications.find({});
    expect(page).toMatchObject({ total: 3, unread: 3, page: 1 });
    expect(page.items.map((n) => n.title)).toEqual([
      'Your requests: 3 overdue',
      'Your requests: 2 overdue',
      'Your requests: 1 overdue',
    ]);
    expect(page.items[0]).toMatchObject({
      kind: 'reminders.due',
      readAt: null,
      data: { counts: { overdue: 3 } },
    });
    expect(await officer.notifications.unreadCount()).toEqual({ unread: 3 });
  });

  it('marks one’s own read (audited), never someone else’s', async () => {
    const { items } = await officer.notifications.find({});
    const first = items[0]?.id ?? '';
    const theirs = (await other.notifications.find({})).items[0]?.id ?? '';
    const out = await officer.notifications.markRead({ ids: [first, theirs] });
    expect(out).toEqual({ marked: 1, unread: 2 });
    expect((await other.notifications.unreadCount()).unread).toBe(1);
    expect((await officer.notifications.find({ unreadOnly: true })).items.map((n) => n.id)).not.toContain(
      first,
    );
    const [event] = await app.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'notifications.read'));
    expect(event).toMatchObject({
      actorId: officerStaff.id,
      entityType: 'notification',
      after: { ids: [first], all: false },
    });
    expect(await officer.notifications.markRead({ all: true })).toEqual({ marked: 2, unread: 0 });
    // Nothing left to mark: nothing written.
    expect(await officer.notifications.markRead({ all: true })).toEqual({ marked: 0, unread: 0 });
    const events = await app.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'notifications.read'));
    expect(events).toHaveLength(2);
  });

  it('refuses bad input and callers who are not signed in', async () => {
    await expectTrpcError(officer.notifications.markRead({ ids: [] }), 'BAD_REQUEST');
    await expectTrpcError(officer.notifications.markRead({}), 'BAD_REQUEST');
    await expectTrpcError(officer.notifications.markRead({ ids: ['nope'] }), 'BAD_REQUEST');
    await expectTrpcError(officer.notifications.find({ pageSize: 500 }), 'BAD_REQUEST');
    await expectTrpcError(app.anonymous().notifications.find({}), 'UNAUTHORIZED');
    await expectTrpcError(app.anonymous().notifications.unreadCount(), 'UNAUTHORIZED');
    await expectTrpcError(app.anonymous().notifications.markRead({ all: true }), 'UNAUTHORIZED');
  });
});

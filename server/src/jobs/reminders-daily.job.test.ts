import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, notifications, staff } from '../db/schema.js';
import { acceptingMailer, testJobDeps, testJobServices } from '../testing/jobs.js';
import { createTestApp, type Caller, type TestApp, type TestStaff } from '../testing/test-app.js';
import { scheduleJob } from './job-queue.js';
import { runDueJobs } from './job-runner.js';

let app: TestApp;
let officer: Caller;
let officerStaff: TestStaff;
let managerStaff: TestStaff;
let away: TestStaff;
const t0 = new Date('2025-12-10T07:00:00Z');
const daysBefore = (n: number) => new Date(t0.getTime() - n * 86_400_000).toISOString();
const refs: Record<string, string> = {};

beforeAll(async () => {
  app = await createTestApp();
  ({ caller: officer, staff: officerStaff } = await app.callerAs(['privacy_officer'], { now: () => t0 }));
  ({ staff: managerStaff } = await app.callerAs(['manager']));
  ({ staff: away } = await app.callerAs(['manager']));
  await app.database.db.update(staff).set({ disabledAt: t0 }).where(eq(staff.id, away.id));
  const make = async (label: string, receivedDaysAgo: number, assign: boolean) => {
    const created = await officer.requests.create({
      type: 'access',
      regime: 'gdpr',
      channel: 'email',
      requester: { name: 'Rita Reminder', email: `rita.${label}@example.com` },
      receivedAt: daysBefore(receivedDaysAgo),
    });
    refs[label] = created.reference;
    if (assign) await officer.requests.assign({ id: created.id, version: 0, assigneeId: officerStaff.id });
  };
  await make('overdue', 40, true); // company date 30 Nov (the earliest clock): 10 days ago
  await make('soon', 27, true); // due in 3 days
  await make('later', 5, true); // due in 25 days: not listed
  await make('unassignedOld', 3, false);
  await make('unassignedNew', 1, false);
});
afterAll(() => app.close());

async function notificationsOf(staffId: string) {
  return app.database.db.select().from(notifications).where(eq(notifications.staffId, staffId));
}

describe('reminders.daily', () => {
  it('tells each assignee what is overdue and due in 5 days or fewer, and managers what sits unassigned', async () => {
    await scheduleJob(app.database.db, { kind: 'reminders.daily', runAt: t0, key: 'r1' });
    expect(await runDueJobs(testJobDeps(app.database), t0)).toEqual([
      expect.objectContaining({ outcome: 'done' }),
    ]);
    const [mine, ...more] = await notificationsOf(officerStaff.id);
    expect(more).toEqual([]);
    expect(mine).toMatchObject({
      kind: 'reminders.due',
      title: 'Your requests: 1 overdue, 1 due in 5 days or fewer',
      body: `Overdue: ${refs.overdue} (by 10 days). Due soon: ${refs.soon} (in 3 days).`,
      readAt: null,
      data: { on: '2025-12-10', counts: { overdue: 1, dueSoon: 1, unassigned: 0 }, truncated: false },
    });
    const [managers] = await notificationsOf(managerStaff.id);
    expect(managers).toMatchObject({
      kind: 'reminders.unassigned',
      title: '1 request unassigned for more than 2 days',
      data: { counts: { unassigned: 1 }, requests: [{ reference: refs.unassignedOld, state: 'unassigned' }] },
    });
    expect(await notificationsOf(away.id)).toEqual([]);
    // References and counts only: nothing about the requester.
    expect(JSON.stringify(await app.database.db.select().from(notifications))).not.toMatch(
      /rita|example\.com/i,
    );
    const [event] = await app.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'notifications.sent'));
    expect(event).toMatchObject({ actorId: null, after: { day: '2025-12-10', sent: 2 } });
  });

  it('is idempotent per person and day, and reminds again the next day', async () => {
    await scheduleJob(app.database.db, { kind: 'reminders.daily', runAt: t0, key: 'r1-again' });
    await runDueJobs(testJobDeps(app.database), new Date(t0.getTime() + 3_600_000));
    expect(await notificationsOf(officerStaff.id)).toHaveLength(1);
    expect(await notificationsOf(managerStaff.id)).toHaveLength(1);
    const nextDay = new Date(t0.getTime() + 86_400_000);
    await scheduleJob(app.database.db, { kind: 'reminders.daily', runAt: nextDay, key: 'r2' });
    await runDueJobs(testJobDeps(app.database), nextDay);
    const mine = await notificationsOf(officerStaff.id);
    expect(mine).toHaveLength(2);
    expect(mine.map((n) => n.title).sort()).toEqual([
      'Your requests: 1 overdue, 1 due in 5 days or fewer',
      'Your requests: 1 overdue, 1 due in 5 days or fewer',
    ]);
    expect(await notificationsOf(managerStaff.id)).toHaveLength(2);
  });

  it('also goes by email to each staff member where mail goes to an SMTP server, and not to the demo’s', async () => {
    const day3 = new Date(t0.getTime() + 2 * 86_400_000);
    const capture = acceptingMailer('capture');
    await scheduleJob(app.database.db, { kind: 'reminders.daily', runAt: day3, key: 'r3' });
    await runDueJobs(testJobDeps(app.database, {}, testJobServices({ mailer: capture })), day3);
    expect(capture.sent).toEqual([]);

    const day4 = new Date(t0.getTime() + 3 * 86_400_000);
    const smtp = acceptingMailer('smtp');
    await scheduleJob(app.database.db, { kind: 'reminders.daily', runAt: day4, key: 'r4' });
    await runDueJobs(testJobDeps(app.database, {}, testJobServices({ mailer: smtp })), day4);
    expect(smtp.sent.map((m) => [m.to, m.subject]).sort()).toEqual(
      [
        // 13 Dec: "soon" is due today (its 30 days from 13 Nov), and the second unassigned one is 4 days old.
        [officerStaff.email, 'Privacy Desk: Your requests: 1 overdue, 1 due in 5 days or fewer'],
        [managerStaff.email, 'Privacy Desk: 2 requests unassigned for more than 2 days'],
      ].sort(),
    );
    // References and counts only, as in the app.
    expect(JSON.stringify(smtp.sent)).not.toMatch(/rita/i);
  });
});

import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, notifications, staff } from '../../db/schema.js';
import { scheduleJob } from '../../jobs/job-queue.js';
import { runDueJobs } from '../../jobs/job-runner.js';
import { testJobDeps } from '../../testing/jobs.js';
import { insertCustomers } from '../../testing/customers.js';
import { createTestApp, type Caller, type TestApp, type TestStaff } from '../../testing/test-app.js';
import { deadlineAlert } from './erasure-deadlines.js';

// 07:00 UTC on Wednesday 10 March 2027, when the daily run is due: the 10th in every handling zone but the
// Americas', and "today" is the latest of them.
const t0 = new Date('2027-03-10T07:00:00.000Z');
const hours = (n: number) => new Date(t0.getTime() + n * 3_600_000);
let app: TestApp;
let officer: Caller;
let officerStaff: TestStaff;
let secondOfficer: TestStaff;
let awayOfficer: TestStaff;
let managerStaff: TestStaff;
const refs: Record<string, string> = {};

async function erasure(
  label: string,
  opts: { receivedAt: string; minor?: boolean; type?: 'erasure' | 'delete'; access?: boolean },
) {
  const type = opts.access ? 'access' : (opts.type ?? 'erasure');
  const made = await officer.requests.create({
    type,
    regime: type === 'delete' ? 'ccpa' : 'gdpr',
    channel: 'email',
    receivedAt: opts.receivedAt,
    requester: { name: 'Rosa Requester', email: `rosa.${label}@example.com` },
    minor: opts.minor ?? false,
  });
  refs[label] = made.reference;
  return made;
}

async function runAt(at: Date, key: string) {
  await scheduleJob(app.database.db, { kind: 'erasure.deadlines', runAt: at, key });
  // Intake queues acknowledgements, which the same run tries to send: this job's outcome only.
  const ran = await runDueJobs(testJobDeps(app.database), at);
  return ran.filter((r) => r.kind === 'erasure.deadlines');
}

async function notificationsOf(staffId: string) {
  return app.database.db.select().from(notifications).where(eq(notifications.staffId, staffId));
}

beforeAll(async () => {
  app = await createTestApp();
  ({ caller: officer, staff: officerStaff } = await app.callerAs(['privacy_officer'], { now: () => t0 }));
  secondOfficer = await app.addStaff(['privacy_officer']);
  awayOfficer = await app.addStaff(['privacy_officer']);
  managerStaff = await app.addStaff(['manager']);
  await app.database.db.update(staff).set({ disabledAt: t0 }).where(eq(staff.id, awayOfficer.id));

  // Near no deadline that counts: an access request long overdue, a withdrawn erasure, an erasure due in 21 days.
  await erasure('access', { receivedAt: '2027-02-01T09:00:00.000Z', access: true });
  const withdrawn = await erasure('withdrawn', { receivedAt: '2027-02-01T09:00:00.000Z' });
  await officer.requests.transition({
    id: withdrawn.id,
    version: withdrawn.version,
    to: 'withdrawn',
    note: 'The requester changed their mind.',
  });
  await erasure('later', { receivedAt: '2027-03-01T09:00:00.000Z' });
});

afterAll(() => app.close());

describe('erasure.deadlines', () => {
  it('sends nothing when no open erasure is near its deadline', async () => {
    expect(await runAt(t0, 'quiet')).toEqual([expect.objectContaining({ outcome: 'done' })]);
    expect(await app.database.db.select().from(notifications)).toEqual([]);
    expect(
      await app.database.db.select().from(auditEvents).where(eq(auditEvents.action, 'notifications.sent')),
    ).toEqual([]);
  });

  it('gives every active privacy officer one alert: overdue first, then by due date, minors marked', async () => {
    // A minor's erasure from 1 March: 72 hours end on 4 March, 6 days ago.
    await erasure('minorOverdue', { receivedAt: '2027-03-01T12:00:00.000Z', minor: true });
    // 5 February: GDPR's month ended on Friday 5 March.
    await erasure('overdue', { receivedAt: '2027-02-05T09:00:00.000Z' });
    // A CCPA deletion from 13 February (Los Angeles): the company's 30 days end on 15 March, in 5 days.
    await erasure('ccpa', { receivedAt: '2027-02-13T20:00:00.000Z', type: 'delete' });
    // 12 February: the month ends on Friday 12 March, in 2 days.
    await erasure('soon', { receivedAt: '2027-02-12T09:00:00.000Z' });
    // A minor's erasure from 8 March, 12:00: 72 hours end tomorrow.
    await erasure('minorSoon', { receivedAt: '2027-03-08T12:00:00.000Z', minor: true });

    expect(await runAt(hours(1), 'first')).toEqual([expect.objectContaining({ outcome: 'done' })]);
    const expected = {
      kind: 'erasure.deadline',
      title: 'Erasures: 2 overdue, 3 due in 5 days or fewer',
      body:
        `Overdue: ${refs.minorOverdue} (by 6 days, minor), ${refs.overdue} (by 5 days). ` +
        `Due soon: ${refs.minorSoon} (in 1 day, minor), ${refs.soon} (in 2 days), ${refs.ccpa} (in 5 days).`,
      readAt: null,
      data: {
        on: '2027-03-10',
        counts: { overdue: 2, dueSoon: 3 },
        requests: [
          { reference: refs.minorOverdue, dueOn: '2027-03-04', minor: true, state: 'overdue' },
          { reference: refs.overdue, dueOn: '2027-03-05', minor: false, state: 'overdue' },
          { reference: refs.minorSoon, dueOn: '2027-03-11', minor: true, state: 'due_soon' },
          { reference: refs.soon, dueOn: '2027-03-12', minor: false, state: 'due_soon' },
          { reference: refs.ccpa, dueOn: '2027-03-15', minor: false, state: 'due_soon' },
        ],
        truncated: false,
      },
    };
    for (const person of [officerStaff, secondOfficer]) {
      const mine = await notificationsOf(person.id);
      expect(mine).toHaveLength(1);
      expect(mine[0]).toMatchObject(expected);
    }
    expect(await notificationsOf(awayOfficer.id)).toEqual([]);
    expect(await notificationsOf(managerStaff.id)).toEqual([]);
    // References, dates and counts only: nothing about the requester.
    expect(JSON.stringify(await app.database.db.select().from(notifications))).not.toMatch(
      /rosa|example\.com/i,
    );
    const events = await app.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'notifications.sent'));
    expect(events.map((e) => [e.actorId, e.reason, e.after])).toEqual([
      [null, 'erasures nearing their deadline', { day: '2027-03-10', sent: 2 }],
    ]);
  });

  it('adds nothing when run again the same day, and alerts again the next day', async () => {
    await runAt(hours(2), 'again');
    expect(await notificationsOf(officerStaff.id)).toHaveLength(1);
    expect(await notificationsOf(secondOfficer.id)).toHaveLength(1);

    await runAt(hours(24), 'next-day');
    const mine = (await notificationsOf(officerStaff.id)).sort((a, b) => +a.createdAt - +b.createdAt);
    expect(mine).toHaveLength(2);
    expect(mine[1]).toMatchObject({
      title: 'Erasures: 2 overdue, 3 due in 5 days or fewer',
      body:
        `Overdue: ${refs.minorOverdue} (by 7 days, minor), ${refs.overdue} (by 6 days). ` +
        `Due soon: ${refs.minorSoon} (today, minor), ${refs.soon} (in 1 day), ${refs.ccpa} (in 4 days).`,
      data: { on: '2027-03-11' },
    });
    expect(await notificationsOf(secondOfficer.id)).toHaveLength(2);
  });
});

describe('account deletions nobody has logged', () => {
  it('are a line of the alert of their own, with how many and the soonest purge date', async () => {
    await insertCustomers(app.database.db, [
      {
        accountNumber: 'SYN-830001',
        name: 'Una Logged',
        email: 'una@example.com',
        country: 'IE',
        plan: 'team',
        signupAt: new Date('2024-05-01T00:00:00.000Z'),
        status: 'deletion_pending',
        purgeOn: '2027-03-14',
      },
    ]);
    const day = new Date('2027-03-13T07:00:00.000Z');
    await runAt(day, 'unrequested');
    const [latest] = (await notificationsOf(officerStaff.id)).sort(
      (a, b) => b.createdAt.getTime() - a.createdAt.getTime(),
    );
    expect(latest?.title).toMatch(/, 1 account deletion without a request$/);
    expect(latest?.body).toMatch(
      /No erasure request yet for 1 account deletion, the soonest purge date 2027-03-14 \(in 1 day\): log each from Pending deletions\.$/,
    );
    expect(latest?.data).toMatchObject({ unrequested: { total: 1, soonestPurgeOn: '2027-03-14' } });
    // No personal data in it: the account is not even named, only counted.
    expect(JSON.stringify(latest)).not.toMatch(/una|SYN-830001/i);
  });

  it('alone make an alert when no erasure is near its deadline', () => {
    const alert = deadlineAlert([], '2027-03-10', { total: 2, soonestPurgeOn: '2027-03-08' });
    expect(alert.title).toBe('Erasures: 2 account deletions without a request');
    expect(alert.body).toBe(
      'No erasure request yet for 2 account deletions, the soonest purge date 2027-03-08 (passed 2 days ago): log each from Pending deletions.',
    );
  });
});

describe('the alert’s words', () => {
  it('lists at most 50 erasures, counts them all, and says how many more there are', () => {
    const rows = Array.from({ length: 52 }, (_, i) => ({
      id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      reference: `DSR-2027-${String(i + 1).padStart(6, '0')}`,
      effectiveDueOn: i < 3 ? '2027-03-09' : '2027-03-12',
      minor: false,
    }));
    const alert = deadlineAlert(rows, '2027-03-10');
    expect(alert.title).toBe('Erasures: 3 overdue, 49 due in 5 days or fewer');
    expect(alert.data.counts).toEqual({ overdue: 3, dueSoon: 49 });
    expect(alert.data.requests).toHaveLength(50);
    expect(alert.data.truncated).toBe(true);
    expect(alert.body).toMatch(/DSR-2027-000050 \(in 2 days\) and 2 more\.$/);
  });
});

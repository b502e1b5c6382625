import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSettings } from '@privdesk/shared';
import { auditEvents, jobs, requests } from '../../db/schema.js';
import { runDueJobs } from '../../jobs/job-runner.js';
import { expectTrpcError } from '../../testing/expect-error.js';
import { testJobDeps } from '../../testing/jobs.js';
import { createTestApp, type Caller, type TestApp } from '../../testing/test-app.js';

let app: TestApp;
let admin: Caller;
let auditor: Caller;
let officer: Caller;
let manager: Caller;
const clock = new Date('2025-12-10T10:00:00Z');
const now = () => clock;

beforeAll(async () => {
  app = await createTestApp();
  ({ caller: admin } = await app.callerAs(['admin'], { now }));
  ({ caller: auditor } = await app.callerAs(['auditor'], { now }));
  ({ caller: officer } = await app.callerAs(['privacy_officer'], { now }));
  ({ caller: manager } = await app.callerAs(['manager'], { now }));
});
afterAll(() => app.close());

async function settingsAudit() {
  return app.database.db.select().from(auditEvents).where(eq(auditEvents.action, 'settings.updated'));
}

describe('settings', () => {
  it('starts from the defaults: today’s handling entities, 30 days, EU pauses off', async () => {
    const out = await admin.settings.get();
    expect(out).toMatchObject({
      settings: defaultSettings,
      defaults: defaultSettings,
      version: 0,
      updatedBy: null,
    });
    expect((await auditor.settings.get()).settings.companySlaDays).toBe(30);
  });

  it('saves a change, audits before and after, queues a recompute, and the recompute moves the dates (30 → 20 days)', async () => {
    const created = await officer.requests.create({
      type: 'access',
      regime: 'gdpr',
      channel: 'email',
      requester: { name: 'Sam Settings', email: 'sam@example.com' },
      receivedAt: '2025-11-30T12:00:00Z',
    });
    expect(created.dueOn).toBe('2025-12-30');
    const updated = await admin.settings.update({
      version: 0,
      companySlaDays: 20,
      reason: 'Policy now promises 20 days.',
    });
    expect(updated).toMatchObject({ version: 1, settings: { companySlaDays: 20 }, recomputePending: true });
    expect(updated.updatedBy?.name).toMatch(/Test admin/);
    const [event] = await settingsAudit();
    expect(event).toMatchObject({
      entityType: 'settings',
      reason: 'Policy now promises 20 days.',
      before: { companySlaDays: 30, version: 0 },
      after: { companySlaDays: 20, version: 1, recomputeScheduled: true },
    });
    const queued = await app.database.db
      .select()
      .from(jobs)
      .where(eq(jobs.key, 'clocks.recompute@settings-v1'));
    expect(queued).toHaveLength(1);

    // Not recomputed yet: the stored date is the old one (the request page already derives live).
    const [before] = await app.database.db.select().from(requests).where(eq(requests.id, created.id));
    expect(before?.effectiveDueOn).toBe('2025-12-30');
    const ran = await runDueJobs(testJobDeps(app.database), clock);
    expect(ran).toEqual([expect.objectContaining({ kind: 'clocks.recompute', outcome: 'done' })]);
    const [after] = await app.database.db.select().from(requests).where(eq(requests.id, created.id));
    expect(after).toMatchObject({ companyDueOn: '2025-12-20', effectiveDueOn: '2025-12-20', version: 0 });
    expect((await admin.settings.get()).recomputePending).toBe(false);
    const page = await officer.requests.find({ search: created.reference });
    expect(page.items[0]?.dueOn).toBe('2025-12-20');
  });

  it('changes a regime’s handling entity: the request page shows the new calendar at once', async () => {
    const { version } = await admin.settings.get();
    const out = await admin.settings.update({
      version,
      handling: { gdpr: { calendar: 'de-by', timeZone: 'Europe/Berlin' } },
      reason: 'GDPR requests now handled in Munich',
    });
    expect(out.settings.handling.gdpr).toEqual({ calendar: 'DE-BY', timeZone: 'Europe/Berlin' });
    expect(out.settings.handling.uk_gdpr).toEqual(defaultSettings.handling.uk_gdpr);
    const created = await officer.requests.create({
      type: 'access',
      regime: 'gdpr',
      channel: 'email',
      requester: { name: 'Bea Bavaria', email: 'bea@example.de' },
      receivedAt: '2025-12-01T10:00:00Z',
    });
    const detail = await officer.requests.get({ id: created.id });
    expect(detail.clocks.handling).toEqual({ calendar: 'DE-BY', timeZone: 'Europe/Berlin' });
  });

  it('asks for a reason before a change that moves due dates, and shows its impact first', async () => {
    // A database of its own: exactly three open GDPR requests and one closed one.
    const fresh = await createTestApp();
    try {
      const { caller: freshAdmin } = await fresh.callerAs(['admin']);
      const { caller: freshOfficer } = await fresh.callerAs(['privacy_officer']);
      const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString();
      const log = (name: string, receivedAt: string) =>
        freshOfficer.requests.create({
          type: 'access',
          regime: 'gdpr',
          channel: 'email',
          requester: { name, email: `${name.toLowerCase().replace(' ', '.')}@example.de` },
          receivedAt,
        });
      await log('Ilse Today', new Date().toISOString()); // 30 days left → 3: due soon
      await log('Jan Tendays', daysAgo(10)); // 20 days left → 3: 7 days overdue
      await log('Karl Fortydays', daysAgo(40)); // overdue either way, but the date moves
      const closed = await log('Lena Closed', daysAgo(10));
      await freshOfficer.requests.transition({
        id: closed.id,
        version: 0,
        to: 'withdrawn',
        note: 'Withdrawn.',
      });
      const current = await freshAdmin.settings.get();

      expect(
        await freshAdmin.settings.previewImpact({ version: current.version, companySlaDays: 3 }),
      ).toEqual({
        movesDueDates: true,
        open: 3,
        changed: 3,
        becomeOverdue: 1,
        becomeDueSoon: 1,
      });
      // A setting that moves no due date: nothing to count.
      expect(
        await freshAdmin.settings.previewImpact({ version: current.version, erasureGraceHours: 6 }),
      ).toEqual({ movesDueDates: false, open: 3, changed: 0, becomeOverdue: 0, becomeDueSoon: 0 });
      // The minors' target moves a minor's erasure: counted, though none of these three is one.
      expect(
        await freshAdmin.settings.previewImpact({ version: current.version, minorTargetHours: 48 }),
      ).toEqual({ movesDueDates: true, open: 3, changed: 0, becomeOverdue: 0, becomeDueSoon: 0 });

      const refused = await expectTrpcError(
        freshAdmin.settings.update({ version: current.version, companySlaDays: 3 }),
        'BAD_REQUEST',
        /Give a reason/,
      );
      expect(refused.cause).toMatchObject({
        fieldErrors: { reason: [expect.stringMatching(/Give a reason/)] },
      });
      expect((await freshAdmin.settings.get()).version).toBe(current.version);
      // A change that moves no date needs no reason.
      expect(
        (await freshAdmin.settings.update({ version: current.version, erasureGraceHours: 6 })).version,
      ).toBe(current.version + 1);
      await expectTrpcError(
        freshOfficer.settings.previewImpact({ version: 0, companySlaDays: 3 }),
        'FORBIDDEN',
      );
    } finally {
      await fresh.close();
    }
  });

  it('writes nothing when nothing changes', async () => {
    const current = await admin.settings.get();
    const before = (await settingsAudit()).length;
    const out = await admin.settings.update({
      version: current.version,
      companySlaDays: current.settings.companySlaDays,
    });
    expect(out.version).toBe(current.version);
    expect(await settingsAudit()).toHaveLength(before);
  });

  it('refuses unknown calendars, invalid time zones and out-of-range days beside the field, and a stale version', async () => {
    const { version } = await admin.settings.get();
    const calendar = await expectTrpcError(
      admin.settings.update({
        version,
        handling: { gdpr: { calendar: 'XX-YY', timeZone: 'Europe/Dublin' } },
      }),
      'BAD_REQUEST',
    );
    // Input validation: the formatter turns these issues into field errors keyed by path.
    expect(calendar.cause).toMatchObject({
      issues: [
        {
          path: ['handling', 'gdpr', 'calendar'],
          message: expect.stringMatching(/Unknown holiday calendar/),
        },
      ],
    });
    const zone = await expectTrpcError(
      admin.settings.update({
        version,
        handling: { ccpa: { calendar: 'US-CA', timeZone: 'America/Hollywood' } },
      }),
      'BAD_REQUEST',
    );
    expect(zone.cause).toMatchObject({
      issues: [
        { path: ['handling', 'ccpa', 'timeZone'], message: expect.stringMatching(/Unknown time zone/) },
      ],
    });
    const days = await expectTrpcError(admin.settings.update({ version, companySlaDays: 91 }), 'BAD_REQUEST');
    expect(days.cause).toMatchObject({
      issues: [{ path: ['companySlaDays'], message: expect.stringMatching(/at most 90/) }],
    });
    await expectTrpcError(
      admin.settings.update({ version: version - 1, euPauseEnabled: true }),
      'CONFLICT',
      /settings were changed by Test admin at \d\d:\d\d UTC — reload/,
    );
  });

  it('keeps requesters’ data 36 months after closing unless an admin sets otherwise, never under 24', async () => {
    const current = await admin.settings.get();
    expect([current.settings.requestRetentionMonths, current.defaults.requestRetentionMonths]).toEqual([
      36, 36,
    ]);
    const tooShort = await expectTrpcError(
      admin.settings.update({ version: current.version, requestRetentionMonths: 23 }),
      'BAD_REQUEST',
    );
    expect(tooShort.cause).toMatchObject({
      issues: [
        {
          path: ['requestRetentionMonths'],
          message:
            'Keep requesters’ data at least 24 months: CCPA §7101 requires the record of each request to be kept for 24 months.',
        },
      ],
    });
    const tooLong = await expectTrpcError(
      admin.settings.update({ version: current.version, requestRetentionMonths: 121 }),
      'BAD_REQUEST',
    );
    expect(tooLong.cause).toMatchObject({
      issues: [
        { path: ['requestRetentionMonths'], message: 'The retention period (months) must be at most 120.' },
      ],
    });
    const before = (await settingsAudit()).length;
    // It moves no due date: no reason asked, no recompute queued.
    const saved = await admin.settings.update({ version: current.version, requestRetentionMonths: 24 });
    expect(saved).toMatchObject({ version: current.version + 1, settings: { requestRetentionMonths: 24 } });
    expect(
      await app.database.db
        .select()
        .from(jobs)
        .where(eq(jobs.key, `clocks.recompute@settings-v${saved.version}`)),
    ).toEqual([]);
    const events = await settingsAudit();
    expect(events).toHaveLength(before + 1);
    expect(events.at(-1)).toMatchObject({
      reason: null,
      before: { requestRetentionMonths: 36, version: current.version },
      after: { requestRetentionMonths: 24, version: current.version + 1, recomputeScheduled: false },
    });
    expect((await auditor.settings.get()).settings.requestRetentionMonths).toBe(24);
    await expectTrpcError(
      officer.settings.update({ version: saved.version, requestRetentionMonths: 60 }),
      'FORBIDDEN',
    );
  });

  it('is read by admins and auditors, changed by admins only', async () => {
    await expectTrpcError(officer.settings.get(), 'FORBIDDEN');
    await expectTrpcError(manager.settings.get(), 'FORBIDDEN');
    await expectTrpcError(auditor.settings.update({ version: 0, euPauseEnabled: true }), 'FORBIDDEN');
    await expectTrpcError(officer.settings.update({ version: 0, euPauseEnabled: true }), 'FORBIDDEN');
  });
});

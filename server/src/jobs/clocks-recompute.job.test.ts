import { and, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRequestStatuses, type Regime, type RequestType } from '@privdesk/shared';
import { auditEvents, jobs, requests } from '../db/schema.js';
import { deliverQueuedMail, testJobDeps } from '../testing/jobs.js';
import { createTestApp, type Caller, type TestApp } from '../testing/test-app.js';
import { recomputeClocksJob } from './clocks-recompute.job.js';
import { scheduleJob } from './job-queue.js';
import { runDueJobs, type JobHandler } from './job-runner.js';

let app: TestApp;
let officer: Caller;
let admin: Caller;
const t0 = new Date('2025-12-10T10:00:00Z');
const mix: [Regime, RequestType][] = [
  ['gdpr', 'access'],
  ['uk_gdpr', 'erasure'],
  ['ccpa', 'know'],
  ['lgpd', 'access'],
  ['pipeda', 'access'],
];

beforeAll(async () => {
  app = await createTestApp();
  ({ caller: officer } = await app.callerAs(['privacy_officer'], { now: () => t0 }));
  ({ caller: admin } = await app.callerAs(['admin'], { now: () => t0 }));
  for (let i = 0; i < 25; i += 1) {
    const [regime, type] = mix[i % mix.length] ?? ['gdpr', 'access'];
    const created = await officer.requests.create({
      regime,
      type,
      channel: 'email',
      requester: { name: `Rec ${i}`, email: `rec${i}@example.com` },
      receivedAt: new Date(t0.getTime() - (i + 1) * 86_400_000).toISOString(),
    });
    if (i === 3)
      await officer.requests
        .extend({ id: created.id, version: 0, reason: 'Complex.', notice: 'sent_another_way' })
        .catch(() => null);
  }
  // Closed requests are not recomputed.
  for (let i = 0; i < 2; i += 1) {
    const closed = await officer.requests.create({
      regime: 'gdpr',
      type: 'access',
      channel: 'email',
      requester: { name: `Closed ${i}`, email: `closed${i}@example.com` },
      receivedAt: '2025-12-01T10:00:00Z',
    });
    await officer.requests.transition({ id: closed.id, version: 0, to: 'withdrawn', note: 'Withdrawn.' });
  }
  // The CCPA requests' acknowledgements, queued at intake, leave before the recompute is looked at.
  await deliverQueuedMail(app.database, t0);
});
afterAll(() => app.close());

async function stored() {
  return app.database.db.select().from(requests).orderBy(requests.id);
}

async function recomputeAudits() {
  return app.database.db
    .select()
    .from(auditEvents)
    .where(eq(auditEvents.action, 'requests.clocks_recomputed'));
}

describe('clocks.recompute', () => {
  it('reads every open request and writes nothing when no date changed', async () => {
    await scheduleJob(app.database.db, {
      kind: 'clocks.recompute',
      runAt: t0,
      key: 'noop',
      payload: { batchSize: 10 },
    });
    const before = await stored();
    expect(await runDueJobs(testJobDeps(app.database), t0)).toEqual([
      expect.objectContaining({ outcome: 'done' }),
    ]);
    const [job] = await app.database.db.select().from(jobs).where(eq(jobs.key, 'noop'));
    expect(job?.progress).toMatchObject({ scanned: 25, changed: 0, refused: 0 });
    expect(await stored()).toEqual(before);
    expect(await recomputeAudits()).toEqual([]);
  });

  it('resumes a half-done recompute after a crash from the last batch it finished, and writes only changed rows', async () => {
    const out = await admin.settings.update({
      version: 0,
      companySlaDays: 20,
      reason: 'Policy v4 promises 20 days',
    });
    expect(out.recomputePending).toBe(true);
    const key = 'clocks.recompute@settings-v1';
    await app.database.db
      .update(jobs)
      .set({ payload: sql`${jobs.payload} || '{"batchSize": 10}'::jsonb` })
      .where(eq(jobs.key, key));

    const updatedBefore = new Map((await stored()).map((r) => [r.id, r.updatedAt.getTime()]));
    // The worker dies in its second batch: the first batch's transaction is committed, the second rolled back.
    let checkpoints = 0;
    const crashing: JobHandler = (ctx) =>
      recomputeClocksJob({
        ...ctx,
        checkpoint: async (tx, progress) => {
          await ctx.checkpoint(tx, progress);
          checkpoints += 1;
          if (checkpoints === 2) throw new Error('worker crashed');
        },
      });
    const first = await runDueJobs(testJobDeps(app.database, { 'clocks.recompute': crashing }), t0);
    expect(first).toEqual([expect.objectContaining({ outcome: 'queued' })]);
    const [halfway] = await app.database.db.select().from(jobs).where(eq(jobs.key, key));
    expect(halfway?.progress).toMatchObject({ scanned: 10, changed: 10 });
    const open = (await stored()).filter((r) =>
      (openRequestStatuses as readonly string[]).includes(r.status),
    );
    const moved = (r: (typeof open)[number]) => {
      const received = r.receivedAt.toISOString().slice(0, 10);
      return Date.parse(r.companyDueOn) - Date.parse(received) === 20 * 86_400_000;
    };
    expect(open.filter(moved)).toHaveLength(10);
    expect((await recomputeAudits()).map((a) => (a.after?.requestIds as string[]).length)).toEqual([10]);

    // The next run (after the backoff) carries on after the last id the first one finished.
    const second = await runDueJobs(testJobDeps(app.database), new Date(t0.getTime() + 60_000));
    expect(second).toEqual([expect.objectContaining({ outcome: 'done' })]);
    const [done] = await app.database.db.select().from(jobs).where(eq(jobs.key, key));
    expect(done).toMatchObject({ status: 'done', attempts: 2, progress: { scanned: 25, changed: 25 } });
    const after = await stored();
    const openAfter = after.filter((r) => (openRequestStatuses as readonly string[]).includes(r.status));
    expect(openAfter.every(moved)).toBe(true);
    // Derived columns only: no version bump, no "changed by" for an officer with the page open.
    expect(openAfter.every((r) => r.updatedAt.getTime() === updatedBefore.get(r.id))).toBe(true);
    const closed = after.filter((r) => r.status === 'withdrawn');
    expect(closed.every((r) => r.companyDueOn === '2025-12-31')).toBe(true);
    const audits = await recomputeAudits();
    expect(audits.map((a) => (a.after?.requestIds as string[]).length)).toEqual([10, 10, 5]);
    expect(audits[0]).toMatchObject({ actorId: null, reason: 'settings changed' });
  });

  it('corrects a stored date that drifted from what the ledger and settings give', async () => {
    const [row] = await app.database.db
      .select()
      .from(requests)
      .where(and(inArray(requests.status, [...openRequestStatuses]), eq(requests.regime, 'gdpr')))
      .limit(1);
    if (!row) throw new Error('no open gdpr request');
    await app.database.db
      .update(requests)
      .set({ effectiveDueOn: '2030-01-01' })
      .where(eq(requests.id, row.id));
    await scheduleJob(app.database.db, { kind: 'clocks.recompute', runAt: t0, key: 'drift' });
    await runDueJobs(testJobDeps(app.database), t0);
    const [after] = await app.database.db.select().from(requests).where(eq(requests.id, row.id));
    expect(after?.effectiveDueOn).toBe(row.effectiveDueOn);
    const [job] = await app.database.db.select().from(jobs).where(eq(jobs.key, 'drift'));
    expect(job?.progress).toMatchObject({ scanned: 25, changed: 1 });
  });
  it('counts a pause still open up to today, one day more each night, while the page shows it as recorded', async () => {
    const created = await officer.requests.create({
      regime: 'uk_gdpr',
      type: 'access',
      channel: 'email',
      requester: { name: 'Wanda Waiting', email: 'wanda@example.co.uk' },
      receivedAt: '2025-11-20T10:00:00Z',
    });
    // One month from Thu 20 Nov: Sat 20 Dec, rolled to Mon 22 Dec. Paused since 5 Dec; today (t0) is 10 Dec.
    const paused = await officer.requests.pause({
      id: created.id,
      version: 0,
      reason: 'Waiting on the requester to say which account.',
      on: '2025-12-05',
    });
    // Stored as of today: 20 Dec + 5 days = Thu 25 Dec (Christmas), Boxing Day, the weekend → Mon 29 Dec.
    expect(paused).toMatchObject({ clockState: 'paused', statutoryDueOn: '2025-12-29' });
    const page = await officer.requests.get({ id: created.id });
    expect(page.clocks).toMatchObject({ paused: true, statutory: { state: 'paused', dueOn: '2025-12-22' } });

    const storedDue = async () => {
      const [row] = await app.database.db.select().from(requests).where(eq(requests.id, created.id));
      return [row?.statutoryDueOn, row?.clockState, row?.version];
    };
    for (const [day, due] of [
      ['2025-12-15', '2025-12-30'],
      ['2025-12-16', '2025-12-31'],
    ] as const) {
      const at = new Date(`${day}T02:00:00Z`);
      await scheduleJob(app.database.db, { kind: 'clocks.recompute', runAt: at, key: `nightly-${day}` });
      await runDueJobs(testJobDeps(app.database), at);
      // The nightly run moves the stored date on by the days waited; the version stays (nobody changed it).
      expect(await storedDue()).toEqual([due, 'paused', 1]);
    }
  });
});

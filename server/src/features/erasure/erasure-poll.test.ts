import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, dataSystems, jobs as jobsTable, requests } from '../../db/schema.js';
import type { StandInLedger } from '../../demo/stand-in-receiver.js';
import { runDueJobs } from '../../jobs/job-runner.js';
import { erasureInProgress, standInListening, standInSystem } from '../../testing/erasure.js';
import { testJobDeps, testJobServices } from '../../testing/jobs.js';
import { createTestApp, type Caller, type TestApp } from '../../testing/test-app.js';

/**
 * A receiver that accepts a line (202) and never calls back is asked where it stands (issue 15, item 5: "or a
 * status poll"): 15 minutes after the acceptance, then at doubling delays, until it answers or 16 hours have
 * passed, when the line is failed for an officer to chase or justify.
 */

const clock = new Date('2027-03-01T10:00:00.000Z');
const at = { now: () => clock };
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
let app: TestApp;
let preparer: Caller;
let approver: Caller;
const ledger: StandInLedger = { deliveries: 0, effects: new Map(), callbacks: [], modes: new Map() };
let closeStandIn: () => Promise<void>;
let receiverNow = () => new Date();

beforeAll(async () => {
  app = await createTestApp();
  ({ caller: preparer } = await app.callerAs(['privacy_officer'], at));
  ({ caller: approver } = await app.callerAs(['privacy_officer'], { ...at, mfaAt: clock }));
  const standIn = await standInListening(app, ledger, () => receiverNow());
  closeStandIn = standIn.close;
  await app.database.db
    .insert(dataSystems)
    .values(
      standInSystem(
        app,
        standIn.origin,
        { key: 'payments', name: 'Payments', dataCategories: ['payment_data'] },
        clock,
      ),
    );
});

afterAll(async () => {
  await closeStandIn();
  await app.close();
});

const jobs = () => testJobDeps(app.database, {}, testJobServices({ secretBox: app.config.secretBox }));

/** Runs the due jobs at `offset` after the test's clock, the receiver judging signatures by the same time. */
async function runAt(offset: number) {
  const now = new Date(clock.getTime() + offset);
  receiverNow = () => now;
  await runDueJobs(jobs(), now);
}

async function silentErasure(email: string) {
  const { id, version } = await erasureInProgress(preparer, { email });
  await preparer.erasure.prepare({ requestId: id, requestVersion: version });
  await preparer.erasure.submit({ requestId: id, planVersion: 1 });
  await approver.erasure.approve({ requestId: id, planVersion: 2, note: 'Approved.' });
  // The receiver accepts the call and never calls back.
  ledger.modes?.set('payments', { mode: 'silent', times: 1 });
  await runAt(4 * HOUR + 1000);
  const lines = (await preparer.erasure.plan({ requestId: id })).plan?.lines ?? [];
  return { id, line: lines[0] };
}

async function pollsOf(lineId: string) {
  const rows = await app.database.db
    .select({ key: jobsTable.key, runAt: jobsTable.runAt, status: jobsTable.status })
    .from(jobsTable)
    .where(and(eq(jobsTable.kind, 'erasure.poll')));
  return rows
    .filter((r) => r.key?.startsWith(`erasure.poll:${lineId}:`))
    .sort((a, b) => a.runAt.getTime() - b.runAt.getTime());
}

describe('asking a silent receiver', () => {
  it('completes the line from the receiver’s answer to the first status question', async () => {
    const { id, line } = await silentErasure('quiet@example.com');
    expect([line?.status, line?.waitingFor]).toEqual(['running', 'receiver']);
    const queued = await pollsOf(line?.id ?? '');
    expect(queued.map((p) => [p.key?.slice(-2), p.status])).toEqual([[':0', 'queued']]);
    // 15 minutes after the acceptance (the job's clock ran a moment past the run's instant).
    expect(queued[0]?.runAt.getTime()).toBeGreaterThanOrEqual(Date.parse('2027-03-01T14:15:01.000Z'));
    expect(queued[0]?.runAt.getTime()).toBeLessThan(Date.parse('2027-03-01T14:16:00.000Z'));

    // Before then, nothing is asked.
    await runAt(4 * HOUR + 10 * MINUTE);
    expect(ledger.statusQueries ?? 0).toBe(0);
    await runAt(4 * HOUR + 16 * MINUTE);
    expect(ledger.statusQueries).toBe(1);
    const [request] = await app.database.db.select().from(requests).where(eq(requests.id, id));
    expect(request).toMatchObject({ status: 'completed', outcome: 'fulfilled', closedOn: '2027-03-01' });
    // Closed by the execution's own move: stamped like any closing, so the reports count its answer.
    expect(request?.closedAt?.toISOString().slice(0, 13)).toBe('2027-03-01T14');
    const certificate = await preparer.erasure.certificate({ requestId: id });
    expect(certificate.lines.map((l) => [l.system, l.status, l.rows])).toEqual([['Payments', 'done', 1]]);
    // One call, one effect: the question changed nothing at the receiver.
    expect(ledger.effects.get(line?.id ?? '')?.deliveries).toBe(1);
  });

  it('asks again at doubling delays while the receiver has no answer, then fails the line after 16 hours', async () => {
    const { id, line } = await silentErasure('lost@example.com');
    const lineId = line?.id ?? '';
    // The receiver loses the call: it answers 404 (unknown), which is no answer.
    ledger.effects.delete(lineId);
    const asked = ledger.statusQueries ?? 0;
    for (const minutes of [16, 31, 61, 121, 241, 481]) {
      await runAt(4 * HOUR + minutes * MINUTE);
      const [row] = await app.database.db.select().from(requests).where(eq(requests.id, id));
      expect(row?.status).toBe('fulfilling');
    }
    expect((ledger.statusQueries ?? 0) - asked).toBe(6);
    expect((await pollsOf(lineId)).map((p) => [p.key?.slice(-2), p.status])).toEqual([
      [':0', 'done'],
      [':1', 'done'],
      [':2', 'done'],
      [':3', 'done'],
      [':4', 'done'],
      [':5', 'done'],
      [':6', 'queued'],
    ]);
    await runAt(4 * HOUR + 961 * MINUTE);
    expect((ledger.statusQueries ?? 0) - asked).toBe(7);
    const after = (await preparer.erasure.plan({ requestId: id })).plan?.lines[0];
    expect(after?.status).toBe('failed');
    expect(after?.failure).toBe(
      'The receiver accepted the erasure but had not confirmed it 16 hours later, after 7 status questions: chase the receiver, or justify the line.',
    );
    const failed = await app.database.db
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, id), eq(auditEvents.action, 'erasure.line_failed')));
    expect(failed).toHaveLength(1);
  });
});

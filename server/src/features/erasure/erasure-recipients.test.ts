import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SubprocessorFields } from '@privdesk/shared';
import {
  auditEvents,
  dataSystems,
  requests,
  subprocessorDataSystems,
  subprocessors,
} from '../../db/schema.js';
import type { StandInLedger } from '../../demo/stand-in-receiver.js';
import { runDueJobs } from '../../jobs/job-runner.js';
import { erasureInProgress, standInListening, standInSystem } from '../../testing/erasure.js';
import { expectTrpcError } from '../../testing/expect-error.js';
import { acceptingMailer, testJobDeps, testJobServices } from '../../testing/jobs.js';
import { createTestApp, type Caller, type TestApp, type TestStaff } from '../../testing/test-app.js';

/**
 * The recipients' notifications (issue 15, item 6; GDPR Art. 19, CCPA §7022(b)): every subprocessor in
 * service that receives a system's data is told of the erasure, by the system's own signed call where there
 * is one, else by a task for the system's owner; the request completes only once each is done or justified.
 */

const clock = new Date('2027-03-01T10:00:00.000Z');
const at = { now: () => clock };
const HOUR = 3_600_000;
let app: TestApp;
let preparer: Caller;
let approver: Caller;
let owner: Caller;
let ownerStaff: TestStaff;
const ledger: StandInLedger = { deliveries: 0, effects: new Map(), callbacks: [] };
let closeStandIn: () => Promise<void>;
let receiverNow = () => new Date();

async function subprocessor(name: string, status: 'active' | 'proposed', systemId: string) {
  const [row] = await app.database.db
    .insert(subprocessors)
    .values({
      name,
      legalName: `${name} Ltd`,
      category: 'customer_support',
      countries: ['IE'],
      mechanisms: ['none_needed'],
      // The registry's own fields do not matter here: only who receives which system's data.
      fields: {} as SubprocessorFields,
      status,
      proposedOn: '2026-01-05',
      activeFrom: status === 'active' ? '2026-02-10' : null,
      createdAt: clock,
      updatedAt: clock,
    })
    .returning({ id: subprocessors.id });
  if (!row) throw new Error('no subprocessor');
  await app.database.db
    .insert(subprocessorDataSystems)
    .values({ subprocessorId: row.id, dataSystemId: systemId });
  return row.id;
}

beforeAll(async () => {
  app = await createTestApp();
  ({ caller: preparer } = await app.callerAs(['privacy_officer'], at));
  ({ caller: approver } = await app.callerAs(['privacy_officer'], { ...at, mfaAt: clock }));
  ({ caller: owner, staff: ownerStaff } = await app.callerAs(['admin'], at));
  const standIn = await standInListening(app, ledger, () => receiverNow());
  closeStandIn = standIn.close;
  const systems = await app.database.db
    .insert(dataSystems)
    .values([
      standInSystem(
        app,
        standIn.origin,
        { key: 'payments', name: 'Payments', dataCategories: ['payment_data'] },
        clock,
      ),
      {
        key: 'support_desk',
        name: 'Support desk',
        description: 'Tickets.',
        dataCategories: ['support_communications'],
        ownerId: ownerStaff.id,
        connectorKind: 'manual',
        connector: { kind: 'manual', instructions: 'Delete the person’s tickets.' },
      },
    ])
    .returning({ id: dataSystems.id, key: dataSystems.key });
  const idOf = (key: string) => systems.find((s) => s.key === key)?.id ?? '';
  await subprocessor('Tillpoint Payments', 'active', idOf('payments'));
  await subprocessor('Helpwise Desk', 'active', idOf('support_desk'));
  // Proposed, not yet in service: it has received nothing, so it is not told.
  await subprocessor('Metricly', 'proposed', idOf('payments'));
});

afterAll(async () => {
  await closeStandIn();
  await app.close();
});

// Mail goes to a real SMTP server here: task owners are told by email as well as in the bell.
const mailer = acceptingMailer('smtp');
const jobs = () =>
  testJobDeps(app.database, {}, testJobServices({ secretBox: app.config.secretBox, mailer }));

describe('the recipients’ notification lines', () => {
  it('proposes one per recipient in service, and an officer cannot turn one into anything else', async () => {
    const { id, version } = await erasureInProgress(preparer, { email: 'ana@example.com' });
    const { plan } = await preparer.erasure.prepare({ requestId: id, requestVersion: version });
    expect(plan.lines.map((l) => [l.system.key, l.action, l.recipient?.name ?? null])).toEqual([
      ['payments', 'delete', null],
      ['support_desk', 'delete', null],
      ['payments', 'notify', 'Tillpoint Payments'],
      ['support_desk', 'notify', 'Helpwise Desk'],
    ]);
    const notify = plan.lines[2];
    const refused = await expectTrpcError(
      preparer.erasure.changeLine({
        requestId: id,
        planVersion: plan.version,
        lineId: notify?.id ?? '',
        action: 'delete',
        ground: null,
        note: null,
      }),
      'BAD_REQUEST',
    );
    expect(refused.cause).toMatchObject({
      fieldErrors: {
        action: [
          'A recipient’s line stays a notification: if the recipient cannot be told, justify the line once the erasure runs.',
        ],
      },
    });
    const after = await preparer.erasure.plan({ requestId: id });
    expect(after.plan?.version).toBe(plan.version);
  });

  it('tells a webhook system’s recipient by its call, gives the other to the owner, and completes when both are told', async () => {
    const { id, version } = await erasureInProgress(preparer, { email: 'bo@example.com' });
    await preparer.erasure.prepare({ requestId: id, requestVersion: version });
    await preparer.erasure.submit({ requestId: id, planVersion: 1 });
    await approver.erasure.approve({ requestId: id, planVersion: 2, note: 'Approved.' });
    const after = new Date(clock.getTime() + 4 * HOUR + 1000);
    receiverNow = () => after;
    await runDueJobs(jobs(), after);

    const { plan } = await preparer.erasure.plan({ requestId: id });
    const lines = plan?.lines ?? [];
    expect(lines.map((l) => [l.system.key, l.action, l.status, l.waitingFor, l.notice])).toEqual([
      ['payments', 'delete', 'done', null, null],
      ['support_desk', 'delete', 'running', 'owner', null],
      // Tillpoint is the payments receiver: the signed erasure call told it.
      ['payments', 'notify', 'done', null, 'erasure_call'],
      ['support_desk', 'notify', 'running', 'owner', null],
    ]);
    expect(ledger.deliveries).toBe(1);

    // The owner is told of each task by email too: the system's own, and the recipient to tell.
    const ownerMail = mailer.sent.filter((m) => m.subject.startsWith('Privacy Desk: Erasure task'));
    expect(ownerMail.map((m) => [m.to, m.subject])).toEqual(
      expect.arrayContaining([
        [ownerStaff.email, 'Privacy Desk: Erasure task: Support desk'],
        [ownerStaff.email, 'Privacy Desk: Erasure task: Helpwise Desk'],
      ]),
    );
    expect(ownerMail).toHaveLength(2);
    expect(ownerMail.find((m) => m.subject.endsWith('Helpwise Desk'))?.text).toMatch(
      /tell Helpwise Desk, which receives data from Support desk, that the person’s data is erased/,
    );
    // The owner's list names the recipient to tell.
    const tasks = await owner.erasure.myTasks();
    expect(tasks.items.map((t) => [t.system.name, t.action, t.recipient])).toEqual([
      ['Support desk', 'delete', null],
      ['Support desk', 'notify', 'Helpwise Desk'],
    ]);
    for (const task of tasks.items)
      await owner.erasure.closeTask({
        requestId: id,
        lineId: task.lineId,
        evidence:
          task.action === 'notify'
            ? 'Emailed Helpwise’s DPO on 1 March; they confirmed deletion of their copy.'
            : 'Deleted the tickets.',
      });

    const [request] = await app.database.db.select().from(requests).where(eq(requests.id, id));
    expect(request).toMatchObject({ status: 'completed', outcome: 'fulfilled' });
    const certificate = await preparer.erasure.certificate({ requestId: id });
    expect(certificate.lines.map((l) => [l.system, l.action, l.recipient, l.status, l.doneBy])).toEqual([
      ['Payments', 'delete', null, 'done', 'Signed webhook to the receiver'],
      ['Support desk', 'delete', null, 'done', 'Test admin'],
      ['Payments', 'notify', 'Tillpoint Payments', 'done', 'Told by the signed erasure call'],
      ['Support desk', 'notify', 'Helpwise Desk', 'done', 'Test admin'],
    ]);
  });

  it('completes as fulfilled, not partially, when a recipient that cannot be told is justified', async () => {
    const { id, version } = await erasureInProgress(preparer, { email: 'cy@example.com' });
    await preparer.erasure.prepare({ requestId: id, requestVersion: version });
    await preparer.erasure.submit({ requestId: id, planVersion: 1 });
    await approver.erasure.approve({ requestId: id, planVersion: 2, note: 'Approved.' });
    const after = new Date(clock.getTime() + 4 * HOUR + 1000);
    receiverNow = () => after;
    await runDueJobs(jobs(), after);
    const lines = (await preparer.erasure.plan({ requestId: id })).plan?.lines ?? [];
    const supportTask = lines.find((l) => l.system.key === 'support_desk' && l.action === 'delete');
    const helpwise = lines.find((l) => l.action === 'notify' && l.recipient?.name === 'Helpwise Desk');
    await owner.erasure.closeTask({ requestId: id, lineId: supportTask?.id ?? '', evidence: 'Deleted.' });
    await preparer.erasure.justifyLine({
      requestId: id,
      lineId: helpwise?.id ?? '',
      reason: 'impossible',
      explanation: 'Helpwise Desk ceased trading on 28 February; no successor holds the data or can be told.',
    });
    const [request] = await app.database.db.select().from(requests).where(eq(requests.id, id));
    expect(request).toMatchObject({ status: 'completed', outcome: 'fulfilled', reasonCode: null });
    const justified = await app.database.db
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(eq(auditEvents.entityId, id));
    expect(justified.map((a) => a.action)).toContain('erasure.line_justified');
  });
});

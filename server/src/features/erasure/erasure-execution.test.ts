import { and, asc, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditEvents,
  customers,
  erasureSuppressions,
  dataSystems,
  erasurePlanLines,
  messages,
  notifications,
  requests,
} from '../../db/schema.js';
import { runDueJobs } from '../../jobs/job-runner.js';
import { scheduleJob } from '../../jobs/job-queue.js';
import { accounts, invoiceLines, invoices } from '../../platform/platform.schema.js';
import { erasePlatformAccount, platformAccountFootprint } from '../../platform/platform-connector.js';
import type { PlatformDatabase } from '../../platform/platform-db.js';
import { seedPlatform } from '../../platform/platform-seed.js';
import { insertCustomers } from '../../testing/customers.js';
import { expectTrpcError } from '../../testing/expect-error.js';
import { acceptingMailer, testJobDeps, testJobServices } from '../../testing/jobs.js';
import { openTestPlatformDatabase } from '../../testing/test-platform-db.js';
import { createTestApp, type Caller, type TestApp, type TestStaff } from '../../testing/test-app.js';
import { erasureInProgress } from '../../testing/erasure.js';
import { platformLookupOf } from './platform-lookup.js';
import Fastify, { type FastifyInstance } from 'fastify';
import { demoStandInSecret } from '../../demo/seed-demo.js';
import { standInReceiver, type StandInLedger } from '../../demo/stand-in-receiver.js';
import { signBody, signatureHeader } from '../../integrations/webhooks/erasure-webhook.js';

const clock = new Date('2027-03-01T10:00:00.000Z');
const at = { now: () => clock };
const HOUR = 3_600_000;
let app: TestApp;
let platform: PlatformDatabase;
let preparer: Caller;
let approver: Caller;
let owner: Caller;
let ownerStaff: TestStaff;
let bystander: Caller;
const customerIds: Record<string, string> = {};
// The demo's stand-in subprocessor, on a port of its own: the payments webhook's receiver.
const ledger: StandInLedger = { deliveries: 0, effects: new Map(), callbacks: [] };
let receiver: FastifyInstance;
let receiverUrl: string;
// The receiver judges a call's age by the test's clock, as a real one would by its own.
let receiverNow = () => new Date();

beforeAll(async () => {
  app = await createTestApp();
  platform = await openTestPlatformDatabase();
  app.config.platform = platformLookupOf(platform.db);
  ({ caller: preparer } = await app.callerAs(['privacy_officer'], at));
  ({ caller: approver } = await app.callerAs(['privacy_officer'], { ...at, mfaAt: clock }));
  // The support desk's owner is an admin: owners need not read requests to close their tasks.
  ({ caller: owner, staff: ownerStaff } = await app.callerAs(['admin'], at));
  ({ caller: bystander } = await app.callerAs(['support_agent'], at));
  receiver = Fastify();
  await receiver.register(
    standInReceiver({ secretBox: app.config.secretBox, now: () => receiverNow(), ledger }),
  );
  receiverUrl = await receiver.listen({ port: 0, host: '127.0.0.1' });
  await app.database.db.insert(dataSystems).values([
    {
      key: 'payments',
      name: 'Payments',
      description: 'Card payments.',
      dataCategories: ['payment_data'],
      connectorKind: 'webhook',
      connector: { kind: 'webhook', url: `${receiverUrl}/stand-in/payments/erasure` },
      webhookSecretSealed: app.config.secretBox.seal(demoStandInSecret(app.config.secretBox, 'payments')),
      webhookSecretSetAt: clock,
    },
    {
      key: 'platform_db',
      name: 'Platform database',
      description: 'Accounts.',
      dataCategories: ['contact_details', 'billing_records'],
      connectorKind: 'internal',
      connector: { kind: 'internal', target: 'platform' },
      retentionRules: [
        {
          scope: 'Invoices and their lines',
          ground: 'legal_obligation',
          law: 'German Fiscal Code (AO) §147',
          period: { count: 10, unit: 'years' },
          platformScope: 'invoices',
        },
      ],
    },
    {
      key: 'support_desk',
      name: 'Support desk',
      description: 'Tickets.',
      dataCategories: ['support_communications'],
      ownerId: ownerStaff.id,
      connectorKind: 'manual',
      connector: { kind: 'manual', instructions: 'Delete the person’s tickets in the help desk.' },
    },
  ]);
  const rows = await insertCustomers(app.database.db, [
    {
      accountNumber: 'SYN-900001',
      name: 'Ines Duarte',
      email: 'ines.duarte@example.com',
      country: 'PT',
      plan: 'business',
      signupAt: new Date('2024-03-01T00:00:00.000Z'),
    },
    {
      accountNumber: 'SYN-900002',
      name: 'Tom Berg',
      email: 'tom.berg@example.com',
      country: 'SE',
      plan: 'business',
      signupAt: new Date('2024-04-01T00:00:00.000Z'),
    },
  ]);
  for (const r of rows) customerIds[r.accountNumber] = r.id;
  await seedPlatform(
    platform.db,
    rows.map((r) => ({
      accountNumber: r.accountNumber,
      name: r.name,
      email: r.email,
      organisationName: null,
      country: r.country,
      plan: r.plan,
      signupAt: r.signupAt,
      lastActiveAt: null,
      birthYear: null,
      status: 'active' as const,
    })),
    { seed: 11, now: clock },
  );
});

afterAll(async () => {
  await receiver.close();
  await platform.close();
  await app.close();
});

const mailer = acceptingMailer();
const jobs = () =>
  testJobDeps(
    app.database,
    {},
    testJobServices({ mailer, platform: platform.db, secretBox: app.config.secretBox }),
  );

/** An erasure of this account, its plan prepared, submitted and approved at `clock`. */
async function approvedErasure(accountNumber: string) {
  const { id, version } = await erasureInProgress(preparer, {
    customerId: customerIds[accountNumber] ?? null,
    email: `${accountNumber.toLowerCase()}@example.com`,
  });
  const made = { id };
  await preparer.erasure.prepare({ requestId: made.id, requestVersion: version });
  await preparer.erasure.submit({ requestId: made.id, planVersion: 1 });
  const approved = await approver.erasure.approve({ requestId: made.id, planVersion: 2, note: 'Approved.' });
  return { id: made.id, plan: approved.plan };
}

async function linesOf(requestId: string) {
  const { plan } = await preparer.erasure.plan({ requestId });
  return plan?.lines ?? [];
}

async function statusOf(requestId: string) {
  const [row] = await app.database.db.select().from(requests).where(eq(requests.id, requestId));
  return row;
}

describe('executing an approved plan', () => {
  it('waits out the grace period, erases through each connector, and completes when the owner closes the task', async () => {
    const before = await platformAccountFootprint(platform.db, 'SYN-900001');
    const request = await approvedErasure('SYN-900001');
    expect(request.plan.graceEndsAt).toBe('2027-03-01T14:00:00.000Z');

    // Inside the grace period nothing runs.
    await runDueJobs(jobs(), new Date(clock.getTime() + 3 * HOUR));
    expect((await statusOf(request.id))?.status).toBe('approved');

    receiverNow = () => new Date(clock.getTime() + 4 * HOUR + 1000);
    await runDueJobs(jobs(), new Date(clock.getTime() + 4 * HOUR + 1000));
    expect((await statusOf(request.id))?.status).toBe('fulfilling');
    const lines = await linesOf(request.id);
    expect(lines.map((l) => [l.system.key, l.action, l.status])).toEqual([
      ['platform_db', 'delete', 'done'],
      ['platform_db', 'retain', 'done'],
      ['payments', 'delete', 'done'],
      ['support_desk', 'delete', 'running'],
    ]);
    // What the reader sees of each: the platform's rows, the receiver's records, the owner awaited.
    const platformRows = before.found ? before.tables.reduce((n, t) => n + t.rows, 0) : -1;
    expect(lines.map((l) => [l.system.key, l.rows, l.waitingFor])).toEqual([
      ['platform_db', platformRows, null],
      ['platform_db', null, null],
      ['payments', 1, null],
      ['support_desk', null, 'owner'],
    ]);
    expect(lines[3]?.owner?.id).toBe(ownerStaff.id);
    // The receiver took one signed call for the payments line, keyed by the line.
    const paymentsLine = lines.find((l) => l.system.key === 'payments');
    expect(ledger.effects.get(paymentsLine?.id ?? '')).toMatchObject({ system: 'payments' });
    expect(ledger.deliveries).toBe(1);
    // The platform rows are gone, the account a tombstone, the invoices kept (stripped) for tax law.
    const after = await platformAccountFootprint(platform.db, 'SYN-900001');
    // Erased when the run did it (the job's clock: the run's instant plus the time it took).
    const erasedAt = after.found ? (after.erasedAt?.getTime() ?? 0) : 0;
    expect(erasedAt).toBeGreaterThanOrEqual(Date.parse('2027-03-01T14:00:01.000Z'));
    expect(erasedAt).toBeLessThan(Date.parse('2027-03-01T14:01:00.000Z'));
    const rowsOf = (f: typeof before, table: string) =>
      f.found ? (f.tables.find((t) => t.table === table)?.rows ?? -1) : -1;
    expect(rowsOf(after, 'usage_events')).toBe(0);
    expect(rowsOf(after, 'api_keys')).toBe(0);
    expect(rowsOf(after, 'invoices')).toBe(rowsOf(before, 'invoices'));
    expect(rowsOf(before, 'invoices')).toBeGreaterThan(0);
    // The other account is untouched.
    const other = await platformAccountFootprint(platform.db, 'SYN-900002');
    expect(other.found && other.erasedAt).toBeNull();
    // The directory keeps a tombstone, nothing personal.
    const [tombstone] = await app.database.db
      .select()
      .from(customers)
      .where(eq(customers.id, customerIds['SYN-900001'] ?? ''));
    expect(tombstone).toMatchObject({
      accountNumber: 'SYN-900001',
      name: 'Erased account',
      email: 'erased-900001@erased.invalid',
      status: 'erased',
      erasureRequestId: request.id,
      birthYear: null,
      organisationId: null,
    });

    // The manual line is the owner's task: in their bell and their list; a bystander cannot close it.
    const [bell] = await app.database.db
      .select({ kind: notifications.kind, title: notifications.title })
      .from(notifications)
      .where(eq(notifications.staffId, ownerStaff.id));
    expect(bell).toEqual({ kind: 'erasure.task', title: 'Erasure task: Support desk' });
    const tasks = await owner.erasure.myTasks();
    expect(tasks.items).toEqual([
      expect.objectContaining({
        requestId: request.id,
        accountNumber: 'SYN-900001',
        system: expect.objectContaining({ name: 'Support desk' }),
        action: 'delete',
      }),
    ]);
    const taskLine = tasks.items[0]?.lineId ?? '';
    await expectTrpcError(
      bystander.erasure.closeTask({ requestId: request.id, lineId: taskLine, evidence: 'Done.' }),
      'FORBIDDEN',
      /for the owner of Support desk/,
    );
    await expectTrpcError(
      owner.erasure.closeTask({ requestId: request.id, lineId: taskLine, evidence: '  ' }),
      'BAD_REQUEST',
    );
    const closed = await owner.erasure.closeTask({
      requestId: request.id,
      lineId: taskLine,
      evidence: 'Deleted 3 tickets and the contact in the help desk; searched again by email: none left.',
    });
    expect(closed.plan.status).toBe('completed');
    expect(closed.plan.lines.find((l) => l.id === taskLine)).toMatchObject({
      status: 'done',
      evidence: 'Deleted 3 tickets and the contact in the help desk; searched again by email: none left.',
      finishedBy: { id: ownerStaff.id },
      waitingFor: null,
    });
    const row = await statusOf(request.id);
    expect(row).toMatchObject({
      status: 'completed',
      outcome: 'partially_fulfilled',
      reasonCode: 'exemption',
    });
    expect(row?.denialExplanation).toBe(
      'We erased your personal data except what the law requires us to keep: Invoices and their lines (Legal obligation — GDPR Art. 17(3)(b); German Fiscal Code (AO) §147). It is kept only as long as that law requires, then erased.',
    );
    // The certificate: every line, what was done, by what or whom, and the backups' suppression.
    const certificate = await preparer.erasure.certificate({ requestId: request.id });
    expect(certificate).toMatchObject({
      status: 'completed',
      outcome: 'partially_fulfilled',
      accountNumber: 'SYN-900001',
      plan: { version: expect.any(Number), approvalNote: 'Approved.' },
      backups: { suppressed: true },
    });
    expect(certificate.lines.map((l) => [l.system, l.action, l.status, l.doneBy])).toEqual([
      ['Platform database', 'delete', 'done', 'Platform connector'],
      ['Platform database', 'retain', 'done', 'Kept as planned'],
      ['Payments', 'delete', 'done', 'Signed webhook to the receiver'],
      ['Support desk', 'delete', 'done', closed.plan.lines[3]?.finishedBy?.name],
    ]);
    expect(certificate.lines[0]?.tables?.find((t) => t.table === 'accounts')).toEqual({
      table: 'accounts',
      deleted: 0,
      anonymised: 1,
      retained: 0,
    });
    expect(certificate.lines[3]?.evidence).toMatch(/^Deleted 3 tickets/);
    expect(certificate.backups.statement).toContain('CCPA §7022(d)');
    await expectTrpcError(bystander.erasure.certificate({ requestId: request.id }), 'FORBIDDEN');
    const sent = await app.database.db
      .select({ kind: messages.kind })
      .from(messages)
      .where(eq(messages.requestId, request.id));
    expect(sent.map((m) => m.kind)).toContain('completion');
    const trail = await app.database.db
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(and(eq(auditEvents.entityType, 'request'), eq(auditEvents.entityId, request.id)))
      .orderBy(asc(auditEvents.seq));
    const actions = trail.map((a) => a.action).filter((a) => a.startsWith('erasure.'));
    // The three lines' jobs run in any order.
    expect(actions.slice(4, 7).sort()).toEqual([
      'erasure.line_done',
      'erasure.line_done',
      'erasure.task_opened',
    ]);
    expect([...actions.slice(0, 4), ...actions.slice(7)]).toEqual([
      'erasure.plan_prepared',
      'erasure.submitted',
      'erasure.approved',
      'erasure.execution_started',
      // The bystander's attempt; the blank evidence never reached the rule (refused by the input's schema).
      'erasure.refused',
      'erasure.task_closed',
      'erasure.completed',
    ]);
  });

  it('erases again an account that a restored backup brought back (CCPA §7022(d))', async () => {
    // The first test erased SYN-900001: it is on the suppression list, with the invoices its plan kept.
    const [listed] = await app.database.db
      .select()
      .from(erasureSuppressions)
      .where(eq(erasureSuppressions.accountNumber, 'SYN-900001'));
    expect(listed).toMatchObject({ retained: ['invoices'], reappliedAt: null });
    // A backup from before the erasure is restored: the account's rows are back as they were.
    const [tombstone] = await platform.db
      .select({ id: accounts.id })
      .from(accounts)
      .where(eq(accounts.accountNumber, 'SYN-900001'));
    const kept = await platform.db
      .select({ id: invoices.id })
      .from(invoices)
      .where(eq(invoices.accountId, tombstone?.id ?? ''));
    await platform.db.delete(invoiceLines).where(
      inArray(
        invoiceLines.invoiceId,
        kept.map((k) => k.id),
      ),
    );
    await platform.db.delete(invoices).where(eq(invoices.accountId, tombstone?.id ?? ''));
    await platform.db.delete(accounts).where(eq(accounts.accountNumber, 'SYN-900001'));
    await seedPlatform(
      platform.db,
      [
        {
          accountNumber: 'SYN-900001',
          name: 'Ines Duarte',
          email: 'ines.duarte@example.com',
          organisationName: null,
          country: 'PT',
          plan: 'business',
          signupAt: new Date('2024-03-01T00:00:00.000Z'),
          lastActiveAt: null,
          birthYear: null,
          status: 'active',
        },
      ],
      { seed: 11, now: clock },
    );
    const restored = await platformAccountFootprint(platform.db, 'SYN-900001');
    expect(restored.found && restored.erasedAt).toBeNull();
    await scheduleJob(app.database.db, {
      kind: 'erasure.reapply',
      runAt: clock,
      key: 'reapply-after-restore',
    });
    await runDueJobs(jobs(), new Date(clock.getTime() + 6 * HOUR));
    const again = await platformAccountFootprint(platform.db, 'SYN-900001');
    expect(again.found && again.erasedAt).not.toBeNull();
    expect(again.found && again.tables.find((t) => t.table === 'usage_events')?.rows).toBe(0);
    // Its invoices are kept again, as the plan kept them.
    expect(again.found && (again.tables.find((t) => t.table === 'invoices')?.rows ?? 0) > 0).toBe(true);
    const [audited] = await app.database.db
      .select({ entityId: auditEvents.entityId, after: auditEvents.after })
      .from(auditEvents)
      .where(eq(auditEvents.action, 'erasure.reapplied'));
    expect(audited?.entityId).toBe(customerIds['SYN-900001']);
    // The other account, never erased, is left alone.
    const other = await platformAccountFootprint(platform.db, 'SYN-900002');
    expect(other.found).toBe(true);
  });

  it('has a stand-in receiver that refuses unsigned, forged and stale calls', async () => {
    receiverNow = () => new Date();
    const body = JSON.stringify({ id: 'line-x', action: 'delete' });
    const post = (headers: Record<string, string>) =>
      fetch(`${receiverUrl}/stand-in/payments/erasure`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': 'line-x', ...headers },
        body,
      });
    const secret = demoStandInSecret(app.config.secretBox, 'payments');
    const nowSeconds = Math.floor(Date.now() / 1000);
    expect((await post({})).status).toBe(401);
    expect((await post({ [signatureHeader]: signBody('not-the-secret', nowSeconds, body) })).status).toBe(
      401,
    );
    expect((await post({ [signatureHeader]: signBody(secret, nowSeconds - 600, body) })).status).toBe(401);
    const good = await post({ [signatureHeader]: signBody(secret, nowSeconds, body) });
    expect(good.status).toBe(200);
    expect(await good.json()).toEqual({ status: 'completed', records: 1 });
    // A replay of the same call is answered, and counted as a delivery, but is one effect.
    const before = ledger.deliveries;
    await post({ [signatureHeader]: signBody(secret, nowSeconds, body) });
    expect(ledger.deliveries).toBe(before + 1);
    expect([...ledger.effects.keys()].filter((k) => k === 'line-x')).toHaveLength(1);
    const shown = (await (await fetch(`${receiverUrl}/stand-in/ledger`)).json()) as {
      deliveries: number;
      effects: { key: string; system: string }[];
    };
    expect(shown.deliveries).toBe(ledger.deliveries);
    expect(shown.effects.filter((e) => e.key === 'line-x')).toEqual([
      expect.objectContaining({ key: 'line-x', system: 'payments', deliveries: 2 }),
    ]);
  });

  it('does nothing twice: a step retried after a crash reports the first run’s rows, and a cancelled plan never starts', async () => {
    const request = await approvedErasure('SYN-900002');
    const platformLine = request.plan.lines.find((l) => l.system.key === 'platform_db' && l.scope === null);
    // The platform erased, then the process died before the desk recorded it: the platform has the receipt.
    const first = await erasePlatformAccount(platform.db, {
      accountNumber: 'SYN-900002',
      action: 'delete',
      retain: ['invoices'],
      now: new Date(clock.getTime() + 4 * HOUR),
      idempotencyKey: platformLine?.id ?? '',
    });
    expect(first.found && first.tables.find((t) => t.table === 'accounts')).toEqual({
      table: 'accounts',
      deleted: 0,
      anonymised: 1,
      retained: 0,
    });
    receiverNow = () => new Date(clock.getTime() + 4 * HOUR + 1000);
    await runDueJobs(jobs(), new Date(clock.getTime() + 4 * HOUR + 1000));
    const [line] = await app.database.db
      .select({ result: erasurePlanLines.result, status: erasurePlanLines.status })
      .from(erasurePlanLines)
      .where(eq(erasurePlanLines.id, platformLine?.id ?? ''));
    expect(line?.status).toBe('done');
    // The first run's report, not a second run's zeros.
    expect((line?.result as { tables?: unknown }).tables).toEqual(first.found ? first.tables : null);
    // Running every job again changes nothing: one line_done a line that ran (platform, payments).
    const lineDone = () =>
      app.database.db
        .select({ action: auditEvents.action })
        .from(auditEvents)
        .where(and(eq(auditEvents.entityId, request.id), eq(auditEvents.action, 'erasure.line_done')));
    expect(await lineDone()).toHaveLength(2);
    const deliveries = ledger.deliveries;
    await runDueJobs(jobs(), new Date(clock.getTime() + 5 * HOUR));
    expect(await lineDone()).toHaveLength(2);
    expect(ledger.deliveries).toBe(deliveries);

    // A plan cancelled in its grace period: its start finds nothing to do.
    const made = await erasureInProgress(preparer);
    const version = made.version;
    await preparer.erasure.prepare({ requestId: made.id, requestVersion: version });
    await preparer.erasure.submit({ requestId: made.id, planVersion: 1 });
    await approver.erasure.approve({ requestId: made.id, planVersion: 2, note: 'Approved.' });
    await preparer.erasure.cancel({
      requestId: made.id,
      planVersion: 3,
      note: 'The requester asked to wait.',
    });
    await runDueJobs(jobs(), new Date(clock.getTime() + 5 * HOUR));
    expect((await statusOf(made.id))?.status).toBe('in_progress');
    expect((await linesOf(made.id)).every((l) => l.status === 'pending')).toBe(true);
  });
});

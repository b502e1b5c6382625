import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RequestCreateInput } from '@privdesk/shared';
import { auditEvents, messages, requestClockEvents, requests } from '../../db/schema.js';
import { smtpMailer, type Mailer } from '../../integrations/mail/mailer.js';
import { runDueJobs } from '../../jobs/job-runner.js';
import { insertCustomers } from '../../testing/customers.js';
import { expectTrpcError } from '../../testing/expect-error.js';
import { testJobDeps, testJobServices } from '../../testing/jobs.js';
import { createTestApp, testMailFrom, type Caller, type TestApp } from '../../testing/test-app.js';
import { startTestSmtp, type TestSmtp } from '../../testing/test-smtp.js';

/**
 * Mail to requesters, end to end against a real SMTP server in this process (smtp-server): what is queued
 * in the action's transaction, what the sender job hands the server, what the ledger then records, and what
 * happens when the server refuses or the process dies half-way.
 */

// A Tuesday in March: 15:00 UTC is the same day in Dublin and in Los Angeles.
const now = new Date('2026-03-10T15:00:00.000Z');
const later = (ms: number) => new Date(now.getTime() + ms);

let app: TestApp;
let smtp: TestSmtp;
let mailer: Mailer;
let officer: Caller;
let admin: Caller;
let support: Caller;
let accountId: string;

beforeAll(async () => {
  app = await createTestApp();
  smtp = await startTestSmtp();
  mailer = smtpMailer(smtp.url, testMailFrom);
  ({ caller: officer } = await app.callerAs(['privacy_officer'], { now: () => now }));
  ({ caller: admin } = await app.callerAs(['admin'], { now: () => now }));
  ({ caller: support } = await app.callerAs(['support_agent'], { now: () => now }));
  const [account] = await insertCustomers(app.database.db, [
    {
      accountNumber: 'SYN-420001',
      name: 'Inés Calder',
      email: 'ines.calder@example.com',
      organisation: 'Calder Freight',
      country: 'US',
      plan: 'team',
      signupAt: new Date('2024-01-09T08:00:00Z'),
      birthYear: 1984,
    },
  ]);
  accountId = account?.id ?? '';
}, 60_000);
afterAll(async () => {
  await mailer.close();
  await smtp.close();
  await app.close();
});
beforeEach(() => {
  smtp.received.length = 0;
});

const deps = () =>
  testJobDeps(app.database, {}, testJobServices({ secretBox: app.config.secretBox, mailer }));
const runJobs = (at: Date) => runDueJobs(deps(), at);

async function create(overrides: Partial<RequestCreateInput> = {}) {
  return officer.requests.create({
    type: 'access',
    regime: 'gdpr',
    channel: 'email',
    requester: { name: 'Inés Calder', email: 'ines.calder@example.com' },
    receivedAt: '2026-02-20T10:00:00.000Z',
    customerId: accountId,
    ...overrides,
  });
}

async function messagesOf(requestId: string) {
  return app.database.db.select().from(messages).where(eq(messages.requestId, requestId));
}

async function ledgerOf(requestId: string) {
  return app.database.db
    .select({ kind: requestClockEvents.kind, on: requestClockEvents.on, reason: requestClockEvents.reason })
    .from(requestClockEvents)
    .where(eq(requestClockEvents.requestId, requestId));
}

describe('the acknowledgement a law requires', () => {
  it('goes out by itself for a CCPA request, once, and the ledger records the day it left', async () => {
    const created = await create({
      type: 'delete',
      regime: 'ccpa',
      requester: { name: 'Inés Calder', email: 'ines.calder@example.com', location: 'US-CA' },
    });
    const [queued] = await messagesOf(created.id);
    expect(queued).toMatchObject({
      kind: 'acknowledgement',
      status: 'queued',
      toAddress: 'ines.calder@example.com',
      replyTo: `privacy+${created.reference.toLowerCase()}@syncronis.net`,
      subject: `We received your privacy request ${created.reference}`,
    });
    // Nothing on the ledger until it has left.
    expect(await ledgerOf(created.id)).toEqual([]);

    await runJobs(later(5_000));
    expect(smtp.received).toHaveLength(1);
    const [mail] = smtp.received;
    expect(mail?.envelopeTo).toEqual(['ines.calder@example.com']);
    expect(mail?.subject).toBe(`We received your privacy request ${created.reference}`);
    expect(mail?.text).toContain(
      'We received your request for deletion of your personal information on February 20, 2026',
    );
    expect(mail?.text).toContain('handling it under CCPA/CPRA');
    expect(mail?.replyTo).toBe(`privacy+${created.reference.toLowerCase()}@syncronis.net`);
    expect(mail?.messageId).toBe(queued?.messageId);

    const [sent] = await messagesOf(created.id);
    expect(sent).toMatchObject({ status: 'sent', attempts: 1 });
    // The job's clock: the run's instant plus the real time the run took.
    expect(sent?.sentAt?.toISOString().slice(0, 18)).toBe('2026-03-10T15:00:0');
    expect(await ledgerOf(created.id)).toEqual([{ kind: 'acknowledged', on: '2026-03-10', reason: null }]);
    const timeline = await officer.requests.timeline({ id: created.id });
    expect(
      timeline.items.filter((e) => e.kind === 'message').map((e) => e.kind === 'message' && e.event),
    ).toEqual(['queued', 'sent']);
    const [audit] = await app.database.db
      .select({ after: auditEvents.after, actorId: auditEvents.actorId })
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'messages.sent'), eq(auditEvents.entityId, sent?.id ?? '')));
    expect(audit).toMatchObject({
      actorId: null,
      after: { messageKind: 'acknowledgement', clockEntry: { kind: 'acknowledged', on: '2026-03-10' } },
    });

    // A second run finds it sent and sends nothing.
    await runJobs(later(60_000));
    expect(smtp.received).toHaveLength(1);
  });

  it('is not sent for a law that does not require one', async () => {
    const created = await create();
    expect(await messagesOf(created.id)).toEqual([]);
  });
});

describe('an extension’s notice', () => {
  it('goes through the outbox with its reasons, and extends the clock only once it left', async () => {
    const created = await create();
    const queued = await officer.requests.extend({
      id: created.id,
      version: created.version,
      reason: 'Your request covers six years of support records across three systems.',
    });
    // Received 20 Feb: one month is 20 Mar; the notice has not left, so that is still the date.
    expect(queued.statutoryDueOn).toBe('2026-03-20');
    expect(await ledgerOf(created.id)).toEqual([]);
    await expectTrpcError(
      officer.requests.extend({ id: created.id, version: queued.version, reason: 'Again.' }),
      'BAD_REQUEST',
      /already on its way/,
    );

    await runJobs(later(1_000));
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]?.text).toContain(
      'Your request covers six years of support records across three systems.',
    );
    expect(smtp.received[0]?.text).toContain('We will now answer by 20 May 2026 instead of 20 March 2026.');
    expect(await ledgerOf(created.id)).toEqual([
      {
        kind: 'extension_noticed',
        on: '2026-03-10',
        reason: 'Your request covers six years of support records across three systems.',
      },
    ]);
    const [row] = await app.database.db
      .select({ statutoryDueOn: requests.statutoryDueOn, clockState: requests.clockState })
      .from(requests)
      .where(eq(requests.id, created.id));
    expect(row).toEqual({ statutoryDueOn: '2026-05-20', clockState: 'extended' });
  });

  it('is refused at once where the law allows no extension, and nothing is queued', async () => {
    const created = await create({ type: 'access', regime: 'quebec' });
    await expectTrpcError(
      officer.requests.extend({ id: created.id, version: created.version, reason: 'More time.' }),
      'BAD_REQUEST',
    );
    expect(await messagesOf(created.id)).toEqual([]);
  });
});

describe('when the mail server refuses', () => {
  it('retries with backoff, then fails with the server’s answer — never lost — and can be sent again', async () => {
    const created = await create({ type: 'know', regime: 'ccpa' });
    smtp.refuseNext(5, 451, '4.3.0 Mailbox temporarily unavailable');
    // Attempts at 0 s, then 30 s, 1, 2 and 4 minutes later (the job queue's backoff).
    for (const ms of [1_000, 40_000, 110_000, 240_000, 500_000]) await runJobs(later(ms));
    const [failed] = await messagesOf(created.id);
    expect(failed).toMatchObject({ status: 'failed', attempts: 5 });
    expect(failed?.failedAt?.toISOString().slice(0, 16)).toBe('2026-03-10T15:08');
    expect(failed?.serverAnswer).toContain('Mailbox temporarily unavailable');
    expect(smtp.received).toHaveLength(0);
    expect(await ledgerOf(created.id)).toEqual([]);

    const sentMail = await officer.messages.forRequest({ id: created.id });
    expect(sentMail.items[0]).toMatchObject({
      status: 'failed',
      failure: 'The mail server did not accept it after 5 attempts.',
    });
    await expectTrpcError(support.messages.retry({ messageId: failed?.id ?? '' }), 'FORBIDDEN');
    const retried = await officer.messages.retry({ messageId: failed?.id ?? '' });
    expect(retried).toMatchObject({ status: 'queued', failure: null });
    await expectTrpcError(
      officer.messages.retry({ messageId: failed?.id ?? '' }),
      'BAD_REQUEST',
      /Only a message that failed/,
    );
    await runJobs(later(600_000));
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]?.messageId).toBe(failed?.messageId);
    expect((await messagesOf(created.id))[0]).toMatchObject({ status: 'sent', attempts: 6 });
  });
});

describe('a crash', () => {
  it('between the outbox and the send: the message goes once, after the restart', async () => {
    const created = await create({ type: 'correct', regime: 'ccpa' });
    // The process dies before its worker ran: the job and the message are durable; a new worker sends it.
    expect(smtp.received).toHaveLength(0);
    await runJobs(later(30_000));
    await runJobs(later(60_000));
    expect(smtp.received).toHaveLength(1);
    expect((await messagesOf(created.id))[0]?.status).toBe('sent');
  });

  it('after the server accepted it but before the record: sent again with the same Message-ID', async () => {
    const created = await create({ type: 'know', regime: 'ccpa' });
    let crashes = 1;
    const crashing: Mailer = {
      ...mailer,
      async send(mail) {
        const accepted = await mailer.send(mail);
        if (crashes-- > 0) throw new Error('process died before recording');
        return accepted;
      },
    };
    const crashingDeps = testJobDeps(
      app.database,
      {},
      testJobServices({ secretBox: app.config.secretBox, mailer: crashing }),
    );
    await runDueJobs(crashingDeps, later(1_000));
    await runDueJobs(crashingDeps, later(60_000));
    expect(smtp.received).toHaveLength(2);
    expect(smtp.received[0]?.messageId).toBe(smtp.received[1]?.messageId);
    const [row] = await messagesOf(created.id);
    expect(row).toMatchObject({ status: 'sent' });
    expect((await ledgerOf(created.id)).filter((e) => e.kind === 'acknowledged')).toHaveLength(1);
  });
});

describe('the mailbox', () => {
  it('shows officers every message in full and admins delivery only, and nobody else anything', async () => {
    const created = await create({ type: 'delete', regime: 'ccpa' });
    await runJobs(later(2_000));
    const full = await officer.messages.mailbox({ pageSize: 100 });
    expect(full.view).toBe('full');
    const mine = full.view === 'full' ? full.items.find((m) => m.requestId === created.id) : undefined;
    expect(mine).toMatchObject({ to: 'ines.calder@example.com', kind: 'acknowledgement', status: 'sent' });

    const status = await admin.messages.mailbox({ pageSize: 100 });
    expect(status.view).toBe('status');
    const asAdmin = JSON.stringify(status);
    expect(asAdmin).not.toContain('ines.calder@example.com');
    expect(asAdmin).not.toContain('Inés');
    expect(asAdmin).not.toContain('We received your privacy request');

    await expectTrpcError(support.messages.mailbox({}), 'FORBIDDEN');
    await expectTrpcError(admin.messages.forRequest({ id: created.id }), 'FORBIDDEN');
    await expectTrpcError(officer.messages.mailbox({ pageSize: 1000 }), 'BAD_REQUEST');
  });
});

describe('templates', () => {
  it('are refused on save with an unknown placeholder or without a required one, field by field, changing nothing', async () => {
    await expectTrpcError(
      admin.messages.saveTemplate({
        kind: 'denial',
        regime: null,
        version: 0,
        subject: 'About {{reference}}',
        body: 'No, {{requester_name}}: {{denial_explanation}} {{secret_sauce}}',
      }),
      'BAD_REQUEST',
    );
    const before = await admin.messages.templates();
    expect(before.items.find((t) => t.kind === 'denial' && t.regime === null)).toMatchObject({
      isDefault: true,
    });
    await expectTrpcError(
      officer.messages.saveTemplate({
        kind: 'completion',
        regime: null,
        version: 0,
        subject: 'Done',
        body: 'Your request {{reference}} is done.',
      }),
      'FORBIDDEN',
    );
  });

  it('a law’s own template is what its requests are sent, and resetting it restores the shipped one', async () => {
    const saved = await admin.messages.saveTemplate({
      kind: 'acknowledgement',
      regime: 'ccpa',
      version: 0,
      subject: 'Request {{reference}} received',
      body: 'Hello {{requester_name}}, we have your request {{reference}} and will answer by {{due_date}}.',
    });
    expect(saved).toMatchObject({ version: 1, isDefault: false, regime: 'ccpa' });
    const created = await create({ type: 'know', regime: 'ccpa' });
    await runJobs(later(3_000));
    expect(smtp.received[0]?.subject).toBe(`Request ${created.reference} received`);
    // The date to meet is the earliest clock: the company's 30 days (22 Mar) before the CCPA's 45 (6 Apr).
    expect(smtp.received[0]?.text.trim()).toBe(
      `Hello Inés Calder, we have your request ${created.reference} and will answer by March 22, 2026.`,
    );
    await expectTrpcError(
      admin.messages.resetTemplate({ kind: 'acknowledgement', regime: 'ccpa', version: 0 }),
      'CONFLICT',
    );
    await admin.messages.resetTemplate({ kind: 'acknowledgement', regime: 'ccpa', version: 1 });
    const after = await admin.messages.templates();
    expect(after.items.some((t) => t.kind === 'acknowledgement' && t.regime === 'ccpa')).toBe(false);
  });
});

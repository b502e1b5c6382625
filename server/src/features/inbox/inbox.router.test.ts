import { and, eq } from 'drizzle-orm';
import { createTransport } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditEvents,
  inboundAttachments,
  inboundMail,
  messages,
  requestClockEvents,
  requests,
} from '../../db/schema.js';
import { startInboundSmtp, type InboundSmtp } from '../../integrations/mail/inbound-smtp.js';
import { runDueJobs } from '../../jobs/job-runner.js';
import { expectTrpcError } from '../../testing/expect-error.js';
import { acceptingMailer, testJobDeps, testJobServices } from '../../testing/jobs.js';
import { createTestApp, testLog, type Caller, type TestApp } from '../../testing/test-app.js';
import { sessionCookieFor, testServer } from '../../testing/test-server.js';

/**
 * The privacy mailbox end to end (issue 16): real SMTP into the listener (nodemailer as the sending server),
 * the stored message, the inbox's procedures on a real database, threading by the job, and "information
 * received" moving the clock from the reply's arrival day.
 */

// Tuesday 10 March 2026, 09:00 in London (GMT): the clock the listener reads arrival times from.
let clock = new Date('2026-03-10T09:00:00.000Z');
const ours = ['privacy@syncronis.net'];

let app: TestApp;
let smtp: InboundSmtp;
let officer: Caller;
let support: Caller;
const mailer = acceptingMailer();

async function send(mail: Record<string, unknown>): Promise<{ response: string }> {
  const transport = createTransport({ host: '127.0.0.1', port: smtp.port, secure: false, ignoreTLS: true });
  try {
    return await transport.sendMail(mail);
  } finally {
    transport.close();
  }
}

async function sendRaw(from: string, raw: string): Promise<{ response: string }> {
  return send({ envelope: { from, to: ['privacy@syncronis.net'] }, raw });
}

async function expectFieldError(call: Promise<unknown>, field: string, message: string): Promise<void> {
  const error = await expectTrpcError(call, 'BAD_REQUEST');
  // A rule's refusal carries field errors; the input schema's, its issues (the formatter maps both alike).
  const cause = error.cause as {
    fieldErrors?: Record<string, string[]>;
    issues?: { path: PropertyKey[]; message: string }[];
  };
  const fields =
    cause.fieldErrors ??
    Object.fromEntries((cause.issues ?? []).map((i) => [i.path.map(String).join('.'), [i.message]]));
  expect(fields).toEqual({ [field]: [message] });
}

const storedId = (response: string) => /Stored as ([0-9a-f-]{36})/.exec(response)?.[1] ?? '';

const runJobs = () =>
  runDueJobs(
    testJobDeps(app.database, {}, testJobServices({ secretBox: app.config.secretBox, mailer })),
    clock,
  );

async function mailRow(id: string) {
  const [row] = await app.database.db.select().from(inboundMail).where(eq(inboundMail.id, id));
  if (!row) throw new Error('no such mail');
  return row;
}

beforeAll(async () => {
  app = await createTestApp();
  smtp = await startInboundSmtp(app.database.db, testLog, {
    port: 0,
    host: '127.0.0.1',
    addresses: ours,
    maxBytes: 200_000,
    senderLimit: 5,
    now: () => clock,
  });
  ({ caller: officer } = await app.callerAs(['privacy_officer'], { now: () => clock }));
  ({ caller: support } = await app.callerAs(['support_agent'], { now: () => clock }));
}, 60_000);
afterAll(async () => {
  await smtp.close();
  await app.close();
});

describe('the SMTP listener', () => {
  it('stores a message before answering 250, with its arrival time, and audits the receipt', async () => {
    const sent = await send({
      from: 'Mara Quist <Mara.Quist@example.org>',
      to: 'privacy@syncronis.net',
      subject: 'Please delete my account',
      text: 'Hello,\nplease delete my account and everything you hold about me.\nMara',
      attachments: [{ filename: 'passport.jpg', content: Buffer.from('not really a passport') }],
    });
    expect(sent.response).toMatch(/^250 2\.0\.0 Stored as /);
    const row = await mailRow(storedId(sent.response));
    expect(row.receivedAt.toISOString()).toBe('2026-03-10T09:00:00.000Z');
    expect(row.fromAddress).toBe('mara.quist@example.org');
    expect(row.fromName).toBe('Mara Quist');
    expect(row.subject).toBe('Please delete my account');
    expect(row.text).toContain('everything you hold about me');
    expect(row.attachments).toEqual([{ name: 'passport.jpg', type: 'image/jpeg', size: 21 }]);
    expect(row.flags).toEqual(['attachments_dropped']);
    expect(row.status).toBe('new');
    expect(row.raw).not.toBeNull();
    const [audit] = await app.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'inbox.received'), eq(auditEvents.entityId, row.id)));
    expect(audit?.after).toEqual({
      sizeBytes: row.sizeBytes,
      attachments: 1,
      flags: ['attachments_dropped'],
    });
    // The job checks the sender (offline here: nothing found) and lets the raw message go.
    await runJobs();
    const checked = await mailRow(row.id);
    expect(checked.raw).toBeNull();
    expect(checked.authCheckedAt?.toISOString().slice(0, 16)).toBe('2026-03-10T09:00');
    expect(checked.auth?.dkim).toEqual({ verdict: 'none', domain: null });
  });

  it('refuses unknown recipients at RCPT, and takes sub-addresses of ours', async () => {
    await expect(
      send({ from: 'a@example.org', to: 'sales@syncronis.net', subject: 'x', text: 'x' }),
    ).rejects.toThrow(/550/);
    const sent = await send({
      from: 'b@example.org',
      to: 'privacy+dsr-2026-999999@syncronis.net',
      subject: 'x',
      text: 'x',
    });
    expect(sent.response).toMatch(/^250/);
  });

  it('refuses a message over the size limit with 552 and keeps nothing of it', async () => {
    const before = await app.database.db.$count(inboundMail);
    await expect(
      send({
        from: 'big@example.org',
        to: 'privacy@syncronis.net',
        subject: 'big',
        text: 'x'.repeat(300_000),
      }),
    ).rejects.toThrow(/552/);
    expect(await app.database.db.$count(inboundMail)).toBe(before);
  });

  it('stores malformed MIME, a missing From and 8-bit headers, flagged', async () => {
    const malformed = await sendRaw(
      'c@example.org',
      'From: C <c@example.org>\r\nSubject: broken\r\nContent-Type: multipart/mixed; boundary="zz"\r\n\r\n--zz\r\nContent-Type: text/plain\r\n\r\nthe part that can be read\r\n',
    );
    const broken = await mailRow(storedId(malformed.response));
    expect(broken.text).toContain('the part that can be read');
    const noFrom = await sendRaw('d@example.org', 'Subject: who am I\r\n\r\nno sender here\r\n');
    expect((await mailRow(storedId(noFrom.response))).flags).toContain('no_from');
    const eightBit = await send({
      envelope: { from: 'e@example.org', to: ['privacy@syncronis.net'] },
      raw: Buffer.concat([
        Buffer.from('From: e@example.org\r\nSubject: caf'),
        Buffer.from([0xe9, 0xff]),
        Buffer.from('\r\n\r\nbody\r\n'),
      ]),
    });
    expect((await mailRow(storedId(eightBit.response))).flags).toContain('eight_bit');
    // A header line of 150,000 characters: stored, its value cut to what the inbox keeps.
    const huge = await sendRaw(
      'f@example.org',
      `From: f@example.org\r\nSubject: huge\r\nX-Padding: ${'a'.repeat(150_000)}\r\n\r\nbody\r\n`,
    );
    const hugeRow = await mailRow(storedId(huge.response));
    expect(hugeRow.headers.find((h) => h.name === 'x-padding')?.value).toHaveLength(2000);
    expect(hugeRow.subject).toBe('huge');
    // NUL bytes in headers a database text column cannot hold: stored without them, never refused.
    const nul = await sendRaw(
      'g@example.org',
      'From: g@example.org\r\nSubject: nul\u0000byte\r\nMessage-ID: <a\u0000b@example.org>\r\n\r\nbo\u0000dy\r\n',
    );
    const nulRow = await mailRow(storedId(nul.response));
    expect([nulRow.subject, nulRow.messageId, nulRow.text.trim()]).toEqual([
      'nulbyte',
      '<ab@example.org>',
      'body',
    ]);
  });

  it('tells a sender past its rate to try later (451), and takes others meanwhile', async () => {
    const answers: string[] = [];
    for (let i = 0; i < 7; i++) {
      try {
        answers.push(
          (
            await send({ from: 'bomb@example.org', to: 'privacy@syncronis.net', subject: `${i}`, text: 'x' })
          ).response.slice(0, 3),
        );
      } catch (error) {
        answers.push(String((error as { responseCode?: number }).responseCode));
      }
    }
    expect(answers).toEqual(['250', '250', '250', '250', '250', '451', '451']);
    const other = await send({
      from: 'calm@example.org',
      to: 'privacy@syncronis.net',
      subject: 'hi',
      text: 'x',
    });
    expect(other.response).toMatch(/^250/);
  });
});

describe('the inbox', () => {
  it('lists new mail newest first for officers; others are refused', async () => {
    const page = await officer.inbox.find({});
    expect(page.items.length).toBeGreaterThan(3);
    expect(page.newCount).toBe(page.total);
    const first = page.items.find((m) => m.subject === 'Please delete my account');
    expect(first?.preview).toBe('Hello, please delete my account and everything you hold about me. Mara');
    await expectTrpcError(support.inbox.find({}), 'FORBIDDEN');
    await expectTrpcError(officer.inbox.find({ show: 'bogus' as 'new' }), 'BAD_REQUEST');
  });

  it('suggests a new erasure request for the delete mail', async () => {
    const page = await officer.inbox.find({ pageSize: 100 });
    const id = page.items.find((m) => m.subject === 'Please delete my account')?.id ?? '';
    const { mail, suggestion } = await officer.inbox.get({ id });
    expect(mail.attachments).toHaveLength(1);
    expect(suggestion).toEqual({
      action: 'new_request',
      request: null,
      type: 'erasure',
      regime: null,
      customer: null,
    });
  });

  it('marks a message not a request, with a reason; "other" needs a note; a second decision is refused', async () => {
    const sent = await send({
      from: 'promo@example.org',
      to: 'privacy@syncronis.net',
      subject: 'Re: Our webinar',
      text: 'Unsubscribe me from the webinar.',
    });
    const id = storedId(sent.response);
    await expectFieldError(
      officer.inbox.dismiss({ id, version: 0, reason: 'other' }),
      'note',
      'Say what this message is.',
    );
    await expectTrpcError(support.inbox.dismiss({ id, version: 0, reason: 'spam' }), 'FORBIDDEN');
    const out = await officer.inbox.dismiss({ id, version: 0, reason: 'marketing_reply' });
    expect(out).toEqual({ id, version: 1, status: 'not_request', request: null });
    await expectTrpcError(officer.inbox.dismiss({ id, version: 1, reason: 'spam' }), 'BAD_REQUEST');
    const [audit] = await app.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'inbox.dismissed'), eq(auditEvents.entityId, id)));
    expect(audit?.after).toEqual({ status: 'not_request', reason: 'marketing_reply', version: 1 });
  });
});

describe('from mail to request, and a reply back onto it', () => {
  it('makes a request received at the arrival time, threads the reply, and dates the information by its arrival', async () => {
    // Monday 2 March 2026, 16:30 London: the request arrives by email.
    clock = new Date('2026-03-02T16:30:00.000Z');
    const sent = await send({
      from: 'Oskar Lind <oskar.lind@example.co.uk>',
      to: 'privacy@syncronis.net',
      subject: 'Subject access request',
      text: 'I want a copy of my data.',
    });
    const mailId = storedId(sent.response);
    await runJobs();

    // Logged a week later: still received when the mail arrived.
    clock = new Date('2026-03-09T10:00:00.000Z');
    const input = {
      type: 'access' as const,
      regime: 'uk_gdpr' as const,
      channel: 'email' as const,
      requester: { name: 'Oskar Lind', email: 'oskar.lind@example.co.uk' },
      fromMailId: mailId,
    };
    await expectFieldError(
      officer.requests.create({ ...input, receivedAt: '2026-03-09T09:00:00.000Z' }),
      'receivedAt',
      'A request made of an email is received when the email arrived (2026-03-02T16:30:00.000Z).',
    );
    await expectFieldError(
      officer.requests.create({ ...input, channel: 'phone' }),
      'channel',
      'A request made of an email came by email.',
    );
    const created = await officer.requests.create(input);
    expect(created.receivedAt).toBe('2026-03-02T16:30:00.000Z');
    expect(created.dueOn).toBe('2026-04-01');
    expect((await mailRow(mailId)).status).toBe('request');
    await expectFieldError(
      officer.requests.create(input),
      'fromMailId',
      'This message was already handled: it cannot become a second request.',
    );

    // Tuesday 10 March: the officer asks for clarification; the question leaves by mail.
    clock = new Date('2026-03-10T09:00:00.000Z');
    const version = (await officer.requests.get({ id: created.id })).version;
    await officer.requests.transition({ id: created.id, version, to: 'verifying' });
    const current = await officer.requests.get({ id: created.id });
    await officer.requests.transition({
      id: created.id,
      version: current.version,
      to: 'awaiting_requester',
      askFor: 'clarification',
      message: 'Which of your accounts do you mean?',
    });
    await runJobs();
    const [question] = await app.database.db
      .select()
      .from(messages)
      .where(and(eq(messages.requestId, created.id), eq(messages.kind, 'clarification_request')));
    expect(question?.status).toBe('sent');

    // Thursday 12 March, 11:00: the requester answers it.
    clock = new Date('2026-03-12T11:00:00.000Z');
    const reply = await send({
      from: 'oskar.lind@example.co.uk',
      to: question?.replyTo,
      subject: `Re: ${question?.subject ?? ''}`,
      text: 'The one with the work address.',
      inReplyTo: question?.messageId,
      references: [question?.messageId ?? ''],
    });
    const replyId = storedId(reply.response);
    await runJobs();
    const threaded = await mailRow(replyId);
    expect(threaded.status).toBe('reply');
    expect(threaded.requestId).toBe(created.id);
    expect(threaded.threadedVia).toBe('in_reply_to');
    const timeline = await officer.requests.timeline({ id: created.id });
    const entry = timeline.items.find((e) => e.kind === 'mail_received' && e.mailId === replyId);
    expect(entry).toMatchObject({ via: 'in_reply_to', mail: { subject: `Re: ${question?.subject ?? ''}` } });

    // Monday 16 March: the officer records the information — dated the 12th, when it arrived.
    clock = new Date('2026-03-16T09:00:00.000Z');
    const waiting = await officer.requests.get({ id: created.id });
    await expectTrpcError(
      support.inbox.informationReceived({
        mailId: replyId,
        requestId: created.id,
        requestVersion: waiting.version,
      }),
      'FORBIDDEN',
    );
    const resumed = await officer.inbox.informationReceived({
      mailId: replyId,
      requestId: created.id,
      requestVersion: waiting.version,
    });
    expect(resumed).toMatchObject({ status: 'verifying', receivedOn: '2026-03-12' });
    const ledger = await app.database.db
      .select({ kind: requestClockEvents.kind, on: requestClockEvents.on })
      .from(requestClockEvents)
      .where(eq(requestClockEvents.requestId, created.id));
    expect(ledger).toEqual([
      { kind: 'clarification_asked', on: '2026-03-10' },
      { kind: 'clarification_received', on: '2026-03-12' },
    ]);
    const [row] = await app.database.db
      .select({ due: requests.statutoryDueOn })
      .from(requests)
      .where(eq(requests.id, created.id));
    // The statutory month: 2 April, plus two days stopped (10th to 12th) = Saturday 4 April, Easter weekend;
    // Easter Monday (6 April) is a bank holiday in England, so Tuesday 7 April. Dated the day the officer
    // clicked (16th), six days stopped would have made it Wednesday 8 April. (The company's 30 days, 1 April,
    // do not stop.)
    expect(row?.due).toBe('2026-04-07');
  });

  it('does not thread a stranger’s mail to a reply address by itself; an officer may attach it', async () => {
    const [request] = await app.database.db
      .select({ id: requests.id, reference: requests.reference })
      .from(requests)
      .limit(1);
    const sent = await send({
      from: 'stranger@example.net',
      to: `privacy+${(request?.reference ?? '').toLowerCase()}@syncronis.net`,
      subject: 'About that request',
      text: 'Let me in.',
    });
    const id = storedId(sent.response);
    await runJobs();
    expect((await mailRow(id)).status).toBe('new');
    const { suggestion } = await officer.inbox.get({ id });
    expect(suggestion.action).toBe('reply');
    expect(suggestion.request?.reference).toBe(request?.reference);
    await expectFieldError(
      officer.inbox.attach({ id, version: 0, reference: 'DSR-2026-999999' }),
      'reference',
      'No request DSR-2026-999999.',
    );
    const attached = await officer.inbox.attach({ id, version: 0, reference: request?.reference ?? '' });
    expect(attached).toEqual({
      id,
      version: 1,
      status: 'reply',
      request: { id: request?.id, reference: request?.reference },
    });
  });
});

describe('attachments kept for a short time, where the setting allows', () => {
  it('keeps each under its size limit, lets an officer download it, and empties it when its time is over', async () => {
    const keeping = await startInboundSmtp(app.database.db, testLog, {
      port: 0,
      host: '127.0.0.1',
      addresses: ours,
      maxBytes: 200_000,
      senderLimit: 100,
      now: () => new Date(),
      keepAttachments: { days: 7, maxBytes: 1000 },
    });
    const server = await testServer(app);
    try {
      const transport = createTransport({
        host: '127.0.0.1',
        port: keeping.port,
        secure: false,
        ignoreTLS: true,
      });
      const sent = await transport.sendMail({
        from: 'Priya Raman <priya.raman@example.org>',
        to: 'privacy@syncronis.net',
        subject: 'My ID',
        text: 'Attached.',
        attachments: [
          { filename: 'id card.pdf', content: Buffer.from('a small stand-in for an identity card') },
          { filename: 'huge.bin', content: Buffer.alloc(5000, 1) },
        ],
      });
      transport.close();
      const id = storedId(sent.response);
      const row = await mailRow(id);
      // The big one is recorded, not kept: the message says so.
      expect(row.flags).toEqual(['attachments_dropped']);
      const { mail } = await officer.inbox.get({ id });
      expect(mail.kept).toHaveLength(1);
      expect(mail.kept[0]?.position).toBe(0);
      expect(Date.parse(mail.kept[0]?.keptUntil ?? '') - row.receivedAt.getTime()).toBe(7 * 86_400_000);
      const attachmentId = mail.kept[0]?.id ?? '';
      const { cookie } = await sessionCookieFor(app, ['privacy_officer']);
      const url = `/export/inbox-attachment?id=${attachmentId}`;
      const download = await server.inject({ method: 'GET', url, headers: { cookie } });
      expect(download.statusCode).toBe(200);
      expect(download.headers['content-type']).toBe('application/octet-stream');
      expect(download.headers['content-disposition']).toBe('attachment; filename="id_card.pdf"');
      expect(download.headers['cache-control']).toBe('no-store');
      expect(download.body).toBe('a small stand-in for an identity card');
      const support = await sessionCookieFor(app, ['support_agent']);
      expect(
        (await server.inject({ method: 'GET', url, headers: { cookie: support.cookie } })).statusCode,
      ).toBe(403);
      // A week later the purge job empties it; the record of what was kept stays.
      await runDueJobs(
        testJobDeps(app.database, {}, testJobServices({ secretBox: app.config.secretBox, mailer })),
        new Date(Date.now() + 7 * 86_400_000 + 60_000),
      );
      const [purged] = await app.database.db
        .select()
        .from(inboundAttachments)
        .where(eq(inboundAttachments.id, attachmentId));
      expect(purged?.content).toBeNull();
      expect(purged?.purgedAt).not.toBeNull();
      expect((await server.inject({ method: 'GET', url, headers: { cookie } })).statusCode).toBe(404);
    } finally {
      await server.close();
      await keeping.close();
    }
  });
});

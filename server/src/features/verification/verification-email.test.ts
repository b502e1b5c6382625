import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RequestCreateInput } from '@privdesk/shared';
import { auditEvents, messages, verificationChallenges } from '../../db/schema.js';
import { smtpMailer, type Mailer } from '../../integrations/mail/mailer.js';
import { runDueJobs } from '../../jobs/job-runner.js';
import { insertCustomers } from '../../testing/customers.js';
import { expectTrpcError } from '../../testing/expect-error.js';
import { testJobDeps, testJobServices, testPublicOrigin } from '../../testing/jobs.js';
import { createTestApp, testMailFrom, type Caller, type TestApp } from '../../testing/test-app.js';
import { testServer } from '../../testing/test-server.js';
import { startTestSmtp, type TestSmtp } from '../../testing/test-smtp.js';

/**
 * Identity checks by email (issue 13, item 2): the link to the requester's own page and the one-time code,
 * sent through a real SMTP server in this process, confirmed over HTTP as the requester's page does.
 */

let clock = new Date('2026-03-10T15:00:00.000Z');
const now = () => clock;
let app: TestApp;
let smtp: TestSmtp;
let mailer: Mailer;
let officer: Caller;
let support: Caller;
let accountId: string;
let server: Awaited<ReturnType<typeof testServer>>;

beforeAll(async () => {
  app = await createTestApp();
  smtp = await startTestSmtp();
  mailer = smtpMailer(smtp.url, testMailFrom);
  server = await testServer(app, { now });
  ({ caller: officer } = await app.callerAs(['privacy_officer'], { now }));
  ({ caller: support } = await app.callerAs(['support_agent'], { now }));
  const [account] = await insertCustomers(app.database.db, [
    {
      accountNumber: 'SYN-430007',
      name: 'Tomas Reyes',
      email: 'tomas.reyes@example.org',
      organisation: 'Reyes Logistics',
      country: 'ES',
      plan: 'team',
      signupAt: new Date('2023-06-01T08:00:00Z'),
      birthYear: 1979,
    },
  ]);
  accountId = account?.id ?? '';
}, 60_000);
afterAll(async () => {
  await server.close();
  await mailer.close();
  await smtp.close();
  await app.close();
});
beforeEach(() => {
  smtp.received.length = 0;
  clock = new Date('2026-03-10T15:00:00.000Z');
});

const runJobs = () =>
  runDueJobs(
    testJobDeps(app.database, {}, testJobServices({ secretBox: app.config.secretBox, mailer })),
    clock,
  );

async function verifying(overrides: Partial<RequestCreateInput> = {}) {
  const created = await officer.requests.create({
    type: 'access',
    regime: 'gdpr',
    channel: 'email',
    requester: { name: 'Tomas Reyes', email: 'tomas.reyes@example.org' },
    receivedAt: '2026-03-02T09:00:00.000Z',
    customerId: accountId,
    ...overrides,
  });
  const moved = await officer.requests.transition({
    id: created.id,
    version: created.version,
    to: 'verifying',
  });
  return { id: created.id, version: moved.version, reference: created.reference };
}

function linkIn(text: string): string {
  const match = /https:\/\/desk\.test\/verify\/(\S+)/.exec(text);
  if (!match?.[1]) throw new Error('no link in the mail');
  return match[1];
}

async function inspect(token: string) {
  const res = await server.inject({
    method: 'POST',
    url: '/public/verification/inspect',
    headers: { origin: 'http://desk.test', host: 'desk.test' },
    payload: { token },
  });
  return { status: res.statusCode, body: res.json<Record<string, unknown>>() };
}

async function confirm(payload: Record<string, unknown>) {
  const res = await server.inject({
    method: 'POST',
    url: '/public/verification/confirm',
    headers: { origin: 'http://desk.test', host: 'desk.test' },
    payload,
  });
  return { status: res.statusCode, body: res.json<Record<string, unknown>>() };
}

describe('the verification link', () => {
  it('reaches the requester, opens their page, confirms once, and verifies the request by the account’s own address', async () => {
    const r = await verifying();
    const sent = await officer.verification.sendLink({ id: r.id, version: r.version });
    expect(sent.expiresAt).toBe('2026-03-17T15:00:00.000Z');
    // The outbox keeps the text with the link named, never the link.
    const [queued] = await app.database.db.select().from(messages).where(eq(messages.id, sent.messageId));
    expect(queued?.body).toContain('[[verification-link]]');
    expect(queued?.body).not.toContain('/verify/');

    await runJobs();
    expect(smtp.received).toHaveLength(1);
    const [mail] = smtp.received;
    expect(mail?.envelopeTo).toEqual(['tomas.reyes@example.org']);
    expect(mail?.subject).toBe(`Please confirm your privacy request ${r.reference}`);
    expect(mail?.text).toContain('The link works once, until 17 March 2026.');
    const token = linkIn(mail?.text ?? '');
    expect(`${testPublicOrigin}/verify/${token}`).toMatch(
      /^https:\/\/desk\.test\/verify\/[0-9a-f-]{36}\.[0-9a-f]{40}$/,
    );
    // Only a hash of it is stored.
    const [challenge] = await app.database.db
      .select()
      .from(verificationChallenges)
      .where(eq(verificationChallenges.requestId, r.id));
    expect(challenge?.secretHash).not.toContain(token.split('.')[1] ?? 'x');

    expect(await inspect(token)).toEqual({
      status: 200,
      body: {
        state: 'ready',
        reference: r.reference,
        requestType: 'access to your personal data',
        law: 'EU GDPR',
        receivedOn: '2 March 2026',
        expiresOn: '17 March 2026',
        declarationRequired: false,
      },
    });
    expect(await confirm({ token })).toEqual({
      status: 200,
      body: { state: 'confirmed', reference: r.reference },
    });

    const detail = await officer.requests.get({ id: r.id });
    expect(detail.verification).toMatchObject({ met: 'standard', satisfied: true });
    expect(detail.verification.records).toEqual([
      expect.objectContaining({
        method: 'email_link',
        outcome: 'passed',
        toAccountEmail: true,
        recordedBy: null,
      }),
    ]);
    const timeline = await officer.requests.timeline({ id: r.id });
    expect(timeline.items.find((e) => e.kind === 'verification')).toMatchObject({
      method: 'email_link',
      satisfied: true,
      actor: null,
    });
    const [audit] = await app.database.db
      .select({ requestId: auditEvents.requestId, actorId: auditEvents.actorId })
      .from(auditEvents)
      .where(eq(auditEvents.action, 'requests.verification_recorded'));
    expect(audit).toEqual({ requestId: 'public:verification-link', actorId: null });

    // Used once: the same link, again, is a plain "cannot be used".
    expect(await confirm({ token })).toEqual({ status: 200, body: { state: 'unusable' } });
    expect(await inspect(token)).toEqual({ status: 200, body: { state: 'unusable' } });
    // Work may start now.
    await officer.requests.transition({ id: r.id, version: detail.version, to: 'in_progress' });
  });

  it('answers a tampered, an expired or a replaced link alike, revealing nothing', async () => {
    const r = await verifying({ requester: { name: 'Tomas Reyes', email: 't.reyes@elsewhere.example' } });
    const first = await officer.verification.sendLink({ id: r.id, version: r.version });
    await runJobs();
    const token = linkIn(smtp.received[0]?.text ?? '');
    const [id = '', signature = ''] = token.split('.');
    const flipped = `${id}.${signature.slice(0, -1)}${signature.endsWith('0') ? '1' : '0'}`;
    for (const bad of [
      flipped,
      `${id}.`,
      'not-a-token',
      `${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}.${signature}`,
    ]) {
      expect(await inspect(bad)).toEqual({ status: 200, body: { state: 'unusable' } });
      expect(await confirm({ token: bad })).toEqual({ status: 200, body: { state: 'unusable' } });
    }
    // On its last second it still works; seven days on, it has expired.
    clock = new Date('2026-03-17T14:59:59.000Z');
    expect((await inspect(token)).body).toMatchObject({ state: 'ready', expiresOn: '17 March 2026' });
    clock = new Date('2026-03-17T15:00:01.000Z');
    expect(await inspect(token)).toEqual({ status: 200, body: { state: 'unusable' } });
    expect(await confirm({ token })).toEqual({ status: 200, body: { state: 'unusable' } });

    // A newer link replaces it: the old one no longer works.
    clock = new Date('2026-03-10T15:10:00.000Z');
    const current = await officer.requests.get({ id: r.id });
    await officer.verification.sendLink({ id: r.id, version: current.version });
    expect(await inspect(token)).toEqual({ status: 200, body: { state: 'unusable' } });
    expect(first.messageId).not.toBe('');
  });

  it('counts another address as one data point, not as verification', async () => {
    const r = await verifying({ requester: { name: 'Tomas Reyes', email: 'tomas@personal.example' } });
    await officer.verification.sendLink({ id: r.id, version: r.version });
    await runJobs();
    await confirm({ token: linkIn(smtp.received[0]?.text ?? '') });
    const detail = await officer.requests.get({ id: r.id });
    expect(detail.verification).toMatchObject({ met: 'none', satisfied: false, points: ['email'] });
  });

  it('asks for the requester’s own signed declaration when the level is high', async () => {
    const r = await verifying({ type: 'know', regime: 'ccpa', knowScope: 'specific_pieces' });
    await officer.verification.sendLink({ id: r.id, version: r.version });
    await runJobs();
    const token = linkIn(smtp.received.find((m) => m.subject.startsWith('Please confirm'))?.text ?? '');
    expect((await inspect(token)).body).toMatchObject({ state: 'ready', declarationRequired: true });
    expect(await confirm({ token })).toEqual({
      status: 400,
      body: {
        error: {
          message: 'Some fields need attention.',
          fieldErrors: {
            declaration: ['This request needs your signed declaration: type your name and tick the box.'],
          },
        },
      },
    });
    expect((await confirm({ token, declaration: { signedName: 'T', agreed: true } })).status).toBe(400);
    expect(await confirm({ token, declaration: { signedName: 'Tomas Reyes', agreed: true } })).toMatchObject({
      status: 200,
      body: { state: 'confirmed' },
    });
    const detail = await officer.requests.get({ id: r.id });
    expect(detail.verification.records[0]).toMatchObject({ method: 'email_link', declarationSigned: true });
  });

  it('is refused too soon after the last one, for a verified request, and to those who may not verify', async () => {
    const r = await verifying();
    const sent = await officer.verification.sendLink({ id: r.id, version: r.version });
    await expectTrpcError(
      officer.verification.sendLink({ id: r.id, version: sent.version }),
      'TOO_MANY_REQUESTS',
      /A link went to the requester at 15:00 UTC: send another from 15:05 UTC/,
    );
    await expectTrpcError(support.verification.sendLink({ id: r.id, version: sent.version }), 'FORBIDDEN');
    await expectTrpcError(officer.verification.sendLink({ id: 'nope', version: 0 }), 'BAD_REQUEST');
    const optOut = await officer.requests.create({
      type: 'opt_out_sale',
      regime: 'ccpa',
      channel: 'web_form',
      requester: { name: 'Tomas Reyes', email: 'tomas.reyes@example.org' },
    });
    await expectTrpcError(
      officer.verification.sendLink({ id: optOut.id, version: optOut.version }),
      'BAD_REQUEST',
      /needs no verification/,
    );
  });

  it('sends a reminder with the same link a day later, if still unanswered', async () => {
    const r = await verifying();
    await officer.verification.sendLink({ id: r.id, version: r.version });
    await runJobs();
    const token = linkIn(smtp.received.find((m) => m.subject.endsWith(r.reference))?.text ?? '');
    clock = new Date('2026-03-11T15:00:01.000Z');
    await runJobs();
    await runJobs();
    // (Links other tests left unanswered get their reminders too: only this request's mail is looked at.)
    const mine = smtp.received.filter((m) => m.subject.endsWith(r.reference));
    expect(mine.map((m) => m.subject)).toEqual([
      `Please confirm your privacy request ${r.reference}`,
      `Reminder: please confirm your privacy request ${r.reference}`,
    ]);
    expect(linkIn(mine[1]?.text ?? '')).toBe(token);
  });
});

describe('the one-time code', () => {
  it('is read back and checked; five wrong codes lock it, and the sixth is refused even when right', async () => {
    const r = await verifying();
    const sent = await officer.verification.sendCode({ id: r.id, version: r.version });
    expect(sent.expiresAt).toBe('2026-03-10T15:10:00.000Z');
    await runJobs();
    const code = /one-time code is (\d{6})/.exec(smtp.received[0]?.text ?? '')?.[1] ?? '';
    expect(code).toMatch(/^\d{6}$/);
    const wrong = code === '000000' ? '111111' : '000000';
    let version = (await officer.requests.get({ id: r.id })).version;
    for (const left of [4, 3, 2, 1, 0]) {
      const out = await officer.verification.checkCode({ id: r.id, version, code: wrong });
      expect(out).toMatchObject({ outcome: 'failed', attemptsLeft: left });
      version = out.version;
    }
    const sixth = await expectTrpcError(
      officer.verification.checkCode({ id: r.id, version, code }),
      'BAD_REQUEST',
      /5 wrong codes were entered: this code no longer works/,
    );
    expect(sixth.cause).toMatchObject({ fieldErrors: { code: [expect.any(String)] } });
    expect((await officer.requests.get({ id: r.id })).verification.satisfied).toBe(false);
    await expectTrpcError(
      officer.verification.checkCode({ id: r.id, version, code: '12345' }),
      'BAD_REQUEST',
    );
  });

  it('verifies when right within ten minutes, and not after', async () => {
    const r = await verifying();
    await officer.verification.sendCode({ id: r.id, version: r.version });
    await runJobs();
    const code = /one-time code is (\d{6})/.exec(smtp.received[0]?.text ?? '')?.[1] ?? '';
    const version = (await officer.requests.get({ id: r.id })).version;
    clock = new Date('2026-03-10T15:10:01.000Z');
    await expectTrpcError(
      officer.verification.checkCode({ id: r.id, version, code }),
      'BAD_REQUEST',
      /expired at 15:10 UTC/,
    );
    clock = new Date('2026-03-10T15:09:00.000Z');
    const out = await officer.verification.checkCode({ id: r.id, version, code });
    expect(out).toMatchObject({ outcome: 'passed' });
    expect((await officer.requests.get({ id: r.id })).verification).toMatchObject({ satisfied: true });
  });
});

import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, dataSystems, erasurePlanLines, requests } from '../db/schema.js';
import { demoStandInSecret } from '../demo/seed-demo.js';
import type { StandInLedger } from '../demo/stand-in-receiver.js';
import { signBody, signatureHeader } from '../integrations/webhooks/erasure-webhook.js';
import { runDueJobs } from '../jobs/job-runner.js';
import { expectTrpcError } from '../testing/expect-error.js';
import { acceptingMailer, testJobDeps, testJobServices } from '../testing/jobs.js';
import { createTestApp, type Caller, type TestApp } from '../testing/test-app.js';
import { testServer } from '../testing/test-server.js';
import { erasureInProgress } from '../testing/erasure.js';
import Fastify from 'fastify';
import { erasureHooks } from './erasure-hooks.js';

const approvedAt = new Date('2027-03-01T10:00:00.000Z');
const graceOver = new Date('2027-03-01T14:00:01.000Z');
// One clock for the server (the stand-in's and the hook's signature checks) and the jobs.
let now = approvedAt;
let app: TestApp;
let server: Awaited<ReturnType<typeof testServer>>;
let url: string;
let preparer: Caller;
let approver: Caller;
const ledger: StandInLedger = { deliveries: 0, effects: new Map(), callbacks: [] };

beforeAll(async () => {
  app = await createTestApp();
  server = await testServer(app, { now: () => now, standIn: ledger });
  url = await server.listen({ port: 0, host: '127.0.0.1' });
  ({ caller: preparer } = await app.callerAs(['privacy_officer'], { now: () => now }));
  ({ caller: approver } = await app.callerAs(['privacy_officer'], { now: () => now, mfaAt: approvedAt }));
  await app.database.db.insert(dataSystems).values({
    key: 'payments',
    name: 'Payments',
    description: 'Card payments.',
    dataCategories: ['payment_data'],
    connectorKind: 'webhook',
    connector: { kind: 'webhook', url: `${url}/stand-in/payments/erasure` },
    webhookSecretSealed: app.config.secretBox.seal(demoStandInSecret(app.config.secretBox, 'payments')),
    webhookSecretSetAt: approvedAt,
  });
});

afterAll(async () => {
  await server.close();
  await app.close();
});

const jobs = () =>
  testJobDeps(
    app.database,
    {},
    { ...testJobServices({ mailer: acceptingMailer(), secretBox: app.config.secretBox }), publicOrigin: url },
  );

/** An erasure whose one line (payments) has been called: returns the request and its line. */
async function called(mode: string, times = 1) {
  now = approvedAt;
  const made = await erasureInProgress(preparer);
  const version = made.version;
  const { plan } = await preparer.erasure.prepare({ requestId: made.id, requestVersion: version });
  await preparer.erasure.submit({ requestId: made.id, planVersion: 1 });
  await approver.erasure.approve({ requestId: made.id, planVersion: 2, note: 'Approved.' });
  await fetch(`${url}/stand-in/payments/mode`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ mode, times }),
  });
  now = graceOver;
  await runDueJobs(jobs(), graceOver);
  return { id: made.id, lineId: plan.lines[0]?.id ?? '' };
}

async function lineOf(lineId: string) {
  const [line] = await app.database.db.select().from(erasurePlanLines).where(eq(erasurePlanLines.id, lineId));
  return line;
}

async function statusOf(id: string) {
  const [row] = await app.database.db
    .select({ status: requests.status })
    .from(requests)
    .where(eq(requests.id, id));
  return row?.status;
}

async function refusals(requestId: string | null) {
  const rows = await app.database.db
    .select({ entityId: auditEvents.entityId, after: auditEvents.after })
    .from(auditEvents)
    .where(eq(auditEvents.action, 'erasure.refused'))
    .orderBy(asc(auditEvents.seq));
  return rows
    .filter((r) => r.entityId === requestId)
    .map((r) => (r.after as { attempt: string; code: string }).code);
}

/** Until the stand-in has sent `n` callbacks in all (they leave 300 ms after the call's answer). */
async function callbacksReach(n: number) {
  for (let i = 0; i < 50 && ledger.callbacks.length < n; i++) await new Promise((r) => setTimeout(r, 100));
  expect(ledger.callbacks.length).toBeGreaterThanOrEqual(n);
}

describe('a receiver that accepts now and answers later', () => {
  it('completes the line on its signed callback, and refuses the replay of it', async () => {
    const before = ledger.callbacks.length;
    const { id, lineId } = await called('twice');
    // Accepted: the line waits for the answer.
    expect((await lineOf(lineId))?.result).toMatchObject({ receiver: 'accepted', httpStatus: 202 });
    await callbacksReach(before + 2);
    expect(ledger.callbacks.slice(before).map((c) => c.status)).toEqual([200, 409]);
    expect((await lineOf(lineId))?.status).toBe('done');
    expect(await statusOf(id)).toBe('completed');
    expect(await refusals(id)).toEqual(['CONFLICT']);
  });

  it('refuses a callback signed with another secret, and leaves the line waiting', async () => {
    const before = ledger.callbacks.length;
    const { id, lineId } = await called('bad_signature');
    await callbacksReach(before + 1);
    expect(ledger.callbacks.at(-1)?.status).toBe(401);
    expect((await lineOf(lineId))?.status).toBe('running');
    expect(await statusOf(id)).toBe('fulfilling');
    expect(await refusals(id)).toEqual(['UNAUTHORIZED']);
    // The receiver never answers properly: an officer justifies the line, in detail, and the request completes.
    await expectTrpcError(
      preparer.erasure.justifyLine({ requestId: id, lineId, reason: 'impossible', explanation: 'Broken.' }),
      'BAD_REQUEST',
      /at least 40 characters/,
    );
    const justified = await preparer.erasure.justifyLine({
      requestId: id,
      lineId,
      reason: 'impossible',
      explanation:
        'The processor’s signing key was lost on their side; they confirmed by phone on 1 March that the account was deleted.',
    });
    expect(justified.plan.status).toBe('completed');
    // Partly: the requester hears where the erasure could not be confirmed.
    const [row] = await app.database.db
      .select({ outcome: requests.outcome, explanation: requests.denialExplanation })
      .from(requests)
      .where(eq(requests.id, id));
    expect(row).toEqual({
      outcome: 'partially_fulfilled',
      explanation: 'We could not confirm the erasure in: Payments (impossible); our records say why.',
    });
    expect((await lineOf(lineId))?.status).toBe('justified');
    await expectTrpcError(
      preparer.erasure.justifyLine({
        requestId: id,
        lineId,
        reason: 'impossible',
        explanation: 'A second justification of the same line must be refused, it is settled.',
      }),
      'BAD_REQUEST',
      /already settled/,
    );
  });

  it('refuses stale, unknown and malformed callbacks, each audited', async () => {
    const { id, lineId } = await called('delay');
    const secret = demoStandInSecret(app.config.secretBox, 'payments');
    const post = (body: string, signedAt: number) =>
      fetch(`${url}/hooks/erasure`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [signatureHeader]: signBody(secret, signedAt, body) },
        body,
      });
    const seconds = Math.floor(now.getTime() / 1000);
    const answer = JSON.stringify({ id: lineId, status: 'completed', records: 1 });
    expect((await post(answer, seconds - 3600)).status).toBe(401);
    const unknown = JSON.stringify({ id: '00000000-0000-4000-8000-000000000000', status: 'completed' });
    expect((await post(unknown, seconds)).status).toBe(404);
    expect((await post('{"id": 7}', seconds)).status).toBe(400);
    // A body far larger than any answer is turned away before it is read.
    expect(
      (await post(JSON.stringify({ id: lineId, status: 'completed', detail: 'x'.repeat(20_000) }), seconds))
        .status,
    ).toBe(413);
    expect(await refusals(id)).toContain('UNAUTHORIZED');
    expect(await refusals(null)).toEqual(expect.arrayContaining(['NOT_FOUND', 'BAD_REQUEST']));
    // The stand-in's own, properly signed answer completes it.
    await callbacksReach(ledger.callbacks.length + 1);
    expect((await lineOf(lineId))?.status).toBe('done');
  });
});

describe('a receiver that fails', () => {
  it('is called again with backoff until it answers, one effect for every delivery', async () => {
    const effects = ledger.effects.size;
    const deliveries = ledger.deliveries;
    const { id, lineId } = await called('fail', 2);
    expect((await lineOf(lineId))?.status).toBe('running');
    // The runner's backoff, spread by up to a fifth for calls to receivers: 30–36 s, then 60–72 s.
    now = new Date(graceOver.getTime() + 37_000);
    await runDueJobs(jobs(), now);
    expect(await statusOf(id)).toBe('fulfilling');
    now = new Date(graceOver.getTime() + 37_000 + 73_000);
    await runDueJobs(jobs(), now);
    expect((await lineOf(lineId))?.status).toBe('done');
    expect(await statusOf(id)).toBe('completed');
    expect(ledger.deliveries - deliveries).toBe(3);
    expect(ledger.effects.size - effects).toBe(1);
    const trail = await app.database.db
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, id), eq(auditEvents.action, 'erasure.line_done')));
    expect(trail).toHaveLength(1);
  });
});

describe('a sender that floods the hook', () => {
  it('is told to wait past the limit, and its extra answers are neither read nor audited', async () => {
    const hooks = Fastify();
    await hooks.register(
      erasureHooks({ database: app.database, config: app.config, now: () => now, perMinute: 3 }),
    );
    const junk = () =>
      hooks.inject({
        method: 'POST',
        url: '/hooks/erasure',
        headers: { 'content-type': 'application/json' },
        remoteAddress: '203.0.113.9',
        payload: '{"id": 7}',
      });
    const before = (await refusals(null)).length;
    const statuses: number[] = [];
    for (let i = 0; i < 5; i += 1) statuses.push((await junk()).statusCode);
    expect(statuses).toEqual([400, 400, 400, 429, 429]);
    const limited = await junk();
    expect(limited.headers['retry-after']).toBe('60');
    // Three refusals audited, not six.
    expect((await refusals(null)).length - before).toBe(3);
    // Another address is not held up.
    const other = await hooks.inject({
      method: 'POST',
      url: '/hooks/erasure',
      headers: { 'content-type': 'application/json' },
      remoteAddress: '198.51.100.4',
      payload: '{"id": 7}',
    });
    expect(other.statusCode).toBe(400);
    await hooks.close();
  });
});

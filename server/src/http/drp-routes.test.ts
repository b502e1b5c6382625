import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, drpRequests, requestEvents, requests } from '../db/schema.js';
import { runDueJobs } from '../jobs/job-runner.js';
import { drpDefaults } from '../trpc/context.js';
import { TestDrpAgent } from '../testing/drp-agent.js';
import { testJobDeps, testJobServices } from '../testing/jobs.js';
import { createTestApp, type Caller, type TestApp } from '../testing/test-app.js';
import { testServer } from '../testing/test-server.js';

// One clock for the server and the jobs: a Tuesday in California's working week.
const now = new Date('2027-02-02T17:00:00.000Z');
let app: TestApp;
let server: Awaited<ReturnType<typeof testServer>>;
let admin: Caller;
let officer: Caller;
let callbacks: Server;
let callbackUrl: string;
const received: { path: string; body: Record<string, unknown> }[] = [];
const agent = new TestDrpAgent('PERMISSION_SLIP');
const other = new TestDrpAgent('OTHER_AGENT');
const tokens: Record<string, string> = {};

beforeAll(async () => {
  app = await createTestApp();
  app.config.drp = { ...drpDefaults, allowLoopbackCallbacks: true, publicOrigin: 'https://desk.test' };
  server = await testServer(app, { now: () => now });
  ({ caller: admin } = await app.callerAs(['admin'], { now: () => now }));
  ({ caller: officer } = await app.callerAs(['privacy_officer'], { now: () => now }));
  for (const a of [agent, other])
    await admin.drp.addAgent({ id: a.id, name: `Agent ${a.id}`, verifyKey: a.verifyKey });
  callbacks = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString()));
    req.on('end', () => {
      received.push({ path: req.url ?? '', body: JSON.parse(text) as Record<string, unknown> });
      res.writeHead(req.url?.includes('refuse') ? 503 : 200).end('ok');
    });
  });
  await new Promise<void>((resolve) => callbacks.listen(0, '127.0.0.1', resolve));
  callbackUrl = `http://127.0.0.1:${(callbacks.address() as AddressInfo).port}/status`;
  for (const a of [agent, other]) {
    const answer = await server.inject({
      method: 'POST',
      url: `/drp/v1/agent/${a.id}`,
      headers: { 'content-type': 'text/plain' },
      payload: a.setup(now),
    });
    expect(answer.statusCode).toBe(200);
    const body = answer.json<{ 'agent-id': string; token: string }>();
    expect(body['agent-id']).toBe(a.id);
    tokens[a.id] = body.token;
  }
});

afterAll(async () => {
  await new Promise((resolve) => callbacks.close(resolve));
  await server.close();
  await app.close();
});

const file = (a: TestDrpAgent, payload: string, token = tokens[a.id] ?? '') =>
  server.inject({
    method: 'POST',
    url: '/drp/v1/data-rights-request',
    headers: { 'content-type': 'text/plain', authorization: `Bearer ${token}` },
    payload,
  });

const statusCall = (id: string, a: TestDrpAgent = agent) =>
  server.inject({
    method: 'GET',
    url: `/drp/v1/data-rights-request/${id}`,
    headers: { authorization: `Bearer ${tokens[a.id] ?? ''}` },
  });

async function requestCount(): Promise<number> {
  const [row] = await app.database.db.select({ n: count() }).from(requests);
  return row?.n ?? 0;
}

const jobs = () =>
  runDueJobs(
    testJobDeps(app.database, {}, { ...testJobServices(), drpCallbacks: { allowLoopback: true } }),
    now,
  );

describe('the pair-wise key setup (§2.05)', () => {
  it('refuses a setup signed by another key, or for an unknown agent, with a bare 403', async () => {
    const forged = await server.inject({
      method: 'POST',
      url: `/drp/v1/agent/${agent.id}`,
      headers: { 'content-type': 'text/plain' },
      payload: other.sign(agent.envelope(now, { 'drp.version': '0.9.4' })),
    });
    expect(forged.statusCode).toBe(403);
    expect(forged.body).toBe('');
    const unknown = await server.inject({
      method: 'POST',
      url: '/drp/v1/agent/NOBODY',
      headers: { 'content-type': 'text/plain' },
      payload: agent.setup(now),
    });
    expect(unknown.statusCode).toBe(403);
    expect(unknown.body).toBe('');
  });

  it('checks a token against its agent (§2.06)', async () => {
    const mine = await server.inject({
      method: 'GET',
      url: `/drp/v1/agent/${agent.id}`,
      headers: { authorization: `Bearer ${tokens[agent.id] ?? ''}` },
    });
    expect(mine.statusCode).toBe(200);
    expect(mine.json()).toEqual({});
    const theirs = await server.inject({
      method: 'GET',
      url: `/drp/v1/agent/${other.id}`,
      headers: { authorization: `Bearer ${tokens[agent.id] ?? ''}` },
    });
    expect(theirs.statusCode).toBe(403);
    expect(theirs.json()).toMatchObject({ code: '403' });
  });
});

describe('exercise, status, revoke', () => {
  it('files an opt-out as a CCPA request received now, and answers its status', async () => {
    const answer = await file(
      agent,
      agent.exercise(now, {
        exercise: 'sale:opt_out',
        'agent-request-id': 'ps-001',
        status_callback: callbackUrl,
      }),
    );
    expect(answer.statusCode).toBe(200);
    const status = answer.json<Record<string, string>>();
    expect(status).toMatchObject({
      status: 'open',
      received_at: '2027-02-02T17:00:00.000Z',
      agent_request_id: 'ps-001',
      // 15 business days (11 CCR §7026) from Tuesday 2 February 2027, passing over Presidents' Day (15th).
      expected_by: '2027-02-24',
    });
    const [row] = await app.database.db
      .select()
      .from(requests)
      .where(eq(requests.id, status.request_id ?? ''));
    expect(row).toMatchObject({
      type: 'opt_out_sale',
      regime: 'ccpa',
      channel: 'authorised_agent',
      requesterEmail: 'dana.agentfiled@example.com',
      agentName: `Agent ${agent.id}`,
      createdBy: null,
    });
    const [drp] = await app.database.db
      .select()
      .from(drpRequests)
      .where(eq(drpRequests.requestId, row?.id ?? ''));
    expect(drp).toMatchObject({ agentId: agent.id, voluntary: false, exercise: 'sale:opt_out' });
    const [audit] = await app.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.entityId, row?.id ?? ''));
    expect(audit?.action).toBe('requests.created');
    expect(audit?.after).toMatchObject({
      channel: 'authorised_agent',
      drp: { agentId: agent.id, voluntary: false },
    });

    const again = await statusCall(status.request_id ?? '');
    expect(again.json()).toMatchObject({ status: 'open', agent_request_id: 'ps-001' });
    // §2.02.1: another agent is not told.
    const theirs = await statusCall(status.request_id ?? '', other);
    expect(theirs.statusCode).toBe(403);
    // The same agent-request-id again answers the same request, filing nothing.
    const before = await requestCount();
    const repeat = await file(
      agent,
      agent.exercise(new Date(now.getTime() + 1000), {
        exercise: 'sale:opt_out',
        'agent-request-id': 'ps-001',
      }),
    );
    expect(repeat.json()).toMatchObject({ request_id: status.request_id });
    expect(await requestCount()).toBe(before);
  });

  it('takes a deletion with no regime as voluntary, and access as a know request', async () => {
    const deletion = await file(agent, agent.exercise(now, { exercise: 'deletion', regime: undefined }));
    expect(deletion.statusCode).toBe(200);
    const del = deletion.json<{ request_id: string }>();
    const [d] = await app.database.db
      .select({ type: requests.type, voluntary: drpRequests.voluntary, description: requests.description })
      .from(requests)
      .innerJoin(drpRequests, eq(drpRequests.requestId, requests.id))
      .where(eq(requests.id, del.request_id));
    expect(d).toEqual({
      type: 'delete',
      voluntary: true,
      description: 'Filed without a regime: handled under the CCPA’s rules on a voluntary basis.',
    });
    const access = await file(agent, agent.exercise(now, { exercise: 'access:specific' }));
    const [k] = await app.database.db
      .select({ type: requests.type, knowScope: requests.knowScope })
      .from(requests)
      .where(eq(requests.id, access.json<{ request_id: string }>().request_id));
    expect(k).toEqual({ type: 'know', knowScope: 'specific_pieces' });
  });

  it('revokes an open request: withdrawn, and revoked to the agent; a second revoke says the same', async () => {
    const filed = (await file(agent, agent.exercise(now, { exercise: 'deletion' }))).json<{
      request_id: string;
    }>();
    const revoke = (at: Date) =>
      server.inject({
        method: 'DELETE',
        url: `/drp/v1/data-rights-request/${filed.request_id}`,
        headers: { 'content-type': 'text/plain', authorization: `Bearer ${tokens[agent.id] ?? ''}` },
        payload: agent.sign(agent.envelope(at, { reason: 'I changed my mind' })),
      });
    const first = await revoke(now);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ request_id: filed.request_id, status: 'revoked' });
    const [row] = await app.database.db.select().from(requests).where(eq(requests.id, filed.request_id));
    expect(row).toMatchObject({ status: 'withdrawn', outcome: 'withdrawn', reasonCode: 'withdrawn' });
    const second = await revoke(new Date(now.getTime() + 1000));
    expect(second.json()).toMatchObject({ status: 'revoked' });
  });

  it('refuses to revoke a request already closed, saying how it ended', async () => {
    const id = (
      await file(agent, agent.exercise(now, { exercise: 'deletion', 'agent-request-id': 'closed-1' }))
    ).json<{
      request_id: string;
    }>().request_id;
    const [row] = await app.database.db
      .select({ version: requests.version })
      .from(requests)
      .where(eq(requests.id, id));
    await officer.requests.transition({
      id,
      version: row?.version ?? 0,
      to: 'denied',
      reasonCode: 'no_match',
      explanation: 'We hold no data about this person.',
    });
    expect((await statusCall(id)).json()).toMatchObject({ status: 'denied', reason: 'no_match' });
    const answer = await server.inject({
      method: 'DELETE',
      url: `/drp/v1/data-rights-request/${id}`,
      headers: { 'content-type': 'text/plain', authorization: `Bearer ${tokens[agent.id] ?? ''}` },
      payload: agent.sign(agent.envelope(now, { reason: 'Too late' })),
    });
    expect(answer.statusCode).toBe(409);
    expect(answer.json()).toEqual({
      code: '409',
      message: 'This request is already closed (denied) and cannot be revoked.',
      fatal: true,
    });
  });

  it('takes one revoke body for two requests (it names neither), and refuses it again for the same one', async () => {
    const ids = await Promise.all(
      ['deletion', 'access'].map(
        async (exercise) =>
          (
            await file(agent, agent.exercise(now, { exercise, 'agent-request-id': `twice-${exercise}` }))
          ).json<{
            request_id: string;
          }>().request_id,
      ),
    );
    const body = agent.sign(agent.envelope(now, { reason: 'Same words, same instant' }));
    const revoke = (id: string) =>
      server.inject({
        method: 'DELETE',
        url: `/drp/v1/data-rights-request/${id}`,
        headers: { 'content-type': 'text/plain', authorization: `Bearer ${tokens[agent.id] ?? ''}` },
        payload: body,
      });
    expect((await revoke(ids[0] ?? '')).json()).toMatchObject({ status: 'revoked' });
    expect((await revoke(ids[1] ?? '')).json()).toMatchObject({ status: 'revoked' });
    expect((await revoke(ids[0] ?? '')).statusCode).toBe(409);
  });

  it('never moves the agent back: a change overtaken while it waited for a retry is not sent', async () => {
    const id = (
      await file(
        agent,
        agent.exercise(now, { exercise: 'sale:opt_out', status_callback: `${callbackUrl}/late` }),
      )
    ).json<{ request_id: string }>().request_id;
    const posted: { status: unknown; answer: number }[] = [];
    const flaky = (_url: string, body: string) => {
      const status = (JSON.parse(body) as { status: string }).status;
      // The agent's server is down for the first status, up again for the next.
      const answer = status === 'in_progress' && posted.length === 0 ? 503 : 200;
      posted.push({ status, answer });
      return Promise.resolve(answer);
    };
    const run = (at: Date) =>
      runDueJobs(
        testJobDeps(
          app.database,
          {},
          { ...testJobServices(), drpCallbacks: { allowLoopback: true }, drpPostCallback: flaky },
        ),
        at,
      );
    // Two changes before the worker runs: in progress (change 1), then fulfilled (change 2).
    const verifying = await officer.requests.transition({ id, version: 0, to: 'verifying' });
    const started = await officer.requests.transition({ id, version: verifying.version, to: 'in_progress' });
    await officer.requests.transition({
      id,
      version: started.version,
      to: 'completed',
      outcome: 'fulfilled',
    });
    // Change 1 is refused and waits for its retry; change 2 goes through meanwhile.
    await run(now);
    // Change 1's retry, after its backoff: the agent already has the later status, so it is not sent.
    await run(new Date(now.getTime() + 5 * 60_000));
    expect(posted).toEqual([
      { status: 'in_progress', answer: 503 },
      { status: 'fulfilled', answer: 200 },
    ]);
    const card = await officer.drp.forRequest({ requestId: id });
    expect(card?.deliveries.filter((d) => d.event !== 'filed').map((d) => [d.event, d.status])).toEqual([
      ['status_sent', 'fulfilled'],
    ]);
  });

  it('sends each status change to the callback once, and shows it on the timeline', async () => {
    const filed = (
      await file(
        agent,
        agent.exercise(now, { exercise: 'sale:opt_out', status_callback: `${callbackUrl}/once` }),
      )
    ).json<{ request_id: string }>();
    const id = filed.request_id;
    // An opt-out is never verified (11 CCR §7026): through "verifying" at once, nobody waits on the consumer.
    const verifying = await officer.requests.transition({ id, version: 0, to: 'verifying' });
    const start = await officer.requests.transition({ id, version: verifying.version, to: 'in_progress' });
    await officer.requests.transition({ id, version: start.version, to: 'completed', outcome: 'fulfilled' });
    await jobs();
    await jobs();
    const mine = received.filter((r) => r.path === '/status/once');
    expect(mine.map((r) => r.body.status)).toEqual(['in_progress', 'fulfilled']);
    expect(mine[1]?.body).toMatchObject({ request_id: id, received_at: '2027-02-02T17:00:00.000Z' });
    expect((await statusCall(id)).json()).toMatchObject({ status: 'fulfilled' });
    const sent = await app.database.db
      .select({ data: requestEvents.data })
      .from(requestEvents)
      .where(eq(requestEvents.requestId, id));
    expect(sent.map((e) => (e.data as { event?: string }).event).filter((e) => e !== undefined)).toEqual(
      expect.arrayContaining(['filed', 'status_sent', 'status_sent']),
    );
    const card = await officer.drp.forRequest({ requestId: id });
    expect(card?.agent.id).toBe(agent.id);
    expect(card?.deliveries.filter((d) => d.event === 'status_sent').map((d) => d.httpStatus)).toEqual([
      200, 200,
    ]);
  });
});

describe('the consumer’s page (user_verification_url)', () => {
  it('says what we need while we wait on them, names no one, and knows only its own request', async () => {
    const filed = (
      await file(agent, agent.exercise(now, { exercise: 'deletion', name: 'Wren Pagetest' }))
    ).json<{
      request_id: string;
    }>();
    const id = filed.request_id;
    await officer.requests.transition({ id, version: (await statusVersion(id)) ?? 0, to: 'verifying' });
    const status = (await statusCall(id)).json<{
      status: string;
      reason: string;
      user_verification_url: string;
    }>();
    expect(status).toMatchObject({ status: 'in_progress', reason: 'need_user_verification' });
    expect(status.user_verification_url).toBe(`https://desk.test/drp/verify/${id}`);
    const page = await server.inject({
      method: 'GET',
      url: `/drp/verify/${id}?request_id=${id}&redirect_to=x`,
    });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('we need to confirm that it is you');
    expect(page.body).not.toContain('Wren');
    expect(page.body).not.toContain('dana.agentfiled');
    const other = await server.inject({
      method: 'GET',
      url: `/drp/verify/${id}?request_id=6f1c1a52-0000-4000-8000-000000000000`,
    });
    expect(other.statusCode).toBe(404);
  });
});

async function statusVersion(id: string): Promise<number | undefined> {
  const [row] = await app.database.db
    .select({ version: requests.version })
    .from(requests)
    .where(eq(requests.id, id));
  return row?.version;
}

describe('bad input: the §3.06 error, and nothing filed', () => {
  const cases: [string, () => Promise<{ statusCode: number; json: () => unknown }>, number][] = [
    ['bad base64', () => file(agent, '%%% not base64 %%%'), 400],
    [
      'a signature by another key',
      () => file(agent, other.exercise(now, { exercise: 'deletion', 'agent-id': agent.id })),
      403,
    ],
    [
      'another agent’s token',
      () => file(agent, agent.exercise(now, { exercise: 'deletion' }), tokens[other.id]),
      403,
    ],
    [
      'another business',
      () => file(agent, agent.exercise(now, { exercise: 'deletion', 'business-id': 'ACME' })),
      403,
    ],
    [
      'an expired message',
      () => file(agent, agent.exercise(new Date(now.getTime() - 3_600_000), { exercise: 'deletion' })),
      400,
    ],
    [
      'a message issued in the future',
      () =>
        file(
          agent,
          agent.exercise(now, {
            exercise: 'deletion',
            'issued-at': new Date(now.getTime() + 5 * 60_000).toISOString(),
          }),
        ),
      400,
    ],
    ['an unknown exercise', () => file(agent, agent.exercise(now, { exercise: 'sale:opt_in' })), 400],
    [
      'a malformed email claim',
      () => file(agent, agent.exercise(now, { exercise: 'deletion', email: 'not-an-email' })),
      400,
    ],
    [
      'a callback to another machine over http',
      () =>
        file(
          agent,
          agent.exercise(now, { exercise: 'deletion', status_callback: 'http://agent.example/status' }),
        ),
      400,
    ],
    [
      'a callback to a private address',
      () =>
        file(
          agent,
          agent.exercise(now, { exercise: 'deletion', status_callback: 'https://10.1.2.3/status' }),
        ),
      400,
    ],
    ['no token', () => file(agent, agent.exercise(now, { exercise: 'deletion' }), ''), 403],
    [
      'a NUL in a claim (it cannot be stored)',
      () => file(agent, agent.exercise(now, { exercise: 'deletion', name: 'Nul\u0000Byte' })),
      400,
    ],
    [
      'a lone surrogate in a claim',
      () =>
        file(agent, agent.exercise(now, { exercise: 'deletion', power_of_attorney: 'half \ud800 of it' })),
      400,
    ],
  ];
  it.each(cases)('%s', async (_name, call, status) => {
    const before = await requestCount();
    const answer = await call();
    expect(answer.statusCode).toBe(status);
    expect(answer.json()).toMatchObject({
      code: String(status),
      fatal: true,
      message: expect.any(String) as string,
    });
    expect(await requestCount()).toBe(before);
  });

  it('refuses a replay of an accepted message (409), filing nothing', async () => {
    const signed = agent.exercise(now, { exercise: 'sale:opt-out' });
    expect((await file(agent, signed)).statusCode).toBe(200);
    const before = await requestCount();
    const replay = await file(agent, signed);
    expect(replay.statusCode).toBe(409);
    expect(await requestCount()).toBe(before);
  });

  it('refuses a body over the limit (413)', async () => {
    const answer = await file(agent, 'A'.repeat(70 * 1024));
    expect(answer.statusCode).toBe(413);
    expect(answer.json()).toMatchObject({ code: '413' });
  });

  it('answers 404 for a request that is not there', async () => {
    const answer = await statusCall('6f1c1a52-0000-4000-8000-000000000000');
    expect(answer.statusCode).toBe(404);
  });
});

describe('the admin page’s changes', () => {
  it('disabling an agent ends its tokens at once; enabling again needs a new setup', async () => {
    const a = new TestDrpAgent('SOON_DISABLED');
    const added = await admin.drp.addAgent({ id: a.id, name: 'Soon disabled', verifyKey: a.verifyKey });
    const setup = await server.inject({
      method: 'POST',
      url: `/drp/v1/agent/${a.id}`,
      headers: { 'content-type': 'text/plain' },
      payload: a.setup(now),
    });
    const token = setup.json<{ token: string }>().token;
    const disabled = await admin.drp.setAgentStatus({
      id: a.id,
      version: added.version,
      status: 'disabled',
      reason: 'Contract ended.',
    });
    expect(disabled).toMatchObject({ status: 'disabled', tokens: 0 });
    const refused = await file(a, a.exercise(now, { exercise: 'deletion' }), token);
    expect(refused.statusCode).toBe(403);
    const [audit] = await app.database.db
      .select({ after: auditEvents.after, reason: auditEvents.reason })
      .from(auditEvents)
      .where(eq(auditEvents.action, 'drp.agent_changed'));
    expect(audit).toMatchObject({
      reason: 'Contract ended.',
      after: { status: 'disabled', tokensRevoked: 1 },
    });
  });

  it('refuses a privacy officer, a bad key, a taken id and a stale version', async () => {
    await expect(
      officer.drp.addAgent({ id: 'X', name: 'X', verifyKey: agent.verifyKey }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(admin.drp.addAgent({ id: 'BAD_KEY', name: 'Bad', verifyKey: 'abc' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await expect(
      admin.drp.addAgent({ id: agent.id, name: 'Again', verifyKey: agent.verifyKey }),
    ).rejects.toThrow('An agent with this id is already in the directory.');
    const fresh = new TestDrpAgent('ROTATED');
    await admin.drp.addAgent({ id: fresh.id, name: 'Rotated', verifyKey: fresh.verifyKey });
    const next = new TestDrpAgent('ROTATED');
    const rotated = await admin.drp.rotateAgentKey({
      id: fresh.id,
      version: 0,
      verifyKey: next.verifyKey,
      reason: 'Key leaked.',
    });
    expect(rotated.version).toBe(1);
    await expect(
      admin.drp.rotateAgentKey({
        id: fresh.id,
        version: 0,
        verifyKey: fresh.verifyKey,
        reason: 'Back again.',
      }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});

import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, drpAgents, drpTokens, requestEvents, requests } from '../../db/schema.js';
import { runDueJobs } from '../../jobs/job-runner.js';
import { createLogger } from '../../lib/logger.js';
import { drpDefaults } from '../../trpc/context.js';
import { TestDrpAgent } from '../../testing/drp-agent.js';
import { testJobDeps, testJobServices } from '../../testing/jobs.js';
import { createTestApp, testLog, type Caller, type TestApp } from '../../testing/test-app.js';
import { testServer } from '../../testing/test-server.js';
import { addressAllowed, callbackUrlProblem } from './drp-callback.js';
import { seedAgentsFromFile } from './drp-agents.js';

const now = new Date('2027-02-02T17:00:00.000Z');
let app: TestApp;
let admin: Caller;
let officer: Caller;
const dir = mkdtempSync(path.join(os.tmpdir(), 'drp-agents-'));
const file = path.join(dir, 'agents.json');

beforeAll(async () => {
  app = await createTestApp();
  ({ caller: admin } = await app.callerAs(['admin'], { now: () => now }));
  ({ caller: officer } = await app.callerAs(['privacy_officer'], { now: () => now }));
});
afterAll(async () => {
  await app.close();
});

const seed = (at = now) => seedAgentsFromFile({ db: app.database.db, log: testLog, now: at }, file);

describe('the service-directory file (DRP_AGENTS_FILE)', () => {
  it('adds its agents, follows it for the ones no admin touched, and leaves the admin’s changes alone', async () => {
    const kept = new TestDrpAgent('FILE_KEPT');
    const disabled = new TestDrpAgent('FILE_DISABLED');
    writeFileSync(file, JSON.stringify([kept.entry('Kept Agent'), disabled.entry('Disabled Agent')]));
    expect(await seed()).toEqual({ added: 2, updated: 0, kept: 0 });
    const [row] = await app.database.db.select().from(drpAgents).where(eq(drpAgents.id, 'FILE_KEPT'));
    expect(row).toMatchObject({
      source: 'file',
      status: 'active',
      changedByAdmin: false,
      verifyKey: kept.verifyKey,
    });

    // An admin disables one; a token of the other is live.
    const listed = await admin.drp.agents({});
    const version = listed.items.find((a) => a.id === 'FILE_DISABLED')?.version ?? -1;
    await admin.drp.setAgentStatus({
      id: 'FILE_DISABLED',
      version,
      status: 'disabled',
      reason: 'Breach of rules.',
    });
    await app.database.db
      .insert(drpTokens)
      .values({ tokenHash: 'a'.repeat(64), agentId: 'FILE_KEPT', createdAt: now });

    // The file changes both keys (and a name): the untouched agent follows, its token gone; the disabled stays.
    const rekeyed = new TestDrpAgent('FILE_KEPT');
    const rekeyedDisabled = new TestDrpAgent('FILE_DISABLED');
    writeFileSync(
      file,
      JSON.stringify({ agents: [rekeyed.entry('Kept Agent, renamed'), rekeyedDisabled.entry()] }),
    );
    expect(await seed(new Date(now.getTime() + 60_000))).toEqual({ added: 0, updated: 1, kept: 1 });
    const after = await app.database.db.select().from(drpAgents);
    expect(after.find((a) => a.id === 'FILE_KEPT')).toMatchObject({
      name: 'Kept Agent, renamed',
      verifyKey: rekeyed.verifyKey,
      keyChangedAt: new Date('2027-02-02T17:01:00.000Z'),
    });
    expect(after.find((a) => a.id === 'FILE_DISABLED')).toMatchObject({
      status: 'disabled',
      verifyKey: disabled.verifyKey,
    });
    expect(await app.database.db.select().from(drpTokens).where(eq(drpTokens.agentId, 'FILE_KEPT'))).toEqual(
      [],
    );
    const changed = await app.database.db
      .select({ after: auditEvents.after, requestId: auditEvents.requestId, actorId: auditEvents.actorId })
      .from(auditEvents)
      .where(eq(auditEvents.entityId, 'FILE_KEPT'));
    expect(changed.map((c) => c.requestId)).toEqual(['drp:directory-file', 'drp:directory-file']);
    expect(changed[1]?.after).toMatchObject({ tokensRevoked: 1 });
  });

  it('stops the start on a file that does not parse, naming the entry and field', async () => {
    writeFileSync(file, JSON.stringify([{ id: 'BAD', name: 'Bad', verify_key: 'not-a-key' }]));
    await expect(seed()).rejects.toThrow(
      /DRP_AGENTS_FILE .*: 0\.verify_key: A verify key is a base64 Ed25519/,
    );
    writeFileSync(file, '{ nope');
    await expect(seed()).rejects.toThrow(/is not JSON/);
  });

  it('is shown to auditors but changed by admins only', async () => {
    const { caller: auditor } = await app.callerAs(['auditor'], { now: () => now });
    expect((await auditor.drp.agents({})).items.map((a) => a.id)).toEqual(
      expect.arrayContaining(['FILE_KEPT', 'FILE_DISABLED']),
    );
    await expect(officer.drp.agents({})).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      auditor.drp.setAgentStatus({ id: 'FILE_KEPT', version: 1, status: 'disabled', reason: 'No.' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('where a status callback may go', () => {
  it('https anywhere public; loopback only outside production; never a private or internal address', () => {
    const production = { allowLoopback: false };
    const local = { allowLoopback: true };
    expect(callbackUrlProblem('https://agent.example/status', production)).toBeNull();
    expect(callbackUrlProblem('http://agent.example/status', production)).toBe(
      'status_callback must be an https:// address.',
    );
    expect(callbackUrlProblem('http://127.0.0.1:9000/s', production)).toBe(
      'status_callback must be an https:// address.',
    );
    expect(callbackUrlProblem('https://localhost/s', production)).toBe(
      'status_callback may not point at this server.',
    );
    expect(callbackUrlProblem('http://127.0.0.1:9000/s', local)).toBeNull();
    expect(callbackUrlProblem('https://user:pw@agent.example/s', production)).toBe(
      'status_callback may not carry credentials.',
    );
    for (const internal of [
      'https://10.0.0.7/s',
      'https://192.168.1.1/s',
      'https://169.254.169.254/latest',
      'https://[fd00::1]/s',
      'https://[::ffff:10.0.0.1]/s',
    ])
      expect(callbackUrlProblem(internal, local)).toBe(
        'status_callback may not point at a private or internal address.',
      );
    expect(addressAllowed('93.184.216.34', production)).toBe(true);
    expect(addressAllowed('100.64.1.2', production)).toBe(false);
    expect(addressAllowed('::1', production)).toBe(false);
    expect(addressAllowed('::1', local)).toBe(true);
    expect(addressAllowed('::ffff:127.0.0.1', local)).toBe(true);
    expect(addressAllowed('2606:4700::1111', production)).toBe(true);
  });
});

describe('over HTTP', () => {
  it('limits each agent’s calls a minute, logs refusals without what the body held, and records failed deliveries', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
      },
    });
    app.config.drp = { ...drpDefaults, perAgentPerMinute: 5, allowLoopbackCallbacks: true };
    const server = await testServer(app, { now: () => now, log: createLogger('info', sink) });
    try {
      const agent = new TestDrpAgent('LIMITED');
      await admin.drp.addAgent({ id: agent.id, name: 'Limited', verifyKey: agent.verifyKey });
      const setup = await server.inject({
        method: 'POST',
        url: `/drp/v1/agent/${agent.id}`,
        headers: { 'content-type': 'text/plain' },
        payload: agent.setup(now),
      });
      const auth = { authorization: `Bearer ${setup.json<{ token: string }>().token}` };
      const post = (payload: string) =>
        server.inject({
          method: 'POST',
          url: '/drp/v1/data-rights-request',
          headers: { 'content-type': 'text/plain', ...auth },
          payload,
        });
      // A malformed claim, then a good filing whose callback refuses (nobody listens on port 9).
      const refused = await post(
        agent.exercise(now, { exercise: 'deletion', email: 'secret.person@@example.org' }),
      );
      expect(refused.statusCode).toBe(400);
      const filed = await post(
        agent.exercise(now, {
          exercise: 'sale:opt_out',
          status_callback: 'http://127.0.0.1:9/status',
          name: 'Hidden Name',
        }),
      );
      expect(filed.statusCode).toBe(200);
      const id = filed.json<{ request_id: string }>().request_id;
      await post(agent.exercise(new Date(now.getTime() + 1), { exercise: 'deletion' }));
      await post(agent.exercise(new Date(now.getTime() + 2), { exercise: 'deletion' }));
      // Five calls a minute, the key setup among them: the sixth is over the limit.
      const limited = await post(agent.exercise(new Date(now.getTime() + 3), { exercise: 'deletion' }));
      expect(limited.statusCode).toBe(429);
      expect(limited.json()).toEqual({
        code: '429',
        message: 'Too many calls from this agent: wait a minute.',
        fatal: false,
      });
      const logged = lines.join('\n');
      expect(logged).toContain('drp call refused');
      expect(logged).not.toContain('secret.person');
      expect(logged).not.toContain('Hidden Name');

      // A change of status; the callback's host refuses every attempt; after the last, the timeline says so.
      const v = await officer.requests.transition({ id, version: 0, to: 'verifying' });
      expect(v.status).toBe('verifying');
      const jobs = testJobDeps(
        app.database,
        {},
        { ...testJobServices(), drpCallbacks: { allowLoopback: true } },
      );
      for (let attempt = 0, at = now.getTime(); attempt < 8; attempt += 1, at += 2 * 3_600_000)
        await runDueJobs(jobs, new Date(at));
      const events = await app.database.db
        .select({ data: requestEvents.data })
        .from(requestEvents)
        .where(eq(requestEvents.requestId, id));
      expect(
        events.map((e) => e.data).filter((d) => (d as { event?: string }).event === 'status_failed'),
      ).toEqual([
        {
          event: 'status_failed',
          agentId: 'LIMITED',
          status: 'in_progress',
          reason: null,
          httpStatus: null,
          attempt: 8,
          seq: 1,
        },
      ]);
      const [request] = await app.database.db.select().from(requests).where(eq(requests.id, id));
      expect(request?.status).toBe('verifying');
    } finally {
      await server.close();
      delete app.config.drp;
    }
  });
});

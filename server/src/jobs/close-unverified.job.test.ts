import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestCreateInput } from '@privdesk/shared';
import { auditEvents, jobs, messages, requests } from '../db/schema.js';
import { acceptingMailer, testJobDeps, testJobServices } from '../testing/jobs.js';
import { verifyByDocument } from '../testing/verification.js';
import { createTestApp, type Caller, type TestApp } from '../testing/test-app.js';
import { scheduleJob } from './job-queue.js';
import { runDueJobs } from './job-runner.js';

let app: TestApp;
let officer: Caller;
let admin: Caller;
const clock = new Date('2026-02-23T09:00:00.000Z');
const now = () => clock;

beforeAll(async () => {
  app = await createTestApp();
  ({ caller: officer } = await app.callerAs(['privacy_officer'], { now }));
  ({ caller: admin } = await app.callerAs(['admin'], { now }));
});
afterAll(() => app.close());

async function verifying(receivedAt: string, overrides: Partial<RequestCreateInput> = {}) {
  const created = await officer.requests.create({
    type: 'access',
    regime: 'gdpr',
    channel: 'email',
    requester: {
      name: 'Ola Unverified',
      email: `ola.${receivedAt.slice(0, 10)}.${Math.random()}@example.com`,
    },
    receivedAt,
    ...overrides,
  });
  const moved = await officer.requests.transition({
    id: created.id,
    version: created.version,
    to: 'verifying',
  });
  return { id: created.id, version: moved.version };
}

const statusOf = async (id: string) =>
  (await app.database.db.select().from(requests).where(eq(requests.id, id)))[0]?.status;

async function runClose(key: string) {
  await scheduleJob(app.database.db, { kind: 'requests.close_unverified', runAt: clock, key });
  const mailer = acceptingMailer();
  await runDueJobs(
    testJobDeps(app.database, {}, testJobServices({ mailer, secretBox: app.config.secretBox })),
    clock,
  );
  return mailer;
}

describe('requests.close_unverified', () => {
  it('closes a request still unverified 21 days after receipt, with the notice, and leaves the rest', async () => {
    const old = await verifying('2026-02-01T10:00:00.000Z');
    const recent = await verifying('2026-02-10T10:00:00.000Z');
    const verified = await verifying('2026-02-01T10:00:00.000Z');
    await verifyByDocument(officer, verified.id, verified.version);
    const optOut = await officer.requests.create({
      type: 'opt_out_sale',
      regime: 'ccpa',
      channel: 'web_form',
      requester: { name: 'Ola Optout', email: 'ola.optout@example.com' },
      receivedAt: '2026-01-20T10:00:00.000Z',
    });
    await officer.requests.transition({ id: optOut.id, version: optOut.version, to: 'verifying' });

    const mailer = await runClose('close-1');
    expect(await statusOf(old.id)).toBe('closed_unverified');
    expect(await statusOf(recent.id)).toBe('verifying');
    expect(await statusOf(verified.id)).toBe('verifying');
    expect(await statusOf(optOut.id)).toBe('verifying');

    const [row] = await app.database.db.select().from(requests).where(eq(requests.id, old.id));
    expect(row).toMatchObject({
      outcome: 'closed_unverified',
      reasonCode: 'identity_unverified',
      updatedBy: null,
    });
    // The requester is told, with their right to complain.
    const notices = await app.database.db.select().from(messages).where(eq(messages.requestId, old.id));
    expect(notices.map((m) => [m.kind, m.status])).toEqual([['closed_unverified', 'sent']]);
    expect(mailer.sent[0]?.text).toContain('it was not confirmed within 21 days');
    expect(mailer.sent[0]?.text).toContain('Data Protection Commission (Ireland)');
    const timeline = await officer.requests.timeline({ id: old.id });
    expect(
      timeline.items.find((e) => e.kind === 'status_changed' && e.to === 'closed_unverified'),
    ).toMatchObject({
      actor: null,
      reasonCode: 'identity_unverified',
      explanation: 'Not verified within 21 days of receipt: closed by the daily check.',
    });
    const [job] = await app.database.db.select().from(jobs).where(eq(jobs.key, 'close-1'));
    const [audit] = await app.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.requestId, `job:${job?.id ?? ''}`));
    expect(audit).toMatchObject({ action: 'requests.status_changed', actorId: null, entityId: old.id });
  });

  it('follows the setting: at 10 days, a 13-day-old request closes too', async () => {
    const recent = await verifying('2026-02-10T10:00:00.000Z');
    const settings = await admin.settings.get();
    await admin.settings.update({ version: settings.version, unverifiedCloseDays: 10 });
    await runClose('close-2');
    expect(await statusOf(recent.id)).toBe('closed_unverified');
  });
});

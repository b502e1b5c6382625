import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestCreateInput } from '@privdesk/shared';
import { auditEvents, requestClockEvents, requests } from '../../db/schema.js';
import { expectTrpcError } from '../../testing/expect-error.js';
import { verifyByDocument } from '../../testing/verification.js';
import { deliverQueuedMail } from '../../testing/jobs.js';
import { createTestApp, type Caller, type TestApp, type TestStaff } from '../../testing/test-app.js';

/**
 * The clock ledger through the procedures, on a real database, with a clock the test moves: the "Done when"
 * scenarios of the legal-clocks issue, and every new procedure's forbidden role and bad input.
 */
let app: TestApp;
let officer: Caller;
let officerStaff: TestStaff;
let manager: Caller;
let auditor: Caller;
let support: Caller;
let clock = new Date('2025-12-10T10:00:00Z');
const now = () => clock;

beforeAll(async () => {
  app = await createTestApp();
  ({ caller: officer, staff: officerStaff } = await app.callerAs(['privacy_officer'], { now }));
  ({ caller: manager } = await app.callerAs(['manager'], { now }));
  ({ caller: auditor } = await app.callerAs(['auditor'], { now }));
  ({ caller: support } = await app.callerAs(['support_agent'], { now }));
});
afterAll(() => app.close());

async function intake(overrides: Partial<RequestCreateInput> = {}) {
  return officer.requests.create({
    type: 'access',
    regime: 'gdpr',
    channel: 'email',
    requester: { name: 'Clara Clockwise', email: 'clara@example.com' },
    receivedAt: '2025-11-30T12:00:00Z',
    ...overrides,
  });
}

async function auditFor(entityId: string) {
  return app.database.db
    .select()
    .from(auditEvents)
    .where(eq(auditEvents.entityId, entityId))
    .orderBy(auditEvents.seq);
}

async function ledgerRows(requestId: string) {
  return app.database.db.select().from(requestClockEvents).where(eq(requestClockEvents.requestId, requestId));
}

describe('requests.get: how a closed request ended against its clocks', () => {
  async function complete(id: string, version: number, on: string) {
    clock = new Date('2025-12-10T10:00:00Z');
    let v = (await officer.requests.transition({ id, version, to: 'verifying' })).version;
    v = await verifyByDocument(officer, id, v);
    v = (await officer.requests.transition({ id, version: v, to: 'in_progress' })).version;
    clock = new Date(on);
    await officer.requests.transition({ id, version: v, to: 'completed', outcome: 'fulfilled' });
    return officer.requests.get({ id });
  }

  it('is null while open, and counts the days late against the clock that was effective', async () => {
    clock = new Date('2025-12-10T10:00:00Z');
    const created = await intake();
    expect((await officer.requests.get({ id: created.id })).closure).toBeNull();
    // Due 30 Dec 2025 by both clocks; completed on 5 Jan 2026 (an evening in Dublin is still the 5th).
    const detail = await complete(created.id, 0, '2026-01-05T21:00:00Z');
    expect(detail.closure).toEqual({
      closedAt: '2026-01-05T21:00:00.000Z',
      closedOn: '2026-01-05',
      against: 'statutory',
      dueOn: '2025-12-30',
      daysLate: 6,
      statutoryMet: false,
      companySlaMet: false,
    });
  });

  it('measures an extended request against the extended date, with the company SLA missed', async () => {
    clock = new Date('2025-12-10T10:00:00Z');
    const created = await intake();
    const extended = await officer.requests.extend({
      notice: 'sent_another_way',
      id: created.id,
      version: 0,
      reason: 'The data sits in six systems; we need more time.',
    });
    const detail = await complete(created.id, extended.version, '2026-01-05T10:00:00Z');
    expect(detail.closure).toMatchObject({
      closedOn: '2026-01-05',
      against: 'statutory',
      dueOn: '2026-03-02',
      daysLate: 0,
      statutoryMet: true,
      companySlaMet: false,
    });
  });
});

describe('requests.get: every clock, the effective one and why', () => {
  it('shows the statutory, company and effective dates with the rule, the handling entity and the extension window', async () => {
    clock = new Date('2025-12-10T10:00:00Z');
    const created = await intake();
    expect(created.dueOn).toBe('2025-12-30');
    const { clocks, due } = await officer.requests.get({ id: created.id });
    expect(clocks).toMatchObject({
      statutory: {
        dueOn: '2025-12-30',
        extendedDueOn: '2026-03-02',
        rule: 'GDPR Art. 12(3)',
        state: 'initial',
      },
      company: { dueOn: '2025-12-30', superseded: false },
      effective: { dueOn: '2025-12-30', source: 'statutory' },
      paused: false,
      handling: { calendar: 'IE', timeZone: 'Europe/Dublin' },
      today: '2025-12-10',
      canExtendUntil: '2025-12-30',
      canPause: false,
      acknowledgedOn: null,
      extensionEntryId: null,
      ledger: [],
    });
    expect(clocks.explanation).toContain('1 month from 30 Nov 2025 under GDPR Art. 12(3): 30 Dec 2025.');
    expect(due).toMatchObject({ dueOn: '2025-12-30', effectiveDueOn: '2025-12-30', calendar: 'IE' });
  });
});

describe('requests.extend and requests.removeExtension', () => {
  it('extends a GDPR request to receipt + 3 months rolled forward, and removing the extension restores the original', async () => {
    clock = new Date('2025-12-10T10:00:00Z');
    const created = await intake();
    const extended = await officer.requests.extend({
      notice: 'sent_another_way',
      id: created.id,
      version: 0,
      reason: 'The data sits in six systems; we need more time.',
    });
    // 30 Nov 2025 + 3 months = 28 Feb 2026 (no 30 Feb), a Saturday: Monday 2 March.
    expect(extended).toMatchObject({
      version: 1,
      statutoryDueOn: '2026-03-02',
      clockState: 'extended',
      // The company's 30 days have no extension: noticed, the extended date is the one to meet (0006).
      companyDueOn: '2025-12-30',
      effectiveDueOn: '2026-03-02',
      dueOn: '2026-03-02',
      warnings: [],
    });
    const detail = await officer.requests.get({ id: created.id });
    expect(detail.clocks).toMatchObject({
      statutory: { dueOn: '2026-03-02', state: 'extended' },
      effective: { dueOn: '2026-03-02', source: 'statutory' },
      company: { dueOn: '2025-12-30', superseded: true },
      canExtendUntil: null,
      ledger: [
        {
          kind: 'extension_noticed',
          on: '2025-12-10',
          reason: 'The data sits in six systems; we need more time.',
          recordedBy: { id: officerStaff.id },
          removedAt: null,
        },
      ],
    });
    expect(detail.clocks.explanation).toContain(
      '3 months from 30 Nov 2025 under GDPR Art. 12(3), extended by 2 months (noticed 10 Dec 2025: The data sits in six systems; we need more time.): 2 Mar 2026, rolled forward from Sat 28 Feb 2026 (weekend).',
    );
    expect(detail.clocks.extensionEntryId).toBe(detail.clocks.ledger[0]?.id);

    const twice = await expectTrpcError(
      officer.requests.extend({ notice: 'sent_another_way', id: created.id, version: 1, reason: 'Again.' }),
      'BAD_REQUEST',
      /GDPR Art\. 12\(3\) allows one extension only: it was already noticed on 10 Dec 2025/,
    );
    expect(twice.cause).toMatchObject({ fieldErrors: { noticeSentOn: [expect.any(String)] } });

    const restored = await officer.requests.removeExtension({
      id: created.id,
      version: 1,
      reason: 'The notice was never sent.',
    });
    expect(restored).toMatchObject({
      version: 2,
      statutoryDueOn: '2025-12-30',
      effectiveDueOn: '2025-12-30',
      clockState: 'initial',
    });
    const after = await officer.requests.get({ id: created.id });
    expect(after.clocks).toMatchObject({ canExtendUntil: '2025-12-30', extensionEntryId: null });
    expect(after.clocks.ledger[0]).toMatchObject({
      removedBy: { id: officerStaff.id },
      removalReason: 'The notice was never sent.',
    });

    const { items } = await officer.requests.timeline({ id: created.id });
    expect(items.filter((e) => e.kind === 'clock')).toEqual([
      expect.objectContaining({
        action: 'recorded',
        event: 'extension_noticed',
        on: '2025-12-10',
        actor: expect.objectContaining({ id: officerStaff.id }),
      }),
      expect.objectContaining({
        action: 'removed',
        event: 'extension_noticed',
        reason: 'The notice was never sent.',
      }),
    ]);
    const audit = await auditFor(created.id);
    expect(audit.map((a) => a.action)).toEqual([
      'requests.created',
      'requests.extended',
      'requests.extension_removed',
    ]);
    expect(audit[1]).toMatchObject({
      reason: 'The data sits in six systems; we need more time.',
      before: { version: 0, statutoryDueOn: '2025-12-30' },
      after: { version: 1, statutoryDueOn: '2026-03-02', clockState: 'extended' },
    });
    expect(audit[2]).toMatchObject({ reason: 'The notice was never sent.' });
    expect(JSON.stringify(audit)).not.toMatch(/clara/i);
    await expectTrpcError(
      officer.requests.removeExtension({ id: created.id, version: 2, reason: 'Nothing there.' }),
      'BAD_REQUEST',
      /has no extension to remove/,
    );
  });

  it('refuses an extension once the notice window has passed, naming the rule, and changes nothing', async () => {
    clock = new Date('2025-12-10T10:00:00Z');
    const created = await intake();
    clock = new Date('2026-01-05T10:00:00Z');
    const late = await expectTrpcError(
      officer.requests.extend({ notice: 'sent_another_way', id: created.id, version: 0, reason: 'Complex.' }),
      'BAD_REQUEST',
      /^GDPR Art\. 12\(3\) allows an extension only when noticed by 30 Dec 2025; this one was noticed on 5 Jan 2026\.$/,
    );
    expect(late.cause).toMatchObject({
      fieldErrors: { noticeSentOn: [expect.stringMatching(/noticed by 30 Dec 2025/)] },
    });
    // A notice sent in time but recorded late is accepted with its real date.
    const inTime = await officer.requests.extend({
      notice: 'sent_another_way',
      id: created.id,
      version: 0,
      reason: 'Complex.',
      noticeSentOn: '2025-12-29',
    });
    expect(inTime).toMatchObject({ version: 1, clockState: 'extended' });
    clock = new Date('2025-12-10T10:00:00Z');
  });

  it('refuses a notice dated in the future, a regime without extension and a closed request', async () => {
    clock = new Date('2025-12-10T10:00:00Z');
    const created = await intake();
    const future = await expectTrpcError(
      officer.requests.extend({
        notice: 'sent_another_way',
        id: created.id,
        version: 0,
        reason: 'x',
        noticeSentOn: '2025-12-11',
      }),
      'BAD_REQUEST',
      /11 Dec 2025 is in the future: today is 10 Dec 2025 in Europe\/Dublin/,
    );
    expect(future.cause).toMatchObject({ fieldErrors: { noticeSentOn: [expect.any(String)] } });
    const lgpd = await intake({ regime: 'lgpd', type: 'access' });
    await expectTrpcError(
      officer.requests.extend({ notice: 'sent_another_way', id: lgpd.id, version: 0, reason: 'x' }),
      'BAD_REQUEST',
      /LGPD Art\. 19\(II\) allows no extension for access requests under LGPD/,
    );
    const closed = await intake();
    await officer.requests.transition({ id: closed.id, version: 0, to: 'withdrawn', note: 'By phone.' });
    await expectTrpcError(
      officer.requests.extend({ notice: 'sent_another_way', id: closed.id, version: 1, reason: 'x' }),
      'BAD_REQUEST',
      /is closed: its clocks no longer run/,
    );
    expect(await ledgerRows(created.id)).toEqual([]);
  });
});

/** The question leaves (a mail server that takes it), and its ledger entry is recorded that day. */
async function deliver(id: string): Promise<number> {
  await deliverQueuedMail(app.database, clock, app.config.secretBox);
  return (await officer.requests.get({ id })).version;
}

describe('asking the requester pauses the UK GDPR clock (the lifecycle and the ledger together)', () => {
  it('records the ask the day the question leaves and the answer with the status change, and the date moves by the days paused', async () => {
    clock = new Date('2025-03-03T09:00:00Z');
    // Received Monday 3 Mar 2025: one month → Thursday 3 Apr.
    const created = await intake({
      regime: 'uk_gdpr',
      receivedAt: '2025-03-03T09:00:00Z',
      requester: { name: 'Ursula Uk', email: 'ursula@example.co.uk' },
    });
    let version = (await officer.requests.transition({ id: created.id, version: 0, to: 'verifying' }))
      .version;
    clock = new Date('2025-03-05T11:00:00Z');
    await officer.requests.transition({
      id: created.id,
      version,
      to: 'awaiting_requester',
      message: 'Please send a copy of a recent bill.',
    });
    // Asked, but the question has not left: the clock still runs.
    expect((await officer.requests.get({ id: created.id })).clocks.ledger).toEqual([]);
    version = await deliver(created.id);
    const paused = await officer.requests.get({ id: created.id });
    expect(paused.clocks).toMatchObject({
      paused: true,
      statutory: { state: 'paused', dueOn: '2025-04-03' },
      canPause: true,
      ledger: [{ kind: 'identity_asked', on: '2025-03-05' }],
    });
    expect(paused.clocks.explanation).toContain('paused since 5 Mar 2025 awaiting identity information');
    const [row] = await app.database.db.select().from(requests).where(eq(requests.id, created.id));
    expect(row?.clockState).toBe('paused');

    clock = new Date('2025-03-13T15:00:00Z');
    const resumed = await officer.requests.transition({ id: created.id, version, to: 'verifying' });
    expect(resumed.version).toBe(version + 1);
    const after = await officer.requests.get({ id: created.id });
    // 8 days waiting (5 → 13 Mar): 3 Apr + 8 = Friday 11 Apr.
    expect(after.clocks).toMatchObject({
      paused: false,
      pausedDays: 8,
      statutory: { state: 'initial', dueOn: '2025-04-11' },
      ledger: [
        { kind: 'identity_asked', on: '2025-03-05' },
        { kind: 'identity_received', on: '2025-03-13' },
      ],
    });
    // The company's 30 days do not stop: 2 Apr stays the effective date, and the explanation says so.
    expect(after.clocks.effective).toEqual({ dueOn: '2025-04-02', source: 'company' });
    expect(after.due.statutoryDueOn).toBe('2025-04-11');
    const { items } = await officer.requests.timeline({ id: created.id });
    expect(
      items.map((e) =>
        e.kind === 'clock' ? `clock:${e.event}` : e.kind === 'message' ? `message:${e.event}` : e.kind,
      ),
    ).toEqual([
      'intake',
      'status_changed',
      'status_changed',
      'message:queued',
      'clock:identity_asked',
      'message:sent',
      'clock:identity_received',
      'status_changed',
    ]);
    const audit = await auditFor(created.id);
    expect(audit.at(-1)).toMatchObject({
      action: 'requests.status_changed',
      after: {
        statutoryDueOn: '2025-04-11',
        clockEntries: [{ kind: 'identity_received', on: '2025-03-13' }],
      },
    });
  });

  it('asks for clarification from work in progress, or what the officer chooses', async () => {
    clock = new Date('2025-12-10T10:00:00Z');
    const created = await intake({ regime: 'uk_gdpr' });
    let version = (await officer.requests.transition({ id: created.id, version: 0, to: 'verifying' }))
      .version;
    version = await verifyByDocument(officer, created.id, version);
    version = (await officer.requests.transition({ id: created.id, version, to: 'in_progress' })).version;
    await officer.requests.transition({
      id: created.id,
      version,
      to: 'awaiting_requester',
      message: 'Which account?',
    });
    version = await deliver(created.id);
    version = (await officer.requests.transition({ id: created.id, version, to: 'in_progress' })).version;
    await officer.requests.transition({
      id: created.id,
      version,
      to: 'awaiting_requester',
      message: 'And your ID, please.',
      askFor: 'identity',
    });
    await deliver(created.id);
    const kinds = (await ledgerRows(created.id)).sort((a, b) => a.seq - b.seq).map((e) => e.kind);
    expect(kinds).toEqual(['clarification_asked', 'clarification_received', 'identity_asked']);
  });
});

describe('requests.pause and requests.resume', () => {
  it('pauses a UK clock with a reason and moves the date by the days paused once resumed', async () => {
    clock = new Date('2025-03-03T09:00:00Z');
    const created = await intake({ regime: 'uk_gdpr', receivedAt: '2025-03-03T09:00:00Z' });
    clock = new Date('2025-03-10T09:00:00Z');
    const paused = await officer.requests.pause({
      id: created.id,
      version: 0,
      reason: 'Waiting for counsel on third-party data.',
    });
    expect(paused).toMatchObject({ clockState: 'paused', statutoryDueOn: '2025-04-03', warnings: [] });
    await expectTrpcError(
      officer.requests.pause({ id: created.id, version: 1, reason: 'Again.' }),
      'BAD_REQUEST',
      /already paused since 10 Mar 2025; resume it first/,
    );
    clock = new Date('2025-03-17T09:00:00Z');
    const resumed = await officer.requests.resume({ id: created.id, version: 1 });
    // 7 days paused: 3 Apr + 7 = Thursday 10 Apr.
    expect(resumed).toMatchObject({ version: 2, clockState: 'initial', statutoryDueOn: '2025-04-10' });
    const missing = await expectTrpcError(
      officer.requests.resume({ id: created.id, version: 2 }),
      'BAD_REQUEST',
      /^The clock was resumed on 17 Mar 2025 but it was not paused\.$/,
    );
    expect(missing.cause).toMatchObject({ fieldErrors: { on: [expect.any(String)] } });
    const audit = await auditFor(created.id);
    expect(audit.map((a) => a.action)).toEqual(['requests.created', 'requests.paused', 'requests.resumed']);
    expect(audit[1]?.reason).toBe('Waiting for counsel on third-party data.');
  });

  it('records a pause where the law does not stop the clock, and says so', async () => {
    clock = new Date('2025-12-10T10:00:00Z');
    const created = await intake({ regime: 'ccpa', type: 'know' });
    // Version 1: the acknowledgement the CCPA requires was queued with the request.
    expect(created.version).toBe(1);
    const out = await officer.requests.pause({
      id: created.id,
      version: 1,
      reason: 'Awaiting legal advice.',
    });
    expect(out.clockState).toBe('initial');
    expect(out.warnings).toEqual([expect.stringMatching(/cannot be paused and keeps running/)]);
    expect((await officer.requests.get({ id: created.id })).clocks.canPause).toBe(false);
  });
});

describe('requests.acknowledge', () => {
  it('records the acknowledgement once', async () => {
    clock = new Date('2025-12-10T10:00:00Z');
    const created = await intake({ regime: 'ccpa', type: 'know', receivedAt: '2025-12-01T18:00:00Z' });
    const before = await officer.requests.get({ id: created.id });
    expect(before.clocks.acknowledgeBy).toBe('2025-12-15');
    // Sent by letter on 2 Dec, before the one queued at intake left: recorded as sent that day.
    const out = await officer.requests.acknowledge({
      notice: 'sent_another_way',
      id: created.id,
      version: 1,
      on: '2025-12-02',
    });
    expect(out.version).toBe(2);
    expect((await officer.requests.get({ id: created.id })).clocks.acknowledgedOn).toBe('2025-12-02');
    const again = await expectTrpcError(
      officer.requests.acknowledge({ notice: 'sent_another_way', id: created.id, version: 2 }),
      'BAD_REQUEST',
      /already acknowledged on 2 Dec 2025/,
    );
    expect(again.cause).toMatchObject({ fieldErrors: { on: [expect.any(String)] } });
    await expectTrpcError(
      officer.requests.acknowledge({
        notice: 'sent_another_way',
        id: created.id,
        version: 2,
        on: '2025-11-30',
      }),
      'BAD_REQUEST',
    );
  });

  it('refuses an acknowledgement dated before the receipt, naming it', async () => {
    clock = new Date('2025-12-10T10:00:00Z');
    const created = await intake({ regime: 'ccpa', type: 'know', receivedAt: '2025-12-01T18:00:00Z' });
    await expectTrpcError(
      officer.requests.acknowledge({
        notice: 'sent_another_way',
        id: created.id,
        version: 1,
        on: '2025-11-28',
      }),
      'BAD_REQUEST',
      /acknowledgement dated 28 Nov 2025 is before the request was received \(1 Dec 2025\)/,
    );
  });
});

describe('requests.updateReceivedAt', () => {
  it('re-derives every date from the corrected receipt, on the timeline and audited with the reason', async () => {
    clock = new Date('2025-12-10T10:00:00Z');
    const created = await intake();
    const out = await officer.requests.updateReceivedAt({
      id: created.id,
      version: 0,
      receivedAt: '2025-11-20T10:00:00Z',
      reason: 'The email arrived on the 20th; logged late.',
    });
    // 20 Nov + 1 month = Saturday 20 Dec → Monday 22 Dec; company 30 days → 20 Dec.
    expect(out).toMatchObject({
      version: 1,
      receivedAt: '2025-11-20T10:00:00.000Z',
      statutoryDueOn: '2025-12-22',
      companyDueOn: '2025-12-20',
      effectiveDueOn: '2025-12-20',
    });
    const { items } = await officer.requests.timeline({ id: created.id });
    expect(items.at(-1)).toMatchObject({
      kind: 'received_at_changed',
      from: '2025-11-30T12:00:00.000Z',
      to: '2025-11-20T10:00:00.000Z',
      reason: 'The email arrived on the 20th; logged late.',
    });
    expect((await auditFor(created.id)).at(-1)).toMatchObject({
      action: 'requests.received_at_changed',
      reason: 'The email arrived on the 20th; logged late.',
      before: { receivedAt: '2025-11-30T12:00:00.000Z' },
      after: { receivedAt: '2025-11-20T10:00:00.000Z', effectiveDueOn: '2025-12-20' },
    });
  });

  it('refuses a receipt in the future, one after a ledger entry, and one that makes the extension late', async () => {
    clock = new Date('2025-12-10T10:00:00Z');
    const created = await intake();
    await officer.requests.extend({
      notice: 'sent_another_way',
      id: created.id,
      version: 0,
      reason: 'Complex.',
      noticeSentOn: '2025-12-05',
    });
    const future = await expectTrpcError(
      officer.requests.updateReceivedAt({
        id: created.id,
        version: 1,
        receivedAt: '2025-12-11T10:00:00Z',
        reason: 'Typo',
      }),
      'BAD_REQUEST',
      /cannot be in the future/,
    );
    expect(future.cause).toMatchObject({ fieldErrors: { receivedAt: [expect.any(String)] } });
    const afterNotice = await expectTrpcError(
      officer.requests.updateReceivedAt({
        id: created.id,
        version: 1,
        receivedAt: '2025-12-08T10:00:00Z',
        reason: 'Typo',
      }),
      'BAD_REQUEST',
      /extension notice dated 5 Dec 2025 is before the request was received \(8 Dec 2025\)/,
    );
    expect(afterNotice.cause).toMatchObject({ fieldErrors: { receivedAt: [expect.any(String)] } });
    await expectTrpcError(
      officer.requests.updateReceivedAt({
        id: created.id,
        version: 1,
        receivedAt: '2025-10-20T10:00:00Z',
        reason: 'Typo',
      }),
      'BAD_REQUEST',
      /allows an extension only when noticed by 20 Nov 2025; this one was noticed on 5 Dec 2025/,
    );
    const [row] = await app.database.db.select().from(requests).where(eq(requests.id, created.id));
    expect(row).toMatchObject({ version: 1, receivedAt: new Date('2025-11-30T12:00:00Z') });
  });
});

describe('every ledger procedure', () => {
  it('is forbidden to managers, auditors and support agents', async () => {
    clock = new Date('2025-12-10T10:00:00Z');
    const created = await intake();
    const base = { id: created.id, version: 0 };
    for (const caller of [manager, auditor, support]) {
      await expectTrpcError(caller.requests.acknowledge(base), 'FORBIDDEN');
      await expectTrpcError(
        caller.requests.extend({ notice: 'sent_another_way', ...base, reason: 'x' }),
        'FORBIDDEN',
      );
      await expectTrpcError(caller.requests.removeExtension({ ...base, reason: 'xyz' }), 'FORBIDDEN');
      await expectTrpcError(
        caller.requests.updateReceivedAt({ ...base, receivedAt: '2025-11-29T10:00:00Z', reason: 'xyz' }),
        'FORBIDDEN',
      );
      await expectTrpcError(caller.requests.pause({ ...base, reason: 'x' }), 'FORBIDDEN');
      await expectTrpcError(caller.requests.resume(base), 'FORBIDDEN');
    }
    expect(await ledgerRows(created.id)).toEqual([]);
  });

  it('refuses bad input field by field, a stale version and an unknown request', async () => {
    clock = new Date('2025-12-10T10:00:00Z');
    const created = await intake();
    const impossible = await expectTrpcError(
      officer.requests.extend({
        notice: 'sent_another_way',
        id: created.id,
        version: 0,
        reason: 'x',
        noticeSentOn: '2025-02-30',
      }),
      'BAD_REQUEST',
    );
    expect(impossible.cause).toBeDefined();
    await expectTrpcError(
      officer.requests.extend({ notice: 'sent_another_way', id: created.id, version: 0, reason: '  ' }),
      'BAD_REQUEST',
    );
    await expectTrpcError(officer.requests.pause({ id: created.id, version: 0, reason: '' }), 'BAD_REQUEST');
    await expectTrpcError(
      officer.requests.removeExtension({ id: created.id, version: 0, reason: '' }),
      'BAD_REQUEST',
    );
    await expectTrpcError(
      officer.requests.updateReceivedAt({
        id: created.id,
        version: 0,
        receivedAt: 'yesterday',
        reason: 'Typo',
      }),
      'BAD_REQUEST',
    );
    await expectTrpcError(
      officer.requests.acknowledge({ notice: 'sent_another_way', id: 'DSR-1', version: 0 }),
      'BAD_REQUEST',
    );
    await expectTrpcError(
      officer.requests.acknowledge({
        notice: 'sent_another_way',
        id: '00000000-0000-4000-8000-000000000000',
        version: 0,
      }),
      'NOT_FOUND',
    );
    await officer.requests.acknowledge({ notice: 'sent_another_way', id: created.id, version: 0 });
    await expectTrpcError(
      officer.requests.pause({ id: created.id, version: 0, reason: 'Stale.' }),
      'CONFLICT',
      /was changed by .* — reload/,
    );
  });
});

describe('the queue sorts and filters by the effective due date', () => {
  it('orders by the earliest clock, not the company date', async () => {
    const solo = await createTestApp();
    try {
      const { caller } = await solo.callerAs(['privacy_officer'], {
        now: () => new Date('2025-12-10T10:00:00Z'),
      });
      const make = (regime: 'gdpr' | 'lgpd' | 'ccpa', type: 'access' | 'know', receivedAt: string) =>
        caller.requests.create({
          regime,
          type,
          channel: 'email',
          requester: { name: 'Q Sorter', email: 'q@example.com' },
          receivedAt,
        });
      // Company dates: a 31 Dec, b 30 Dec, c 5 Jan. Effective: a (LGPD 15 days) 16 Dec, b 30 Dec, c 5 Jan.
      const a = await make('lgpd', 'access', '2025-12-01T15:00:00Z');
      const b = await make('gdpr', 'access', '2025-11-30T12:00:00Z');
      const c = await make('ccpa', 'know', '2025-12-06T20:00:00Z');
      const page = await caller.requests.find({ sort: 'dueOn', dir: 'asc' });
      expect(page.items.map((i) => i.id)).toEqual([a.id, b.id, c.id]);
      expect(
        page.view === 'full' ? page.items.map((i) => [i.dueOn, i.effectiveDueOn, i.companyDueOn]) : [],
      ).toEqual([
        ['2025-12-16', '2025-12-16', '2025-12-31'],
        ['2025-12-30', '2025-12-30', '2025-12-30'],
        ['2026-01-05', '2026-01-05', '2026-01-05'],
      ]);
      const soon = await caller.requests.find({ due: 'next_7_days' });
      expect(soon.items.map((i) => i.id)).toEqual([a.id]);
    } finally {
      await solo.close();
    }
  });
});

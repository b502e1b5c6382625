import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestCreateInput } from '@privdesk/shared';
import { auditEvents, requestVerifications, requests } from '../../db/schema.js';
import { insertCustomers } from '../../testing/customers.js';
import { expectTrpcError } from '../../testing/expect-error.js';
import { createTestApp, type Caller, type TestApp } from '../../testing/test-app.js';

let app: TestApp;
let officer: Caller;
let support: Caller;
let manager: Caller;
let admin: Caller;
let accountId: string;

beforeAll(async () => {
  app = await createTestApp();
  ({ caller: officer } = await app.callerAs(['privacy_officer']));
  ({ caller: support } = await app.callerAs(['support_agent']));
  ({ caller: manager } = await app.callerAs(['manager']));
  ({ caller: admin } = await app.callerAs(['admin']));
  const [account] = await insertCustomers(app.database.db, [
    {
      accountNumber: 'SYN-310042',
      name: 'Maren Solberg',
      email: 'maren.solberg@example.no',
      organisation: 'Fjordline Analytics AS',
      country: 'NO',
      plan: 'team',
      signupAt: new Date('2024-05-14T08:00:00Z'),
      birthYear: 1990,
    },
  ]);
  accountId = account?.id ?? '';
}, 60_000);
afterAll(() => app.close());

async function intake(overrides: Partial<RequestCreateInput> = {}) {
  const created = await officer.requests.create({
    type: 'access',
    regime: 'gdpr',
    channel: 'email',
    requester: { name: 'Maren Solberg', email: 'maren.s@mailbox.example' },
    customerId: accountId,
    ...overrides,
  });
  const moved = await officer.requests.transition({
    id: created.id,
    version: created.version,
    to: 'verifying',
  });
  return { id: created.id, version: moved.version };
}

async function setLevels(verificationLevels: { gdpr: { access: 'high' | 'standard' } }) {
  const current = await admin.settings.get();
  await admin.settings.update({ version: current.version, verificationLevels });
}

const start = (id: string, version: number) =>
  officer.requests.transition({ id, version, to: 'in_progress' });

describe('data points against the linked account', () => {
  it('keeps work from starting on one point, starts it on two, and records only which fields matched', async () => {
    const r = await intake();
    const one = await officer.verification.recordDataPoints({
      id: r.id,
      version: r.version,
      supplied: { name: 'maren  SOLBERG', plan: 'enterprise' },
    });
    expect(one.verification).toMatchObject({
      required: 'standard',
      met: 'none',
      satisfied: false,
      points: ['name'],
      records: [{ method: 'data_points', outcome: 'passed', matchedPoints: ['name'], comparedPoints: 2 }],
    });
    await expectTrpcError(
      start(r.id, one.version),
      'BAD_REQUEST',
      /cannot move to “In progress”: its identity is not verified to the standard level\. Standard needs two matched data points \(1 data point so far\)/,
    );
    const two = await officer.verification.recordDataPoints({
      id: r.id,
      version: one.version,
      supplied: { account_number: 'syn 310042', signup_month: 'May 2024' },
    });
    expect(two.verification).toMatchObject({
      met: 'standard',
      satisfied: true,
      points: ['name', 'account_number', 'signup_month'],
      missing: null,
    });
    expect((await start(r.id, two.version)).status).toBe('in_progress');

    // What the requester said is compared, never kept: not in the rows, the timeline or the audit log.
    const rows = await app.database.db
      .select()
      .from(requestVerifications)
      .where(eq(requestVerifications.requestId, r.id));
    const audit = await app.database.db.select().from(auditEvents).where(eq(auditEvents.entityId, r.id));
    const timeline = await officer.requests.timeline({ id: r.id });
    for (const stored of [rows, audit, timeline])
      expect(JSON.stringify(stored)).not.toMatch(/enterprise|May 2024/);
    expect(audit.filter((a) => a.action === 'requests.verification_recorded').map((a) => a.after)).toEqual([
      expect.objectContaining({ matchedPoints: ['name'], comparedPoints: 2, met: 'none', satisfied: false }),
      expect.objectContaining({
        matchedPoints: ['account_number', 'signup_month'],
        comparedPoints: 2,
        met: 'standard',
        satisfied: true,
      }),
    ]);
    expect(timeline.items.filter((e) => e.kind === 'verification')).toHaveLength(2);
  });

  it('records a failed attempt when nothing matches, and refuses without an account to compare with', async () => {
    const r = await intake();
    const failed = await officer.verification.recordDataPoints({
      id: r.id,
      version: r.version,
      supplied: { birth_year: '1991' },
    });
    expect(failed.verification.records).toEqual([
      expect.objectContaining({ outcome: 'failed', matchedPoints: [], comparedPoints: 1 }),
    ]);
    const unlinked = await intake({ customerId: null });
    await expectTrpcError(
      officer.verification.recordDataPoints({
        id: unlinked.id,
        version: unlinked.version,
        supplied: { name: 'Maren Solberg' },
      }),
      'BAD_REQUEST',
      /No account is linked/,
    );
    const [row] = await app.database.db.select().from(requests).where(eq(requests.id, unlinked.id));
    expect(row?.version).toBe(unlinked.version);
  });

  it('asks for at least one value, field by field', async () => {
    const r = await intake();
    const refused = await expectTrpcError(
      officer.verification.recordDataPoints({ id: r.id, version: r.version, supplied: { name: '  ' } }),
      'BAD_REQUEST',
    );
    expect(refused.cause).toMatchObject({
      issues: [
        expect.objectContaining({
          path: ['supplied'],
          message: 'Enter at least one thing the requester told you.',
        }),
      ],
    });
  });
});

describe('the other methods', () => {
  it('takes an account match only when the requester wrote from the account’s own address', async () => {
    const other = await intake();
    await expectTrpcError(
      officer.verification.recordAccountMatch(other),
      'BAD_REQUEST',
      /not the linked account’s email/,
    );
    const own = await intake({ requester: { name: 'Maren Solberg', email: 'Maren.Solberg@example.no' } });
    const matched = await officer.verification.recordAccountMatch(own);
    expect(matched.verification).toMatchObject({ met: 'standard', satisfied: true, points: ['email'] });
    expect((await start(own.id, matched.version)).status).toBe('in_progress');
  });

  it('meets high with a document seen, and records its type, never the document', async () => {
    const r = await intake({
      type: 'know',
      regime: 'ccpa',
      requester: { name: 'M S', email: 'm@s.example' },
    });
    const scoped = await officer.verification.setScope({ ...r, knowScope: 'specific_pieces' });
    expect(scoped.verification).toMatchObject({
      required: 'high',
      why: 'High: a CCPA request for specific pieces of information (11 CCR §7062(c)).',
    });
    // Three points without the declaration are standard, not high.
    const three = await officer.verification.recordDataPoints({
      id: r.id,
      version: scoped.version,
      supplied: { name: 'Maren Solberg', email: 'maren.solberg@example.no', country: 'no' },
    });
    expect(three.verification).toMatchObject({ met: 'standard', satisfied: false });
    await expectTrpcError(start(r.id, three.version), 'BAD_REQUEST', /not verified to the high level/);
    const doc = await officer.verification.recordDocument({
      id: r.id,
      version: three.version,
      documentType: 'driving_licence',
      outcome: 'passed',
    });
    expect(doc.verification).toMatchObject({ met: 'high', satisfied: true, documentSeen: true });
    expect(doc.verification.records.at(-1)).toMatchObject({
      documentType: 'driving_licence',
      outcome: 'passed',
    });
  });

  it('wants an agent’s request confirmed by the subject as well', async () => {
    const r = await intake({
      channel: 'authorised_agent',
      requester: { name: 'Maren Solberg', email: 'maren.solberg@example.no' },
      agent: { name: 'Rights Agent Co', email: 'cases@agent.example', permissionNote: 'Signed form, 2 Mar.' },
    });
    const matched = await officer.verification.recordAccountMatch(r);
    expect(matched.verification).toMatchObject({ met: 'standard', satisfied: false, agentConfirmed: false });
    await expectTrpcError(start(r.id, matched.version), 'BAD_REQUEST', /agent’s signed permission/);
    const confirmed = await officer.verification.recordAgentAuthority({
      id: r.id,
      version: matched.version,
      subjectConfirmed: true,
      note: 'Called the subject at the account’s number; they confirmed.',
    });
    expect(confirmed.verification.satisfied).toBe(true);
    const direct = await intake();
    await expectTrpcError(
      officer.verification.recordAgentAuthority({ ...direct, subjectConfirmed: true, note: 'x' }),
      'BAD_REQUEST',
      /not filed by an authorised agent/,
    );
  });
});

describe('the scope given at intake', () => {
  it('takes a CCPA know request’s scope, and refuses one on any other request', async () => {
    const created = await officer.requests.create({
      type: 'know',
      regime: 'ccpa',
      channel: 'web_form',
      requester: { name: 'Maren Solberg', email: 'maren.solberg@example.no' },
      knowScope: 'specific_pieces',
    });
    expect((await officer.requests.get({ id: created.id })).verification).toMatchObject({
      required: 'high',
      knowScope: 'specific_pieces',
    });
    await expectTrpcError(
      officer.requests.create({
        type: 'access',
        regime: 'gdpr',
        channel: 'email',
        requester: { name: 'Maren Solberg', email: 'maren.solberg@example.no' },
        knowScope: 'categories',
      }),
      'BAD_REQUEST',
    );
  });
});

describe('no path past verification without it', () => {
  it('lets a CCPA opt-out proceed with nothing checked', async () => {
    const r = await intake({ type: 'opt_out_sale', regime: 'ccpa' });
    expect((await start(r.id, r.version)).status).toBe('in_progress');
  });

  it('refuses the start by hand and in bulk, and a resume into work', async () => {
    const r = await intake();
    await expectTrpcError(start(r.id, r.version), 'BAD_REQUEST', /not verified/);
    const bulk = await officer.requests.bulkTransition({ to: 'in_progress', items: [r] });
    expect(bulk).toMatchObject({ succeeded: 0, failed: 1 });
    expect(bulk.results[0]?.error).toMatch(/not verified to the standard level/);
    // Verifying → asked the requester → "Resume work" would skip verification: refused too.
    const asked = await officer.requests.transition({
      ...r,
      to: 'awaiting_requester',
      message: 'Please send your account number.',
    });
    await expectTrpcError(
      officer.requests.transition({ id: r.id, version: asked.version, to: 'in_progress' }),
      'BAD_REQUEST',
      /not verified/,
    );
    const [row] = await app.database.db.select().from(requests).where(eq(requests.id, r.id));
    expect(row?.status).toBe('awaiting_requester');
  });

  it('checks again at completion: a level raised during work stops the next step', async () => {
    const r = await intake({ type: 'erasure', requester: { name: 'M', email: 'maren.solberg@example.no' } });
    const matched = await officer.verification.recordAccountMatch(r);
    const working = await start(r.id, matched.version);
    const flagged = await officer.verification.setScope({
      id: r.id,
      version: working.version,
      sensitiveData: true,
    });
    expect(flagged.verification).toMatchObject({ required: 'high', met: 'standard', satisfied: false });
    // Erasures complete through their plan; an access request shows the same re-check on completion.
    const access = await intake({ requester: { name: 'M', email: 'maren.solberg@example.no' } });
    const ok = await officer.verification.recordAccountMatch(access);
    const inWork = await start(access.id, ok.version);
    await setLevels({ gdpr: { access: 'high' } });
    await expectTrpcError(
      officer.requests.transition({
        id: access.id,
        version: inWork.version,
        to: 'completed',
        outcome: 'fulfilled',
      }),
      'BAD_REQUEST',
      /cannot move to “Completed”: its identity is not verified to the high level/,
    );
    await setLevels({ gdpr: { access: 'standard' } });
  });
});

describe('who may record, and what the settings allow', () => {
  it('is for privacy officers only', async () => {
    const r = await intake();
    for (const caller of [support, manager, admin]) {
      await expectTrpcError(
        caller.verification.recordDocument({ ...r, documentType: 'passport', outcome: 'passed' }),
        'FORBIDDEN',
      );
    }
  });

  it('refuses a scope the request cannot have, and a closed request', async () => {
    const r = await intake();
    const refused = await expectTrpcError(
      officer.verification.setScope({ ...r, knowScope: 'specific_pieces' }),
      'BAD_REQUEST',
    );
    expect(refused.cause).toMatchObject({
      fieldErrors: { knowScope: ['Only a CCPA know request has a scope.'] },
    });
    const denied = await officer.requests.transition({
      ...r,
      to: 'denied',
      reasonCode: 'suspected_fraud',
      explanation: 'The details given contradict the account.',
    });
    await expectTrpcError(
      officer.verification.recordDocument({
        id: r.id,
        version: denied.version,
        documentType: 'passport',
        outcome: 'passed',
      }),
      'BAD_REQUEST',
      /is closed/,
    );
  });

  it('keeps a CCPA opt-out at none in the settings', async () => {
    const current = await admin.settings.get();
    const refused = await expectTrpcError(
      admin.settings.update({
        version: current.version,
        verificationLevels: { ccpa: { opt_out_sale: 'standard' } },
      }),
      'BAD_REQUEST',
    );
    expect(JSON.stringify(refused.cause)).toMatch(/CCPA forbids verifying an opt-out/);
    const notARight = await expectTrpcError(
      admin.settings.update({ version: current.version, verificationLevels: { ccpa: { erasure: 'high' } } }),
      'BAD_REQUEST',
    );
    expect(JSON.stringify(notARight.cause)).toMatch(/not a right under this regime/);
  });
});

describe('merging a duplicate (requests.merge)', () => {
  it('closes the duplicate as denied, runs the survivor from the earlier receipt, and carries no verification over', async () => {
    const requester = { name: 'Maren Solberg', email: 'maren.solberg@example.no' };
    const earlier = await intake({ requester, receivedAt: '2026-11-20T09:00:00.000Z' });
    const matched = await officer.verification.recordAccountMatch(earlier);
    const later = await intake({ requester, receivedAt: '2026-11-25T09:00:00.000Z' });
    const out = await officer.requests.merge({
      id: earlier.id,
      version: matched.version,
      intoId: later.id,
      intoVersion: later.version,
      explanation: 'You wrote to us twice; we answer both under one reference.',
    });
    expect(out.into.receivedAt).toBe('2026-11-20T09:00:00.000Z');
    const [dup] = await app.database.db.select().from(requests).where(eq(requests.id, earlier.id));
    expect(dup).toMatchObject({ status: 'denied', reasonCode: 'duplicate', mergedIntoId: later.id });
    const survivor = await officer.requests.get({ id: later.id });
    expect(survivor.receivedAt).toBe('2026-11-20T09:00:00.000Z');
    // The duplicate's account match stays with it: the survivor must be verified on its own.
    expect(survivor.verification).toMatchObject({ satisfied: false, records: [] });
    await expectTrpcError(start(later.id, out.into.version), 'BAD_REQUEST', /not verified/);
    const timeline = await officer.requests.timeline({ id: later.id });
    expect(timeline.items.find((e) => e.kind === 'merged')).toMatchObject({
      otherId: earlier.id,
      side: 'survivor',
    });
    const audit = await app.database.db.select().from(auditEvents).where(eq(auditEvents.entityId, later.id));
    expect(audit.map((a) => a.action)).toContain('requests.merged');
  });

  it('refuses what is not a duplicate, a closed survivor and a stale version, changing nothing', async () => {
    const a = await intake({ requester: { name: 'A', email: 'a.person@example.org' }, customerId: null });
    const b = await intake({ requester: { name: 'B', email: 'b.person@example.org' }, customerId: null });
    await expectTrpcError(
      officer.requests.merge({ ...a, intoId: b.id, intoVersion: b.version, explanation: 'Same.' }),
      'BAD_REQUEST',
      /is not a duplicate/,
    );
    const otherType = await intake({ type: 'erasure' });
    const same = await intake();
    await expectTrpcError(
      officer.requests.merge({ ...otherType, intoId: same.id, intoVersion: same.version, explanation: 'x' }),
      'BAD_REQUEST',
      /same type/,
    );
    await expectTrpcError(
      officer.requests.merge({
        id: same.id,
        version: same.version,
        intoId: same.id,
        intoVersion: same.version,
        explanation: 'x',
      }),
      'BAD_REQUEST',
    );
    const dup = await intake();
    await expectTrpcError(
      officer.requests.merge({
        ...dup,
        intoId: same.id,
        intoVersion: same.version + 5,
        explanation: 'Twice.',
      }),
      'CONFLICT',
    );
    const [row] = await app.database.db.select().from(requests).where(eq(requests.id, dup.id));
    expect(row).toMatchObject({ status: 'verifying', mergedIntoId: null, version: dup.version });
    await expectTrpcError(
      manager.requests.merge({ ...dup, intoId: same.id, intoVersion: same.version, explanation: 'Twice.' }),
      'FORBIDDEN',
    );
  });
});

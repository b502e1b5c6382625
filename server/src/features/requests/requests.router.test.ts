import { and, eq, sql } from 'drizzle-orm';
import { insertCustomers } from '../../testing/customers.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RequestCreateInput } from '@privdesk/shared';
import { auditEvents, requestEvents, requests, staff } from '../../db/schema.js';
import { expectTrpcError } from '../../testing/expect-error.js';
import { verifyByDocument } from '../../testing/verification.js';
import { createTestApp, type Caller, type TestApp, type TestStaff } from '../../testing/test-app.js';

let app: TestApp;
let officer: Caller;
let officerStaff: TestStaff;
let officer2: Caller;
let officer2Staff: TestStaff;
let manager: Caller;
let managerStaff: TestStaff;
let auditor: Caller;
let support: Caller;
let admin: Caller;
let customerId: string;
let minorCustomerId: string;

const DAY = 86_400_000;
const daysAgo = (n: number) => new Date(Date.now() - n * DAY).toISOString();

beforeAll(async () => {
  app = await createTestApp();
  ({ caller: officer, staff: officerStaff } = await app.callerAs(['privacy_officer']));
  ({ caller: officer2, staff: officer2Staff } = await app.callerAs(['privacy_officer']));
  ({ caller: manager, staff: managerStaff } = await app.callerAs(['manager']));
  ({ caller: auditor } = await app.callerAs(['auditor']));
  ({ caller: support } = await app.callerAs(['support_agent']));
  ({ caller: admin } = await app.callerAs(['admin']));
  // Distinct names: the conflict message names the person who changed the request.
  await app.database.db.update(staff).set({ name: 'Olivia Okafor' }).where(eq(staff.id, officerStaff.id));
  await app.database.db.update(staff).set({ name: 'Piotr Nowak' }).where(eq(staff.id, officer2Staff.id));
  const inserted = await insertCustomers(app.database.db, [
    {
      accountNumber: 'SYN-900001',
      name: 'Jane Doe',
      email: 'jane.doe@example.com',
      organisation: 'Glasshouse Media',
      country: 'DE',
      plan: 'team',
      signupAt: new Date('2024-01-01T00:00:00Z'),
    },
    {
      accountNumber: 'SYN-900002',
      name: 'Kid Young',
      email: 'kid.young@example.org',
      organisation: null,
      country: 'GB',
      plan: 'free',
      signupAt: new Date('2025-01-01T00:00:00Z'),
      birthYear: new Date().getUTCFullYear() - 13,
    },
  ]);
  customerId = inserted[0]?.id ?? '';
  minorCustomerId = inserted[1]?.id ?? '';
});
afterAll(() => app.close());

function intakeInput(overrides: Partial<RequestCreateInput> = {}): RequestCreateInput {
  return {
    type: 'access',
    regime: 'gdpr',
    channel: 'email',
    requester: { name: 'Jane Doe', email: 'Jane.Doe@Example.com', location: 'DE' },
    description: 'Wants a copy of everything.',
    ...overrides,
  };
}

async function intake(overrides: Partial<RequestCreateInput> = {}) {
  return officer.requests.create(intakeInput(overrides));
}

async function requestCount(): Promise<number> {
  const [row] = await app.database.db.select({ n: sql<number>`count(*)::int` }).from(requests);
  return row?.n ?? 0;
}

async function auditFor(entityId: string) {
  return app.database.db
    .select()
    .from(auditEvents)
    .where(eq(auditEvents.entityId, entityId))
    .orderBy(auditEvents.seq);
}

async function versionOf(id: string): Promise<number> {
  const [row] = await app.database.db
    .select({ version: requests.version })
    .from(requests)
    .where(eq(requests.id, id));
  return row?.version ?? -1;
}

/** Moves a request along the lifecycle as an officer. */
async function moveTo(
  id: string,
  path: (
    | {
        to: Parameters<Caller['requests']['transition']>[0]['to'];
        message?: string;
        outcome?: 'fulfilled';
      }
    | 'verify'
  )[],
) {
  let version = await versionOf(id);
  for (const step of path) {
    version =
      step === 'verify'
        ? await verifyByDocument(officer, id, version)
        : (await officer.requests.transition({ id, version, ...step })).version;
  }
  return version;
}

describe('requests.create (intake)', () => {
  it('logs a request with its receipt time, a reference and the company due date, audited without personal data', async () => {
    const receivedAt = daysAgo(3);
    const out = await intake({ receivedAt });
    expect(out.reference).toMatch(new RegExp(`^DSR-${new Date().getUTCFullYear()}-\\d{6}$`));
    expect(out).toMatchObject({ status: 'received', version: 0, receivedAt, warnings: [] });
    const [stored] = await app.database.db.select().from(requests).where(eq(requests.id, out.id));
    expect(stored).toMatchObject({
      requesterEmail: 'jane.doe@example.com',
      requesterName: 'Jane Doe',
      status: 'received',
      createdBy: officerStaff.id,
    });
    expect(out.dueOn).toBe(stored?.companyDueOn);
    const events = await app.database.db
      .select()
      .from(requestEvents)
      .where(eq(requestEvents.requestId, out.id));
    expect(events.map((e) => e.kind)).toEqual(['intake']);
    const audit = await auditFor(out.id);
    expect(audit.map((a) => a.action)).toEqual(['requests.created']);
    expect(JSON.stringify(audit)).not.toMatch(/jane|doe|example\.com|everything/i);
  });

  it('lets a support agent log a request and answers no personal data', async () => {
    const out = await support.requests.create(intakeInput({ channel: 'support', customerId }));
    expect(Object.keys(out).sort()).toEqual([
      'dueOn',
      'id',
      'receivedAt',
      'reference',
      'status',
      'version',
      'warnings',
    ]);
  });

  it('warns when the regime differs from the one the location suggests', async () => {
    const out = await intake({
      regime: 'uk_gdpr',
      requester: { name: 'Jane Doe', email: 'jane.doe@example.com', location: 'DE' },
    });
    expect(out.warnings).toEqual([
      expect.stringMatching(/suggests EU GDPR; this request is handled under UK GDPR/),
    ]);
  });

  it('links a customer account and flags a minor from the birth year', async () => {
    const out = await intake({
      regime: 'uk_gdpr',
      type: 'erasure',
      customerId: minorCustomerId,
      requester: { name: 'Kid Young', email: 'kid.young@example.org' },
    });
    const [stored] = await app.database.db.select().from(requests).where(eq(requests.id, out.id));
    expect(stored).toMatchObject({ customerId: minorCustomerId, minor: true });
  });

  it('gives a minor’s erasure the minors’ 72-hour target as its effective due date, and no one else', async () => {
    // Mon 2 Nov 2026, 10:00 in London (GMT): one month and the company's 30 days both end on 2 Dec.
    const receivedAt = '2026-11-02T10:00:00.000Z';
    const minorErasure = await intake({
      regime: 'uk_gdpr',
      type: 'erasure',
      receivedAt,
      minor: true,
      requester: { name: 'Kid Young', email: 'kid.young@example.org' },
    });
    const adultErasure = await intake({ regime: 'uk_gdpr', type: 'erasure', receivedAt });
    const minorAccess = await intake({ regime: 'uk_gdpr', type: 'access', receivedAt, minor: true });
    const stored = async (id: string) =>
      (await app.database.db.select().from(requests).where(eq(requests.id, id)))[0];
    expect(await stored(minorErasure.id)).toMatchObject({
      statutoryDueOn: '2026-12-02',
      companyDueOn: '2026-12-02',
      effectiveDueOn: '2026-11-05',
    });
    expect((await stored(adultErasure.id))?.effectiveDueOn).toBe('2026-12-02');
    expect((await stored(minorAccess.id))?.effectiveDueOn).toBe('2026-12-02');
    const page = await officer.requests.get({ id: minorErasure.id });
    expect(page.clocks.effective).toEqual({ dueOn: '2026-11-05', source: 'minor_target' });
    expect(page.clocks.minorTarget).toEqual({
      at: '2026-11-05T10:00:00.000Z',
      dueOn: '2026-11-05',
      hours: 72,
    });
  });

  it('flags a linked account whose name differs from the requester’s, and says so on the request', async () => {
    const matching = await intake({ customerId });
    expect(matching.warnings).toEqual([]);
    expect((await officer.requests.get({ id: matching.id })).customerLinkCheck).toBe('match');
    // Logged for "Jane Smith" but linked to Jane Doe's account (same email): flagged, not refused.
    const out = await intake({
      customerId,
      requester: { name: 'Jane Smith', email: 'jane.doe@example.com', location: 'DE' },
    });
    expect(out.warnings).toEqual([
      'The linked account’s name differs from the requester’s. The request is flagged for a check.',
    ]);
    const detail = await officer.requests.get({ id: out.id });
    expect(detail.customerLinkCheck).toBe('name_differs');
    const [created] = await auditFor(out.id);
    expect(created?.after).toMatchObject({ customerId, customerLinkCheck: 'name_differs' });
    const unlinked = await intake();
    expect((await officer.requests.get({ id: unlinked.id })).customerLinkCheck).toBeNull();
  });

  it('tells the intake form where each regime is handled, and only those who log requests', async () => {
    const context = await support.requests.intakeContext();
    expect(context.handling.gdpr).toEqual({ calendar: 'IE', timeZone: 'Europe/Dublin' });
    expect(context.handling.ccpa).toEqual({ calendar: 'US-CA', timeZone: 'America/Los_Angeles' });
    await expectTrpcError(auditor.requests.intakeContext(), 'FORBIDDEN');
    // @ts-expect-error the procedure takes no input; a caller that sends one is refused
    await expectTrpcError(officer.requests.intakeContext({ regime: 'gdpr' }), 'BAD_REQUEST');
  });

  it('hands out distinct references under concurrent intake', async () => {
    const created = await Promise.all(Array.from({ length: 8 }, () => intake()));
    const refs = created.map((c) => c.reference);
    expect(new Set(refs).size).toBe(8);
  });

  it('refuses bad input field by field and writes nothing', async () => {
    const before = await requestCount();
    // @ts-expect-error an unknown type is what this test sends
    await expectTrpcError(officer.requests.create(intakeInput({ type: 'telepathy' })), 'BAD_REQUEST');
    // @ts-expect-error an unknown channel is what this test sends
    await expectTrpcError(officer.requests.create(intakeInput({ channel: 'pigeon' })), 'BAD_REQUEST');
    await expectTrpcError(
      officer.requests.create(intakeInput({ requester: { name: 'Jane', email: 'not-an-email' } })),
      'BAD_REQUEST',
    );
    await expectTrpcError(
      officer.requests.create(intakeInput({ type: 'know', regime: 'gdpr' })),
      'BAD_REQUEST',
    );
    await expectTrpcError(
      officer.requests.create(intakeInput({ channel: 'authorised_agent' })),
      'BAD_REQUEST',
    );
    const future = await expectTrpcError(
      officer.requests.create(intakeInput({ receivedAt: new Date(Date.now() + 3_600_000).toISOString() })),
      'BAD_REQUEST',
    );
    expect(future.cause).toMatchObject({
      fieldErrors: { receivedAt: ['The receipt time cannot be in the future.'] },
    });
    const unknownCustomer = await expectTrpcError(
      officer.requests.create(intakeInput({ customerId: '00000000-0000-4000-8000-000000000000' })),
      'BAD_REQUEST',
    );
    expect(unknownCustomer.cause).toMatchObject({ fieldErrors: { customerId: [expect.any(String)] } });
    expect(await requestCount()).toBe(before);
  });

  it('is forbidden to managers, auditors and admins', async () => {
    for (const caller of [manager, auditor, admin])
      await expectTrpcError(caller.requests.create(intakeInput()), 'FORBIDDEN');
  });
});

describe('requests.findOpenDuplicates', () => {
  it('finds open requests of the same type by email or account, and not closed ones', async () => {
    const open = await intake({
      type: 'portability',
      requester: { name: 'Dup Licate', email: 'dup@example.net' },
    });
    const closed = await intake({
      type: 'portability',
      requester: { name: 'Dup Licate', email: 'dup@example.net' },
    });
    await officer.requests.transition({
      id: closed.id,
      version: 0,
      to: 'withdrawn',
      note: 'Phoned to withdraw.',
    });
    await intake({ type: 'access', requester: { name: 'Dup Licate', email: 'dup@example.net' } });
    const found = await support.requests.findOpenDuplicates({
      type: 'portability',
      email: 'DUP@example.net',
    });
    expect(found.items.map((i) => [i.id, i.matchedOn])).toEqual([[open.id, 'email']]);
    const byAccount = await officer.requests.findOpenDuplicates({ type: 'access', customerId });
    expect(byAccount.items.length).toBeGreaterThan(0);
    expect(byAccount.items.every((i) => i.matchedOn === 'customer' || i.matchedOn === 'both')).toBe(true);
  });

  it('needs an email or an account, and the intake permission', async () => {
    await expectTrpcError(
      officer.requests.findOpenDuplicates({ type: 'access' }),
      'BAD_REQUEST',
      /attention|email/i,
    );
    await expectTrpcError(
      officer.requests.findOpenDuplicates({ type: 'access', email: 'nope' }),
      'BAD_REQUEST',
    );
    await expectTrpcError(
      auditor.requests.findOpenDuplicates({ type: 'access', email: 'dup@example.net' }),
      'FORBIDDEN',
    );
  });
});

describe('requests.find', () => {
  it('shows officers the requester in clear and managers masked', async () => {
    const created = await intake({
      requester: { name: 'Masked Person', email: 'masked.person@example.com' },
    });
    const asOfficer = await officer.requests.find({ search: 'masked.person@example.com' });
    expect(asOfficer.view).toBe('full');
    expect(asOfficer.items).toEqual([
      expect.objectContaining({
        id: created.id,
        requesterName: 'Masked Person',
        requesterEmail: 'masked.person@example.com',
        requesterMasked: false,
      }),
    ]);
    const asManager = await manager.requests.find({ search: 'masked.person@example.com' });
    expect(asManager.items).toEqual([
      expect.objectContaining({
        id: created.id,
        requesterName: 'M. P***',
        requesterEmail: 'm***@e***.com',
        requesterMasked: true,
      }),
    ]);
    const asAuditor = await auditor.requests.find({ search: created.reference });
    expect(JSON.stringify(asAuditor)).not.toMatch(/Masked Person|masked\.person/);
  });

  it('shows support agents summary rows only, masked, and refuses filters on internals', async () => {
    const created = await intake({
      requester: { name: 'Summary Person', email: 'summary.person@example.com' },
    });
    const page = await support.requests.find({ search: created.reference });
    expect(page.view).toBe('summary');
    const [row] = page.items;
    expect(Object.keys(row ?? {}).sort()).toEqual([
      // The linked account's standing flags: support agents tell callers about a restriction or hold.
      'customerFlags',
      'dueOn',
      'id',
      'receivedAt',
      'reference',
      'regime',
      'requesterEmail',
      'requesterMasked',
      'requesterName',
      'status',
      'type',
    ]);
    expect(row).toMatchObject({ requesterName: 'S. P***', requesterMasked: true });
    const refused = await expectTrpcError(support.requests.find({ assignee: 'nobody' }), 'FORBIDDEN');
    expect(refused.cause).toMatchObject({ fieldErrors: { assignee: [expect.any(String)] } });
    await expectTrpcError(support.requests.find({ sort: 'priority' }), 'FORBIDDEN');
    await expectTrpcError(admin.requests.find({}), 'FORBIDDEN');
  });

  it('filters by status, type, regime, channel, assignee, due, minor, customer and search', async () => {
    const solo = await createTestApp();
    try {
      const { caller: me, staff: meStaff } = await solo.callerAs(['privacy_officer']);
      const { staff: other } = await solo.callerAs(['privacy_officer']);
      const base = { type: 'access', regime: 'gdpr', channel: 'email', description: '' } as const;
      const a = await me.requests.create({
        ...base,
        requester: { name: 'Amara Quispe', email: 'amara.q@example.com' },
        receivedAt: daysAgo(40),
      });
      const b = await me.requests.create({
        ...base,
        type: 'know',
        regime: 'ccpa',
        channel: 'phone',
        requester: { name: 'Bruno Szabo', email: 'bruno@example.org' },
        receivedAt: daysAgo(27),
        minor: true,
        priority: 'high',
      });
      const c = await me.requests.create({
        ...base,
        channel: 'web_form',
        requester: { name: 'Chiara Moreau', email: 'chiara@example.net' },
        receivedAt: daysAgo(1),
      });
      const d = await me.requests.create({
        ...base,
        requester: { name: 'Amara Lindgren', email: 'a.lindgren@example.com' },
        receivedAt: daysAgo(60),
      });
      await me.requests.assign({ id: a.id, version: 0, assigneeId: meStaff.id });
      await me.requests.assign({ id: b.id, version: b.version, assigneeId: other.id });
      await me.requests.transition({
        id: d.id,
        version: 0,
        to: 'denied',
        reasonCode: 'duplicate',
        explanation: 'Already answered.',
      });
      const ids = async (filters: Parameters<Caller['requests']['find']>[0]) =>
        (await me.requests.find({ ...filters, sort: 'reference', dir: 'asc' })).items.map((i) => i.id);

      expect(await ids({})).toEqual([a.id, b.id, c.id, d.id]);
      expect(await ids({ statuses: ['received'] })).toEqual([a.id, b.id, c.id]);
      expect(await ids({ statuses: ['denied', 'completed'] })).toEqual([d.id]);
      expect(await ids({ type: 'know' })).toEqual([b.id]);
      expect(await ids({ regime: 'ccpa' })).toEqual([b.id]);
      expect(await ids({ channel: 'web_form' })).toEqual([c.id]);
      expect(await ids({ assignee: 'me' })).toEqual([a.id]);
      expect(await ids({ assignee: 'nobody' })).toEqual([c.id, d.id]);
      expect(await ids({ assignee: other.id })).toEqual([b.id]);
      expect(await ids({ assignee: 'anyone' })).toHaveLength(4);
      // a: due 10 days ago; b: due in 3 days; c: due in 29 days; d: overdue but closed, so not listed.
      expect(await ids({ due: 'overdue' })).toEqual([a.id]);
      expect(await ids({ due: 'due_soon' })).toEqual([b.id]);
      expect(await ids({ due: 'next_7_days' })).toEqual([b.id]);
      expect(await ids({ minor: true })).toEqual([b.id]);
      expect(await ids({ minor: false })).toEqual([a.id, c.id, d.id]);
      expect(await ids({ search: a.reference.toLowerCase() })).toEqual([a.id]);
      expect(await ids({ search: 'bruno@ex' })).toEqual([b.id]);
      expect(await ids({ search: 'amara' })).toEqual([a.id, d.id]);
      expect(await ids({ search: 'AMA lind' })).toEqual([d.id]);
      expect(await ids({ search: 'móreau' })).toEqual([c.id]);
      expect(await ids({ search: '%' })).toEqual([]);
      expect(await ids({ search: String(Number(c.reference.slice(-6))) })).toEqual([c.id]);
      expect(await ids({ statuses: ['received'], regime: 'gdpr', assignee: 'nobody' })).toEqual([c.id]);

      const page = await me.requests.find({ pageSize: 2, page: 2, sort: 'reference', dir: 'asc' });
      expect(page).toMatchObject({ total: 4, totalExact: true, page: 2, pageSize: 2 });
      expect(page.items.map((i) => i.id)).toEqual([c.id, d.id]);

      const sortedBy = async (sort: Parameters<Caller['requests']['find']>[0]['sort'], dir: 'asc' | 'desc') =>
        (await me.requests.find({ sort, dir })).items.map((i) => i.id);
      expect(await sortedBy('receivedAt', 'desc')).toEqual([c.id, b.id, a.id, d.id]);
      expect(await sortedBy('dueOn', 'asc')).toEqual([d.id, a.id, b.id, c.id]);
      expect(await sortedBy('requester', 'asc')).toEqual([d.id, a.id, b.id, c.id]);
      // Ties break by id in the same direction.
      const byId = (ids: string[], dir: 'asc' | 'desc') =>
        [...ids].sort((x, y) => (dir === 'asc' ? x.localeCompare(y) : y.localeCompare(x)));
      expect(await sortedBy('status', 'asc')).toEqual([d.id, ...byId([a.id, b.id, c.id], 'asc')]);
      expect(await sortedBy('regime', 'desc')).toEqual([...byId([a.id, c.id, d.id], 'desc'), b.id]);
      expect(await sortedBy('type', 'asc')).toEqual([...byId([a.id, c.id, d.id], 'asc'), b.id]);
      expect((await sortedBy('priority', 'desc'))[0]).toBe(b.id);
      // Assignees by name (both are "Test privacy_officer"; ties by id), unassigned last going up.
      expect((await sortedBy('assignee', 'asc')).slice(2)).toEqual(byId([c.id, d.id], 'asc'));
      expect((await sortedBy('assignee', 'desc')).slice(0, 2)).toEqual(byId([c.id, d.id], 'desc'));
    } finally {
      await solo.close();
    }
  });

  it('refuses bad input', async () => {
    await expectTrpcError(officer.requests.find({ pageSize: 1000 }), 'BAD_REQUEST');
    // @ts-expect-error an unknown sort is what this test sends
    await expectTrpcError(officer.requests.find({ sort: 'mood' }), 'BAD_REQUEST');
    // @ts-expect-error an unknown status is what this test sends
    await expectTrpcError(officer.requests.find({ statuses: ['lost'] }), 'BAD_REQUEST');
    await expectTrpcError(officer.requests.find({ assignee: 'somebody' }), 'BAD_REQUEST');
  });
});

describe('requests.get and requests.timeline', () => {
  it('shows the whole request to officers, masked to managers and auditors, with the moves each may make', async () => {
    const created = await intake({
      customerId,
      channel: 'authorised_agent',
      agent: { name: 'Agent Smith', email: 'agent@agents.example', permissionNote: 'Signed form on file.' },
    });
    const other = await intake({ type: 'erasure' });
    const asOfficer = await officer.requests.get({ id: created.id });
    expect(asOfficer).toMatchObject({
      reference: created.reference,
      requesterName: 'Jane Doe',
      requesterEmail: 'jane.doe@example.com',
      agent: { name: 'Agent Smith', email: 'agent@agents.example' },
      customer: { id: customerId, name: 'Jane Doe', masked: false, accountNumber: 'SYN-900001' },
      due: { timeZone: 'Europe/Dublin', calendar: 'IE', dueOn: created.dueOn },
      canAssign: true,
    });
    expect(asOfficer.allowedMoves.map((m) => m.to)).toEqual(['verifying', 'denied', 'withdrawn']);
    expect(asOfficer.related.map((r) => r.id)).toContain(other.id);
    expect(asOfficer.related.map((r) => r.id)).not.toContain(created.id);

    const asManager = await manager.requests.get({ id: created.id });
    expect(asManager).toMatchObject({
      requesterName: 'J. D***',
      requesterMasked: true,
      agent: { name: 'A. S***' },
      customer: { name: 'J. D***', email: 'j***@e***.com', masked: true },
      canAssign: true,
      allowedMoves: [],
    });
    const asAuditor = await auditor.requests.get({ id: created.id });
    expect(asAuditor).toMatchObject({ canAssign: false, allowedMoves: [] });
    expect(JSON.stringify(asAuditor)).not.toMatch(/jane|agent@agents/i);
  });

  it('lists the timeline with who and when: intake, assignment, status changes and notes', async () => {
    const created = await intake();
    await officer.requests.assign({ id: created.id, version: 0, assigneeId: officer2Staff.id });
    await officer2.requests.transition({ id: created.id, version: 1, to: 'verifying' });
    await officer2.requests.addNote({ id: created.id, text: 'Asked the platform team for the export.' });
    const { items } = await manager.requests.timeline({ id: created.id });
    expect(items.map((e) => e.kind)).toEqual(['intake', 'assigned', 'status_changed', 'note']);
    expect(items[1]).toMatchObject({
      actor: { id: officerStaff.id, name: 'Olivia Okafor' },
      from: null,
      to: { id: officer2Staff.id, name: 'Piotr Nowak' },
    });
    expect(items[2]).toMatchObject({ from: 'received', to: 'verifying', actor: { name: 'Piotr Nowak' } });
    expect(items[3]).toMatchObject({ text: 'Asked the platform team for the export.' });
  });

  it('answers NOT_FOUND, BAD_REQUEST and FORBIDDEN where due', async () => {
    await expectTrpcError(officer.requests.get({ id: '00000000-0000-4000-8000-000000000000' }), 'NOT_FOUND');
    await expectTrpcError(officer.requests.get({ id: 'DSR-1' }), 'BAD_REQUEST');
    const created = await intake();
    await expectTrpcError(support.requests.get({ id: created.id }), 'FORBIDDEN');
    await expectTrpcError(support.requests.timeline({ id: created.id }), 'FORBIDDEN');
    await expectTrpcError(officer.requests.timeline({ id: 'x' }), 'BAD_REQUEST');
    await expectTrpcError(
      officer.requests.timeline({ id: '00000000-0000-4000-8000-000000000000' }),
      'NOT_FOUND',
    );
  });
});

describe('requests.summaryForCustomer', () => {
  it('gives support agents reference, type, status and due date only', async () => {
    const created = await support.requests.create(intakeInput({ customerId, channel: 'support' }));
    const { items } = await support.requests.summaryForCustomer({ customerId });
    const row = items.find((i) => i.id === created.id);
    expect(row).toMatchObject({
      reference: created.reference,
      status: 'received',
      dueOn: created.dueOn,
      type: 'access',
    });
    expect(Object.keys(row ?? {}).sort()).toEqual([
      'dueOn',
      'id',
      'receivedAt',
      'reference',
      'status',
      'type',
    ]);
  });

  it('refuses unknown customers, bad ids and roles without the summary permission', async () => {
    await expectTrpcError(
      support.requests.summaryForCustomer({ customerId: '00000000-0000-4000-8000-000000000000' }),
      'NOT_FOUND',
    );
    await expectTrpcError(support.requests.summaryForCustomer({ customerId: 'SYN-900001' }), 'BAD_REQUEST');
    await expectTrpcError(admin.requests.summaryForCustomer({ customerId }), 'FORBIDDEN');
  });
});

describe('requests.assign', () => {
  it('assigns and unassigns, for officers and managers, with a timeline entry and an audit event', async () => {
    const created = await intake();
    const assigned = await manager.requests.assign({
      id: created.id,
      version: 0,
      assigneeId: officerStaff.id,
    });
    expect(assigned).toMatchObject({ version: 1, assignee: { id: officerStaff.id, name: 'Olivia Okafor' } });
    const unassigned = await officer.requests.assign({ id: created.id, version: 1, assigneeId: null });
    expect(unassigned).toMatchObject({ version: 2, assignee: null });
    // The same assignee again changes nothing.
    expect((await officer.requests.assign({ id: created.id, version: 2, assigneeId: null })).version).toBe(2);
    const audit = await auditFor(created.id);
    expect(audit.map((a) => a.action)).toEqual([
      'requests.created',
      'requests.assigned',
      'requests.assigned',
    ]);
    expect(audit[1]?.actorId).toBe(managerStaff.id);
  });

  it('refuses unknown or unsuitable assignees beside the field, and changes nothing', async () => {
    const created = await intake();
    const unknown = await expectTrpcError(
      officer.requests.assign({
        id: created.id,
        version: 0,
        assigneeId: '00000000-0000-4000-8000-000000000000',
      }),
      'BAD_REQUEST',
    );
    expect(unknown.cause).toMatchObject({ fieldErrors: { assigneeId: [expect.any(String)] } });
    await expectTrpcError(
      officer.requests.assign({ id: created.id, version: 0, assigneeId: managerStaff.id }),
      'BAD_REQUEST',
      /only to privacy officers/,
    );
    await expectTrpcError(
      officer.requests.assign({ id: created.id, version: 0, assigneeId: 'me' }),
      'BAD_REQUEST',
    );
    expect(await versionOf(created.id)).toBe(0);
  });

  it('refuses a stale version, naming who changed it and when', async () => {
    const created = await intake();
    await officer.requests.assign({ id: created.id, version: 0, assigneeId: officerStaff.id });
    await expectTrpcError(
      manager.requests.assign({ id: created.id, version: 0, assigneeId: officer2Staff.id }),
      'CONFLICT',
      /changed by Olivia Okafor at \d\d:\d\d UTC — reload/,
    );
    expect(await versionOf(created.id)).toBe(1);
  });

  it('is forbidden to auditors and support agents', async () => {
    const created = await intake();
    await expectTrpcError(
      auditor.requests.assign({ id: created.id, version: 0, assigneeId: null }),
      'FORBIDDEN',
    );
    await expectTrpcError(
      support.requests.assign({ id: created.id, version: 0, assigneeId: null }),
      'FORBIDDEN',
    );
  });
});

describe('requests.transition (the lifecycle, server-side)', () => {
  it('walks a request through its lifecycle, recording each change', async () => {
    const created = await intake();
    const version = await moveTo(created.id, [
      { to: 'verifying' },
      'verify',
      { to: 'in_progress' },
      { to: 'awaiting_requester', message: 'Which of your two accounts?' },
      { to: 'in_progress' },
      { to: 'completed', outcome: 'fulfilled' },
    ]);
    // Five moves and the identity check.
    expect(version).toBe(6);
    const detail = await officer.requests.get({ id: created.id });
    expect(detail).toMatchObject({
      status: 'completed',
      outcome: 'fulfilled',
      allowedMoves: [],
      canAssign: false,
    });
    const { items } = await officer.requests.timeline({ id: created.id });
    expect(items.filter((e) => e.kind === 'status_changed')).toHaveLength(5);
    expect(items.find((e) => e.kind === 'status_changed' && e.to === 'awaiting_requester')).toMatchObject({
      message: 'Which of your two accounts?',
    });
    const audit = await auditFor(created.id);
    expect(audit.filter((a) => a.action === 'requests.status_changed')).toHaveLength(5);
    expect(JSON.stringify(audit)).not.toMatch(/two accounts/);
  });

  it('denies with a reason code and the explanation sent, and asks for them beside the fields', async () => {
    const created = await intake();
    const missing = await expectTrpcError(
      officer.requests.transition({ id: created.id, version: 0, to: 'denied' }),
      'BAD_REQUEST',
    );
    expect(missing.cause).toMatchObject({
      fieldErrors: { reasonCode: [expect.any(String)], explanation: [expect.any(String)] },
    });
    const denied = await officer.requests.transition({
      id: created.id,
      version: 0,
      to: 'denied',
      reasonCode: 'manifestly_unfounded',
      explanation: 'The request repeats one answered last week.',
    });
    expect(denied).toMatchObject({
      status: 'denied',
      outcome: 'denied',
      reasonCode: 'manifestly_unfounded',
      version: 1,
    });
    const [stored] = await app.database.db.select().from(requests).where(eq(requests.id, created.id));
    expect(stored?.denialExplanation).toBe('The request repeats one answered last week.');
  });

  it('refuses moves the lifecycle does not allow, and changes nothing', async () => {
    const created = await intake();
    await expectTrpcError(
      officer.requests.transition({ id: created.id, version: 0, to: 'completed', outcome: 'fulfilled' }),
      'BAD_REQUEST',
      /cannot move from “Received” to “Completed”/,
    );
    await expectTrpcError(
      officer.requests.transition({ id: created.id, version: 0, to: 'received' }),
      'BAD_REQUEST',
      /already received/,
    );
    await expectTrpcError(
      // @ts-expect-error an unknown status is what this test sends
      officer.requests.transition({ id: created.id, version: 0, to: 'teleported' }),
      'BAD_REQUEST',
    );
    expect(await versionOf(created.id)).toBe(0);
    const events = await app.database.db
      .select()
      .from(requestEvents)
      .where(eq(requestEvents.requestId, created.id));
    expect(events).toHaveLength(1);

    const erasure = await intake({ type: 'erasure' });
    const v = await moveTo(erasure.id, [{ to: 'verifying' }, 'verify', { to: 'in_progress' }]);
    await expectTrpcError(
      officer.requests.transition({ id: erasure.id, version: v, to: 'completed', outcome: 'fulfilled' }),
      'BAD_REQUEST',
      /erasure plan/,
    );
    await expectTrpcError(
      officer.requests.transition({ id: erasure.id, version: v, to: 'awaiting_approval' }),
      'BAD_REQUEST',
      /erasure plan/,
    );
    await app.database.db
      .update(requests)
      .set({ status: 'awaiting_approval' })
      .where(eq(requests.id, erasure.id));
    await expectTrpcError(
      officer.requests.transition({ id: erasure.id, version: v, to: 'approved' }),
      'BAD_REQUEST',
      /erasure plan/,
    );
  });

  it('is forbidden to managers, auditors and support agents', async () => {
    const created = await intake();
    for (const caller of [manager, auditor, support]) {
      await expectTrpcError(
        caller.requests.transition({ id: created.id, version: 0, to: 'verifying' }),
        'FORBIDDEN',
      );
    }
  });

  it('lets exactly one of two concurrent changes from the same version win; the other gets a conflict', async () => {
    const created = await intake();
    const results = await Promise.allSettled([
      officer.requests.transition({ id: created.id, version: 0, to: 'verifying' }),
      officer2.requests.transition({
        id: created.id,
        version: 0,
        to: 'withdrawn',
        note: 'Requester withdrew by phone.',
      }),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r) => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    const reason: unknown = lost[0]?.status === 'rejected' ? lost[0].reason : null;
    expect(String(reason)).toMatch(/changed by (Olivia Okafor|Piotr Nowak) at \d\d:\d\d UTC — reload/);
    const winner = won[0]?.status === 'fulfilled' ? won[0].value : null;
    const [stored] = await app.database.db.select().from(requests).where(eq(requests.id, created.id));
    expect(stored).toMatchObject({ status: winner?.status, version: 1 });
    const changes = await app.database.db
      .select()
      .from(requestEvents)
      .where(and(eq(requestEvents.requestId, created.id), eq(requestEvents.kind, 'status_changed')));
    expect(changes).toHaveLength(1);
    expect((await auditFor(created.id)).filter((a) => a.action === 'requests.status_changed')).toHaveLength(
      1,
    );
  });
});

describe('requests.addNote', () => {
  it('adds an internal note to the timeline, audited by id only', async () => {
    const created = await intake();
    const note = await officer.requests.addNote({ id: created.id, text: 'Jane called; she prefers email.' });
    expect(note).toMatchObject({
      kind: 'note',
      text: 'Jane called; she prefers email.',
      actor: { id: officerStaff.id },
    });
    const audit = await auditFor(created.id);
    expect(audit.at(-1)).toMatchObject({ action: 'requests.note_added', after: { eventId: note.id } });
    expect(JSON.stringify(audit)).not.toMatch(/Jane called/);
    // A note changes no field, so it needs no version and bumps none.
    expect(await versionOf(created.id)).toBe(0);
  });

  it('refuses empty notes, unknown requests and roles that do not work requests', async () => {
    const created = await intake();
    await expectTrpcError(officer.requests.addNote({ id: created.id, text: '   ' }), 'BAD_REQUEST');
    await expectTrpcError(
      officer.requests.addNote({ id: '00000000-0000-4000-8000-000000000000', text: 'x' }),
      'NOT_FOUND',
    );
    await expectTrpcError(manager.requests.addNote({ id: created.id, text: 'x' }), 'FORBIDDEN');
  });
});

describe('bulk actions', () => {
  it('assigns row by row and reports each row, never failing as a whole', async () => {
    const fresh = await intake();
    const stale = await intake();
    await officer.requests.assign({ id: stale.id, version: 0, assigneeId: officerStaff.id });
    const closed = await intake();
    await officer.requests.transition({ id: closed.id, version: 0, to: 'withdrawn', note: 'Withdrawn.' });
    const missing = '00000000-0000-4000-8000-00000000abcd';
    const out = await manager.requests.bulkAssign({
      assigneeId: officer2Staff.id,
      items: [
        { id: fresh.id, version: 0 },
        { id: stale.id, version: 0 },
        { id: closed.id, version: 1 },
        { id: missing, version: 0 },
      ],
    });
    expect(out).toMatchObject({ succeeded: 1, unchanged: 0, failed: 3 });
    expect(out.results).toEqual([
      { id: fresh.id, reference: fresh.reference, ok: true, version: 1 },
      {
        id: stale.id,
        reference: stale.reference,
        ok: false,
        error: expect.stringMatching(/changed by Olivia Okafor/),
      },
      { id: closed.id, reference: closed.reference, ok: false, error: expect.stringMatching(/is closed/) },
      { id: missing, reference: null, ok: false, error: 'No request with this id.' },
    ]);
    const [storedStale] = await app.database.db.select().from(requests).where(eq(requests.id, stale.id));
    expect(storedStale?.assigneeId).toBe(officerStaff.id);
  });

  it('changes status row by row where the lifecycle allows it', async () => {
    const received = await intake();
    const verifying = await intake();
    const v = await moveTo(verifying.id, [{ to: 'verifying' }]);
    const out = await officer.requests.bulkTransition({
      to: 'verifying',
      items: [
        { id: received.id, version: 0 },
        { id: verifying.id, version: v },
      ],
    });
    expect(out.results.map((r) => [r.ok, r.error ?? null])).toEqual([
      [true, null],
      [false, 'The request is already verifying identity.'],
    ]);
    const denied = await officer.requests.bulkTransition({
      to: 'denied',
      reasonCode: 'duplicate',
      explanation: 'Same as DSR-2026-000001.',
      items: [
        { id: received.id, version: 1 },
        { id: verifying.id, version: v },
      ],
    });
    expect(denied).toMatchObject({ succeeded: 2, failed: 0 });
  });

  it('reports a row that was already so as unchanged, writing nothing for it', async () => {
    const already = await intake();
    await manager.requests.assign({ id: already.id, version: 0, assigneeId: officer2Staff.id });
    const fresh = await intake();
    const out = await manager.requests.bulkAssign({
      assigneeId: officer2Staff.id,
      items: [
        { id: already.id, version: 1 },
        { id: fresh.id, version: 0 },
      ],
    });
    expect(out).toMatchObject({ succeeded: 1, unchanged: 1, failed: 0 });
    expect(out.results[0]).toEqual({
      id: already.id,
      reference: already.reference,
      ok: true,
      version: 1,
      unchanged: true,
    });
    expect(await versionOf(already.id)).toBe(1);
    const assigned = (await auditFor(already.id)).filter((a) => a.action === 'requests.assigned');
    expect(assigned).toHaveLength(1);
  });

  it('applies to all requests matching the filters, only when exactly the confirmed number match', async () => {
    const requester = (n: number) => ({
      name: `Matchall Person${n}`,
      email: `matchall.bulk${n}@example.com`,
    });
    const portability = { type: 'portability' as const, regime: 'uk_gdpr' as const };
    const created = [
      await intake({ ...portability, requester: requester(1) }),
      await intake({ ...portability, requester: requester(2) }),
    ];
    await intake({ regime: 'uk_gdpr', requester: { name: 'Other Person', email: 'other.bulk@example.com' } });
    // A search is not a filter for "all matching": it would be a search without the search's audit.
    await expectTrpcError(
      manager.requests.bulkAssign({
        assigneeId: officer2Staff.id,
        matching: { filters: { search: 'Matchall' }, count: 2 },
      }),
      'BAD_REQUEST',
      /Clear the search to act on all matching requests/,
    );
    const filters = {
      statuses: ['received' as const],
      type: 'portability' as const,
      regime: 'uk_gdpr' as const,
      sort: 'dueOn' as const,
      dir: 'asc' as const,
    };
    // The queue changed since the person counted three: nothing is done.
    await expectTrpcError(
      manager.requests.bulkAssign({ assigneeId: officer2Staff.id, matching: { filters, count: 3 } }),
      'CONFLICT',
      /^2 requests match these filters now, not the 3 you confirmed: nothing was changed\./,
    );
    for (const c of created) expect(await versionOf(c.id)).toBe(0);
    const out = await manager.requests.bulkAssign({
      assigneeId: officer2Staff.id,
      matching: { filters, count: 2 },
    });
    expect(out).toMatchObject({ succeeded: 2, unchanged: 0, failed: 0 });
    expect(out.results.map((r) => r.reference).sort()).toEqual(created.map((c) => c.reference).sort());
    for (const c of created) expect(await versionOf(c.id)).toBe(1);
    // Both ways at once, or neither, is a bad request.
    await expectTrpcError(
      manager.requests.bulkAssign({
        assigneeId: null,
        items: [{ id: created[0]?.id ?? '', version: 1 }],
        matching: { filters, count: 2 },
      }),
      'BAD_REQUEST',
    );
    await expectTrpcError(manager.requests.bulkAssign({ assigneeId: null }), 'BAD_REQUEST');
    await expectTrpcError(
      manager.requests.bulkAssign({ assigneeId: null, matching: { filters, count: 201 } }),
      'BAD_REQUEST',
      /at most 200/,
    );
  });

  it('refuses a bad assignee, empty selections and roles without the permission as a whole', async () => {
    const created = await intake();
    await expectTrpcError(
      manager.requests.bulkAssign({ assigneeId: managerStaff.id, items: [{ id: created.id, version: 0 }] }),
      'BAD_REQUEST',
    );
    await expectTrpcError(manager.requests.bulkAssign({ assigneeId: null, items: [] }), 'BAD_REQUEST');
    await expectTrpcError(
      manager.requests.bulkTransition({ to: 'verifying', items: [{ id: created.id, version: 0 }] }),
      'FORBIDDEN',
    );
    await expectTrpcError(
      auditor.requests.bulkAssign({ assigneeId: null, items: [{ id: created.id, version: 0 }] }),
      'FORBIDDEN',
    );
    expect(await versionOf(created.id)).toBe(0);
  });
});

describe('requests.revealRequester', () => {
  it('shows one requester in clear with a typed reason, audited without the values', async () => {
    const created = await intake({ requester: { name: 'Reveal Me', email: 'reveal.me@example.com' } });
    const out = await manager.requests.revealRequester({
      id: created.id,
      reason: 'Customer on the phone asks about this request',
    });
    expect(out).toEqual({
      requesterName: 'Reveal Me',
      requesterEmail: 'reveal.me@example.com',
      agentName: null,
      agentEmail: null,
    });
    const audit = await auditFor(created.id);
    expect(audit.at(-1)).toMatchObject({
      action: 'requests.requester_revealed',
      actorId: managerStaff.id,
      reason: 'Customer on the phone asks about this request',
      after: { fields: ['requesterName', 'requesterEmail'] },
    });
    expect(JSON.stringify(audit)).not.toMatch(/reveal\.me|Reveal Me/);
    expect(
      await support.requests.revealRequester({ id: created.id, reason: 'Verifying the caller' }),
    ).toMatchObject({ requesterName: 'Reveal Me' });
  });

  it('needs a reason, an existing request and the permission', async () => {
    const created = await intake();
    await expectTrpcError(manager.requests.revealRequester({ id: created.id, reason: '' }), 'BAD_REQUEST');
    // A reason is a sentence, not a word typed to get past the field (issue 10, item 8).
    for (const reason of ['because', 'test test test', 'asdfasdfasdf', 'xxxxxxxxxxxx', '   reason   ']) {
      const error = await expectTrpcError(
        manager.requests.revealRequester({ id: created.id, reason }),
        'BAD_REQUEST',
      );
      expect(error.message).toMatch(/Say why in a sentence/);
    }
    await expectTrpcError(
      manager.requests.revealRequester({
        id: '00000000-0000-4000-8000-000000000000',
        reason: 'The caller asks about it',
      }),
      'NOT_FOUND',
    );
    await expectTrpcError(
      admin.requests.revealRequester({ id: created.id, reason: 'The caller asks about it' }),
      'FORBIDDEN',
    );
  });
});

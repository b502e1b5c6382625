import { and, asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SubprocessorFieldsInput } from '@privdesk/shared';
import { auditEvents, dataSystems, messages, organisations, subprocessors } from '../../db/schema.js';
import { expectTrpcError } from '../../testing/expect-error.js';
import { acceptingMailer, testJobDeps, testJobServices } from '../../testing/jobs.js';
import { runDueJobs } from '../../jobs/job-runner.js';
import { createTestApp, type Caller, type TestApp } from '../../testing/test-app.js';
import { subscribeFromPublicPage } from './registry-subscribers.js';

// The registry counts days in the EU handling entity's zone (Europe/Dublin by default): 10:00 UTC is that day.
let clock = new Date('2027-03-01T10:00:00.000Z');
const at = { now: () => clock };
let app: TestApp;
let officer: Caller;
let officer2: Caller;
let admin: Caller;
let support: Caller;
let auditor: Caller;
let systemId: string;
const orgIds: string[] = [];

function fields(overrides: Partial<SubprocessorFieldsInput> = {}): SubprocessorFieldsInput {
  return {
    name: 'Statly',
    legalName: 'Statly Analytics GmbH',
    address: 'Musterstraße 1, 10115 Berlin, Germany',
    contactEmail: 'Privacy@Statly.example',
    category: 'analytics',
    purpose: 'Product analytics.',
    services: 'Event collection and dashboards.',
    dataCategories: ['usage_data'],
    subjectCategories: ['customer_users'],
    locations: [{ country: 'DE', mechanism: 'none_needed' }],
    dpaSignedOn: '2027-02-01',
    dataSystemIds: [systemId],
    ...overrides,
  };
}

beforeAll(async () => {
  app = await createTestApp();
  ({ caller: officer } = await app.callerAs(['privacy_officer'], at));
  ({ caller: officer2 } = await app.callerAs(['privacy_officer'], at));
  ({ caller: admin } = await app.callerAs(['admin'], at));
  ({ caller: support } = await app.callerAs(['support_agent'], at));
  ({ caller: auditor } = await app.callerAs(['auditor'], at));
  const [system] = await app.database.db
    .insert(dataSystems)
    .values({
      key: 'product_analytics',
      name: 'Product analytics',
      description: 'Events',
      dataCategories: ['usage_data'],
    })
    .returning();
  if (!system) throw new Error('no system');
  systemId = system.id;
  const orgs = await app.database.db
    .insert(organisations)
    .values([
      {
        name: 'Kestrel Robotics',
        country: 'IE',
        privacyContactName: 'Ann Kestrel',
        privacyContactEmail: 'privacy@kestrel.example',
      },
      {
        name: 'Lumen Foods',
        country: 'FR',
        privacyContactName: 'Luc Lumen',
        privacyContactEmail: 'dpo@lumen.example',
      },
    ])
    .returning();
  orgIds.push(...orgs.map((o) => o.id));
});

afterAll(async () => {
  await app.close();
});

async function deliver(accepted = acceptingMailer()) {
  await runDueJobs(testJobDeps(app.database, {}, testJobServices({ mailer: accepted })), clock);
  return accepted;
}

describe('registry: the lifecycle of a replacement, as the done-when journey walks it', () => {
  it('proposes, notices by email, opens the window, takes an objection, activates after it, retires the old one', async () => {
    // An active analytics vendor to replace: proposed and activated early (it predates the registry).
    const old = await officer.registry.create({
      fields: fields({ name: 'Oldtrack', legalName: 'Oldtrack Ltd' }),
    });
    expect(old.status).toBe('proposed');
    const oldActive = await officer.registry.activate({
      id: old.id,
      version: old.version,
      noObjectionPeriod: true,
      reason: 'In service before the registry; its notice went out by letter in 2025.',
    });
    expect(oldActive.status).toBe('active');
    expect(oldActive.activeFrom).toBe('2027-03-01');

    await admin.registry.addSubscriber({
      organisationId: orgIds[0] ?? '',
      email: 'privacy@kestrel.example',
      name: 'Ann Kestrel',
      reason: 'Named in the customer’s DPA for notices.',
    });
    await admin.registry.addSubscriber({
      organisationId: orgIds[1] ?? '',
      email: 'dpo@lumen.example',
      name: 'Luc Lumen',
      reason: 'Named in the customer’s DPA for notices.',
    });

    const proposed = await officer.registry.create({ fields: fields({ replacesId: old.id }) });
    expect(proposed.replaces).toEqual({ id: old.id, name: 'Oldtrack', status: 'active' });
    expect(proposed.fields.contactEmail).toBe('privacy@statly.example');

    // Activation before any notice is refused, by name.
    await expectTrpcError(
      officer.registry.activate({ id: proposed.id, version: proposed.version }),
      'BAD_REQUEST',
      /Send the change notice first/,
    );

    const draft = await officer.registry.noticeDraft({ id: proposed.id });
    expect(draft.subject).toBe('Subprocessor change: Statly to replace Oldtrack');
    expect(draft.objectionDeadline).toBe('2027-03-31');
    expect(draft.confirmedSubscribers).toBe(2);
    const noticed = await officer.registry.sendNotice({
      id: proposed.id,
      version: proposed.version,
      channel: 'email',
      subject: draft.subject,
      body: draft.body,
    });
    expect(noticed.status).toBe('notice_sent');
    expect(noticed.objectionDeadline).toBe('2027-03-31');
    expect(noticed.notice?.deliveries.queued).toBe(2);

    const mailer = await deliver();
    expect(mailer.sent.map((m) => m.to).sort()).toEqual(['dpo@lumen.example', 'privacy@kestrel.example']);
    expect(mailer.sent[0]?.text).toContain('https://desk.test/subprocessors/unsubscribe/');
    expect(mailer.sent[0]?.text).not.toContain('[unsubscribe link]');

    const deliveries = await officer.registry.deliveries({ id: proposed.id });
    expect(deliveries.items.map((d) => [d.organisationName, d.email, d.status, d.attempts])).toEqual([
      ['Kestrel Robotics', 'privacy@kestrel.example', 'sent', 1],
      ['Lumen Foods', 'dpo@lumen.example', 'sent', 1],
    ]);
    await expectTrpcError(auditor.registry.deliveries({ id: proposed.id }), 'FORBIDDEN');

    let page = await officer.registry.get({ id: proposed.id });
    expect(page.status).toBe('objection_window');
    expect(page.windowOpen).toBe(true);
    expect(page.notice?.deliveries.sent).toBe(2);

    clock = new Date('2027-03-05T10:00:00.000Z');
    page = await officer.registry.recordObjection({
      id: page.id,
      version: page.version,
      organisationId: orgIds[1] ?? '',
      receivedOn: '2027-03-05',
      summary: 'Does not want usage data to leave France.',
    });
    expect(page.objections).toHaveLength(1);

    // Still inside the window (its last day).
    clock = new Date('2027-03-31T10:00:00.000Z');
    await expectTrpcError(
      officer.registry.activate({ id: page.id, version: page.version }),
      'BAD_REQUEST',
      /runs until 2027-03-31: activate from 2027-04-01/,
    );
    clock = new Date('2027-04-01T10:00:00.000Z');
    await expectTrpcError(
      officer.registry.activate({ id: page.id, version: page.version }),
      'BAD_REQUEST',
      /An objection is still open/,
    );
    page = await officer2.registry.decideObjection({
      id: page.id,
      version: page.version,
      objectionId: page.objections[0]?.id ?? '',
      outcome: 'exempted',
      note: 'Their account is configured so no events are sent.',
    });
    expect(page.objections[0]?.outcome).toBe('exempted');
    page = await officer.registry.activate({ id: page.id, version: page.version });
    expect(page.status).toBe('active');
    expect(page.activeFrom).toBe('2027-04-01');
    expect(page.activatedEarlyReason).toBeNull();
    // Its notice reached the subscribers: nothing to warn of.
    expect(page.warnings).toEqual([]);

    const oldNow = await officer.registry.get({ id: old.id });
    expect(oldNow.replacedBy).toEqual([{ id: page.id, name: 'Statly', status: 'active' }]);
    const retired = await officer.registry.retire({
      id: old.id,
      version: oldNow.version,
      reason: 'Replaced by Statly; its data deleted under its DPA.',
    });
    expect(retired.status).toBe('retired');
    expect(retired.retiredOn).toBe('2027-04-01');
    // Retiring keeps the history.
    expect(retired.history.map((h) => h.kind)).toEqual(['moved', 'moved', 'created']);

    const history = (await officer.registry.get({ id: page.id })).history;
    expect(history.map((h) => h.summary)).toEqual([
      'Activated after the objection window',
      'Objection from Lumen Foods decided: exempted',
      'Objection received from Lumen Foods on 2027-03-05',
      'Objection window opened: the notice has left',
      'Notice emailed to 2 subscribers on 2027-03-01; objections until 2027-03-31',
      'Proposed',
    ]);
    expect(history[3]?.actor).toBeNull();
    expect(history[3]?.system).toMatch(/^job:/);

    const actions = await app.database.db
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(and(eq(auditEvents.entityType, 'subprocessor'), eq(auditEvents.entityId, page.id)))
      .orderBy(asc(auditEvents.seq));
    expect(actions.map((a) => a.action)).toEqual([
      'registry.created',
      'registry.notice_sent',
      'registry.window_opened',
      'registry.objection_recorded',
      'registry.objection_decided',
      'registry.activated',
    ]);
    const sentAudits = await app.database.db
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .innerJoin(messages, eq(sql`${messages.id}::text`, auditEvents.entityId))
      .where(eq(messages.kind, 'subprocessor_notice'));
    expect(sentAudits.map((a) => a.action)).toEqual(['messages.sent', 'messages.sent']);
  });
});

describe('registry: edits and history', () => {
  it('keeps every version and shows what changed, field by field', async () => {
    clock = new Date('2027-04-02T10:00:00.000Z');
    const created = await officer.registry.create({ fields: fields({ name: 'Graphana Cloud' }) });
    const edited = await officer2.registry.update({
      id: created.id,
      version: created.version,
      fields: fields({
        name: 'Graphana Cloud',
        locations: [
          { country: 'DE', mechanism: 'none_needed' },
          { country: 'US', mechanism: 'scc', sccModule: 'module_3', sccVersion: 'eu_2021_914' },
        ],
        purpose: 'Dashboards of product usage.',
      }),
      reason: 'Vendor disclosed US support staff access.',
    });
    expect(edited.version).toBe(2);
    const [change] = edited.history;
    expect(change?.summary).toBe('Details changed');
    expect(change?.reason).toBe('Vendor disclosed US support staff access.');
    expect(change?.changes.map((c) => c.field)).toEqual(['purpose', 'locations']);
    expect(change?.changes[0]).toEqual({
      field: 'purpose',
      before: 'Product analytics.',
      after: 'Dashboards of product usage.',
    });
    // A stale version is refused with who changed it.
    await expectTrpcError(
      officer.registry.update({
        id: created.id,
        version: created.version,
        fields: fields({ name: 'Graphana Cloud' }),
      }),
      'CONFLICT',
    );
    await expectTrpcError(
      officer.registry.update({
        id: edited.id,
        version: edited.version,
        fields: fields({ ...edited.fields, dataSystemIds: [systemId] }),
      }),
      'BAD_REQUEST',
      /Nothing changed/,
    );
  });

  it('warns of what needs attention without refusing it', async () => {
    const page = await officer.registry.create({
      fields: fields({
        name: 'Postbird',
        locations: [{ country: 'IN', mechanism: null }],
        dpaSignedOn: null,
        certifications: [{ kind: 'soc2_type2', expiresOn: '2027-01-31' }],
        dataSystemIds: [],
      }),
    });
    expect(page.warnings.map((w) => w.kind)).toEqual([
      'no_mechanism',
      'dpa_missing',
      'certification_expired',
      'no_data_system',
    ]);
    const found = await support.registry.find({ search: 'postbird' });
    expect(found.total).toBe(1);
    expect(found.items[0]?.warnings).toHaveLength(4);
  });
});

describe('registry: bad input changes nothing', () => {
  it('names the field', async () => {
    const before = await app.database.db.select({ id: subprocessors.id }).from(subprocessors);
    const unknownCountry = await expectTrpcError(
      officer.registry.create({
        fields: fields({ name: 'X1', locations: [{ country: 'XX', mechanism: 'scc' }] }),
      }),
      'BAD_REQUEST',
    );
    expect(JSON.stringify(unknownCountry.cause ?? unknownCountry)).toContain('ISO 3166');
    await expectTrpcError(
      officer.registry.create({
        fields: fields({ name: 'X2', locations: [{ country: 'US', mechanism: 'adequacy' }] }),
      }),
      'BAD_REQUEST',
    );
    await expectTrpcError(
      officer.registry.create({ fields: fields({ name: 'X3', dpaSignedOn: '2027-12-31' }) }),
      'BAD_REQUEST',
      /on or before today \(2027-04-02\)/,
    );
    await expectTrpcError(
      officer.registry.create({ fields: fields({ name: 'Statly' }) }),
      'BAD_REQUEST',
      /Another subprocessor in the registry has this name/,
    );
    const after = await app.database.db.select({ id: subprocessors.id }).from(subprocessors);
    expect(after.length).toBe(before.length);
  });

  it('refuses moves out of order and an early activation without a reason', async () => {
    const created = await officer.registry.create({ fields: fields({ name: 'Orderly' }) });
    await expectTrpcError(
      officer.registry.activate({ id: created.id, version: created.version, noObjectionPeriod: true }),
      'BAD_REQUEST',
      /Say why no objection period applies/,
    );
    await expectTrpcError(
      officer.registry.recordObjection({
        id: created.id,
        version: created.version,
        organisationId: orgIds[0] ?? '',
        receivedOn: '2027-04-02',
        summary: 'Objection before any notice.',
      }),
      'BAD_REQUEST',
      /while the change is under notice; it is proposed/,
    );
    const noticed = await officer.registry.sendNotice({
      id: created.id,
      version: created.version,
      channel: 'manual',
      sentOn: '2027-04-02',
      subject: 'New subprocessor: Orderly',
      body: 'Notice by letter.',
    });
    // Sent another way: the window opens at once.
    expect(noticed.status).toBe('objection_window');
    expect(noticed.objectionDeadline).toBe('2027-05-02');
    await expectTrpcError(
      officer.registry.sendNotice({
        id: noticed.id,
        version: noticed.version,
        channel: 'manual',
        sentOn: '2027-04-02',
        subject: 'Again',
        body: 'Again.',
      }),
      'BAD_REQUEST',
      /only while it is proposed; it is objection window/,
    );
    await expectTrpcError(
      officer.registry.recordObjection({
        id: noticed.id,
        version: noticed.version,
        organisationId: orgIds[0] ?? '',
        receivedOn: '2027-04-01',
        summary: 'Before the notice.',
      }),
      'BAD_REQUEST',
      /The notice went out on 2027-04-02/,
    );
  });
});

describe('registry: who may do what', () => {
  it('lets every staff role read and only officers and admins change', async () => {
    expect((await auditor.registry.find({})).total).toBeGreaterThan(0);
    expect(
      (await support.registry.find({ statuses: ['active'] })).items.every((r) => r.status === 'active'),
    ).toBe(true);
    await expectTrpcError(support.registry.create({ fields: fields({ name: 'Nope' }) }), 'FORBIDDEN');
    await expectTrpcError(auditor.registry.subscribers(), 'FORBIDDEN');
    const created = await admin.registry.create({ fields: fields({ name: 'Admin-made' }) });
    expect(created.status).toBe('proposed');
  });
});

describe('registry: the public subscription form', () => {
  it('mails a pending address at most once an hour, however old its row', async () => {
    const email = 'slow.asker@customer.example';
    const ask = (at: string) =>
      subscribeFromPublicPage({ db: app.database.db, now: new Date(at) }, { email });
    const mails = async () =>
      (
        await app.database.db
          .select({ queuedAt: messages.queuedAt })
          .from(messages)
          .where(and(eq(messages.toAddress, email), eq(messages.kind, 'registry_subscription')))
          .orderBy(asc(messages.queuedAt))
      ).map((m) => m.queuedAt.toISOString());
    await ask('2027-05-01T08:00:00.000Z');
    await ask('2027-05-01T08:30:00.000Z');
    // Hours later the row is old, but a second ask within the hour of the last mail still sends nothing.
    await ask('2027-05-01T12:00:00.000Z');
    await ask('2027-05-01T12:59:00.000Z');
    await ask('2027-05-01T13:01:00.000Z');
    expect(await mails()).toEqual([
      '2027-05-01T08:00:00.000Z',
      '2027-05-01T12:00:00.000Z',
      '2027-05-01T13:01:00.000Z',
    ]);
  });
});

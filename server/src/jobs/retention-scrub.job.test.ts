import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditEvents,
  capturedMail,
  dataSystems,
  erasurePlanLines,
  erasurePlans,
  drpRequests,
  inboundAttachments,
  inboundMail,
  jobs,
  messages,
  requestClockEvents,
  requestEvents,
  requestSearchTerms,
  requestVerifications,
  requests,
} from '../db/schema.js';
import { rowsOf } from '../db/client.js';
import { requestLogCsv } from '../features/dashboard/reports.js';
import { storeInbound } from '../features/inbox/inbox-store.js';
import { retentionScrubJob } from './retention-scrub.job.js';
import { actorFrom } from '../lib/service.js';
import { TestDrpAgent } from '../testing/drp-agent.js';
import { expectTrpcError } from '../testing/expect-error.js';
import { deliverQueuedMail, testJobDeps, testJobServices } from '../testing/jobs.js';
import { createTestApp, testLog, type Caller, type TestApp, type TestStaff } from '../testing/test-app.js';
import { scheduleJob } from './job-queue.js';
import { runDueJobs, type JobHandler } from './job-runner.js';

/**
 * Keeping our own records lawfully (issue 18, item 4): the daily job removes requesters' personal data from
 * requests closed longer ago than the retention period, everywhere it lives, and nothing else — the §7101
 * log, the dashboard and the audit chain read the same before and after.
 */

const removed = 'Removed after the retention period';
// The run: 10 July 2029. The old request closed on 5 June 2026 (37 months before), the recent ones on 5
// January 2027 (30 months) and 5 March 2027 (28 months), the open one was received in May 2026.
const runAt = new Date('2029-07-10T01:00:00.000Z');
let clock = new Date('2026-06-01T16:00:00.000Z');
const now = () => clock;

let app: TestApp;
let officer: Caller;
let reviewer: Caller;
let manager: Caller;
let auditor: Caller;
let admin: Caller;
let auditorStaff: TestStaff;
const agent = new TestDrpAgent('SCRUB_AGENT');

/** What identifies Wilhelmina anywhere: name, address, phone, street, the sending server's domain. */
const personal = ['scrubwell', 'wilhelmina', '555-0199', 'Quillfeather Lane', 'mailhost-wsc'];

const rawMail = [
  'From: "Wilhelmina Scrubwell" <wilhelmina.scrubwell@example.com>',
  'To: privacy@syncronis.net',
  'Subject: My request, from Wilhelmina Scrubwell',
  'Message-ID: <0001.wilhelmina@mailhost-wsc.example>',
  'Date: Tue, 02 Jun 2026 09:00:00 +0000',
  'MIME-Version: 1.0',
  'Content-Type: multipart/mixed; boundary="b1"',
  '',
  '--b1',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'This is Wilhelmina Scrubwell, 7 Quillfeather Lane, phone 555-0199. My passport is attached.',
  '--b1',
  'Content-Type: application/pdf; name="wilhelmina-scrubwell-passport.pdf"',
  'Content-Disposition: attachment; filename="wilhelmina-scrubwell-passport.pdf"',
  'Content-Transfer-Encoding: base64',
  '',
  Buffer.from('PASSPORT Wilhelmina Scrubwell 555-0199').toString('base64'),
  '--b1--',
  '',
].join('\r\n');

const settle = (at: Date) => deliverQueuedMail(app.database, at, app.config.secretBox);

async function runScrub(
  key: string,
  extra: Partial<Parameters<typeof scheduleJob>[1]> = {},
  handler?: JobHandler,
) {
  await scheduleJob(app.database.db, { kind: 'requests.retention_scrub', runAt, key, ...extra });
  return runDueJobs(
    testJobDeps(
      app.database,
      handler ? { 'requests.retention_scrub': handler } : {},
      testJobServices({ secretBox: app.config.secretBox }),
    ),
    runAt,
  );
}

/** Every text, text[], jsonb and bytea value in the database that holds `needle`, as `table.column`. */
async function whereFound(needle: string): Promise<string[]> {
  const columns = rowsOf<{ table: string; column: string; type: string }>(
    await app.database.db.execute(sql`
      select table_name as "table", column_name as "column", data_type as "type"
      from information_schema.columns
      where table_schema = 'public' and data_type in ('text', 'jsonb', 'ARRAY', 'bytea', 'character varying')
      order by table_name, column_name`),
  );
  const found: string[] = [];
  for (const { table, column, type } of columns) {
    const ref = sql.raw(`"${table}"."${column}"`);
    const condition =
      type === 'bytea'
        ? sql`lower(encode(${ref}, 'escape')) like ${`%${needle.toLowerCase()}%`}`
        : sql`${ref}::text ilike ${`%${needle}%`}`;
    const [row] = rowsOf<{ n: number }>(
      await app.database.db.execute(
        sql`select count(*)::int as n from ${sql.raw(`"${table}"`)} where ${condition}`,
      ),
    );
    if ((row?.n ?? 0) > 0) found.push(`${table}.${column}`);
  }
  return found;
}

async function requestLog(): Promise<string> {
  const deps = {
    db: app.database.db,
    log: testLog,
    now: runAt,
    actor: actorFrom({ staffId: auditorStaff.id, roles: ['auditor'] }),
  };
  let csv = '';
  for await (const chunk of requestLogCsv(deps, {})) csv += chunk;
  return csv;
}

async function row(id: string) {
  const [found] = await app.database.db.select().from(requests).where(eq(requests.id, id));
  if (!found) throw new Error('no such request');
  return found;
}

/**
 * When a run scrubbed: its `now`, which is the run's instant plus the few milliseconds the runner took to get
 * to it (job-runner.ts) — within a minute of `runAt`, and the same for everything the run wrote.
 */
function ranAt(value: Date | null | undefined, run = runAt): Date {
  expect(value).toBeInstanceOf(Date);
  const at = value ?? new Date(0);
  expect(at.getTime() - run.getTime()).toBeGreaterThanOrEqual(0);
  expect(at.getTime() - run.getTime()).toBeLessThan(60_000);
  return at;
}

async function scrubAudits() {
  return app.database.db
    .select()
    .from(auditEvents)
    .where(eq(auditEvents.action, 'requests.scrubbed'))
    .orderBy(auditEvents.seq);
}

/** A request logged at `receivedAt`, then closed on `closedAt` through the lifecycle with a note. */
async function closedRequest(name: string, receivedAt: string, closedAt: string) {
  clock = new Date(receivedAt);
  const created = await officer.requests.create({
    type: 'access',
    regime: 'gdpr',
    channel: 'email',
    requester: { name, email: `${name.toLowerCase().replace(' ', '.')}@example.org` },
    receivedAt,
  });
  await officer.requests.addNote({ id: created.id, text: `${name} called about it.` });
  clock = new Date(closedAt);
  await officer.requests.transition({
    id: created.id,
    version: created.version,
    to: 'withdrawn',
    note: `${name} withdrew by phone.`,
  });
  await settle(clock);
  return created;
}

let old: { id: string; reference: string };
let recent: { id: string; reference: string };
let later: { id: string; reference: string };
let open: { id: string; reference: string };
let erasure: { id: string; reference: string };
let mailId: string;

beforeAll(async () => {
  app = await createTestApp();
  ({ caller: officer } = await app.callerAs(['privacy_officer'], { now }));
  ({ caller: reviewer } = await app.callerAs(['privacy_officer'], { now }));
  await app.database.db.insert(dataSystems).values({
    key: 'support_desk',
    name: 'Support desk',
    description: 'Tickets.',
    dataCategories: ['support_communications'],
    connectorKind: 'manual',
    connector: { kind: 'manual', instructions: 'Delete the tickets by hand.' },
  });
  ({ caller: manager } = await app.callerAs(['manager'], { now }));
  ({ caller: admin } = await app.callerAs(['admin'], { now }));
  ({ caller: auditor, staff: auditorStaff } = await app.callerAs(['auditor'], { now }));
  await admin.drp.addAgent({ id: agent.id, name: 'Scrub Test Agent', verifyKey: agent.verifyKey });

  // The old request: filed by an agent under the CCPA, with every kind of personal data a request gathers.
  const created = await officer.requests.create({
    type: 'know',
    knowScope: 'categories',
    regime: 'ccpa',
    channel: 'authorised_agent',
    requester: {
      name: 'Wilhelmina Scrubwell',
      email: 'wilhelmina.scrubwell@example.com',
      location: 'US-CA',
    },
    agent: {
      name: 'Otto Scrubwell',
      email: 'otto.scrubwell@example.net',
      permissionNote: 'Signed permission from Wilhelmina Scrubwell, 7 Quillfeather Lane.',
    },
    description: 'Wilhelmina Scrubwell wants to know what we hold; call 555-0199.',
    receivedAt: '2026-06-01T15:00:00.000Z',
  });
  old = created;
  await app.database.db.insert(drpRequests).values({
    requestId: created.id,
    agentId: agent.id,
    agentRequestId: 'agent-req-1',
    exercise: 'access:categories',
    voluntary: false,
    relationships: ['customer'],
    statusCallback: null,
    verificationUrl: `https://desk.test/drp/verify/${created.id}`,
    claims: {
      name: 'Wilhelmina Scrubwell',
      email: 'wilhelmina.scrubwell@example.com',
      email_verified: true,
      phone_number: '+1 555-0199',
      phone_number_verified: false,
      address: { street_address: '7 Quillfeather Lane', locality: 'Fresno', region: 'CA', country: 'US' },
      power_of_attorney: 'POA of Wilhelmina Scrubwell',
    },
    lastStatus: { request_id: created.id, status: 'open', received_at: '2026-06-01T15:00:00.000Z' },
  });
  // The acknowledgement leaves.
  await settle(clock);
  await app.database.db.insert(capturedMail).values({
    receivedAt: clock,
    envelopeFrom: 'privacy@syncronis.net',
    envelopeTo: ['wilhelmina.scrubwell@example.com'],
    messageId: (await app.database.db.select().from(messages).where(eq(messages.requestId, created.id)))[0]
      ?.messageId,
    subject: 'Your request, Wilhelmina Scrubwell',
    text: 'Dear Wilhelmina Scrubwell, we received your request.',
  });
  let version = (await row(created.id)).version;
  version = (await officer.requests.transition({ id: created.id, version, to: 'verifying' })).version;
  await officer.requests.transition({
    id: created.id,
    version,
    to: 'awaiting_requester',
    message: 'Wilhelmina, please confirm your address at 7 Quillfeather Lane.',
  });
  await settle(clock);

  // Her answer arrives by mail (with her passport, kept for a while), and an officer puts it on the request.
  clock = new Date('2026-06-02T09:00:00.000Z');
  mailId = await storeInbound(
    app.database.db,
    {
      mailFrom: 'wilhelmina.scrubwell@example.com',
      rcptTo: ['privacy@syncronis.net'],
      remoteIp: '198.51.100.23',
      helo: 'mailhost-wsc.example',
    },
    Buffer.from(rawMail),
    clock,
    undefined,
    { days: 3650, maxBytes: 100_000 },
  );
  await officer.inbox.attach({ id: mailId, version: 0, reference: created.reference });
  await settle(clock);
  version = (await row(created.id)).version;
  version = (await officer.requests.transition({ id: created.id, version, to: 'verifying' })).version;
  version = (
    await officer.verification.recordDocument({
      id: created.id,
      version,
      documentType: 'passport',
      outcome: 'passed',
      note: 'Passport of Wilhelmina Scrubwell seen, born in Fresno.',
    })
  ).version;
  version = (
    await officer.verification.recordAgentAuthority({
      id: created.id,
      version,
      subjectConfirmed: true,
      note: 'Wilhelmina Scrubwell confirmed by phone that Otto acts for her.',
    })
  ).version;
  version = (await officer.requests.transition({ id: created.id, version, to: 'in_progress' })).version;
  await officer.requests.addNote({ id: created.id, text: 'Wilhelmina Scrubwell rang from 555-0199.' });
  await officer.requests.extend({
    id: created.id,
    version,
    reason: 'Records of Wilhelmina Scrubwell span three systems.',
  });
  await settle(clock);

  // Closed on 5 June 2026: denied, nothing held.
  clock = new Date('2026-06-05T16:00:00.000Z');
  version = (await row(created.id)).version;
  await officer.requests.transition({
    id: created.id,
    version,
    to: 'denied',
    reasonCode: 'no_match',
    explanation: 'Dear Wilhelmina Scrubwell, we hold no data about you.',
  });
  await settle(clock);

  // Her erasure request: a plan with a note on a line, sent back with a note, then denied (a legal hold).
  clock = new Date('2026-06-03T10:00:00.000Z');
  const made = await officer.requests.create({
    type: 'erasure',
    regime: 'gdpr',
    channel: 'email',
    requester: { name: 'Wilhelmina Scrubwell', email: 'wilhelmina.scrubwell@example.com' },
    receivedAt: '2026-06-03T09:00:00.000Z',
  });
  erasure = made;
  version = (await officer.requests.transition({ id: made.id, version: made.version, to: 'verifying' }))
    .version;
  version = (
    await officer.verification.recordDocument({
      id: made.id,
      version,
      documentType: 'passport',
      outcome: 'passed',
    })
  ).version;
  version = (await officer.requests.transition({ id: made.id, version, to: 'in_progress' })).version;
  const { plan } = await officer.erasure.prepare({ requestId: made.id, requestVersion: version });
  await officer.erasure.changeLine({
    requestId: made.id,
    planVersion: plan.version,
    lineId: plan.lines[0]?.id ?? '',
    action: 'delete',
    ground: null,
    note: 'Tickets 4411 and 4412 of Wilhelmina Scrubwell.',
  });
  const submitted = await officer.erasure.submit({ requestId: made.id, planVersion: plan.version + 1 });
  await reviewer.erasure.reject({
    requestId: made.id,
    planVersion: submitted.plan.version,
    note: 'Wilhelmina Scrubwell is in a dispute with us: check with legal first.',
  });
  clock = new Date('2026-06-05T17:00:00.000Z');
  await officer.requests.transition({
    id: made.id,
    version: (await row(made.id)).version,
    to: 'denied',
    reasonCode: 'exemption',
    explanation: 'Wilhelmina Scrubwell, your data is kept for a legal claim (Art. 17(3)(e)).',
  });
  await settle(clock);

  recent = await closedRequest('Ottilie Keepsake', '2027-01-04T10:00:00.000Z', '2027-01-05T10:00:00.000Z');
  later = await closedRequest('Pernille Laterday', '2027-03-04T10:00:00.000Z', '2027-03-05T10:00:00.000Z');

  // Open since May 2026, never closed: never touched, however old.
  clock = new Date('2026-05-04T10:00:00.000Z');
  open = await officer.requests.create({
    type: 'access',
    regime: 'gdpr',
    channel: 'email',
    requester: { name: 'Quentin Stillopen', email: 'quentin.stillopen@example.org' },
    receivedAt: '2026-05-04T10:00:00.000Z',
  });
  await officer.requests.addNote({ id: open.id, text: 'Quentin Stillopen is waiting.' });
  await settle(clock);
  clock = runAt;
});
afterAll(() => app.close());

describe('requests.retention_scrub', () => {
  it('removes the requester’s data of a request closed 37 months ago everywhere, and changes no figure', async () => {
    for (const needle of personal) expect((await whereFound(needle)).length, needle).toBeGreaterThan(0);
    const closedFilter = { statuses: ['denied' as const], closedFrom: '2026-06-01', closedTo: '2026-06-30' };
    const strip = ({
      requesterName: _n,
      requesterEmail: _e,
      version: _v,
      ...rest
    }: Record<string, unknown>) => rest;
    const queueBefore = await manager.requests.find(closedFilter);
    const dashboardBefore = await auditor.dashboard.get({});
    const logBefore = await requestLog();
    expect(logBefore).toContain(
      `${old.reference},2026-06-01,ccpa,know,Authorised agent,2026-06-05,Denied,No data held (no match)\r\n`,
    );
    const before = await row(old.id);
    // Her two requests are related by her address while they hold it.
    expect((await officer.requests.get({ id: old.id })).related.map((r) => r.id)).toEqual([erasure.id]);

    const ran = await runScrub('scrub-1');
    expect(ran).toEqual([expect.objectContaining({ kind: 'requests.retention_scrub', outcome: 'done' })]);

    // Nothing of her is left anywhere in the database.
    for (const needle of personal) expect(await whereFound(needle), needle).toEqual([]);
    // The recent and the open requests keep theirs.
    expect(await whereFound('Ottilie Keepsake')).toEqual(
      expect.arrayContaining(['requests.requester_name', 'request_events.data']),
    );
    expect(await whereFound('Quentin Stillopen')).toEqual(
      expect.arrayContaining(['requests.requester_name', 'request_events.data']),
    );

    // The record of handling is as it was.
    const after = await row(old.id);
    const scrubbedAt = ranAt(after.scrubbedAt);
    expect(after).toEqual({
      ...before,
      requesterName: removed,
      requesterEmail: removed,
      requesterLocation: null,
      agentName: removed,
      agentEmail: removed,
      agentPermissionNote: removed,
      description: removed,
      denialExplanation: removed,
      scrubbedAt,
      version: before.version + 1,
      updatedAt: scrubbedAt,
      updatedBy: null,
    });
    expect(after).toMatchObject({
      status: 'denied',
      outcome: 'denied',
      reasonCode: 'no_match',
      closedOn: '2026-06-05',
      clockState: 'extended',
    });
    expect(await requestLog()).toBe(logBefore);
    expect(await auditor.dashboard.get({})).toEqual(dashboardBefore);
    const queueAfter = await manager.requests.find(closedFilter);
    expect(queueAfter.total).toBe(queueBefore.total);
    expect(queueAfter.items.map(strip)).toEqual(queueBefore.items.map(strip));
    expect(queueAfter.items.find((i) => i.id === old.id)).toMatchObject({
      requesterName: removed,
      requesterEmail: removed,
      requesterMasked: true,
    });

    // Place by place.
    const [terms] = await app.database.db
      .select()
      .from(requestSearchTerms)
      .where(eq(requestSearchTerms.requestId, old.id));
    const number = old.reference.slice(-6);
    expect(terms).toEqual({ requestId: old.id, terms: [number, String(Number(number))], words: [] });
    const sent = await app.database.db.select().from(messages).where(eq(messages.requestId, old.id));
    expect(sent.map((m) => [m.kind, m.status, m.toAddress, m.subject, m.body])).toEqual(
      sent.map((m) => [m.kind, 'sent', removed, removed, removed]),
    );
    expect(sent.map((m) => m.kind).sort()).toEqual([
      'acknowledgement',
      'denial',
      'extension_notice',
      'identity_request',
    ]);
    expect(sent.find((m) => m.kind === 'extension_notice')?.effect).toEqual({
      kind: 'ledger',
      event: 'extension_noticed',
      reason: removed,
    });
    const [captured] = await app.database.db.select().from(capturedMail);
    expect(captured).toMatchObject({ envelopeTo: [removed], subject: removed, text: removed });
    const [mail] = await app.database.db.select().from(inboundMail).where(eq(inboundMail.id, mailId));
    expect(mail).toMatchObject({
      status: 'reply',
      requestId: old.id,
      envelopeFrom: removed,
      envelopeTo: ['privacy@syncronis.net'],
      remoteIp: removed,
      helo: removed,
      fromAddress: null,
      fromName: removed,
      subject: removed,
      text: removed,
      messageId: null,
      inReplyTo: null,
      references: [],
      headers: [],
      attachments: [{ name: removed, type: 'application/pdf', size: 38 }],
      raw: null,
    });
    const [attachment] = await app.database.db
      .select()
      .from(inboundAttachments)
      .where(eq(inboundAttachments.mailId, mailId));
    expect(attachment).toMatchObject({
      name: removed,
      type: 'application/pdf',
      size: 38,
      content: null,
      purgedAt: scrubbedAt,
    });
    const [drp] = await app.database.db.select().from(drpRequests).where(eq(drpRequests.requestId, old.id));
    expect(drp?.claims).toEqual({
      name: removed,
      email: removed,
      email_verified: true,
      phone_number: removed,
      phone_number_verified: false,
      address: {},
      power_of_attorney: removed,
    });
    const checks = await app.database.db
      .select()
      .from(requestVerifications)
      .where(eq(requestVerifications.requestId, old.id));
    expect(checks.map((c) => [c.method, c.outcome, c.documentType, c.note])).toEqual([
      ['document_review', 'passed', 'passport', removed],
      ['authorised_agent', 'passed', null, removed],
    ]);
    const ledger = await app.database.db
      .select()
      .from(requestClockEvents)
      .where(eq(requestClockEvents.requestId, old.id))
      .orderBy(requestClockEvents.seq);
    expect(ledger.map((e) => [e.kind, e.on, e.reason])).toEqual([
      ['acknowledged', '2026-06-01', null],
      ['identity_asked', '2026-06-01', null],
      ['identity_received', '2026-06-02', null],
      ['extension_noticed', '2026-06-02', removed],
    ]);

    // The erasure plan keeps its systems, actions and statuses; its notes are gone.
    const [plan] = await app.database.db
      .select()
      .from(erasurePlans)
      .where(eq(erasurePlans.requestId, erasure.id));
    expect(plan).toMatchObject({ decision: 'rejected', decisionNote: removed });
    const lines = await app.database.db
      .select()
      .from(erasurePlanLines)
      .where(eq(erasurePlanLines.planId, plan?.id ?? ''));
    expect(lines.map((l) => [l.action, l.status, l.note, l.evidence])).toEqual([
      ['delete', 'pending', removed, null],
    ]);
    const erasureTimeline = await officer.requests.timeline({ id: erasure.id });
    expect(
      erasureTimeline.items.flatMap((e) =>
        e.kind === 'erasure_plan' ? [[e.event, e.note, e.line?.system ?? null]] : [],
      ),
    ).toEqual([
      ['prepared', null, null],
      ['line_changed', removed, 'Support desk'],
      ['submitted', null, null],
      ['rejected', removed, null],
    ]);

    // On the timeline: the texts are gone, the events stay, and the removal is the last of them.
    const timeline = await officer.requests.timeline({ id: old.id });
    expect(timeline.items.filter((e) => e.kind === 'note').map((e) => e.text)).toEqual([removed]);
    expect(
      timeline.items.flatMap((e) =>
        e.kind === 'status_changed' ? [[e.to, e.message, e.explanation, e.note]] : [],
      ),
    ).toEqual([
      ['verifying', null, null, null],
      ['awaiting_requester', removed, null, null],
      ['verifying', null, null, null],
      ['in_progress', null, null, null],
      ['denied', null, removed, null],
    ]);
    expect(timeline.items.at(-1)).toMatchObject({
      kind: 'retention',
      months: 36,
      actor: null,
      at: scrubbedAt.toISOString(),
    });
    const mailEvent = timeline.items.find((e) => e.kind === 'mail_received');
    expect(mailEvent?.kind === 'mail_received' ? mailEvent.mail : null).toEqual({
      receivedAt: '2026-06-02T09:00:00.000Z',
      from: removed,
      subject: removed,
    });

    // One audit event for the batch: which requests and how many records of each kind — no text.
    const [audit] = await scrubAudits();
    const [job] = await app.database.db.select().from(jobs).where(eq(jobs.key, 'scrub-1'));
    expect(audit).toMatchObject({
      actorId: null,
      entityType: 'request',
      entityId: null,
      requestId: `job:${job?.id ?? ''}`,
      reason: null,
      before: null,
      after: {
        jobId: job?.id,
        months: 36,
        // 36 months before the run's instant (which is `runAt` and the runner's few milliseconds).
        cutoff: new Date(
          Date.parse('2026-07-10T01:00:00.000Z') + (scrubbedAt.getTime() - runAt.getTime()),
        ).toISOString(),
        // The oldest closing first.
        requestIds: [old.id, erasure.id],
        counts: {
          requests: 2,
          searchTerms: 2,
          // The note, the ask's message, the denial's explanation, the extension's reason on the ledger; on the
          // erasure request the line's note, the rejection's note (its move and its plan event) and the denial's.
          timelineEntries: 8,
          clockEntries: 1,
          // The document review's and the agent check's notes (the erasure's document review had none).
          verifications: 2,
          // Four to her as the agent's client, and the erasure's denial.
          messages: 5,
          capturedMail: 1,
          inboundMail: 1,
          inboundAttachments: 1,
          drpClaims: 1,
          erasurePlans: 1,
          erasureLines: 1,
        },
      },
    });
    expect(job).toMatchObject({ status: 'done', progress: { scrubbed: 2, batches: 1 } });
    expect(await auditor.audit.verify()).toMatchObject({ ok: true, firstBrokenSeq: null, problem: null });
  });

  it('still shows the scrubbed request in the queue and on its page, to clear and masked readers', async () => {
    const clear = await officer.requests.get({ id: old.id });
    expect(clear).toMatchObject({
      reference: old.reference,
      status: 'denied',
      requesterName: removed,
      requesterEmail: removed,
      requesterMasked: false,
      requesterLocation: null,
      description: removed,
      denialExplanation: removed,
      agent: { name: removed, email: removed, permissionNote: removed },
      closure: { closedAt: '2026-06-05T16:00:00.000Z' },
    });
    // Scrubbed requests all share the placeholder: none is "related" to another by it.
    expect(clear.related).toEqual([]);
    expect(await manager.requests.get({ id: old.id })).toMatchObject({
      requesterName: removed,
      requesterEmail: removed,
      requesterMasked: true,
      agent: { name: removed, email: removed },
      scrubbedAt: expect.any(String),
    });
    // Nothing left to reveal to a masked reader: refused, and no view recorded.
    await expectTrpcError(
      manager.requests.revealRequester({ id: old.id, reason: 'Checking the old case.' }),
      'BAD_REQUEST',
      /there is nothing to reveal/,
    );
    const byReference = await officer.requests.find({ search: old.reference });
    expect(byReference.items.map((i) => [i.id, i.requesterName])).toEqual([[old.id, removed]]);
    // Its number alone still finds it (beside 2027's request of the same number).
    expect(
      (await officer.requests.find({ search: old.reference.slice(-6) })).items.map((i) => i.reference).sort(),
    ).toEqual([old.reference, recent.reference]);
    // Her name and her address find nothing any more.
    expect((await officer.requests.find({ search: 'Scrubwell' })).total).toBe(0);
    expect((await officer.requests.find({ search: 'wilhelmina.scrubwell@example.com' })).total).toBe(0);
    expect((await officer.messages.forRequest({ id: old.id })).items.map((m) => m.to)).toEqual([
      removed,
      removed,
      removed,
      removed,
    ]);
    expect((await officer.drp.forRequest({ requestId: old.id }))?.attested).toMatchObject({
      name: true,
      email: true,
      emailVerified: true,
      phone: true,
      address: true,
      powerOfAttorney: true,
    });
    expect((await officer.inbox.forRequest({ requestId: old.id })).items).toHaveLength(1);
    expect((await officer.inbox.get({ id: mailId })).mail).toMatchObject({
      fromName: removed,
      fromAddress: null,
      subject: removed,
      text: removed,
      envelopeFrom: removed,
      messageId: null,
      attachments: [{ name: removed, type: 'application/pdf', size: 38 }],
    });
  });

  it('refuses a note, a change or a mail on a scrubbed request', async () => {
    const refusal = /was kept the retention period after it closed and its requester’s personal data removed/;
    await expectTrpcError(
      officer.requests.addNote({ id: old.id, text: 'Wilhelmina called again.' }),
      'BAD_REQUEST',
      refusal,
    );
    const current = await row(old.id);
    await expectTrpcError(
      officer.requests.transition({ id: old.id, version: current.version, to: 'withdrawn', note: 'x' }),
      'BAD_REQUEST',
      refusal,
    );
    // A new mail naming the request stays in the inbox: put on it, it would be kept for good.
    const later = await storeInbound(
      app.database.db,
      {
        mailFrom: 'someone@example.org',
        rcptTo: ['privacy@syncronis.net'],
        remoteIp: '192.0.2.1',
        helo: 'mx',
      },
      Buffer.from(
        `From: someone@example.org\r\nTo: privacy@syncronis.net\r\nSubject: About ${old.reference}\r\n\r\nHello.\r\n`,
      ),
      runAt,
    );
    await expectTrpcError(
      officer.inbox.attach({ id: later, version: 0, reference: old.reference }),
      'BAD_REQUEST',
      refusal,
    );
    await runDueJobs(testJobDeps(app.database), runAt);
    const [stored] = await app.database.db.select().from(inboundMail).where(eq(inboundMail.id, later));
    expect(stored).toMatchObject({ status: 'new', requestId: null });
    expect((await row(old.id)).version).toBe(current.version);

    // A mail still waiting when the request was scrubbed does not leave for the placeholder address.
    const [waiting] = await app.database.db.select().from(messages).where(eq(messages.requestId, old.id));
    if (!waiting) throw new Error('no message');
    await app.database.db
      .update(messages)
      .set({ status: 'queued', sentAt: null, serverAnswer: null })
      .where(eq(messages.id, waiting.id));
    await scheduleJob(app.database.db, {
      kind: 'mail.send',
      runAt,
      key: `mail.send:${waiting.id}:scrubbed`,
      payload: { messageId: waiting.id },
      maxAttempts: 5,
    });
    await deliverQueuedMail(app.database, runAt);
    const [after] = await app.database.db.select().from(messages).where(eq(messages.id, waiting.id));
    expect(after).toMatchObject({
      status: 'cancelled',
      failure: 'Not sent: its request was kept the retention period and its personal data removed.',
    });
    expect((await row(old.id)).version).toBe(current.version);
    const [audited] = rowsOf<{ action: string; reason: string }>(
      await app.database.db.execute(
        sql`select action, reason from audit_events where entity_id = ${waiting.id} order by seq desc limit 1`,
      ),
    );
    expect(audited).toEqual({ action: 'messages.failed', reason: 'cancelled before it left' });
  });

  it('scrubs nothing twice, keeps the 30-month-old request by default, and follows an admin’s 24 months', async () => {
    const snapshot = await row(old.id);
    await runScrub('scrub-2');
    expect(await scrubAudits()).toHaveLength(1);
    expect(await row(old.id)).toEqual(snapshot);
    expect(await row(recent.id)).toMatchObject({ requesterName: 'Ottilie Keepsake', scrubbedAt: null });
    expect(await row(later.id)).toMatchObject({ requesterName: 'Pernille Laterday', scrubbedAt: null });

    const settings = await admin.settings.get();
    await admin.settings.update({ version: settings.version, requestRetentionMonths: 24 });
    // Batches of one, and the worker stops after the first: the second run carries on from its progress.
    const stopping = new AbortController();
    const stopAfterFirst: JobHandler = (ctx) =>
      retentionScrubJob({
        ...ctx,
        checkpoint: async (tx, progress) => {
          await ctx.checkpoint(tx, progress);
          stopping.abort();
        },
      });
    await scheduleJob(app.database.db, {
      kind: 'requests.retention_scrub',
      runAt,
      key: 'scrub-3',
      payload: { batchSize: 1 },
    });
    const deps = testJobDeps(
      app.database,
      { 'requests.retention_scrub': stopAfterFirst },
      testJobServices({ secretBox: app.config.secretBox }),
    );
    expect(await runDueJobs(deps, runAt, { signal: stopping.signal })).toEqual([
      expect.objectContaining({ outcome: 'interrupted' }),
    ]);
    // The oldest closing first: the 30-month one is done and committed, the 28-month one waits.
    expect(await row(recent.id)).toMatchObject({ requesterName: removed });
    ranAt((await row(recent.id)).scrubbedAt);
    expect(await row(later.id)).toMatchObject({ requesterName: 'Pernille Laterday', scrubbedAt: null });
    const [interrupted] = await app.database.db.select().from(jobs).where(eq(jobs.key, 'scrub-3'));
    expect(interrupted).toMatchObject({ status: 'queued', progress: { scrubbed: 1, batches: 1 } });

    // The worker comes back five minutes later and carries on.
    const resumedAt = new Date(runAt.getTime() + 5 * 60_000);
    expect(await runDueJobs(testJobDeps(app.database), resumedAt)).toEqual([
      expect.objectContaining({ outcome: 'done' }),
    ]);
    expect(await row(later.id)).toMatchObject({ requesterName: removed });
    ranAt((await row(later.id)).scrubbedAt, resumedAt);
    const [finished] = await app.database.db.select().from(jobs).where(eq(jobs.key, 'scrub-3'));
    // Three batches: one each, then an empty one that says there is no more.
    expect(finished).toMatchObject({ status: 'done', progress: { scrubbed: 2, batches: 3 } });
    const audits = await scrubAudits();
    expect(
      audits.map((a) => [
        (a.after as { requestIds: string[] }).requestIds,
        (a.after as { months: number }).months,
      ]),
    ).toEqual([
      [[old.id, erasure.id], 36],
      [[recent.id], 24],
      [[later.id], 24],
    ]);
    for (const needle of ['Ottilie', 'Keepsake', 'Pernille', 'Laterday'])
      expect(await whereFound(needle), needle).toEqual([]);

    // The open request, received more than three years ago, is never touched.
    const stillOpen = await row(open.id);
    expect(stillOpen).toMatchObject({
      requesterName: 'Quentin Stillopen',
      status: 'received',
      scrubbedAt: null,
    });
    expect(await whereFound('Quentin Stillopen')).toEqual(
      expect.arrayContaining(['requests.requester_name', 'request_events.data']),
    );
    const events = await app.database.db
      .select({ kind: requestEvents.kind })
      .from(requestEvents)
      .where(eq(requestEvents.requestId, open.id));
    expect(events.map((e) => e.kind)).not.toContain('retention');
    expect(await auditor.audit.verify()).toMatchObject({ ok: true });
  });
});

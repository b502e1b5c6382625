import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  openRequestStatuses,
  queueToday,
  regimes,
  requestChannels,
  checkMove,
  checkPlanMove,
  findMove,
  type DrpEventKind,
  type PlanEvent,
  completionOutcomes,
  isErasureType,
  permissionsOf,
  storedTimelineEntrySchema,
  type RequestStatus,
  requestTypes,
} from '@privdesk/shared';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import {
  auditEvents,
  inboundMail,
  drpAgents,
  drpRequests,
  dataSystems,
  erasurePlanLines,
  erasurePlans,
  customerEvents,
  customerFlags,
  customers,
  organisations,
  jobs,
  messages,
  notifications,
  requestClockEvents,
  requestVerifications,
  requestEvents,
  requests,
  staff,
  subprocessors,
  subprocessorObjections,
  registrySubscribers,
} from '../db/schema.js';
import { activeLedgersOf, deriveStored, storedColumnsOf } from '../features/requests/clock-ledger.js';
import { runDueJobs } from '../jobs/job-runner.js';
import { acceptingMailer, testJobDeps, testJobServices } from '../testing/jobs.js';
import Fastify, { type FastifyInstance } from 'fastify';
import { standInReceiver, type StandInLedger } from './stand-in-receiver.js';
import { dueColumnsOf } from '../features/requests/request-derived.js';
import { calendarDateIn, checkCustomerLink, defaultSettings, reminderDataSchema } from '@privdesk/shared';
import { sendDailyReminders } from '../jobs/reminders-daily.job.js';
import { verifyAuditChain } from '../features/audit/audit.verify.js';
import { demoStaff } from './demo-staff.js';
import { assessRequest } from '../features/verification/verification.service.js';
import { demoCustomerCount, demoRequestCount, demoStandInSecret, seedDemo } from './seed-demo.js';
import { drpDemoRequestCount } from './drp-demo.js';

let app: TestApp;
// One instant for the seed and the checks, so a run across midnight still finds "today" where the seed left it.
const seededAt = new Date();
// The subprocessors' stand-in, as `npm start` serves it: the inventory's webhooks point at it.
const standInLedger: StandInLedger = { deliveries: 0, effects: new Map(), callbacks: [] };
let standIn: FastifyInstance;
let standInOrigin = '';
beforeAll(async () => {
  app = await createTestApp();
  standIn = Fastify();
  await standIn.register(
    standInReceiver({ secretBox: app.config.secretBox, now: () => new Date(), ledger: standInLedger }),
  );
  standInOrigin = await standIn.listen({ port: 0, host: '127.0.0.1' });
  await seedDemo(app.database.db, app.config.secretBox, seededAt, undefined, { standInOrigin });
});
afterAll(async () => {
  await standIn.close();
  await app.close();
});

describe('the demo seed', () => {
  it('puts customer flags in every state, through the flags rules, on accounts with requests', async () => {
    const db = app.database.db;
    const flags = await db.select().from(customerFlags);
    const state = (f: (typeof flags)[number]) => `${f.kind} ${f.liftedAt === null ? 'standing' : 'lifted'}`;
    const counts = new Map<string, number>();
    for (const f of flags) counts.set(state(f), (counts.get(state(f)) ?? 0) + 1);
    expect(Object.fromEntries(counts)).toEqual({
      'legal_hold standing': 2,
      'legal_hold lifted': 1,
      'restriction standing': 3,
      'restriction lifted': 2,
    });
    // Six accounts: one with both standing, one whose restriction was lifted and then set again.
    expect(new Set(flags.map((f) => f.customerId)).size).toBe(6);
    // A lifted restriction says when the customer was told, before it was lifted (Art. 18(3)).
    for (const f of flags.filter((x) => x.kind === 'restriction' && x.liftedAt !== null)) {
      const told = f.customerToldAt?.getTime() ?? Number.NaN;
      expect(told).toBeLessThanOrEqual(f.liftedAt?.getTime() ?? Number.NaN);
      expect(told).toBeGreaterThanOrEqual(f.setAt.getTime());
    }
    const linked = await db
      .select({ n: sql<number>`count(distinct ${requests.customerId})::int` })
      .from(requests)
      .where(inArray(requests.customerId, [...new Set(flags.map((f) => f.customerId))]));
    expect(linked[0]?.n).toBe(6);
    // Each change is on the account's timeline and in the audit log: 8 set, 3 lifted.
    const [events] = await db.select({ n: sql<number>`count(*)::int` }).from(customerEvents);
    expect(events?.n).toBe(11);
    const audited = await db
      .select({ action: auditEvents.action, n: sql<number>`count(*)::int` })
      .from(auditEvents)
      .where(inArray(auditEvents.action, ['customers.flag_set', 'customers.flag_lifted']))
      .groupBy(auditEvents.action)
      .orderBy(auditEvents.action);
    expect(audited).toEqual([
      { action: 'customers.flag_lifted', n: 3 },
      { action: 'customers.flag_set', n: 8 },
    ]);
  });

  it('ships a few hundred requests over every type, regime, channel and status, with timelines', async () => {
    const rows = await app.database.db.select().from(requests);
    // The dataset's, and the authorised agent's (drp-demo.ts).
    expect(rows).toHaveLength(demoRequestCount + drpDemoRequestCount);
    expect(new Set(rows.map((r) => r.reference)).size).toBe(demoRequestCount + drpDemoRequestCount);
    expect(new Set(rows.map((r) => r.type))).toEqual(new Set(requestTypes));
    expect(new Set(rows.map((r) => r.regime))).toEqual(new Set(regimes));
    expect(new Set(rows.map((r) => r.channel))).toEqual(new Set(requestChannels));
    // Every status a person reaches by hand, and the plan's: awaiting approval and approved. Execution (fulfilling,
    // a completed erasure) comes with the erasure's executor.
    expect(new Set(rows.map((r) => r.status))).toEqual(
      new Set([
        'received',
        'verifying',
        'in_progress',
        'awaiting_requester',
        'awaiting_approval',
        'approved',
        'completed',
        'denied',
        'withdrawn',
        'closed_unverified',
      ]),
    );
    expect(rows.filter((r) => isErasureType(r.type) && r.status === 'completed')).toEqual([]);
    expect(rows.filter((r) => isErasureType(r.type)).length).toBeGreaterThan(40);
    const [events] = await app.database.db
      .select({ n: sql<number>`count(distinct ${requestEvents.requestId})::int` })
      .from(requestEvents);
    expect(events?.n).toBe(demoRequestCount + drpDemoRequestCount);
    const [directory] = await app.database.db
      .select({
        n: sql<number>`count(*)::int`,
        minors: sql<number>`count(*) filter (where ${customers.birthYear} > extract(year from now()) - 16)::int`,
      })
      .from(customers);
    expect(directory).toMatchObject({ n: demoCustomerCount });
    expect(directory?.minors).toBeGreaterThan(0);
  });

  it('ships a directory of a few thousand accounts in organisations, in every status, with and without requests', async () => {
    const { db } = app.database;
    const orgs = await db.select().from(organisations);
    expect(orgs).toHaveLength(16);
    expect(orgs.filter((o) => o.privacyContactEmail !== null)).toHaveLength(14);
    const byStatus = await db
      .select({ status: customers.status, n: sql<number>`count(*)::int` })
      .from(customers)
      .groupBy(customers.status)
      .orderBy(customers.status);
    // One in a hundred erased, one in sixty with its deletion pending; the restricted ones are the flags'.
    expect(byStatus).toEqual([
      { status: 'active', n: demoCustomerCount - 30 - 50 - 3 },
      { status: 'deletion_pending', n: 50 },
      { status: 'erased', n: 30 },
      { status: 'restricted', n: 3 },
    ]);
    // Restricted exactly where a restriction stands (an account being deleted stays "deletion pending").
    const mismatched = await db
      .select({ id: customers.id })
      .from(customers)
      .where(
        sql`(${customers.status} = 'restricted') <> exists (select 1 from ${customerFlags} f
          where f.customer_id = ${customers.id} and f.kind = 'restriction' and f.lifted_at is null)
          and ${customers.status} <> 'deletion_pending'`,
      );
    expect(mismatched).toEqual([]);
    // A pending deletion purges within the policy's 30 days.
    const [purge] = await db
      .select({
        soonest: sql<string>`min(${customers.purgeOn})::text`,
        latest: sql<string>`max(${customers.purgeOn})::text`,
      })
      .from(customers);
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    expect(purge?.soonest && purge.soonest > day(0)).toBe(true);
    expect(purge?.latest && purge.latest <= day(30)).toBe(true);
    const [linked] = await db
      .select({ n: sql<number>`count(distinct ${requests.customerId})::int` })
      .from(requests);
    expect(linked?.n).toBeGreaterThan(100);
    expect(linked?.n).toBeLessThan(demoCustomerCount / 5);
    const erasedLinked = await db
      .select({ id: requests.id })
      .from(requests)
      .innerJoin(customers, eq(customers.id, requests.customerId))
      .where(eq(customers.status, 'erased'));
    expect(erasedLinked).toEqual([]);
  });

  it('reached every status by legal moves only, each one the lifecycle allows, from “received” to where it is', async () => {
    const { db } = app.database;
    const rows = await db.select().from(requests);
    const events = await db.select().from(requestEvents).orderBy(asc(requestEvents.seq));
    const held = permissionsOf(['privacy_officer']);
    const illegal: string[] = [];
    let moves = 0;
    for (const r of rows) {
      let status: RequestStatus = 'received';
      for (const e of events.filter((x) => x.requestId === r.id)) {
        const entry = storedTimelineEntrySchema.parse({ kind: e.kind, data: e.data });
        if (entry.kind !== 'status_changed') continue;
        moves += 1;
        // A move the erasure plan makes is checked as the plan's procedures check it.
        const planMove = findMove(entry.data.from, entry.data.to);
        if (planMove?.via === 'erasure_plan') {
          const verdict = checkPlanMove({
            from: entry.data.from,
            action: planMove.action,
            type: r.type,
            held,
            details: { note: entry.data.note },
          });
          if (entry.data.from !== status || !verdict.ok)
            illegal.push(`${r.reference}: ${entry.data.from} → ${entry.data.to} (plan)`);
          status = entry.data.to;
          continue;
        }
        const check = checkMove({
          from: entry.data.from,
          to: entry.data.to,
          type: r.type,
          held,
          // The timeline records the outcome the move set (a denial's too); a person chooses only a completion's.
          details: {
            ...entry.data,
            outcome: completionOutcomes.find((o) => o === entry.data.outcome) ?? null,
          },
        });
        if (entry.data.from !== status || !check.ok)
          illegal.push(`${r.reference}: ${entry.data.from} → ${entry.data.to}`);
        status = entry.data.to;
      }
      if (status !== r.status)
        illegal.push(`${r.reference}: timeline ends at ${status}, row says ${r.status}`);
    }
    expect(illegal).toEqual([]);
    expect(moves).toBeGreaterThan(500);
  });

  it('verified every request before its work started, by a method its level allows (issue 13)', async () => {
    const { db } = app.database;
    const rows = await db.select().from(requests);
    const started = new Set(
      (await db.select().from(requestEvents).where(eq(requestEvents.kind, 'status_changed')))
        .filter((e) => (e.data as { to?: string }).to === 'in_progress')
        .map((e) => e.requestId),
    );
    const checks = await db.select().from(requestVerifications);
    const unverified: string[] = [];
    const methods = new Set<string>();
    for (const r of rows.filter((x) => started.has(x.id))) {
      const own = checks.filter((c) => c.requestId === r.id);
      for (const c of own) methods.add(c.method);
      if (!assessRequest(r, own, defaultSettings).assessment.satisfied) unverified.push(r.reference);
    }
    expect(unverified).toEqual([]);
    // The demo shows the methods an officer uses by hand.
    expect([...methods].sort()).toEqual([
      'account_match',
      'authorised_agent',
      'data_points',
      'document_review',
    ]);
    // Nothing was checked where the law forbids asking (CCPA opt-outs): work started on none.
    const optOuts = rows.filter((r) => r.regime === 'ccpa' && r.type === 'opt_out_sale' && started.has(r.id));
    expect(optOuts.length).toBeGreaterThan(0);
    expect(checks.filter((c) => optOuts.some((r) => r.id === c.requestId))).toEqual([]);
    // Some requests still verifying show a check under way: one point of two matched, not enough yet.
    const underWay = rows.filter(
      (r) =>
        r.status === 'verifying' &&
        checks.some(
          (c) => c.requestId === r.id && c.method === 'data_points' && c.matchedPoints.length === 1,
        ),
    );
    expect(underWay.length).toBeGreaterThan(0);
    for (const r of underWay) {
      const own = checks.filter((c) => c.requestId === r.id);
      expect(assessRequest(r, own, defaultSettings).assessment.met).toBe('none');
    }
  });

  it('has an audit log that tells the same story as the timelines: one event per change, same time, same person', async () => {
    const { db } = app.database;
    const rows = await db.select().from(requests);
    const events = await db.select().from(requestEvents);
    const audit = await db.select().from(auditEvents).orderBy(asc(auditEvents.seq));
    const clockActions: Record<string, string> = {
      acknowledged: 'requests.acknowledged',
      extension_noticed: 'requests.extended',
      paused: 'requests.paused',
      resumed: 'requests.resumed',
    };
    // A plan's change is audited as the plan's (a move it makes among it: submitted, approved, rejected).
    // What passed with the agent goes with the change it came with: the filing with the intake, the revoke
    // with the withdrawal; a status delivered to its callback is an event of its own.
    const drpActions: Record<DrpEventKind, string> = {
      filed: 'requests.created',
      revoked: 'requests.status_changed',
      status_sent: 'drp.status_sent',
      status_failed: 'requests.status_changed',
    };
    const planActions: Record<PlanEvent, string> = {
      prepared: 'erasure.plan_prepared',
      line_changed: 'erasure.line_changed',
      submitted: 'erasure.submitted',
      approved: 'erasure.approved',
      rejected: 'erasure.rejected',
      approval_voided: 'erasure.line_changed',
      cancelled: 'erasure.cancelled',
      execution_started: 'erasure.execution_started',
      line_done: 'erasure.line_done',
      line_failed: 'erasure.line_failed',
      line_justified: 'erasure.line_justified',
      task_opened: 'erasure.task_opened',
      completed: 'erasure.completed',
    };
    const mismatched: string[] = [];
    for (const r of rows) {
      // A change writes its timeline entries and its one audit event at the same instant.
      const changes = new Map<number, { actions: Set<string>; actorId: string | null }>();
      for (const e of events.filter((x) => x.requestId === r.id)) {
        const entry = storedTimelineEntrySchema.parse({ kind: e.kind, data: e.data });
        // A message goes with the change that sent it (a notice with its ledger entry, a question with the
        // ask, a denial with the move): that change's event tells both.
        if (entry.kind === 'message') continue;
        // A request made of an email: the email goes on it with its intake (requests.created tells both).
        if (entry.kind === 'mail_received' && entry.data.via === 'officer') continue;
        const action =
          entry.kind === 'intake'
            ? 'requests.created'
            : entry.kind === 'assigned'
              ? 'requests.assigned'
              : entry.kind === 'status_changed'
                ? 'requests.status_changed'
                : entry.kind === 'note'
                  ? 'requests.note_added'
                  : entry.kind === 'clock'
                    ? (clockActions[entry.data.event] ?? 'requests.status_changed')
                    : entry.kind === 'verification'
                      ? 'requests.verification_recorded'
                      : entry.kind === 'erasure_plan'
                        ? planActions[entry.data.event]
                        : entry.kind === 'mail_received'
                          ? 'inbox.threaded'
                          : entry.kind === 'drp'
                            ? drpActions[entry.data.event]
                            : `unexpected ${entry.kind}`;
        const change = changes.get(e.at.getTime()) ?? { actions: new Set(), actorId: e.actorId };
        change.actions.add(action);
        changes.set(e.at.getTime(), change);
      }
      const story = [...changes.entries()]
        .sort(([a], [b]) => a - b)
        .map(([at, c]) => ({
          at,
          actorId: c.actorId,
          // An ask or an answer records its ledger entry with the status change: one change, one event.
          action: [...c.actions].some((x) => x.startsWith('erasure.'))
            ? [...c.actions].filter((x) => x.startsWith('erasure.')).join('+')
            : c.actions.has('requests.status_changed')
              ? 'requests.status_changed'
              : [...c.actions].join('+'),
        }));
      const logged = audit
        .filter((a) => a.entityId === r.id)
        .map((a) => ({ at: a.at.getTime(), actorId: a.actorId, action: a.action }));
      if (JSON.stringify(logged) !== JSON.stringify(story)) mismatched.push(r.reference);
    }
    expect(mismatched).toEqual([]);
    expect(audit.filter((a) => a.action === 'requests.created')).toHaveLength(
      demoRequestCount + drpDemoRequestCount,
    );
    // The chain runs forward in time, and it verifies end to end.
    const backwards = audit.filter((a, i) => i > 0 && a.at < (audit[i - 1]?.at ?? a.at));
    expect(backwards).toEqual([]);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
  });

  it('has the privacy mailbox in every state, through its own code (issue 16)', async () => {
    const { db } = app.database;
    const mail = await db.select().from(inboundMail).orderBy(asc(inboundMail.receivedAt));
    const byStatus = (status: string) => mail.filter((m) => m.status === status);
    expect(byStatus('new')).toHaveLength(4);
    expect(byStatus('request')).toHaveLength(1);
    expect(byStatus('reply')).toHaveLength(1);
    expect(byStatus('not_request')).toHaveLength(1);
    // The emailed request is received when its email arrived, and says so on its audit event.
    const [made] = byStatus('request');
    const [request] = await db
      .select()
      .from(requests)
      .where(eq(requests.id, made?.requestId ?? ''));
    expect(request?.channel).toBe('email');
    expect(request?.receivedAt.toISOString()).toBe(made?.receivedAt.toISOString());
    const [created] = await db
      .select({ after: auditEvents.after })
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'requests.created'), eq(auditEvents.entityId, request?.id ?? '')));
    expect(created?.after).toMatchObject({ fromMailId: made?.id });
    // The reply answers our question to a requester we are waiting on, and threaded by itself.
    const [reply] = byStatus('reply');
    expect(reply?.threadedVia).toBe('in_reply_to');
    const [waiting] = await db
      .select()
      .from(requests)
      .where(eq(requests.id, reply?.requestId ?? ''));
    expect(waiting?.status).toBe('awaiting_requester');
    expect(byStatus('not_request')[0]?.notRequestReason).toBe('marketing_reply');
    expect(mail.filter((m) => m.flags.includes('attachments_dropped'))).toHaveLength(1);
  });

  it('has an authorised agent’s requests in each state it can see, filed over the DRP (issue 17)', async () => {
    const { db } = app.database;
    const [agent] = await db.select().from(drpAgents);
    expect(agent).toMatchObject({ id: 'PERMISSION_SLIP_DEMO', status: 'active', source: 'admin' });
    const filed = await db
      .select({ drp: drpRequests, request: requests })
      .from(drpRequests)
      .innerJoin(requests, eq(requests.id, drpRequests.requestId))
      .orderBy(asc(drpRequests.agentRequestId));
    expect(
      filed.map((f) => [f.drp.agentRequestId, f.request.type, f.request.status, f.drp.lastStatus.status]),
    ).toEqual([
      ['ps-demo-1001', 'opt_out_sale', 'completed', 'fulfilled'],
      ['ps-demo-1002', 'delete', 'verifying', 'in_progress'],
      ['ps-demo-1003', 'delete', 'withdrawn', 'revoked'],
      ['ps-demo-1004', 'opt_out_sale', 'received', 'open'],
    ]);
    expect(filed.every((f) => f.request.channel === 'authorised_agent' && f.request.createdBy === null)).toBe(
      true,
    );
    // No regime on the last one: voluntary, under the CCPA's rules.
    expect(filed.map((f) => f.drp.voluntary)).toEqual([false, false, false, true]);
    expect(filed[1]?.drp.lastStatus.reason).toBe('need_user_verification');
    // The agent gave no callback: nothing is queued for it.
    expect(await db.select().from(jobs).where(eq(jobs.kind, 'drp.callback'))).toEqual([]);
  });

  it('has the messages its history sent: each notice, question, denial and completion, recorded as sent', async () => {
    const { db } = app.database;
    const sent = await db.select().from(messages);
    expect(sent.length).toBeGreaterThan(0);
    // History sends nothing: every one was recorded as sent at its instant, and no mail job is queued.
    expect(sent.every((m) => m.status === 'sent' && m.sentAt?.getTime() === m.queuedAt.getTime())).toBe(true);
    expect(await db.select().from(jobs).where(eq(jobs.kind, 'mail.send'))).toEqual([]);
    const ledger = await db.select().from(requestClockEvents);
    const count = (kind: string) => sent.filter((m) => m.kind === kind).length;
    expect(count('extension_notice')).toBe(ledger.filter((e) => e.kind === 'extension_noticed').length);
    expect(count('acknowledgement')).toBe(ledger.filter((e) => e.kind === 'acknowledged').length);
    expect(count('identity_request') + count('clarification_request')).toBe(
      ledger.filter((e) => e.kind === 'identity_asked' || e.kind === 'clarification_asked').length,
    );
    const rows = await db.select().from(requests);
    expect(count('denial')).toBe(rows.filter((r) => r.status === 'denied').length);
    expect(count('completion')).toBe(rows.filter((r) => r.status === 'completed').length);
    // Each went to its request's requester; the registry's notices went to its subscribers instead.
    const emailOf = new Map(rows.map((r) => [r.id, r.requesterEmail]));
    const toRequesters = sent.filter((m) => m.kind !== 'subprocessor_notice');
    expect(toRequesters.every((m) => m.requestId !== null && m.toAddress === emailOf.get(m.requestId))).toBe(
      true,
    );
  });

  it('has the registry in every state, made by its own rules', async () => {
    const { db } = app.database;
    const rows = await db.select().from(subprocessors).orderBy(asc(subprocessors.name));
    expect(rows.map((r) => [r.name, r.status])).toEqual([
      ['Helpwise Desk', 'objection_window'],
      ['Metricly', 'active'],
      ['Nimbus Cloud', 'active'],
      ['Postbird Mail', 'proposed'],
      ['Sentry', 'active'],
      ['Tillpoint Payments', 'active'],
      ['Trackwell Analytics', 'retired'],
    ]);
    // Every activation came the day after its window or later, and every replacement retired what it replaced.
    for (const r of rows.filter((x) => x.activeFrom !== null)) {
      expect(r.objectionDeadline).not.toBeNull();
      expect((r.activeFrom ?? '') > (r.objectionDeadline ?? '')).toBe(true);
    }
    // Six subscribers, each notice sent to all of them: six notices × six messages.
    expect(await db.select().from(registrySubscribers)).toHaveLength(6);
    const notices = await db.select().from(messages).where(eq(messages.kind, 'subprocessor_notice'));
    expect(notices).toHaveLength(36);
    const objections = await db.select().from(subprocessorObjections);
    expect(objections.map((o) => o.outcome).sort()).toEqual(['pending', 'resolved']);
  });

  it('has the data inventory with owners, connectors and retention, through its own rule', async () => {
    const db = app.database.db;
    const systems = await db
      .select({
        key: dataSystems.key,
        connectorKind: dataSystems.connectorKind,
        owner: staff.email,
        sealed: dataSystems.webhookSecretSealed,
        rules: dataSystems.retentionRules,
        connector: dataSystems.connector,
      })
      .from(dataSystems)
      .leftJoin(staff, eq(staff.id, dataSystems.ownerId))
      .orderBy(asc(dataSystems.key));
    expect(systems.map((s) => [s.key, s.connectorKind, s.owner])).toEqual([
      ['cloud_hosting', 'manual', 'admin@privacydesk.example'],
      ['error_monitoring', 'webhook', 'officer2@privacydesk.example'],
      ['marketing_email', 'manual', 'officer2@privacydesk.example'],
      ['payments', 'webhook', 'admin@privacydesk.example'],
      ['platform_db', 'internal', 'admin@privacydesk.example'],
      ['product_analytics', 'webhook', 'officer@privacydesk.example'],
      ['support_desk', 'manual', 'officer@privacydesk.example'],
    ]);
    // Each webhook's secret is sealed, and is the one the stand-in receiver derives for it.
    for (const s of systems.filter((x) => x.connectorKind === 'webhook')) {
      expect(app.config.secretBox.open(s.sealed ?? '')).toBe(demoStandInSecret(app.config.secretBox, s.key));
      expect(s.connector).toEqual({
        kind: 'webhook',
        url: `${standInOrigin}/stand-in/${s.key}/erasure`,
      });
    }
    const platform = systems.find((s) => s.key === 'platform_db');
    expect(platform?.rules).toEqual([
      expect.objectContaining({
        ground: 'legal_obligation',
        platformScope: 'invoices',
        period: { count: 10, unit: 'years' },
      }),
    ]);
    const audited = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(auditEvents)
      .where(eq(auditEvents.action, 'inventory.created'));
    expect(audited[0]?.n).toBe(7);
  });

  it('has erasure plans in every state so far, made by the plan’s rules, four eyes on every decision', async () => {
    const db = app.database.db;
    const rows = await db
      .select({
        status: requests.status,
        version: erasurePlans.version,
        preparedBy: erasurePlans.preparedBy,
        decidedBy: erasurePlans.decidedBy,
        decision: erasurePlans.decision,
        graceEndsAt: erasurePlans.graceEndsAt,
      })
      .from(erasurePlans)
      .innerJoin(requests, eq(requests.id, erasurePlans.requestId));
    const states = rows.map((r) => `${r.status}${r.decision ? ` (${r.decision})` : ''}`).sort();
    expect(states).toEqual([
      'approved (approved)',
      'approved (approved)',
      'awaiting_approval',
      'in_progress',
      'in_progress',
      'in_progress (rejected)',
    ]);
    for (const r of rows.filter((x) => x.decision !== null)) expect(r.decidedBy).not.toBe(r.preparedBy);
    // One approved an hour before the seed, three hours of its grace period left; one five hours before,
    // its grace period over an hour ago: the worker runs it at start-up.
    expect(rows.filter((r) => r.status === 'approved').map((r) => r.graceEndsAt?.getTime())).toEqual(
      expect.arrayContaining([seededAt.getTime() + 3 * 3_600_000, seededAt.getTime() - 3_600_000]),
    );
    const lines = await db
      .select({
        action: erasurePlanLines.action,
        ground: erasurePlanLines.ground,
        scope: erasurePlanLines.scope,
        key: dataSystems.key,
      })
      .from(erasurePlanLines)
      .innerJoin(dataSystems, eq(dataSystems.id, erasurePlanLines.dataSystemId));
    // Every plan whose platform line erases keeps the invoices by the inventory's rule; one holding nothing
    // there (no linked account) keeps nothing.
    const platformErased = lines.filter(
      (l) => l.key === 'platform_db' && l.scope === null && l.action === 'delete',
    );
    expect(platformErased.length).toBeGreaterThan(0);
    expect(lines.filter((l) => l.ground === 'legal_obligation')).toHaveLength(platformErased.length);
    expect(lines.some((l) => l.action === 'not_held')).toBe(true);
    expect(lines.some((l) => l.ground === 'legal_claims')).toBe(true);
  });

  it('has requests due soon and overdue', async () => {
    const today = queueToday(seededAt);
    const open = (await app.database.db.select().from(requests)).filter((r) =>
      (openRequestStatuses as readonly string[]).includes(r.status),
    );
    const soon = new Date(Date.parse(`${today}T00:00:00Z`) + 5 * 86_400_000).toISOString().slice(0, 10);
    expect(open.filter((r) => r.companyDueOn < today).length).toBeGreaterThan(0);
    expect(open.filter((r) => r.companyDueOn >= today && r.companyDueOn <= soon).length).toBeGreaterThan(0);
  });

  it('gives some requests clock ledgers: acknowledged, extended, paused (UK, awaiting the requester)', async () => {
    const rows = await app.database.db.select().from(requests);
    const open = rows.filter((r) => (openRequestStatuses as readonly string[]).includes(r.status));
    const states = new Set(open.map((r) => r.clockState));
    expect(states).toEqual(new Set(['initial', 'extended', 'paused']));
    expect(
      open.some(
        (r) => r.regime === 'uk_gdpr' && r.clockState === 'paused' && r.status === 'awaiting_requester',
      ),
    ).toBe(true);
    const kinds = new Set(
      (await app.database.db.select({ kind: requestClockEvents.kind }).from(requestClockEvents)).map(
        (e) => e.kind,
      ),
    );
    for (const kind of ['acknowledged', 'extension_noticed', 'identity_asked', 'identity_received', 'paused'])
      expect(kinds).toContain(kind);
    // The stored dates are exactly what the engine derives from each ledger.
    const ledgers = await activeLedgersOf(
      app.database.db,
      rows.map((r) => r.id),
    );
    const drift = rows.filter((r) => {
      const derived = dueColumnsOf(deriveStored(r, ledgers.get(r.id) ?? [], defaultSettings));
      return derived.effectiveDueOn !== r.effectiveDueOn || derived.clockState !== r.clockState;
    });
    expect(drift).toEqual([]);
  });

  it('flags the linked accounts that look like someone else, by the intake rule', async () => {
    const rows = await app.database.db
      .select({
        check: requests.customerLinkCheck,
        name: requests.requesterName,
        email: requests.requesterEmail,
        customerName: customers.name,
        customerEmail: customers.email,
      })
      .from(requests)
      .leftJoin(customers, eq(customers.id, requests.customerId));
    const linked = rows.filter((r) => r.customerName !== null);
    expect(rows.filter((r) => r.customerName === null).every((r) => r.check === null)).toBe(true);
    for (const r of linked) {
      expect(r.check).toBe(
        checkCustomerLink(
          { name: r.name, email: r.email },
          { name: r.customerName ?? '', email: r.customerEmail ?? '' },
        ),
      );
    }
    const flagged = linked.filter((r) => r.check !== 'match');
    expect(flagged.length).toBeGreaterThan(0);
    expect(flagged.length).toBeLessThan(linked.length / 10);
  });

  it('leaves today’s reminders from the daily job: officers their due work, managers the unassigned', async () => {
    const { db } = app.database;
    const people = await db.select({ id: staff.id, email: staff.email }).from(staff);
    const idOf = (key: string) => {
      const email = demoStaff.find((d) => d.key === key)?.email;
      const id = people.find((p) => p.email === email)?.id;
      if (!id) throw new Error(`no demo staff ${key}`);
      return id;
    };
    const rows = await db.select().from(notifications);
    const of = (key: string) => rows.filter((n) => n.staffId === idOf(key));

    for (const key of ['officer', 'officer2']) {
      const [reminder, ...more] = of(key);
      expect(more).toEqual([]);
      expect(reminder).toMatchObject({ kind: 'reminders.due', readAt: null });
      const data = reminderDataSchema.parse(reminder?.data);
      expect(data.counts.overdue + data.counts.dueSoon).toBeGreaterThan(0);
      // Every request it lists is really that officer's.
      const listed = await db
        .select({ assigneeId: requests.assigneeId })
        .from(requests)
        .where(
          inArray(
            requests.id,
            data.requests.map((r) => r.id),
          ),
        );
      expect(listed).toHaveLength(data.requests.length);
      expect(new Set(listed.map((r) => r.assigneeId))).toEqual(new Set([idOf(key)]));
    }
    const [unassigned, ...moreForManager] = of('manager');
    expect(moreForManager).toEqual([]);
    expect(unassigned).toMatchObject({ kind: 'reminders.unassigned', readAt: null });
    for (const key of ['support', 'admin', 'auditor']) expect(of(key)).toEqual([]);
    const [sent] = await db.select().from(auditEvents).where(eq(auditEvents.action, 'notifications.sent'));
    expect(sent).toMatchObject({ actorId: null, after: { sent: 3 } });

    // The same code path the 07:00 job runs: today is already done, so another run for today adds nothing.
    const again = await db.transaction((tx) => sendDailyReminders(tx, seededAt, { requestId: 'test' }));
    expect(again.sent).toBe(0);
    expect(await db.select().from(notifications)).toHaveLength(rows.length);
  });
});

describe('the demo seed’s dates as of today', () => {
  it('queues one recompute, which counts every open pause up to today', async () => {
    const [queued] = await app.database.db
      .select()
      .from(jobs)
      .where(eq(jobs.key, 'clocks.recompute@demo-seed'));
    expect(queued).toMatchObject({ kind: 'clocks.recompute', status: 'queued' });
    const services = testJobServices({ secretBox: app.config.secretBox, mailer: acceptingMailer() });
    const ran = await runDueJobs(testJobDeps(app.database, {}, services), seededAt);
    // Beside the recompute, the erasure whose grace period is over runs (below).
    const counts = new Map<string, number>();
    for (const r of ran)
      counts.set(`${r.kind} ${r.outcome}`, (counts.get(`${r.kind} ${r.outcome}`) ?? 0) + 1);
    expect(Object.fromEntries(counts)).toEqual({
      'clocks.recompute done': 1,
      'erasure.start done': 1,
      // Three subprocessors' systems erased by signed calls, and their three recipients told by them.
      'erasure.line done': 6,
      // The completion message to the requester.
      'mail.send done': 1,
      // The privacy mailbox's seven messages, each checked (offline: no DNS) after it was stored.
      'inbox.process done': 7,
    });
    const rows = await app.database.db.select().from(requests);
    const open = rows.filter((r) => (openRequestStatuses as readonly string[]).includes(r.status));
    const ledgers = await activeLedgersOf(
      app.database.db,
      open.map((r) => r.id),
    );
    const stale = open.filter((r) => {
      const events = ledgers.get(r.id) ?? [];
      const today = calendarDateIn(seededAt, defaultSettings.handling[r.regime].timeZone);
      const columns = storedColumnsOf(
        r,
        events,
        deriveStored(r, events, defaultSettings),
        defaultSettings,
        today,
      );
      return columns.statutoryDueOn !== r.statutoryDueOn || columns.effectiveDueOn !== r.effectiveDueOn;
    });
    expect(stale.map((r) => r.reference)).toEqual([]);
  });

  it('completes the erasure approved five hours before, with a certificate of every line', async () => {
    const [done] = await app.database.db
      .select({ id: requests.id, status: requests.status, outcome: requests.outcome })
      .from(erasurePlans)
      .innerJoin(requests, eq(requests.id, erasurePlans.requestId))
      .where(eq(requests.status, 'completed'));
    expect(done).toMatchObject({ status: 'completed', outcome: 'fulfilled' });
    const lines = await app.database.db
      .select({ key: dataSystems.key, action: erasurePlanLines.action, status: erasurePlanLines.status })
      .from(erasurePlanLines)
      .innerJoin(erasurePlans, eq(erasurePlans.id, erasurePlanLines.planId))
      .innerJoin(dataSystems, eq(dataSystems.id, erasurePlanLines.dataSystemId))
      .where(eq(erasurePlans.requestId, done?.id ?? ''))
      .orderBy(asc(erasurePlanLines.position));
    expect(lines.map((l) => `${l.key} ${l.action} ${l.status}`)).toEqual([
      'platform_db not_held done',
      'cloud_hosting not_held done',
      'error_monitoring delete done',
      'marketing_email not_held done',
      'payments delete done',
      'product_analytics delete done',
      'support_desk not_held done',
      // The recipients in service: Nimbus (hosting; nothing erased there, so nothing to tell), then the three
      // told by their systems' signed calls. Helpwise is still in its objection window: it has received nothing.
      'cloud_hosting notify done',
      'error_monitoring notify done',
      'payments notify done',
      'product_analytics notify done',
    ]);
    const { caller: officer } = await app.callerAs(['privacy_officer']);
    const certificate = await officer.erasure.certificate({ requestId: done?.id ?? '' });
    expect(certificate.lines.map((l) => [l.recipient ?? l.system, l.doneBy])).toEqual([
      ['Platform database', 'Checked: holds nothing'],
      ['Cloud hosting', 'Checked: holds nothing'],
      ['Error monitoring', 'Signed webhook to the receiver'],
      ['Marketing email', 'Checked: holds nothing'],
      ['Payments', 'Signed webhook to the receiver'],
      ['Product analytics', 'Signed webhook to the receiver'],
      ['Support desk', 'Checked: holds nothing'],
      ['Nimbus Cloud', 'Nothing erased there to tell'],
      ['Sentry', 'Told by the signed erasure call'],
      ['Tillpoint Payments', 'Told by the signed erasure call'],
      ['Metricly', 'Told by the signed erasure call'],
    ]);
    const { plan } = await officer.erasure.plan({ requestId: done?.id ?? '' });
    expect(
      plan?.lines.filter((l) => l.action === 'notify').map((l) => [l.recipient?.name, l.notice]),
    ).toEqual([
      ['Nimbus Cloud', 'nothing_erased'],
      ['Sentry', 'erasure_call'],
      ['Tillpoint Payments', 'erasure_call'],
      ['Metricly', 'erasure_call'],
    ]);
    // One signed call per erased system, each taken once by the stand-in.
    expect(standInLedger.deliveries).toBe(3);
    expect(standInLedger.effects.size).toBe(3);
  });
});

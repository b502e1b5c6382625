import { isOpenStatus } from '@privdesk/shared';
import type { Db } from '../db/client.js';
import { customers, organisations, staff } from '../db/schema.js';
import { demoFlagSteps } from './customer-flags-demo.js';
import { recordAudit } from '../features/audit/audit.writer.js';
import { splitAndRequestGrants } from '../features/staff/role-grants.js';
import { scheduleJob } from '../jobs/job-queue.js';
import { sendDailyReminders } from '../jobs/reminders-daily.job.js';
import { createLogger, type Logger } from '../lib/logger.js';
import { hashPassword } from '../lib/passwords.js';
import { actorFrom, type Actor } from '../lib/service.js';
import type { SecretBox } from '../lib/tokens.js';
import { demoPassword, demoStaff } from './demo-staff.js';
import { makeCustomers, makeOrganisations, makeRequests, type RequestPlan } from './request-dataset.js';
import { historyOf, replayHistories, type DemoPeople } from './request-history.js';
import { registryDemoSteps } from './registry-demo.js';
import { inboxDemoSteps, inboxTodaySteps } from './inbox-demo.js';
import { drpDemoSteps } from './drp-demo.js';
import { erasureDemoSteps } from './erasure-demo.js';

/** A few hundred requests over every type, regime, channel and status (product.md §10). */
export const demoRequestCount = 300;
/** A few thousand accounts (issue 12): most without a request, as in a real directory. */
export const demoCustomerCount = 3000;
/** Receipts spread over this many days before now. */
export const demoSpanDays = 240;

const DAY_MS = 86_400_000;

function idOf(ids: ReadonlyMap<string, string>, key: string): string {
  const id = ids.get(key);
  if (!id) throw new Error(`demo staff "${key}" is missing`);
  return id;
}

/**
 * Seeds the demo on an empty database, in one transaction, so a crash leaves it empty and it reseeds on
 * the next start. The staff join before the first request; then every request's history is replayed
 * through the services (request-history.ts), oldest step first; then today's reminders are sent by the
 * daily job's own code.
 */
/**
 * Where the demo's stand-in subprocessor answers (this server's own address): the inventory's webhooks point
 * there, each with a secret derived from the app secret, so the receiver knows it without reading ours.
 */
export interface SeedOptions {
  standInOrigin?: string;
}

export function demoStandInSecret(secretBox: SecretBox, systemKey: string): string {
  return `whsec_${secretBox.keyedHash('demo-stand-in-webhook', systemKey)}`;
}

export async function seedDemo(
  db: Db,
  secretBox: SecretBox,
  now = new Date(),
  log?: Logger,
  options: SeedOptions = {},
): Promise<void> {
  const passwordHash = await hashPassword(demoPassword);
  const joinedAt = new Date(now.getTime() - (demoSpanDays + 7) * DAY_MS);
  // The services log each change at info; the demo's few thousand would bury the start-up banner.
  const quiet: Logger = log
    ? log.child({ component: 'demo-seed' }, { level: 'warn' })
    : createLogger('silent');
  await db.transaction(async (tx) => {
    const ids = new Map<string, string>();
    const actors = new Map<string, Actor>();
    for (const person of demoStaff) {
      const [row] = await tx
        .insert(staff)
        .values({
          email: person.email,
          name: person.name,
          roles: person.roles,
          passwordHash,
          totpSecret: secretBox.seal(person.totpSecret),
          totpEnrolledAt: now,
          isDemo: true,
          createdAt: joinedAt,
          updatedAt: joinedAt,
        })
        .returning({ id: staff.id });
      if (!row) throw new Error('demo staff insert returned nothing');
      ids.set(person.key, row.id);
      actors.set(row.id, actorFrom({ staffId: row.id, roles: person.roles, requestId: 'demo-seed' }));
      await recordAudit(
        tx,
        { actorId: null, ip: null, requestId: 'demo-seed' },
        {
          action: 'staff.created',
          entityType: 'staff',
          entityId: row.id,
          reason: 'demo data',
          after: { roles: person.roles, demo: true },
        },
        joinedAt,
      );
    }
    const people: DemoPeople = {
      officerIds: demoStaff.filter((p) => p.roles.includes('privacy_officer')).map((p) => idOf(ids, p.key)),
      managerId: idOf(ids, 'manager'),
      supportId: idOf(ids, 'support'),
    };
    // The customer directory mirrors the product's accounts; staff change only their flags (below).
    const orgRows = makeOrganisations();
    await tx.insert(organisations).values(orgRows);
    const customerRows = makeCustomers({ seed: 2026, customers: demoCustomerCount, now }, orgRows);
    for (let i = 0; i < customerRows.length; i += 1000) {
      await tx.insert(customers).values(customerRows.slice(i, i + 1000));
    }
    // Deterministic spread (seeded), dated relative to today so that some are due soon and some overdue.
    const plans: RequestPlan[] = [];
    const generator = makeRequests(
      {
        seed: 2026,
        customers: demoCustomerCount,
        requests: demoRequestCount,
        now,
        spanDays: demoSpanDays,
        officerIds: people.officerIds,
        timeline: 'intake',
      },
      customerRows,
      demoRequestCount,
    );
    for (let next = generator.next(); !next.done; next = generator.next()) plans.push(...next.value.plans);
    // Flags on accounts with open requests, so the queue's default view shows them.
    const withOpenRequests = new Set(
      plans.flatMap((plan) =>
        plan.row.customerId && isOpenStatus(plan.row.status ?? 'received') ? [plan.row.customerId] : [],
      ),
    );
    const histories = plans.map((plan) => ({ plan, steps: historyOf(plan, people, now) }));
    const steps = [
      ...histories.flatMap((h) => h.steps),
      // Erasure plans in every state so far, through the plan's rules (erasure-demo.ts).
      ...erasureDemoSteps(histories, people, now),
      ...demoFlagSteps(customerRows, withOpenRequests, people.officerIds, now),
      // An emailed request made of the email it came in (inbox-demo.ts).
      ...inboxDemoSteps(histories),
      // The privacy mailbox today: new mail of each kind, a threaded reply, one marked not a request.
      ...inboxTodaySteps(idOf(ids, 'officer'), now),
      // Requests filed by an authorised agent over the DRP, in each state the agent can see (drp-demo.ts).
      ...drpDemoSteps(
        { adminId: idOf(ids, 'admin'), officerId: idOf(ids, 'officer') },
        now,
        options.standInOrigin ?? 'http://127.0.0.1:3000',
      ),
      // The subprocessor registry in every state, through its own rules (registry-demo.ts).
      ...registryDemoSteps(
        { officerId: idOf(ids, 'officer'), officer2Id: idOf(ids, 'officer2'), adminId: idOf(ids, 'admin') },
        now,
        {
          origin: options.standInOrigin ?? 'http://127.0.0.1:3000',
          secretFor: (key) => demoStandInSecret(secretBox, key),
          secretBox,
        },
      ),
    ];
    // Savepoints inside the seed's transaction: each service opens its own, as it does behind a procedure.
    await replayHistories(tx, steps, actors, quiet);
    // Each history stored its dates as of its last step; a pause still open counts up to today only after
    // a recompute. The nightly job's own run does it at once (the worker takes it within seconds of start).
    await scheduleJob(tx, {
      kind: 'clocks.recompute',
      runAt: now,
      key: 'clocks.recompute@demo-seed',
      payload: { reason: 'demo seed: open pauses counted up to today' },
    });
    // Today's reminders, made by the daily job's own code, so a fresh demo shows the bell with something in
    // it instead of waiting for the next 07:00 UTC run (a run later the same day adds nothing: same dedupe keys).
    await sendDailyReminders(tx, now, { requestId: 'demo-seed' });
    // A role grant waiting for the second admin, asked for by the first through the grants' own rule (its
    // step-up done just now): the Staff page shows the pending state, and admin2 can confirm or decline it.
    const asker = actors.get(idOf(ids, 'admin'));
    if (!asker) throw new Error('no demo admin');
    await splitAndRequestGrants(
      tx,
      { db: tx, log: quiet, now, actor: { ...asker, mfaAt: now } },
      { id: idOf(ids, 'support'), roles: ['support_agent'] },
      ['support_agent', 'privacy_officer'],
    );
  });
}

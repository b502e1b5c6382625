import { and, desc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import {
  checkReceiptTime,
  clockRuleFor,
  type AppSettings,
  fieldError,
  checkCustomerLink,
  customerLinkCheckLabels,
  isMinorAt,
  openRequestStatuses,
  regimeTable,
  requestPriorities,
  suggestRegime,
  type findOpenDuplicatesInputSchema,
  type DrpExercise,
  type RequestCreateOutput,
  type requestCreateInputSchema,
} from '@privdesk/shared';
import type { z } from 'zod';
import type { Tx } from '../../db/client.js';
import {
  customers,
  requestEvents,
  requestReferenceCounters,
  requestSearchTerms,
  requests,
} from '../../db/schema.js';
import { originOf, type ActorDeps, type ServiceDeps } from '../../lib/service.js';
import { recordAudit } from '../audit/audit.writer.js';
import { readSettings } from '../settings/settings.store.js';
import { dueColumnsFor, formatReference, nameWordsOf, searchTermsFor } from './request-derived.js';
import { summaryColumns, toSummary } from './request-presenters.js';
import { dueOnOf } from './requests.queries.js';
import { messageQueuedChange, outboxDepsOf, putInOutbox } from '../messages/outbox.js';
import { writeRequestChange, type RequestRecord, type SystemActor } from './request-change.js';
import { lockMailForIntake, mailArrival, markMailAsRequest } from '../inbox/inbox.service.js';

async function nextReference(tx: Tx, year: number): Promise<string> {
  // One row per year, incremented in the transaction: concurrent intakes queue on the row lock, never collide.
  const [row] = await tx
    .insert(requestReferenceCounters)
    .values({ year, last: 1 })
    .onConflictDoUpdate({
      target: requestReferenceCounters.year,
      set: { last: sql`${requestReferenceCounters.last} + 1` },
    })
    .returning({ last: requestReferenceCounters.last });
  if (!row) throw new Error('reference counter returned nothing');
  return formatReference(year, row.last);
}

/**
 * Who logs a request: a staff member, or the app on an authorised agent's behalf (issue 17), whose filing
 * also writes its own record in the same transaction (`alsoInTx`) and its own audit fields.
 */
export type IntakeDeps =
  | ActorDeps
  | (ServiceDeps & {
      actor: SystemActor;
      mail?: ActorDeps['mail'];
      filedBy: {
        audit: { agentId: string; exercise: DrpExercise; voluntary: boolean };
        alsoInTx: (tx: Tx, created: RequestRecord) => Promise<void>;
      };
    });

/** Logs a request with its real receipt time: the reference, the derived dates, the intake event and the audit. */
export async function createRequest(
  deps: IntakeDeps,
  input: z.output<typeof requestCreateInputSchema>,
): Promise<RequestCreateOutput> {
  const { actor, now } = deps;
  const staffId = 'system' in actor ? null : actor.staffId;
  const filedBy = 'filedBy' in deps ? deps.filedBy : null;
  // A request made of a message in the privacy mailbox is received when the message arrived (issue 16).
  const arrival = input.fromMailId === undefined ? null : await mailArrival(deps.db, input.fromMailId);
  if (arrival !== null) {
    if (input.channel !== 'email') throw fieldError('channel', 'A request made of an email came by email.');
    if (input.receivedAt !== undefined && new Date(input.receivedAt).getTime() !== arrival.getTime())
      throw fieldError(
        'receivedAt',
        `A request made of an email is received when the email arrived (${arrival.toISOString()}).`,
      );
  }
  const verdict = arrival
    ? checkReceiptTime(arrival, now)
    : input.receivedAt
      ? checkReceiptTime(new Date(input.receivedAt), now)
      : null;
  if (verdict && !verdict.ok) throw fieldError('receivedAt', verdict.message);
  const receivedAt = verdict?.receivedAt ?? now;

  const warnings: string[] = [];
  const suggested = suggestRegime(input.requester.location);
  if (suggested !== undefined && suggested !== input.regime) {
    warnings.push(
      `The requester’s location (${input.requester.location ?? ''}) suggests ${regimeTable[suggested].label}; this request is handled under ${regimeTable[input.regime].label}.`,
    );
  }

  return deps.db.transaction(async (tx) => {
    const mail = input.fromMailId === undefined ? null : await lockMailForIntake(tx, input.fromMailId);
    let customer: typeof customers.$inferSelect | undefined;
    if (input.customerId) {
      [customer] = await tx.select().from(customers).where(eq(customers.id, input.customerId));
      if (!customer) throw fieldError('customerId', 'No customer account with this id.');
      // A tombstone holds no one to match against: the request stands on its own.
      if (customer.status === 'erased') {
        throw fieldError('customerId', 'This account was erased: log the request without linking it.');
      }
    }
    const reference = await nextReference(tx, now.getUTCFullYear());
    const settings = await readSettings(tx, deps.log);
    const minor = input.minor || isMinorAt(customer?.birthYear ?? null, receivedAt);
    const due = dueColumnsFor({ regime: input.regime, type: input.type, receivedAt, minor, settings });
    // A linked account that looks like someone else is flagged on the request, never refused: the person
    // logging it may know better (a maiden name, a work address), and an officer checks.
    const customerLinkCheck = customer ? checkCustomerLink(input.requester, customer) : null;
    if (customerLinkCheck !== null && customerLinkCheck !== 'match') {
      warnings.push(`${customerLinkCheckLabels[customerLinkCheck]} The request is flagged for a check.`);
    }
    const [created] = await tx
      .insert(requests)
      .values({
        reference,
        type: input.type,
        regime: input.regime,
        channel: input.channel,
        status: 'received',
        priority: requestPriorities.indexOf(input.priority),
        minor,
        requesterName: input.requester.name,
        requesterEmail: input.requester.email,
        requesterLocation: input.requester.location ?? null,
        agentName: input.agent?.name ?? null,
        agentEmail: input.agent?.email || null,
        agentPermissionNote: input.agent?.permissionNote ?? null,
        customerId: customer?.id ?? null,
        customerLinkCheck,
        receivedAt,
        loggedAt: now,
        description: input.description,
        knowScope: input.knowScope ?? null,
        ...due,
        createdBy: staffId,
        updatedAt: now,
        updatedBy: staffId,
      })
      .returning();
    if (!created) throw new Error('request insert returned nothing');
    await tx.insert(requestSearchTerms).values({
      requestId: created.id,
      terms: searchTermsFor({ name: input.requester.name, email: input.requester.email, reference }),
      words: nameWordsOf(input.requester.name),
    });
    await tx.insert(requestEvents).values({
      requestId: created.id,
      at: now,
      actorId: staffId,
      kind: 'intake',
      data: { channel: input.channel, receivedAt: receivedAt.toISOString() },
    });
    if (mail && staffId !== null) {
      await markMailAsRequest(tx, mail, created.id, staffId, now);
      await tx.insert(requestEvents).values({
        requestId: created.id,
        at: now,
        actorId: staffId,
        kind: 'mail_received',
        data: { mailId: mail.id, via: 'officer' },
      });
    }
    if (filedBy) await filedBy.alsoInTx(tx, created);
    await recordAudit(
      tx,
      'system' in actor ? { actorId: null, ip: null, requestId: actor.system } : originOf(actor),
      {
        action: 'requests.created',
        entityType: 'request',
        entityId: created.id,
        after: {
          reference,
          type: created.type,
          regime: created.regime,
          channel: created.channel,
          status: 'received',
          customerId: created.customerId,
          customerLinkCheck,
          minor,
          ...(mail ? { fromMailId: mail.id } : {}),
          ...(filedBy ? { drp: filedBy.audit } : {}),
        },
      },
      now,
    );
    deps.log.info({ dsrId: created.id }, 'request logged');
    const acknowledged = await acknowledgeByRule(tx, deps, created, settings);
    return {
      id: created.id,
      reference,
      status: 'received' as const,
      version: acknowledged?.version ?? created.version,
      receivedAt: receivedAt.toISOString(),
      dueOn: dueOnOf(created),
      warnings,
    };
  });
}

/**
 * Where the law requires an acknowledgement (CCPA know, delete, correct: within 10 business days, 11 CCR
 * §7021(a)), it goes out by itself: queued with the request, and recorded on the clock ledger the day it
 * leaves. The app acts here, not the person logging the request. The demo's history replays acknowledgements
 * as its own steps, on the days it dates them.
 */
async function acknowledgeByRule(
  tx: Tx,
  deps: IntakeDeps,
  created: RequestRecord,
  settings: AppSettings,
): Promise<RequestRecord | null> {
  if (!clockRuleFor(created.regime, created.type)?.acknowledge) return null;
  if (deps.mail?.delivery === 'demo_history') return null;
  const actor = { system: 'rule:acknowledgement' };
  return writeRequestChange(tx, { actor, now: deps.now }, created, async (current) => {
    const outbox = await putInOutbox(tx, { ...outboxDepsOf(deps), actor }, current, settings, {
      kind: 'acknowledgement',
      effect: { kind: 'ledger', event: 'acknowledged', reason: null },
    });
    return messageQueuedChange(current, outbox);
  });
}

/** Open requests of the same type from the same email or account: the intake's duplicate warning. */
export async function findOpenDuplicates(
  deps: ServiceDeps,
  input: z.output<typeof findOpenDuplicatesInputSchema>,
) {
  const same: SQL[] = [];
  if (input.email) same.push(eq(requests.requesterEmail, input.email));
  if (input.customerId) same.push(eq(requests.customerId, input.customerId));
  const rows = await deps.db
    .select(summaryColumns)
    .from(requests)
    .where(
      and(eq(requests.type, input.type), inArray(requests.status, [...openRequestStatuses]), or(...same)),
    )
    .orderBy(desc(requests.receivedAt))
    .limit(20);
  return {
    items: rows.map((r) => {
      const byEmail = input.email !== undefined && r.requesterEmail === input.email;
      const byCustomer = Boolean(input.customerId) && r.customerId === input.customerId;
      return {
        ...toSummary(r),
        matchedOn:
          byEmail && byCustomer ? ('both' as const) : byEmail ? ('email' as const) : ('customer' as const),
      };
    }),
  };
}

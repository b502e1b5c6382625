import { flagsOf } from '../customers/customer-flags.js';
import { and, desc, eq, ne, or, sql } from 'drizzle-orm';
import {
  allowedMoves,
  calendarDateIn,
  closureOutcome,
  DomainError,
  isOpenStatus,
  maskedEmail,
  maskedName,
  queueToday,
  requestPriorities,
  type RequestClocks,
  type RequestClosure,
  type RequestDetail,
  type RequestFindOutput,
  type requestFindInputSchema,
} from '@privdesk/shared';
import type { z } from 'zod';
import { customers, requestEvents, requests } from '../../db/schema.js';
import type { ActorDeps } from '../../lib/service.js';
import { presentCustomer, selectCustomers } from '../customers/customers.service.js';
import { readSettings } from '../settings/settings.store.js';
import { presentVerification, verificationRowsOf } from '../verification/verification.service.js';
import { ledgerOf, presentClocks } from './clock-ledger.js';
import { loadRequest } from './request-change.js';
import {
  summaryColumns,
  toAllowedMove,
  toQueueRow,
  toQueueSummaryRow,
  toSummary,
  type RequestRecord,
} from './request-presenters.js';
import { dueOnOf, findQueuePage, staffNames, type QueueScope } from './requests.queries.js';

/** The queue: a full view for readers of request internals, the summary view (masked, no internals) otherwise. */
export async function findRequests(
  deps: ActorDeps,
  input: z.output<typeof requestFindInputSchema>,
): Promise<RequestFindOutput> {
  const { actor } = deps;
  const settings = await readSettings(deps.db, deps.log);
  const scope: QueueScope = {
    staffId: actor.staffId,
    now: deps.now,
    handlings: Object.values(settings.handling),
    search: actor.can.seeClearPii ? 'prefix' : 'whole',
  };
  if (!actor.can.seeClearPii && input.sort === 'requester') {
    // The order of masked names would tell what the masks hide (who sorts before whom).
    throw new DomainError('FORBIDDEN', 'Your role sees requesters masked: it cannot sort by requester.', {
      sort: ['Not available to your role.'],
    });
  }
  const full = actor.can.readRequestInternals;
  if (!full) {
    // Summary readers see no internals: filtering or sorting on them would reveal them all the same.
    const internal: [string, boolean][] = [
      ['assignee', input.assignee !== undefined && input.assignee !== 'anyone'],
      ['minor', input.minor !== undefined],
      ['sort', input.sort === 'assignee' || input.sort === 'priority'],
      // How a request ended, and when, are internals too (the dashboard's drill-downs; issue 18).
      ['closedFrom', input.closedFrom !== undefined],
      ['closedTo', input.closedTo !== undefined],
      ['responded', input.responded !== undefined],
      ['late', input.late !== undefined],
      ['onTime', input.onTime !== undefined],
      ['reasonCode', input.reasonCode !== undefined],
      ['extended', input.extended !== undefined],
      ['verification', input.verification !== undefined],
      ['erasurePending', input.erasurePending !== undefined],
    ];
    const refused = internal.filter(([, used]) => used).map(([field]) => field);
    if (refused.length > 0) {
      throw new DomainError(
        'FORBIDDEN',
        'Your role sees request summaries only: it cannot filter or sort by assignee, priority, the minor flag or how a request ended.',
        Object.fromEntries(refused.map((f) => [f, ['Not available to your role.']])),
      );
    }
  }
  const { rows, total, totalExact } = await findQueuePage(deps.db, input, scope, {
    offset: (input.page - 1) * input.pageSize,
    limit: input.pageSize,
  });
  const pageFields = {
    total,
    totalExact,
    page: input.page,
    pageSize: input.pageSize,
    today: queueToday(scope.now, scope.handlings),
    companySlaDays: settings.companySlaDays,
  };
  if (!full) return { view: 'summary', items: rows.map(toQueueSummaryRow), ...pageFields };
  const names = await staffNames(
    deps.db,
    rows.map((r) => r.assigneeId),
  );
  return { view: 'full', items: rows.map((r) => toQueueRow(r, actor.can, names)), ...pageFields };
}

/**
 * When a closed request closed (its last status change, which moved it into the closed status) and how
 * that stands against the dates stored when it closed; the nightly recompute leaves closed requests alone.
 */
async function closureOf(
  db: ActorDeps['db'],
  r: RequestRecord,
  timeZone: string,
  clocks: RequestClocks,
): Promise<RequestClosure | null> {
  const [last] = await db
    .select({ at: requestEvents.at })
    .from(requestEvents)
    .where(and(eq(requestEvents.requestId, r.id), eq(requestEvents.kind, 'status_changed')))
    .orderBy(desc(requestEvents.seq))
    .limit(1);
  if (!last) return null;
  const closedOn = calendarDateIn(last.at, timeZone);
  return {
    closedAt: last.at.toISOString(),
    ...closureOutcome({
      closedOn,
      statutoryDueOn: r.statutoryDueOn,
      companyDueOn: r.companyDueOn,
      companySuperseded: clocks.company.superseded,
    }),
  };
}

/** The request page: everything about one request this reader may see, with the moves they may make now. */
export async function getRequest(deps: ActorDeps, id: string): Promise<RequestDetail> {
  const { actor, db } = deps;
  const r = await loadRequest(db, id);
  const [customer] = r.customerId ? await selectCustomers(db).where(eq(customers.id, r.customerId)) : [];
  // A scrubbed request's email is the retention placeholder, which every other scrubbed request shares:
  // only its account (kept) still links it to the requester's other requests.
  const byEmail = r.scrubbedAt === null ? eq(requests.requesterEmail, r.requesterEmail) : sql`false`;
  const sameRequester = r.customerId ? or(byEmail, eq(requests.customerId, r.customerId)) : byEmail;
  const related = await db
    .select(summaryColumns)
    .from(requests)
    .where(and(sameRequester, ne(requests.id, r.id)))
    .orderBy(desc(requests.receivedAt))
    .limit(50);
  const settings = await readSettings(db, deps.log);
  const ledger = await ledgerOf(db, r.id);
  const checks = await verificationRowsOf(db, r.id);
  const names = await staffNames(db, [
    r.assigneeId,
    r.updatedBy,
    ...ledger.flatMap((e) => [e.recordedBy, e.removedBy]),
    ...checks.map((c) => c.recordedBy),
  ]);
  const handling = settings.handling[r.regime];
  const clocks = presentClocks({ record: r, ledger, settings, now: deps.now, names });
  const closure = isOpenStatus(r.status) ? null : await closureOf(db, r, handling.timeZone, clocks);
  const staffRef = (staffId: string) => ({ id: staffId, name: names.get(staffId) ?? 'Unknown staff member' });
  const shared = {
    id: r.id,
    reference: r.reference,
    version: r.version,
    type: r.type,
    regime: r.regime,
    channel: r.channel,
    status: r.status,
    priority: requestPriorities[r.priority] ?? 'normal',
    minor: r.minor,
    requesterLocation: r.requesterLocation,
    customer: customer ? presentCustomer(customer, actor.can, r.receivedAt) : null,
    customerFlags: customer ? (await flagsOf(db, customer.id)).filter((f) => f.liftedAt === null) : [],
    customerLinkCheck: customer ? r.customerLinkCheck : null,
    description: r.description,
    receivedAt: r.receivedAt.toISOString(),
    loggedAt: r.loggedAt.toISOString(),
    assignee: r.assigneeId === null ? null : staffRef(r.assigneeId),
    outcome: r.outcome,
    reasonCode: r.reasonCode,
    denialExplanation: r.denialExplanation,
    due: {
      dueOn: dueOnOf(r),
      companyDueOn: r.companyDueOn,
      statutoryDueOn: r.statutoryDueOn,
      effectiveDueOn: r.effectiveDueOn,
      calendar: handling.calendar,
      timeZone: handling.timeZone,
    },
    updatedAt: r.updatedAt.toISOString(),
    updatedBy: r.updatedBy === null ? null : staffRef(r.updatedBy),
    scrubbedAt: r.scrubbedAt === null ? null : r.scrubbedAt.toISOString(),
    allowedMoves: allowedMoves(r.status, actor.permissions, { type: r.type }).map(toAllowedMove),
    canAssign: actor.can.assignRequests && isOpenStatus(r.status),
    clocks,
    closure,
    related: related.map(toSummary),
    verification: await presentVerification(db, r, settings, names, checks),
  };
  const permissionNote = r.agentPermissionNote ?? '';
  if (actor.can.seeClearPii) {
    return {
      ...shared,
      requesterName: r.requesterName,
      requesterEmail: r.requesterEmail,
      requesterMasked: false,
      agent:
        r.agentName !== null && r.agentEmail !== null
          ? { name: r.agentName, email: r.agentEmail, permissionNote }
          : null,
    };
  }
  return {
    ...shared,
    requesterName: maskedName(r.requesterName),
    requesterEmail: maskedEmail(r.requesterEmail),
    requesterMasked: true,
    agent:
      r.agentName !== null && r.agentEmail !== null
        ? { name: maskedName(r.agentName), email: maskedEmail(r.agentEmail), permissionNote }
        : null,
  };
}

/** A customer's requests as a summary reader sees them (the support agent's lookup). */
export async function summaryForCustomer(deps: ActorDeps, customerId: string) {
  const [customer] = await deps.db
    .select({ id: customers.id })
    .from(customers)
    .where(eq(customers.id, customerId));
  if (!customer) throw new DomainError('NOT_FOUND', 'No customer account with this id.');
  const rows = await deps.db
    .select(summaryColumns)
    .from(requests)
    .where(eq(requests.customerId, customerId))
    .orderBy(desc(requests.receivedAt))
    .limit(200);
  return { items: rows.map(toSummary) };
}

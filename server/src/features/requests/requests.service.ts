import { and, desc, eq, inArray, ne, or, sql, type SQL } from 'drizzle-orm';
import {
  allowedMoves,
  checkMove,
  DomainError,
  fieldError,
  isOpenStatus,
  maskEmail,
  maskName,
  openRequestStatuses,
  permissionsOf,
  queueToday,
  regimeTable,
  requestPriorities,
  suggestRegime,
  type AllowedMove,
  type LinkedCustomer,
  type Permission,
  type Regime,
  type Role,
  type RequestBulkOutput,
  type RequestChannel,
  type RequestOutcome,
  type RequestReasonCode,
  type RequestChangeOutput,
  type RequestDetail,
  type RequestFindOutput,
  type RequestStatus,
  type RequestSummary,
  type RequestType,
  type TimelineEvent,
  type AppSettings,
  type ClockEventKind,
  type MoveAction,
  type requestAddNoteInputSchema,
  type requestAssignInputSchema,
  type requestBulkAssignInputSchema,
  type requestBulkTransitionInputSchema,
  type requestCreateInputSchema,
  type requestFindInputSchema,
  type requestTransitionInputSchema,
  type findOpenDuplicatesInputSchema,
  type revealRequesterInputSchema,
} from '@privdesk/shared';
import type { z } from 'zod';
import type { DbOrTx, Tx } from '../../db/client.js';
import {
  customers,
  requestEvents,
  requestReferenceCounters,
  requestSearchTerms,
  requests,
  staff,
} from '../../db/schema.js';
import { auditOrigin, type Context } from '../../trpc/context.js';
import { recordAudit } from '../audit/audit.writer.js';
import { readSettings } from '../settings/settings.store.js';
import { dueColumnsFor, formatReference, searchTermsFor } from './request-derived.js';
import {
  ledgerOf,
  openAsks,
  planClockChange,
  presentClocks,
  todayFor,
  writeClockChange,
  type NewLedgerEntry,
  type PlannedClockChange,
} from './request-clocks.js';
import {
  dueOnOf,
  findQueuePage,
  presentRequester,
  staffNames,
  toQueueRow,
  toQueueSummaryRow,
  canSeePii,
  type QueueScope,
} from './requests.queries.js';

export type RequestRecord = typeof requests.$inferSelect;
type CustomerRecord = typeof customers.$inferSelect;

/** A receipt time a little ahead of the server's clock is the sender's clock, not the future. */
const clockSkewMs = 2 * 60_000;
const earliestReceipt = new Date('2000-01-01T00:00:00Z');
/** Under 16 at receipt: product.md §2 (children's data deleted promptly). */
const minorAgeLimit = 16;

interface Actor {
  staffId: string;
  held: Permission[];
}

export function actorOf(ctx: Context): Actor {
  const session = ctx.session;
  if (!session) throw new DomainError('UNAUTHORIZED', 'Sign in to continue.');
  return { staffId: session.staffId, held: permissionsOf(session.roles) };
}

function scopeOf(ctx: Context, settings: AppSettings): QueueScope {
  const actor = actorOf(ctx);
  return {
    staffId: actor.staffId,
    held: actor.held,
    now: ctx.now(),
    handlings: Object.values(settings.handling),
  };
}

// --- intake ----------------------------------------------------------------------------------------------

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

function isMinorAt(birthYear: number | null, at: Date): boolean {
  return birthYear !== null && at.getUTCFullYear() - birthYear < minorAgeLimit;
}

export async function createRequest(ctx: Context, input: z.output<typeof requestCreateInputSchema>) {
  const actor = actorOf(ctx);
  const now = ctx.now();
  let receivedAt = input.receivedAt ? new Date(input.receivedAt) : now;
  if (receivedAt.getTime() > now.getTime() + clockSkewMs) {
    throw fieldError('receivedAt', 'The receipt time cannot be in the future.');
  }
  if (receivedAt > now) receivedAt = now;
  if (receivedAt < earliestReceipt)
    throw fieldError('receivedAt', 'The receipt time is before 2000: check the date.');

  const warnings: string[] = [];
  const suggested = suggestRegime(input.requester.location);
  if (suggested !== undefined && suggested !== input.regime) {
    warnings.push(
      `The requester’s location (${input.requester.location ?? ''}) suggests ${regimeTable[suggested].label}; this request is handled under ${regimeTable[input.regime].label}.`,
    );
  }

  return ctx.db.transaction(async (tx) => {
    let customer: CustomerRecord | undefined;
    if (input.customerId) {
      [customer] = await tx.select().from(customers).where(eq(customers.id, input.customerId));
      if (!customer) throw fieldError('customerId', 'No customer account with this id.');
    }
    const reference = await nextReference(tx, now.getUTCFullYear());
    const settings = await readSettings(tx, ctx.log);
    const due = dueColumnsFor({ regime: input.regime, type: input.type, receivedAt, settings });
    const minor = input.minor || isMinorAt(customer?.birthYear ?? null, receivedAt);
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
        agentEmail: input.agent?.email ?? null,
        agentPermissionNote: input.agent?.permissionNote ?? null,
        customerId: customer?.id ?? null,
        receivedAt,
        loggedAt: now,
        description: input.description,
        ...due,
        createdBy: actor.staffId,
        updatedAt: now,
        updatedBy: actor.staffId,
      })
      .returning();
    if (!created) throw new Error('request insert returned nothing');
    await tx.insert(requestSearchTerms).values({
      requestId: created.id,
      terms: searchTermsFor({ name: input.requester.name, email: input.requester.email, reference }),
    });
    await tx.insert(requestEvents).values({
      requestId: created.id,
      at: now,
      actorId: actor.staffId,
      kind: 'intake',
      data: { channel: input.channel, receivedAt: receivedAt.toISOString() },
    });
    await recordAudit(
      tx,
      auditOrigin(ctx),
      {
        action: 'requests.created',
        entityType: 'request',
        entityId: created.id,
        after: {
          reference,
          type: created.type,
          regime: created.regime,
          channel: created.channel,
          status: created.status,
          customerId: created.customerId,
          minor,
        },
      },
      now,
    );
    ctx.log.info({ dsrId: created.id }, 'request logged');
    return {
      id: created.id,
      reference,
      status: 'received' as const,
      version: created.version,
      receivedAt: receivedAt.toISOString(),
      dueOn: dueOnOf(created),
      warnings,
    };
  });
}

function toSummary(
  r: Pick<
    RequestRecord,
    'id' | 'reference' | 'type' | 'regime' | 'status' | 'receivedAt' | 'companyDueOn' | 'effectiveDueOn'
  >,
): RequestSummary {
  return {
    id: r.id,
    reference: r.reference,
    type: r.type as RequestType,
    regime: r.regime as Regime,
    status: r.status as RequestStatus,
    receivedAt: r.receivedAt.toISOString(),
    dueOn: dueOnOf(r),
  };
}

const summaryColumns = {
  id: requests.id,
  reference: requests.reference,
  type: requests.type,
  regime: requests.regime,
  status: requests.status,
  receivedAt: requests.receivedAt,
  companyDueOn: requests.companyDueOn,
  effectiveDueOn: requests.effectiveDueOn,
  requesterEmail: requests.requesterEmail,
  customerId: requests.customerId,
};

export async function findOpenDuplicates(
  ctx: Context,
  input: z.output<typeof findOpenDuplicatesInputSchema>,
) {
  const same: SQL[] = [];
  if (input.email) same.push(eq(requests.requesterEmail, input.email));
  if (input.customerId) same.push(eq(requests.customerId, input.customerId));
  const rows = await ctx.db
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

// --- reading ---------------------------------------------------------------------------------------------

export async function findRequests(
  ctx: Context,
  input: z.output<typeof requestFindInputSchema>,
): Promise<RequestFindOutput> {
  const scope = scopeOf(ctx, await readSettings(ctx.db, ctx.log));
  const full = scope.held.includes('requests:read');
  if (!full) {
    // Summary readers see no internals: filtering or sorting on them would reveal them all the same.
    const internal: [string, boolean][] = [
      ['assignee', input.assignee !== undefined && input.assignee !== 'anyone'],
      ['minor', input.minor !== undefined],
      ['sort', input.sort === 'assignee' || input.sort === 'priority'],
    ];
    const refused = internal.filter(([, used]) => used).map(([field]) => field);
    if (refused.length > 0) {
      throw new DomainError(
        'FORBIDDEN',
        'Your role sees request summaries only: it cannot filter or sort by assignee, priority or the minor flag.',
        Object.fromEntries(refused.map((f) => [f, ['Not available to your role.']])),
      );
    }
  }
  const { rows, total, totalExact } = await findQueuePage(ctx.db, input, scope, {
    offset: (input.page - 1) * input.pageSize,
    limit: input.pageSize,
  });
  const pageFields = {
    total,
    totalExact,
    page: input.page,
    pageSize: input.pageSize,
    today: queueToday(scope.now, scope.handlings),
  };
  if (!full) return { view: 'summary', items: rows.map(toQueueSummaryRow), ...pageFields };
  const names = await staffNames(
    ctx.db,
    rows.map((r) => r.assigneeId),
  );
  return { view: 'full', items: rows.map((r) => toQueueRow(r, scope.held, names)), ...pageFields };
}

function presentCustomer(c: CustomerRecord, held: readonly Permission[], at: Date): LinkedCustomer {
  const clear = canSeePii(held);
  return {
    id: c.id,
    accountNumber: c.accountNumber,
    name: clear ? c.name : maskName(c.name),
    email: clear ? c.email : maskEmail(c.email),
    masked: !clear,
    organisation: c.organisation,
    country: c.country,
    plan: c.plan,
    minor: isMinorAt(c.birthYear, at),
  };
}

function toAllowedMove(m: ReturnType<typeof allowedMoves>[number]): AllowedMove {
  return {
    to: m.to,
    action: m.action,
    label: m.label,
    needs: [...m.needs],
    reasonCodes: m.reasonCodes ? [...m.reasonCodes] : null,
  };
}

export async function loadRequest(db: DbOrTx, id: string): Promise<RequestRecord> {
  const [row] = await db.select().from(requests).where(eq(requests.id, id));
  if (!row) throw new DomainError('NOT_FOUND', 'No request with this id.');
  return row;
}

export async function getRequest(ctx: Context, id: string): Promise<RequestDetail> {
  const { held } = actorOf(ctx);
  const r = await loadRequest(ctx.db, id);
  const [customer] = r.customerId
    ? await ctx.db.select().from(customers).where(eq(customers.id, r.customerId))
    : [];
  const sameRequester = r.customerId
    ? or(eq(requests.requesterEmail, r.requesterEmail), eq(requests.customerId, r.customerId))
    : eq(requests.requesterEmail, r.requesterEmail);
  const related = await ctx.db
    .select(summaryColumns)
    .from(requests)
    .where(and(sameRequester, ne(requests.id, r.id)))
    .orderBy(desc(requests.receivedAt))
    .limit(50);
  const settings = await readSettings(ctx.db, ctx.log);
  const ledger = await ledgerOf(ctx.db, r.id);
  const names = await staffNames(ctx.db, [
    r.assigneeId,
    r.updatedBy,
    ...ledger.flatMap((e) => [e.recordedBy, e.removedBy]),
  ]);
  const clear = canSeePii(held);
  const status = r.status as RequestStatus;
  const handling = settings.handling[r.regime as Regime];
  return {
    id: r.id,
    reference: r.reference,
    version: r.version,
    type: r.type as RequestType,
    regime: r.regime as Regime,
    channel: r.channel as RequestDetail['channel'],
    status,
    priority: requestPriorities[r.priority] ?? 'normal',
    minor: r.minor,
    ...presentRequester(r, held),
    requesterLocation: r.requesterLocation,
    agent:
      r.agentName === null || r.agentEmail === null
        ? null
        : {
            name: clear ? r.agentName : maskName(r.agentName),
            email: clear ? r.agentEmail : maskEmail(r.agentEmail),
            permissionNote: r.agentPermissionNote ?? '',
          },
    customer: customer ? presentCustomer(customer, held, r.receivedAt) : null,
    description: r.description,
    receivedAt: r.receivedAt.toISOString(),
    loggedAt: r.loggedAt.toISOString(),
    assignee:
      r.assigneeId === null
        ? null
        : { id: r.assigneeId, name: names.get(r.assigneeId) ?? 'Unknown staff member' },
    outcome: r.outcome as RequestDetail['outcome'],
    reasonCode: r.reasonCode as RequestDetail['reasonCode'],
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
    updatedBy:
      r.updatedBy === null
        ? null
        : { id: r.updatedBy, name: names.get(r.updatedBy) ?? 'Unknown staff member' },
    allowedMoves: allowedMoves(status, held, { type: r.type as RequestType }).map(toAllowedMove),
    canAssign: held.includes('requests:assign') && isOpenStatus(status),
    clocks: presentClocks({ record: r, ledger, settings, now: ctx.now(), names }),
    related: related.map(toSummary),
  };
}

export async function summaryForCustomer(ctx: Context, customerId: string) {
  const [customer] = await ctx.db
    .select({ id: customers.id })
    .from(customers)
    .where(eq(customers.id, customerId));
  if (!customer) throw new DomainError('NOT_FOUND', 'No customer account with this id.');
  const rows = await ctx.db
    .select(summaryColumns)
    .from(requests)
    .where(eq(requests.customerId, customerId))
    .orderBy(desc(requests.receivedAt))
    .limit(200);
  return { items: rows.map(toSummary) };
}

export async function requestTimeline(ctx: Context, id: string): Promise<{ items: TimelineEvent[] }> {
  await loadRequest(ctx.db, id);
  const events = await ctx.db
    .select()
    .from(requestEvents)
    .where(eq(requestEvents.requestId, id))
    .orderBy(requestEvents.at, requestEvents.seq)
    .limit(2000);
  const involved: (string | null)[] = [];
  for (const e of events) {
    involved.push(e.actorId);
    if (e.kind === 'assigned') involved.push(stringOrNull(e.data.from), stringOrNull(e.data.to));
  }
  const names = await staffNames(ctx.db, involved);
  const ref = (staffId: string | null) =>
    staffId === null ? null : { id: staffId, name: names.get(staffId) ?? 'Unknown staff member' };
  const items = events.flatMap((e): TimelineEvent[] => {
    const base = { id: e.id, at: e.at.toISOString(), actor: ref(e.actorId) };
    const d = e.data;
    switch (e.kind) {
      case 'intake':
        return [
          {
            ...base,
            kind: 'intake',
            channel: d.channel as RequestChannel,
            receivedAt: stringOrNull(d.receivedAt) ?? base.at,
          },
        ];
      case 'status_changed':
        return [
          {
            ...base,
            kind: 'status_changed',
            from: d.from as RequestStatus,
            to: d.to as RequestStatus,
            outcome: stringOrNull(d.outcome) as RequestOutcome | null,
            reasonCode: stringOrNull(d.reasonCode) as RequestReasonCode | null,
            explanation: stringOrNull(d.explanation),
            message: stringOrNull(d.message),
            note: stringOrNull(d.note),
          },
        ];
      case 'assigned':
        return [{ ...base, kind: 'assigned', from: ref(stringOrNull(d.from)), to: ref(stringOrNull(d.to)) }];
      case 'note':
        return [{ ...base, kind: 'note', text: stringOrNull(d.text) ?? '' }];
      case 'clock':
        return [
          {
            ...base,
            kind: 'clock',
            action: d.action === 'removed' ? 'removed' : 'recorded',
            entryId: stringOrNull(d.entryId) ?? '',
            event: d.event as ClockEventKind,
            on: stringOrNull(d.on) ?? '',
            reason: stringOrNull(d.reason),
          },
        ];
      case 'received_at_changed':
        return [
          {
            ...base,
            kind: 'received_at_changed',
            from: stringOrNull(d.from) ?? base.at,
            to: stringOrNull(d.to) ?? base.at,
            reason: stringOrNull(d.reason) ?? '',
          },
        ];
      default:
        return [];
    }
  });
  return { items };
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

// --- changes ---------------------------------------------------------------------------------------------

function formatChangedAt(at: Date, now: Date): string {
  const time = at.toISOString().slice(11, 16);
  if (at.toISOString().slice(0, 10) === now.toISOString().slice(0, 10)) return `${time} UTC`;
  const day = at.toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
  return `${day} ${time} UTC`;
}

/** Locks the request and checks the version the change was based on; a stale one says who changed it and when. */
export async function lockForChange(tx: Tx, id: string, version: number, now: Date): Promise<RequestRecord> {
  const [row] = await tx.select().from(requests).where(eq(requests.id, id)).for('update');
  if (!row) throw new DomainError('NOT_FOUND', 'No request with this id.');
  if (row.version !== version) {
    const [who] = row.updatedBy
      ? await tx.select({ name: staff.name }).from(staff).where(eq(staff.id, row.updatedBy))
      : [];
    throw new DomainError(
      'CONFLICT',
      `${row.reference} was changed by ${who?.name ?? 'someone else'} at ${formatChangedAt(row.updatedAt, now)} — reload to see the change, then try again.`,
    );
  }
  return row;
}

export async function toChangeOutput(tx: DbOrTx, r: RequestRecord): Promise<RequestChangeOutput> {
  const names = await staffNames(tx, [r.assigneeId]);
  return {
    id: r.id,
    reference: r.reference,
    version: r.version,
    status: r.status as RequestStatus,
    assignee:
      r.assigneeId === null
        ? null
        : { id: r.assigneeId, name: names.get(r.assigneeId) ?? 'Unknown staff member' },
    outcome: r.outcome as RequestChangeOutput['outcome'],
    reasonCode: r.reasonCode as RequestChangeOutput['reasonCode'],
    updatedAt: r.updatedAt.toISOString(),
  };
}

type AssignInput = Pick<z.output<typeof requestAssignInputSchema>, 'assigneeId'>;

/** The assignee must be an active staff member who works requests; checked once per call, not per row. */
async function checkAssignee(db: DbOrTx, assigneeId: string | null): Promise<void> {
  if (assigneeId === null) return;
  const [person] = await db
    .select({ roles: staff.roles, disabledAt: staff.disabledAt })
    .from(staff)
    .where(eq(staff.id, assigneeId));
  if (!person || person.disabledAt !== null)
    throw fieldError('assigneeId', 'Unknown or disabled staff member.');
  if (!permissionsOf(person.roles as Role[]).includes('requests:work')) {
    throw fieldError('assigneeId', 'Requests can be assigned only to privacy officers.');
  }
}

async function assignInTx(
  ctx: Context,
  tx: Tx,
  id: string,
  version: number,
  input: AssignInput,
  now: Date,
): Promise<RequestRecord> {
  const actor = actorOf(ctx);
  const current = await lockForChange(tx, id, version, now);
  if (!isOpenStatus(current.status as RequestStatus)) {
    throw new DomainError('BAD_REQUEST', `${current.reference} is closed: there is nothing to assign.`);
  }
  // Same assignee: nothing changes, so nothing is written or audited.
  if (current.assigneeId === input.assigneeId) return current;
  const [updated] = await tx
    .update(requests)
    .set({
      assigneeId: input.assigneeId,
      version: current.version + 1,
      updatedAt: now,
      updatedBy: actor.staffId,
    })
    .where(eq(requests.id, current.id))
    .returning();
  if (!updated) throw new Error('request update returned nothing');
  await tx.insert(requestEvents).values({
    requestId: current.id,
    at: now,
    actorId: actor.staffId,
    kind: 'assigned',
    data: { from: current.assigneeId, to: input.assigneeId },
  });
  await recordAudit(
    tx,
    auditOrigin(ctx),
    {
      action: 'requests.assigned',
      entityType: 'request',
      entityId: current.id,
      before: { assigneeId: current.assigneeId, version: current.version },
      after: { assigneeId: input.assigneeId, version: updated.version },
    },
    now,
  );
  return updated;
}

export async function assignRequest(ctx: Context, input: z.output<typeof requestAssignInputSchema>) {
  const now = ctx.now();
  await checkAssignee(ctx.db, input.assigneeId);
  return ctx.db.transaction(async (tx) =>
    toChangeOutput(tx, await assignInTx(ctx, tx, input.id, input.version, input, now)),
  );
}

type MoveInput = Omit<z.output<typeof requestTransitionInputSchema>, 'id' | 'version'>;

function moveError(check: Extract<ReturnType<typeof checkMove>, { ok: false }>): DomainError {
  return new DomainError(
    check.refusal === 'forbidden' ? 'FORBIDDEN' : 'BAD_REQUEST',
    check.message,
    check.fieldErrors,
  );
}

async function transitionInTx(
  ctx: Context,
  tx: Tx,
  id: string,
  version: number,
  input: MoveInput,
  now: Date,
): Promise<RequestRecord> {
  const actor = actorOf(ctx);
  const current = await lockForChange(tx, id, version, now);
  const from = current.status as RequestStatus;
  const check = checkMove({
    from,
    to: input.to,
    type: current.type as RequestType,
    held: actor.held,
    details: input,
  });
  if (!check.ok) throw moveError(check);
  const clockChange = await lifecycleClockChange(ctx, tx, current, check.move.action, input, now);
  const explanation =
    check.move.needs.includes('explanation') || check.outcome === 'partially_fulfilled'
      ? (input.explanation ?? null)
      : null;
  const [updated] = await tx
    .update(requests)
    .set({
      status: input.to,
      ...(check.outcome === null ? {} : { outcome: check.outcome }),
      ...(check.reasonCode === null ? {} : { reasonCode: check.reasonCode }),
      ...(explanation === null ? {} : { denialExplanation: explanation }),
      ...(clockChange === null ? {} : clockChange.columns),
      version: current.version + 1,
      updatedAt: now,
      updatedBy: actor.staffId,
    })
    .where(eq(requests.id, current.id))
    .returning();
  if (!updated) throw new Error('request update returned nothing');
  const ledger =
    clockChange === null ? null : await writeClockChange(tx, current, clockChange, actor.staffId, now);
  await tx.insert(requestEvents).values({
    requestId: current.id,
    at: now,
    actorId: actor.staffId,
    kind: 'status_changed',
    data: {
      from,
      to: input.to,
      outcome: check.outcome,
      reasonCode: check.reasonCode,
      explanation,
      message: check.move.needs.includes('message') ? (input.message ?? null) : null,
      note: input.note ?? null,
    },
  });
  await recordAudit(
    tx,
    auditOrigin(ctx),
    {
      action: 'requests.status_changed',
      entityType: 'request',
      entityId: current.id,
      // Codes only: explanations and messages are free text that may name people.
      before: { status: from, version: current.version },
      after: {
        status: input.to,
        outcome: check.outcome,
        reasonCode: check.reasonCode,
        version: updated.version,
        ...(ledger === null
          ? {}
          : {
              clockEntries: ledger.recorded.map((e) => ({ id: e.id, kind: e.kind, on: e.on })),
              effectiveDueOn: updated.effectiveDueOn,
              statutoryDueOn: updated.statutoryDueOn,
              clockState: updated.clockState,
            }),
      },
    },
    now,
  );
  return updated;
}

/**
 * "Ask the requester" records what is asked for on the clock ledger (`identity_asked` or
 * `clarification_asked`) and the move back records what came in (`_received`, for every open ask), in the
 * transaction of the status change, so the status and the clock can never disagree.
 */
async function lifecycleClockChange(
  ctx: Context,
  tx: Tx,
  current: RequestRecord,
  action: MoveAction,
  input: MoveInput,
  now: Date,
): Promise<PlannedClockChange | null> {
  if (action !== 'ask_requester' && action !== 'resume') return null;
  const settings = await readSettings(tx, ctx.log);
  const active = (await ledgerOf(tx, current.id)).filter((e) => e.removedAt === null);
  const on = todayFor(current.regime as Regime, settings, now);
  let add: NewLedgerEntry[];
  if (action === 'ask_requester') {
    const askFor = input.askFor ?? (current.status === 'verifying' ? 'identity' : 'clarification');
    add = [{ kind: askFor === 'identity' ? 'identity_asked' : 'clarification_asked', on, reason: null }];
  } else {
    add = openAsks(active).map((ask) => ({
      kind: ask === 'identity' ? ('identity_received' as const) : ('clarification_received' as const),
      on,
      reason: null,
    }));
    if (add.length === 0) return null;
  }
  return planClockChange(current, active, settings, { add, field: 'to' }, on);
}

export async function transitionRequest(ctx: Context, input: z.output<typeof requestTransitionInputSchema>) {
  const now = ctx.now();
  return ctx.db.transaction(async (tx) =>
    toChangeOutput(tx, await transitionInTx(ctx, tx, input.id, input.version, input, now)),
  );
}

/** Each row in its own transaction: one row's failure is that row's answer, never the whole call's. */
async function forEachRow(
  ctx: Context,
  items: { id: string; version: number }[],
  change: (tx: Tx, item: { id: string; version: number }) => Promise<RequestRecord>,
): Promise<RequestBulkOutput> {
  const results: RequestBulkOutput['results'] = [];
  const seen = new Set<string>();
  for (const item of items) {
    if (seen.has(item.id)) continue;
    seen.add(item.id);
    try {
      const updated = await ctx.db.transaction((tx) => change(tx, item));
      results.push({ id: item.id, reference: updated.reference, ok: true, version: updated.version });
    } catch (error) {
      if (!(error instanceof DomainError)) ctx.log.error({ err: error, dsrId: item.id }, 'bulk row failed');
      const message =
        error instanceof DomainError ? error.message : 'Something went wrong on our side with this row.';
      const [ref] = await ctx.db
        .select({ reference: requests.reference })
        .from(requests)
        .where(eq(requests.id, item.id));
      results.push({ id: item.id, reference: ref?.reference ?? null, ok: false, error: message });
    }
  }
  const succeeded = results.filter((r) => r.ok).length;
  return { results, succeeded, failed: results.length - succeeded };
}

export async function bulkAssignRequests(ctx: Context, input: z.output<typeof requestBulkAssignInputSchema>) {
  const now = ctx.now();
  // A bad assignee is wrong for every row alike: that is a field error, not a row error.
  await checkAssignee(ctx.db, input.assigneeId);
  return forEachRow(ctx, input.items, (tx, item) => assignInTx(ctx, tx, item.id, item.version, input, now));
}

export async function bulkTransitionRequests(
  ctx: Context,
  input: z.output<typeof requestBulkTransitionInputSchema>,
) {
  const now = ctx.now();
  const { items, ...move } = input;
  return forEachRow(ctx, items, (tx, item) => transitionInTx(ctx, tx, item.id, item.version, move, now));
}

export async function addRequestNote(
  ctx: Context,
  input: z.output<typeof requestAddNoteInputSchema>,
): Promise<TimelineEvent> {
  const actor = actorOf(ctx);
  const now = ctx.now();
  // A note appends to the timeline and changes no field: it needs no version and cannot overwrite anything.
  return ctx.db.transaction(async (tx) => {
    const current = await loadRequest(tx, input.id);
    const [event] = await tx
      .insert(requestEvents)
      .values({
        requestId: current.id,
        at: now,
        actorId: actor.staffId,
        kind: 'note',
        data: { text: input.text },
      })
      .returning();
    if (!event) throw new Error('note insert returned nothing');
    await recordAudit(
      tx,
      auditOrigin(ctx),
      {
        action: 'requests.note_added',
        entityType: 'request',
        entityId: current.id,
        after: { eventId: event.id },
      },
      now,
    );
    const names = await staffNames(tx, [actor.staffId]);
    return {
      id: event.id,
      at: now.toISOString(),
      actor: { id: actor.staffId, name: names.get(actor.staffId) ?? '' },
      kind: 'note',
      text: input.text,
    };
  });
}

export async function revealRequester(ctx: Context, input: z.output<typeof revealRequesterInputSchema>) {
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const r = await loadRequest(tx, input.id);
    await recordAudit(
      tx,
      auditOrigin(ctx),
      {
        action: 'requests.requester_revealed',
        entityType: 'request',
        entityId: r.id,
        reason: input.reason,
        // Which fields were shown, never their values.
        after: {
          fields:
            r.agentName === null
              ? ['requesterName', 'requesterEmail']
              : ['requesterName', 'requesterEmail', 'agentName', 'agentEmail'],
        },
      },
      now,
    );
    return {
      requesterName: r.requesterName,
      requesterEmail: r.requesterEmail,
      agentName: r.agentName,
      agentEmail: r.agentEmail,
    };
  });
}

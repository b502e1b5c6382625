import { asc, eq } from 'drizzle-orm';
import {
  DomainError,
  checkPlanMove,
  type CompletionOutcome,
  type MoveAction,
  type PlanEvent,
  type RequestStatus,
  type StoredTimelineEntry,
} from '@privdesk/shared';
import type { Tx } from '../../db/client.js';
import { erasurePlanLines, erasurePlans, requestEvents, requests, staff } from '../../db/schema.js';
import type { Actor } from '../../lib/service.js';
import type { Logger } from '../../lib/logger.js';
import { recordAudit, type AuditEntry } from '../audit/audit.writer.js';
import { originOfActor } from '../registry/subprocessor-change.js';
import {
  closureStamp,
  type RequestPatch,
  type RequestRecord,
  type SystemActor,
} from '../requests/request-change.js';
import { readSettings } from '../settings/settings.store.js';
import { noteDrpStatusChange } from '../drp/drp-status.js';
import { assertVerifiedFor } from '../verification/verification.service.js';

export type PlanRecord = typeof erasurePlans.$inferSelect;
export type PlanLineRecord = typeof erasurePlanLines.$inferSelect;
export type PlanPatch = Partial<
  Omit<PlanRecord, 'id' | 'requestId' | 'version' | 'updatedAt' | 'updatedBy' | 'editorIds'>
>;
export type LinePatch = Partial<
  Pick<
    PlanLineRecord,
    | 'action'
    | 'ground'
    | 'note'
    | 'status'
    | 'startedAt'
    | 'finishedAt'
    | 'finishedBy'
    | 'result'
    | 'evidence'
  >
>;

export interface PlanState {
  request: RequestRecord;
  plan: PlanRecord;
  lines: PlanLineRecord[];
}

/** What a plan rule decided, for the writer to record. */
export interface PlanChange {
  /** A move of the request made on the plan: the lifecycle table checks it, and verification is re-checked. */
  move?: { action: MoveAction; note?: string | null; outcome?: CompletionOutcome };
  /** What the request records with the move besides its status (a completion's outcome and reasons). */
  requestSet?: RequestPatch;
  plan?: PlanPatch;
  lines?: { id: string; set: LinePatch }[];
  /** Whether the actor becomes one of the plan's editors (who may then not approve it). */
  edits?: boolean;
  event: { event: PlanEvent; note: string | null; line?: StoredLineEvent | null };
  /** Entries the change's own rows bring (a message queued by a completion), after the plan's. */
  events?: StoredTimelineEntry[];
  audit: (after: { request: RequestRecord; plan: PlanRecord; from: RequestStatus }) => AuditEntry;
}

type StoredLineEvent = Extract<StoredTimelineEntry, { kind: 'erasure_plan' }>['data']['line'];

function when(at: Date): string {
  return `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/**
 * Locks the request, then its plan (always in this order, as every request change locks the request first),
 * and checks the plan's version the person saw: a plan changed since is refused with who changed it.
 */
export async function lockPlan(tx: Tx, requestId: string, planVersion: number | null): Promise<PlanState> {
  const [request] = await tx.select().from(requests).where(eq(requests.id, requestId)).for('update');
  if (!request) throw new DomainError('NOT_FOUND', 'No request with this id.');
  const [plan] = await tx
    .select()
    .from(erasurePlans)
    .where(eq(erasurePlans.requestId, requestId))
    .for('update');
  if (!plan) throw new DomainError('NOT_FOUND', `${request.reference} has no erasure plan yet.`);
  if (planVersion !== null && plan.version !== planVersion) {
    const [who] = plan.updatedBy
      ? await tx.select({ name: staff.name }).from(staff).where(eq(staff.id, plan.updatedBy))
      : [];
    throw new DomainError(
      'CONFLICT',
      `The erasure plan of ${request.reference} was changed by ${who?.name ?? 'the app'} at ${when(plan.updatedAt)} — review it again, then try again.`,
    );
  }
  const lines = await tx
    .select()
    .from(erasurePlanLines)
    .where(eq(erasurePlanLines.planId, plan.id))
    .orderBy(asc(erasurePlanLines.position));
  return { request, plan, lines };
}

/**
 * The one way an erasure plan changes, in the house order inside the caller's transaction: lock (request,
 * then plan), check the plan's version, ask the rule (`decide` throws a DomainError to refuse), check a move
 * of the request against the lifecycle table and re-check verification, write the request (for a move), the
 * plan with its next version and its lines, the timeline entries, and the audit event.
 */
export async function writePlanChange(
  tx: Tx,
  deps: { actor: Actor | SystemActor; now: Date; log: Logger },
  /** The plan's version the person saw; null for the execution's own steps, which lock and re-read instead. */
  target: { requestId: string; planVersion: number | null },
  decide: (current: PlanState) => Promise<PlanChange> | PlanChange,
): Promise<PlanState> {
  const { actor, now } = deps;
  const staffId = 'system' in actor ? null : actor.staffId;
  const current = await lockPlan(tx, target.requestId, target.planVersion);
  const change = await decide(current);
  const from = current.request.status;
  let request = current.request;
  if (change.move) {
    const check = checkPlanMove({
      from,
      action: change.move.action,
      type: request.type,
      held: 'system' in actor ? [] : actor.permissions,
      details: { note: change.move.note ?? null, outcome: change.move.outcome ?? null },
      // The execution's moves (start, complete) are the job's; a person's are the plan's procedures'.
      bySystem: 'system' in actor,
    });
    if (!check.ok) throw new DomainError('BAD_REQUEST', check.message, check.fieldErrors);
    await assertVerifiedFor(tx, request, check.move.to, await readSettings(tx, deps.log));
    const [moved] = await tx
      .update(requests)
      .set({
        ...change.requestSet,
        ...(await closureStamp(tx, request, check.move.to, now)),
        status: check.move.to,
        version: request.version + 1,
        updatedAt: now,
        updatedBy: staffId,
      })
      .where(eq(requests.id, request.id))
      .returning();
    if (!moved) throw new Error('request update returned nothing');
    await noteDrpStatusChange(tx, moved, now);
    request = moved;
  }
  const editors =
    change.edits && staffId !== null && !current.plan.editorIds.includes(staffId)
      ? [...current.plan.editorIds, staffId]
      : current.plan.editorIds;
  const [plan] = await tx
    .update(erasurePlans)
    .set({
      ...change.plan,
      editorIds: editors,
      version: current.plan.version + 1,
      updatedAt: now,
      updatedBy: staffId,
    })
    .where(eq(erasurePlans.id, current.plan.id))
    .returning();
  if (!plan) throw new Error('plan update returned nothing');
  for (const line of change.lines ?? []) {
    await tx
      .update(erasurePlanLines)
      .set({ ...line.set, updatedAt: now, updatedBy: staffId })
      .where(eq(erasurePlanLines.id, line.id));
  }
  const events: StoredTimelineEntry[] = [];
  if (request.status !== from)
    events.push({
      kind: 'status_changed',
      data: {
        from,
        to: request.status,
        outcome: request.outcome,
        reasonCode: request.reasonCode,
        explanation: request.denialExplanation,
        message: null,
        note: change.move?.note ?? null,
      },
    });
  events.push({
    kind: 'erasure_plan',
    data: {
      event: change.event.event,
      planVersion: plan.version,
      note: change.event.note,
      line: change.event.line ?? null,
    },
  });
  events.push(...(change.events ?? []));
  await tx
    .insert(requestEvents)
    .values(
      events.map((e) => ({ requestId: request.id, at: now, actorId: staffId, kind: e.kind, data: e.data })),
    );
  await recordAudit(tx, originOfActor(actor), change.audit({ request, plan, from }), now);
  const lines = change.lines?.length
    ? await tx
        .select()
        .from(erasurePlanLines)
        .where(eq(erasurePlanLines.planId, plan.id))
        .orderBy(asc(erasurePlanLines.position))
    : current.lines;
  return { request, plan, lines };
}

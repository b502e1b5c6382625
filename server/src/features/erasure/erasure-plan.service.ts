import { eq } from 'drizzle-orm';
import {
  DomainError,
  isErasureType,
  lineChangeRefusal,
  requestStatusLabels,
  type PlanAttempt,
  type PlanChangeOutput,
  type planCancelInputSchema,
  type planDecisionInputSchema,
  type planLineChangeInputSchema,
  type planPrepareInputSchema,
  type planSubmitInputSchema,
  type taskCloseInputSchema,
  type lineJustifyInputSchema,
} from '@privdesk/shared';
import type { z } from 'zod';
import type { DbOrTx } from '../../db/client.js';
import { dataSystems, erasurePlanLines, erasurePlans, requestEvents, requests } from '../../db/schema.js';
import { assertRecentMfa, originOf, type ActorDeps } from '../../lib/service.js';
import { recordAudit } from '../audit/audit.writer.js';
import { readSettings } from '../settings/settings.store.js';
import { presentPlan } from './erasure-plan.queries.js';
import { completeIfDone, finishLine, scheduleExecution } from './erasure-execution.js';
import { lockPlan, writePlanChange, type PlanState } from './plan-change.js';
import { platformHoldsFor, proposalFor, type PlatformLookup } from './plan-proposal.js';

export type ErasureDeps = ActorDeps & { platform?: PlatformLookup | null };

const HOUR_MS = 3_600_000;

/**
 * Every refusal of a plan step is audited (issue 15, "Bad input"): the attempt, the plan version it named,
 * the refusal's code and its plain reason, in a transaction of its own (the step's own rolled back, so
 * nothing else changed). Not-found ids are audited too: a guessed id is an attempt worth seeing.
 */
async function refusalsAudited<T>(
  deps: ErasureDeps,
  attempt: PlanAttempt,
  target: { requestId: string; planVersion: number | null },
  run: () => Promise<T>,
): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof DomainError) {
      await deps.db.transaction((tx) =>
        recordAudit(
          tx,
          originOf(deps.actor),
          {
            action: 'erasure.refused',
            entityType: 'request',
            entityId: target.requestId,
            before: null,
            after: {
              attempt,
              planVersion: target.planVersion,
              code: error.code,
              reason: error.message.slice(0, 600),
            },
          },
          deps.now,
        ),
      );
    }
    throw error;
  }
}

async function output(deps: ErasureDeps, state: PlanState): Promise<PlanChangeOutput> {
  return { plan: await presentPlan(deps, state), requestVersion: state.request.version };
}

/** The server's proposal made into the plan: one line per system holding the subject's data (item 3). */
export function preparePlan(
  deps: ErasureDeps,
  input: z.output<typeof planPrepareInputSchema>,
): Promise<PlanChangeOutput> {
  return refusalsAudited(deps, 'prepare', { requestId: input.requestId, planVersion: null }, async () => {
    // Asked before the transaction (the platform may share this embedded database; plan-proposal.ts).
    const [linked] = await deps.db
      .select({ customerId: requests.customerId })
      .from(requests)
      .where(eq(requests.id, input.requestId));
    const customerId = linked?.customerId ?? null;
    const platformHolds = await platformHoldsFor(deps.db, customerId, deps.platform ?? null);
    return deps.db.transaction(async (tx) => {
      const [request] = await tx
        .select()
        .from(requests)
        .where(eq(requests.id, input.requestId))
        .for('update');
      if (!request) throw new DomainError('NOT_FOUND', 'No request with this id.');
      if (request.version !== input.requestVersion)
        throw new DomainError(
          'CONFLICT',
          `${request.reference} changed since you loaded it — reload to see the change, then try again.`,
        );
      if (!isErasureType(request.type))
        throw new DomainError('BAD_REQUEST', 'Only an erasure request has an erasure plan.');
      const [existing] = await tx
        .select({ id: erasurePlans.id })
        .from(erasurePlans)
        .where(eq(erasurePlans.requestId, request.id));
      if (existing) throw new DomainError('BAD_REQUEST', `${request.reference} already has an erasure plan.`);
      if (request.status !== 'in_progress')
        throw new DomainError(
          'BAD_REQUEST',
          `A plan is prepared once identity is verified and work has started; ${request.reference} is ${requestStatusLabels[request.status].toLowerCase()}.`,
        );
      if (request.customerId !== customerId)
        throw new DomainError(
          'CONFLICT',
          `${request.reference}’s linked account changed while the plan was prepared — try again.`,
        );
      const proposal = await proposalFor(tx, request, platformHolds);
      if (proposal.systems === 0)
        throw new DomainError(
          'BAD_REQUEST',
          'The data inventory has no systems yet: add them under Registry → Data inventory, then prepare the plan.',
        );
      const [plan] = await tx
        .insert(erasurePlans)
        .values({
          requestId: request.id,
          version: 1,
          preparedBy: deps.actor.staffId,
          preparedAt: deps.now,
          editorIds: [deps.actor.staffId],
          updatedAt: deps.now,
          updatedBy: deps.actor.staffId,
        })
        .returning();
      if (!plan) throw new Error('plan insert returned nothing');
      const lines = await tx
        .insert(erasurePlanLines)
        .values(
          proposal.lines.map((line, position) => ({
            ...line,
            planId: plan.id,
            position,
            updatedAt: deps.now,
            updatedBy: deps.actor.staffId,
          })),
        )
        .returning();
      lines.sort((a, b) => a.position - b.position);
      await tx.insert(requestEvents).values({
        requestId: request.id,
        at: deps.now,
        actorId: deps.actor.staffId,
        kind: 'erasure_plan',
        data: { event: 'prepared', planVersion: plan.version, note: null, line: null },
      });
      await recordAudit(
        tx,
        originOf(deps.actor),
        {
          action: 'erasure.plan_prepared',
          entityType: 'request',
          entityId: request.id,
          before: null,
          after: {
            planId: plan.id,
            planVersion: plan.version,
            lines: lines.length,
            retained: lines.filter((l) => l.action === 'retain').length,
          },
        },
        deps.now,
      );
      return output({ ...deps, db: tx }, { request, plan, lines });
    });
  });
}

/** Statuses in which the plan may still change: being prepared, awaiting approval, or approved and waiting. */
function assertChangeable(state: PlanState): void {
  const { request, plan } = state;
  if (request.status === 'fulfilling' || plan.executionStartedAt !== null)
    throw new DomainError(
      'BAD_REQUEST',
      'The erasure has started: its plan can no longer change. Lines already running cannot be called back.',
    );
  if (!['in_progress', 'awaiting_approval', 'approved'].includes(request.status))
    throw new DomainError(
      'BAD_REQUEST',
      `The plan can no longer change: ${request.reference} is ${requestStatusLabels[request.status].toLowerCase()}.`,
    );
}

/**
 * An officer's change to one line: its action, ground and note, within what the law and the inventory allow.
 * A change after approval voids the approval: the plan awaits a new one (four eyes on what will run).
 */
export function changePlanLine(
  deps: ErasureDeps,
  input: z.output<typeof planLineChangeInputSchema>,
): Promise<PlanChangeOutput> {
  return refusalsAudited(deps, 'change_line', input, () =>
    deps.db.transaction(async (tx) => {
      const state = await writePlanChange(tx, deps, input, async (current) => {
        assertChangeable(current);
        const line = current.lines.find((l) => l.id === input.lineId);
        if (!line) throw new DomainError('NOT_FOUND', 'This plan has no such line.');
        const note = input.note === null || input.note === '' ? null : input.note;
        const refusal = lineChangeRefusal(line, { action: input.action, ground: input.ground, note });
        if (refusal) {
          const [first] = Object.values(refusal);
          throw new DomainError(
            'BAD_REQUEST',
            first ?? 'This change is not allowed.',
            Object.fromEntries(Object.entries(refusal).map(([k, v]) => [k, [v]])),
          );
        }
        if (line.action === input.action && line.ground === input.ground && line.note === note)
          throw new DomainError('BAD_REQUEST', 'Nothing changed.');
        const voids = current.request.status === 'approved';
        return {
          ...(voids ? { move: { action: 'void_approval' as const } } : {}),
          plan: voids
            ? {
                decision: null,
                decidedBy: null,
                decidedAt: null,
                decisionNote: null,
                graceEndsAt: null,
                submittedVersion: current.plan.version + 1,
              }
            : current.request.status === 'awaiting_approval'
              ? { submittedVersion: current.plan.version + 1 }
              : {},
          lines: [{ id: line.id, set: { action: input.action, ground: input.ground, note } }],
          edits: true,
          event: {
            event: voids ? 'approval_voided' : 'line_changed',
            note,
            line: {
              system: await systemName(tx, line.dataSystemId),
              scope: line.scope,
              action: input.action,
              ground: input.ground,
            },
          },
          audit: ({ request, plan, from }) => ({
            action: 'erasure.line_changed',
            entityType: 'request',
            entityId: request.id,
            before: {
              planVersion: current.plan.version,
              lineId: line.id,
              action: line.action,
              ground: line.ground,
            },
            after: {
              planVersion: plan.version,
              action: input.action,
              ground: input.ground,
              ...(request.status === from ? {} : { status: request.status, version: request.version }),
            },
          }),
        };
      });
      return output({ ...deps, db: tx }, state);
    }),
  );
}

async function systemName(db: DbOrTx, id: string): Promise<string> {
  const [row] = await db.select({ name: dataSystems.name }).from(dataSystems).where(eq(dataSystems.id, id));
  return row?.name ?? 'Unknown system';
}

/** The preparer hands the plan to a second officer: in progress → awaiting approval. */
export function submitPlan(
  deps: ErasureDeps,
  input: z.output<typeof planSubmitInputSchema>,
): Promise<PlanChangeOutput> {
  return refusalsAudited(deps, 'submit', input, () =>
    deps.db.transaction(async (tx) => {
      const state = await writePlanChange(tx, deps, input, (current) => ({
        move: { action: 'submit_for_approval' },
        plan: {
          submittedBy: deps.actor.staffId,
          submittedAt: deps.now,
          submittedVersion: current.plan.version + 1,
          decision: null,
          decidedBy: null,
          decidedAt: null,
          decisionNote: null,
        },
        event: { event: 'submitted', note: null },
        audit: ({ request, plan, from }) => ({
          action: 'erasure.submitted',
          entityType: 'request',
          entityId: request.id,
          before: { status: from, version: current.request.version, planVersion: current.plan.version },
          after: { status: request.status, version: request.version, planVersion: plan.version },
        }),
      }));
      return output({ ...deps, db: tx }, state);
    }),
  );
}

/** Four eyes: whoever prepared or changed the plan does not decide it. */
function assertSecondOfficer(deps: ErasureDeps, current: PlanState): void {
  if (current.plan.editorIds.includes(deps.actor.staffId))
    throw new DomainError(
      'FORBIDDEN',
      'You prepared or changed this plan: another privacy officer decides it (four eyes).',
    );
}

/**
 * A second privacy officer approves, after step-up MFA, the plan version they reviewed (a plan changed since
 * is refused by the writer's version check); identity verification is checked again by the move. Execution
 * may start when the grace period ends; until then an officer may cancel.
 */
export function approvePlan(
  deps: ErasureDeps,
  input: z.output<typeof planDecisionInputSchema>,
): Promise<PlanChangeOutput> {
  return refusalsAudited(deps, 'approve', input, () =>
    deps.db.transaction(async (tx) => {
      const settings = await readSettings(tx, deps.log);
      const state = await writePlanChange(tx, deps, input, (current) => {
        if (current.request.status === 'approved' || current.request.status === 'fulfilling')
          throw new DomainError(
            'BAD_REQUEST',
            'This plan is already approved: a second approval changes nothing.',
          );
        assertSecondOfficer(deps, current);
        assertRecentMfa(deps.actor, deps.now);
        const graceEndsAt = new Date(deps.now.getTime() + settings.erasureGraceHours * HOUR_MS);
        return {
          move: { action: 'approve', note: input.note },
          plan: {
            decision: 'approved',
            decidedBy: deps.actor.staffId,
            decidedAt: deps.now,
            decisionNote: input.note,
            graceEndsAt,
          },
          event: { event: 'approved', note: input.note },
          audit: ({ request, plan, from }) => ({
            action: 'erasure.approved',
            entityType: 'request',
            entityId: request.id,
            before: { status: from, version: current.request.version, planVersion: current.plan.version },
            after: {
              status: request.status,
              version: request.version,
              planVersion: plan.version,
              graceEndsAt: graceEndsAt.toISOString(),
            },
          }),
        };
      });
      // Execution is queued with the approval: it starts when the grace period ends, if nothing changed.
      await scheduleExecution(tx, state.plan);
      return output({ ...deps, db: tx }, state);
    }),
  );
}

/** A second officer sends the plan back to its preparer with a note: awaiting approval → in progress. */
export function rejectPlan(
  deps: ErasureDeps,
  input: z.output<typeof planDecisionInputSchema>,
): Promise<PlanChangeOutput> {
  return refusalsAudited(deps, 'reject', input, () =>
    deps.db.transaction(async (tx) => {
      const state = await writePlanChange(tx, deps, input, (current) => {
        assertSecondOfficer(deps, current);
        return {
          move: { action: 'reject_plan', note: input.note },
          plan: {
            decision: 'rejected',
            decidedBy: deps.actor.staffId,
            decidedAt: deps.now,
            decisionNote: input.note,
          },
          event: { event: 'rejected', note: input.note },
          audit: ({ request, plan, from }) => ({
            action: 'erasure.rejected',
            entityType: 'request',
            entityId: request.id,
            before: { status: from, version: current.request.version, planVersion: current.plan.version },
            after: { status: request.status, version: request.version, planVersion: plan.version },
          }),
        };
      });
      return output({ ...deps, db: tx }, state);
    }),
  );
}

/** During the grace period, until the first line starts: the approval is withdrawn and the plan reopens. */
export function cancelPlan(
  deps: ErasureDeps,
  input: z.output<typeof planCancelInputSchema>,
): Promise<PlanChangeOutput> {
  return refusalsAudited(deps, 'cancel', input, () =>
    deps.db.transaction(async (tx) => {
      const state = await writePlanChange(tx, deps, input, (current) => {
        if (current.request.status === 'fulfilling' || current.plan.executionStartedAt !== null)
          throw new DomainError(
            'BAD_REQUEST',
            'The erasure has started: it can no longer be cancelled. Lines already running cannot be called back.',
          );
        return {
          move: { action: 'cancel_erasure', note: input.note },
          plan: {
            decision: null,
            decidedBy: null,
            decidedAt: null,
            decisionNote: null,
            graceEndsAt: null,
            submittedBy: null,
            submittedAt: null,
            submittedVersion: null,
          },
          event: { event: 'cancelled', note: input.note },
          audit: ({ request, plan, from }) => ({
            action: 'erasure.cancelled',
            entityType: 'request',
            entityId: request.id,
            before: { status: from, version: current.request.version, planVersion: current.plan.version },
            after: { status: request.status, version: request.version, planVersion: plan.version },
          }),
        };
      });
      return output({ ...deps, db: tx }, state);
    }),
  );
}

/**
 * A manual line's task closed with its evidence, by the system's owner or an officer working the request:
 * the line is done, and the request completes if it was the last one.
 */
export function closeTask(
  deps: ErasureDeps,
  input: z.output<typeof taskCloseInputSchema>,
): Promise<PlanChangeOutput> {
  return refusalsAudited(deps, 'close_task', { requestId: input.requestId, planVersion: null }, () =>
    deps.db.transaction(async (tx) => {
      const current = await lockPlan(tx, input.requestId, null);
      const line = current.lines.find((l) => l.id === input.lineId);
      if (!line) throw new DomainError('NOT_FOUND', 'This plan has no such line.');
      const [system] = await tx.select().from(dataSystems).where(eq(dataSystems.id, line.dataSystemId));
      // A recipient's notification may always be recorded by hand: told by phone or mail, not only by a call.
      if (!system) throw new Error(`plan line ${line.id} names a missing system`);
      if (system.connectorKind !== 'manual' && line.action !== 'notify')
        throw new DomainError(
          'BAD_REQUEST',
          'Only a manual task is closed by hand; its connector reports this line.',
        );
      if (current.request.status !== 'fulfilling' || line.status !== 'running')
        throw new DomainError(
          'BAD_REQUEST',
          line.status === 'done'
            ? 'This task is already closed.'
            : 'This task is not open: the erasure has not reached it.',
        );
      // The task is its owner's; an officer working the request may close it for them.
      if (system.ownerId !== deps.actor.staffId && !deps.actor.permissions.includes('requests:work'))
        throw new DomainError('FORBIDDEN', `This task is for the owner of ${system.name}.`);
      const state = await finishLine(
        tx,
        deps,
        { requestId: input.requestId, lineId: line.id, connector: 'manual' },
        { result: { closedAt: deps.now.toISOString() }, rows: null, evidence: input.evidence },
      );
      if (!state) throw new DomainError('BAD_REQUEST', 'This task is already closed.');
      return output({ ...deps, db: tx }, state);
    }),
  );
}

/**
 * A line that cannot be done — a receiver that keeps failing, a system that cannot find or erase the data —
 * is justified instead, with the detailed explanation (GDPR Art. 19; CCPA §7022(b)(1)), by an officer working
 * the request: the line is justified, and the request completes if it was the last one open.
 */
export function justifyLine(
  deps: ErasureDeps,
  input: z.output<typeof lineJustifyInputSchema>,
): Promise<PlanChangeOutput> {
  return refusalsAudited(deps, 'justify', { requestId: input.requestId, planVersion: null }, () =>
    deps.db.transaction(async (tx) => {
      const current = await lockPlan(tx, input.requestId, null);
      const line = current.lines.find((l) => l.id === input.lineId);
      if (!line) throw new DomainError('NOT_FOUND', 'This plan has no such line.');
      if (current.request.status !== 'fulfilling' || (line.status !== 'failed' && line.status !== 'running'))
        throw new DomainError(
          'BAD_REQUEST',
          line.status === 'done' || line.status === 'justified'
            ? 'This line is already settled.'
            : 'Only a line of a running erasure that has failed or is stuck is justified.',
        );
      const [system] = await tx
        .select({ name: dataSystems.name })
        .from(dataSystems)
        .where(eq(dataSystems.id, line.dataSystemId));
      const state = await writePlanChange(
        tx,
        deps,
        { requestId: input.requestId, planVersion: null },
        () => ({
          lines: [
            {
              id: line.id,
              set: {
                status: 'justified',
                finishedAt: deps.now,
                finishedBy: deps.actor.staffId,
                result: { ...line.result, justification: input.reason },
                evidence: input.explanation,
              },
            },
          ],
          event: {
            event: 'line_justified',
            note: input.explanation,
            line: {
              system: system?.name ?? 'Unknown system',
              scope: line.scope,
              action: line.action,
              ground: null,
            },
          },
          audit: ({ request }) => ({
            action: 'erasure.line_justified',
            entityType: 'request',
            entityId: request.id,
            before: { lineId: line.id, status: line.status },
            after: { lineId: line.id, status: 'justified', reason: input.reason },
          }),
        }),
      );
      const completed = await completeIfDone(tx, state, deps);
      return output({ ...deps, db: tx }, completed ?? state);
    }),
  );
}

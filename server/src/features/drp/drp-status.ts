import { and, desc, eq, isNull } from 'drizzle-orm';
import { clockRuleFor, drpStatusOf, type DrpExerciseStatus } from '@privdesk/shared';
import type { DbOrTx, Tx } from '../../db/client.js';
import { drpRequests, jobs, requestClockEvents } from '../../db/schema.js';
import { scheduleJob } from '../../jobs/job-queue.js';
import type { RequestRecord } from '../requests/request-change.js';

export type DrpRequestRecord = typeof drpRequests.$inferSelect;

export function callbackKey(requestId: string, seq: number): string {
  return `drp.callback:${requestId}:${seq}`;
}

/** How many times a status change is offered to the agent's callback before it is given up (about an hour). */
export const callbackAttempts = 8;

/** The extension's reason as the requester was told it, when the request is extended (§3.08). */
async function extensionOf(db: DbOrTx, request: RequestRecord): Promise<{ reason: string | null } | null> {
  if (request.clockState !== 'extended') return null;
  const [row] = await db
    .select({ reason: requestClockEvents.reason })
    .from(requestClockEvents)
    .where(
      and(
        eq(requestClockEvents.requestId, request.id),
        eq(requestClockEvents.kind, 'extension_noticed'),
        isNull(requestClockEvents.removedAt),
      ),
    )
    .orderBy(desc(requestClockEvents.seq))
    .limit(1);
  return { reason: row?.reason ?? null };
}

/** Whether identity may be checked for this request at all (never for an opt-out of sale, 11 CCR §7026). */
export function verificationAllowed(request: Pick<RequestRecord, 'regime' | 'type'>): boolean {
  return clockRuleFor(request.regime, request.type)?.verificationForbidden !== true;
}

/** What the agent is told of its request now: our lifecycle through the protocol's states. */
export async function currentDrpStatus(
  db: DbOrTx,
  request: RequestRecord,
  drp: DrpRequestRecord,
): Promise<DrpExerciseStatus> {
  return drpStatusOf({
    id: request.id,
    status: request.status,
    outcome: request.outcome,
    reasonCode: request.reasonCode,
    receivedAt: request.receivedAt,
    effectiveDueOn: request.effectiveDueOn,
    extension: await extensionOf(db, request),
    agentRequestId: drp.agentRequestId,
    verificationUrl: drp.verificationUrl,
    verificationAllowed: verificationAllowed(request),
  });
}

function sameStatus(a: DrpExerciseStatus, b: DrpExerciseStatus): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<keyof DrpExerciseStatus>;
  for (const key of keys) if (a[key] !== b[key]) return false;
  return true;
}

/**
 * Called by the request writer with every change, inside its transaction: for a request an agent filed,
 * when what the agent would be told changed (its state, reason, expected date or details), that status is
 * kept as the last one and, when the agent gave a callback, queued for it — one job per change, keyed by the
 * request and the change's number, so each change is delivered once whatever retries or restarts happen.
 */
export async function noteDrpStatusChange(tx: Tx, updated: RequestRecord, now: Date): Promise<void> {
  if (updated.channel !== 'authorised_agent') return;
  const [drp] = await tx
    .select()
    .from(drpRequests)
    .where(eq(drpRequests.requestId, updated.id))
    .for('update');
  if (!drp) return;
  const status = await currentDrpStatus(tx, updated, drp);
  if (sameStatus(status, drp.lastStatus)) return;
  const seq = drp.statusSeq + 1;
  await tx
    .update(drpRequests)
    .set({ lastStatus: status, statusSeq: seq })
    .where(eq(drpRequests.requestId, drp.requestId));
  if (drp.statusCallback === null) return;
  // In the order they happened: a change queued in the same millisecond as the one before it (a job's clock
  // stands still) runs after it, as the worker takes jobs by their time.
  const [previous] =
    seq > 1
      ? await tx
          .select({ runAt: jobs.runAt })
          .from(jobs)
          .where(eq(jobs.key, callbackKey(drp.requestId, seq - 1)))
      : [];
  await scheduleJob(tx, {
    kind: 'drp.callback',
    runAt: new Date(Math.max(now.getTime(), (previous?.runAt.getTime() ?? 0) + 1)),
    key: callbackKey(drp.requestId, seq),
    payload: { requestId: drp.requestId, seq, status },
    maxAttempts: callbackAttempts,
  });
}

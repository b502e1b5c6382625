import { and, eq, sql } from 'drizzle-orm';
import { drpExerciseStatusSchema } from '@privdesk/shared';
import { z } from 'zod';
import { drpAgents, drpRequests, requestEvents } from '../../db/schema.js';
import type { JobHandler } from '../../jobs/job-runner.js';
import { recordAudit } from '../audit/audit.writer.js';
import { postCallback, type CallbackPolicy } from './drp-callback.js';
import { pruneSeenMessages } from './drp-protocol.js';

const callbackPayloadSchema = z.object({
  requestId: z.uuid(),
  seq: z.int().min(1),
  status: drpExerciseStatusSchema,
});

export interface DrpJobServices {
  callbacks: CallbackPolicy;
  /** Tests pass a recorder; the app posts over HTTP. */
  postCallback?: typeof postCallback;
}

/**
 * One status change to the agent's callback (§2.03): the status as it was when the change happened, POSTed
 * as JSON. A 2xx is delivered — on the request's timeline and in the audit log, once: a change already
 * recorded as delivered (the worker stopped between the answer and its record) is not sent again. Anything
 * else is retried with backoff; after the last attempt the failure is put on the timeline. A disabled agent
 * is told nothing.
 */
export function drpCallbackJob(services: DrpJobServices): JobHandler {
  const post = services.postCallback ?? postCallback;
  return async (ctx) => {
    const payload = callbackPayloadSchema.parse(ctx.job.payload);
    const [row] = await ctx.db
      .select({ drp: drpRequests, agent: drpAgents })
      .from(drpRequests)
      .innerJoin(drpAgents, eq(drpAgents.id, drpRequests.agentId))
      .where(eq(drpRequests.requestId, payload.requestId));
    if (!row?.drp.statusCallback) return;
    if (row.agent.status !== 'active') {
      ctx.log.info({ dsrId: payload.requestId, drpAgentId: row.agent.id }, 'agent disabled: status not sent');
      return;
    }
    // Sent already (the worker stopped between the answer and its record), or overtaken: a later change was
    // delivered while this one waited for a retry, and the agent must not be moved back to an older status.
    const [sent] = await ctx.db
      .select({ seq: sql<number>`(${requestEvents.data}->>'seq')::int` })
      .from(requestEvents)
      .where(
        and(
          eq(requestEvents.requestId, payload.requestId),
          eq(requestEvents.kind, 'drp'),
          sql`${requestEvents.data}->>'event' = 'status_sent' and (${requestEvents.data}->>'seq')::int >= ${payload.seq}`,
        ),
      )
      .limit(1);
    if (sent) {
      ctx.log.info(
        { dsrId: payload.requestId, seq: payload.seq, deliveredSeq: sent.seq },
        sent.seq === payload.seq
          ? 'drp status already sent'
          : 'drp status overtaken by a later one: not sent',
      );
      return;
    }
    let httpStatus: number | null = null;
    let failure = '';
    try {
      httpStatus = await post(row.drp.statusCallback, JSON.stringify(payload.status), services.callbacks);
    } catch (error) {
      failure = error instanceof Error ? error.message : 'no answer';
    }
    const delivered = httpStatus !== null && httpStatus >= 200 && httpStatus < 300;
    const lastAttempt = ctx.job.attempts >= ctx.job.maxAttempts;
    if (delivered || lastAttempt) {
      const now = ctx.now();
      await ctx.db.transaction(async (tx) => {
        await tx.insert(requestEvents).values({
          requestId: payload.requestId,
          at: now,
          actorId: null,
          kind: 'drp',
          data: {
            event: delivered ? 'status_sent' : 'status_failed',
            agentId: row.agent.id,
            status: payload.status.status,
            reason: payload.status.reason ?? null,
            httpStatus,
            attempt: ctx.job.attempts,
            seq: payload.seq,
          },
        });
        if (delivered && httpStatus !== null)
          await recordAudit(
            tx,
            { actorId: null, ip: null, requestId: `job:${ctx.job.id}` },
            {
              action: 'drp.status_sent',
              entityType: 'request',
              entityId: payload.requestId,
              after: {
                agentId: row.agent.id,
                status: payload.status.status,
                reason: payload.status.reason ?? null,
                httpStatus,
                attempt: ctx.job.attempts,
              },
            },
            now,
          );
      });
    }
    if (!delivered)
      throw new Error(
        httpStatus === null ? `status callback: ${failure}` : `status callback answered ${httpStatus}`,
      );
    ctx.log.info({ dsrId: payload.requestId, drpAgentId: row.agent.id, seq: payload.seq }, 'drp status sent');
  };
}

export const drpPruneJob: JobHandler = async (ctx) => {
  const pruned = await pruneSeenMessages(ctx.db, ctx.now());
  ctx.log.info({ pruned }, 'drp seen messages pruned');
};

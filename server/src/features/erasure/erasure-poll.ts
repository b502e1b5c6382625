import { eq } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { dataSystems } from '../../db/schema.js';
import { scheduleJob } from '../../jobs/job-queue.js';
import type { JobContext, JobHandler } from '../../jobs/job-runner.js';
import { sendStatusQuery } from '../../integrations/webhooks/erasure-webhook.js';
import type { SystemActor } from '../requests/request-change.js';
import { finishLine, recordLineFailure, type ErasureServices } from './erasure-execution.js';
import { lockPlan } from './plan-change.js';

const MINUTE_MS = 60_000;

/**
 * When a receiver that accepted a line (202) is asked where it stands, counted from the acceptance: a
 * callback normally comes within minutes, so the first question waits 15 minutes, then each waits twice as
 * long, counted from the acceptance; after the last (16 hours after it) a line still pending is failed with
 * that said, for an officer to chase the receiver or justify the line. With the line's own retries (about a
 * day) the receiver has had well over a day in all.
 */
export const pollDelaysMinutes = [15, 30, 60, 120, 240, 480, 960] as const;

/** Queued in the transaction that records an acceptance: the first question, keyed by the line. */
export async function schedulePoll(
  tx: Tx,
  target: { requestId: string; lineId: string },
  acceptedAt: Date,
  poll = 0,
): Promise<void> {
  const delay = pollDelaysMinutes[poll];
  if (delay === undefined) return;
  await scheduleJob(tx, {
    kind: 'erasure.poll',
    runAt: new Date(acceptedAt.getTime() + delay * MINUTE_MS),
    key: `erasure.poll:${target.lineId}:${poll}`,
    payload: { ...target, poll },
  });
}

function stringOf(payload: Record<string, unknown>, key: string): string {
  const value = payload[key];
  if (typeof value !== 'string') throw new Error(`job payload has no ${key}`);
  return value;
}

/**
 * `erasure.poll`: one question to a receiver about a line it accepted. A line already settled (its callback
 * came) is left alone; an answer settles it as the callback would have; a pending one queues the next
 * question, and after the last the line is failed. Run twice (a crash after the answer), it finds the line
 * settled, or asks again: a status question changes nothing at the receiver.
 */
export function erasurePollJob(services: ErasureServices): JobHandler {
  return async (ctx: JobContext) => {
    const requestId = stringOf(ctx.job.payload, 'requestId');
    const lineId = stringOf(ctx.job.payload, 'lineId');
    const poll = Number(ctx.job.payload.poll ?? 0);
    const actor: SystemActor = { system: `job:${ctx.job.id}` };
    const target = await ctx.db.transaction(async (tx) => {
      const current = await lockPlan(tx, requestId, null);
      const line = current.lines.find((l) => l.id === lineId);
      if (!line || line.status !== 'running' || current.request.status !== 'fulfilling') return null;
      const [system] = await tx.select().from(dataSystems).where(eq(dataSystems.id, line.dataSystemId));
      if (!system || system.connector.kind !== 'webhook' || !system.webhookSecretSealed) return null;
      const acceptedAt =
        typeof line.result?.acceptedAt === 'string' ? new Date(line.result.acceptedAt) : null;
      return { url: system.connector.url, sealed: system.webhookSecretSealed, acceptedAt };
    });
    if (!target) return;
    const answer = await sendStatusQuery({
      url: target.url,
      secret: services.secretBox.open(target.sealed),
      lineId,
      now: ctx.now(),
    });
    await ctx.db.transaction(async (tx) => {
      const deps = { actor, now: ctx.now(), log: ctx.log };
      const connector = { requestId, lineId, connector: 'webhook' as const };
      switch (answer.kind) {
        case 'completed':
          await finishLine(tx, deps, connector, {
            result: { receiver: 'completed', via: 'status_poll', records: answer.records },
            rows: answer.records,
          });
          return;
        case 'failed':
          await recordLineFailure(tx, deps, connector, answer.detail);
          return;
        case 'pending': {
          const next = poll + 1;
          if (pollDelaysMinutes[next] !== undefined) {
            await schedulePoll(tx, { requestId, lineId }, target.acceptedAt ?? ctx.now(), next);
            return;
          }
          ctx.log.warn({ requestId, lineId, polls: next }, 'erasure receiver never answered a status poll');
          await recordLineFailure(
            tx,
            deps,
            connector,
            `The receiver accepted the erasure but had not confirmed it ${Math.round((pollDelaysMinutes[poll] ?? 0) / 60)} hours later, after ${next} status questions: chase the receiver, or justify the line.`,
          );
          return;
        }
      }
    });
  };
}

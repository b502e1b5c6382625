import { and, asc, gt, inArray, lt, type SQL } from 'drizzle-orm';
import { permissionsOf } from '@privdesk/shared';
import { requests } from '../db/schema.js';
import { defaultMailFrom } from '../features/messages/outbox.js';
import { transitionInTx, type SystemMover } from '../features/requests/request-moves.js';
import { readSettings } from '../features/settings/settings.store.js';
import { assessRequest, verificationRowsOf } from '../features/verification/verification.service.js';
import type { JobContext, JobHandler } from './job-runner.js';

const DAY = 86_400_000;
const batchSize = 100;

/**
 * `requests.close_unverified`, daily (product.md §5; issue 13, item 3): a request whose identity is still
 * not verified the configured number of days after its receipt (21 by default) is closed as
 * `closed_unverified`, reason `identity_unverified`, through the lifecycle's own move — so its requester
 * gets the closing notice with the right to complain, and the timeline and the audit log say the app did
 * it. Only requests waiting on verification (verifying, or asked and waiting) are looked at; one whose level
 * is met is left alone. Batches commit as they go (progress kept), so a crash resumes after the last one.
 */
export function closeUnverifiedJob(opts: { mailFrom?: string } = {}): JobHandler {
  return async (ctx: JobContext) => {
    const now = ctx.now();
    const settings = await readSettings(ctx.db, ctx.log);
    const cutoff = new Date(now.getTime() - settings.unverifiedCloseDays * DAY);
    const actor: SystemMover = {
      system: `job:${ctx.job.id}`,
      // The move a privacy officer would make by hand; the job makes it with that permission, no more.
      permissions: permissionsOf(['privacy_officer']).filter((p) => p === 'requests:work'),
    };
    let after = typeof ctx.job.progress?.after === 'string' ? ctx.job.progress.after : null;
    let closed = typeof ctx.job.progress?.closed === 'number' ? ctx.job.progress.closed : 0;
    for (;;) {
      if (ctx.signal.aborted) break;
      const conditions: SQL[] = [
        inArray(requests.status, ['verifying', 'awaiting_requester']),
        lt(requests.receivedAt, cutoff),
      ];
      if (after) conditions.push(gt(requests.id, after));
      const batch = await ctx.db
        .select()
        .from(requests)
        .where(and(...conditions))
        .orderBy(asc(requests.id))
        .limit(batchSize);
      if (batch.length === 0) break;
      await ctx.db.transaction(async (tx) => {
        for (const r of batch) {
          const { assessment, required } = assessRequest(r, await verificationRowsOf(tx, r.id), settings);
          // Verified (or needing nothing): waiting on the requester for something else, not for identity.
          if (required.level === 'none' || assessment.satisfied) continue;
          await transitionInTx(
            tx,
            { db: ctx.db, log: ctx.log, now, actor, mail: { from: opts.mailFrom ?? defaultMailFrom } },
            { id: r.id, version: r.version },
            {
              to: 'closed_unverified',
              reasonCode: 'identity_unverified',
              explanation: `Not verified within ${settings.unverifiedCloseDays} days of receipt: closed by the daily check.`,
            },
          );
          closed += 1;
        }
        after = batch[batch.length - 1]?.id ?? after;
        await ctx.checkpoint(tx, { after, closed });
      });
    }
    ctx.log.info({ closed }, 'unverified requests closed');
  };
}

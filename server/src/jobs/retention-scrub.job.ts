import { retentionCutoff } from '@privdesk/shared';
import { retentionBatchSize, scrubRetentionBatch } from '../features/requests/request-retention.js';
import { readSettings } from '../features/settings/settings.store.js';
import { JobInterruptedError, type JobContext } from './job-runner.js';

/**
 * `requests.retention_scrub`, daily (issue 18, item 4): closed requests kept for the retention period
 * (`requestRetentionMonths` after closing) lose their requesters' personal data — see request-retention.ts
 * for what each place becomes. Batches of the oldest closings first, each one transaction that commits on
 * its own with the job's progress: a crash or a stop loses at most the batch in flight, and whoever takes
 * the job over carries on. A request is scrubbed once (`scrubbed_at`), so a second run that day, or a run
 * resumed after a crash, finds nothing done twice.
 */
export async function retentionScrubJob(ctx: JobContext): Promise<void> {
  const batchSize =
    typeof ctx.job.payload.batchSize === 'number' ? ctx.job.payload.batchSize : retentionBatchSize;
  const settings = await readSettings(ctx.db, ctx.log);
  const months = settings.requestRetentionMonths;
  // One instant and one cutoff for the whole run: a run that goes on past midnight does not widen as it goes,
  // and every request it scrubs says the same time.
  const now = ctx.now();
  const cutoff = retentionCutoff(now, months);
  let scrubbed = typeof ctx.job.progress?.scrubbed === 'number' ? ctx.job.progress.scrubbed : 0;
  let batches = typeof ctx.job.progress?.batches === 'number' ? ctx.job.progress.batches : 0;
  for (;;) {
    if (ctx.signal.aborted) throw new JobInterruptedError();
    const batch = await ctx.db.transaction(async (tx) => {
      const done = await scrubRetentionBatch(tx, {
        now,
        cutoff,
        months,
        jobId: ctx.job.id,
        limit: batchSize,
      });
      scrubbed += done.scrubbed.length;
      batches += 1;
      await ctx.checkpoint(tx, { scrubbed, batches, cutoff: cutoff.toISOString() });
      return done;
    });
    // A short batch was the last; a full one that scrubbed nothing would only find the same rows again.
    if (batch.selected < batchSize || batch.scrubbed.length === 0) break;
  }
  ctx.log.info({ scrubbed, batches, months }, 'requests past their retention period scrubbed');
}

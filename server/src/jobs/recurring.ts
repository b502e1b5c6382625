import { clockRulesRevision } from '@privdesk/shared';
import type { DbOrTx } from '../db/client.js';
import { scheduleJob, type JobKind } from './job-queue.js';

/**
 * Jobs that run once a day, at a fixed hour in UTC (one clock for every instance, whatever the handling
 * entities' zones): the clock recompute at 02:00, before anyone in Europe starts work, and the reminders at
 * 07:00, after it; the embedded database's statistics at 03:00, between them. A run's key is
 * `<kind>@<date>`, so a day's run is scheduled once however many instances start or finish one; each run that ends (done or failed for good) schedules the next, and start-up makes
 * sure one is queued.
 */
export const recurringJobs: readonly { kind: JobKind; hourUtc: number }[] = [
  { kind: 'clocks.recompute', hourUtc: 2 },
  { kind: 'reminders.daily', hourUtc: 7 },
  // After the recompute's writes, before the working day: fresh statistics for the day's queue.
  { kind: 'db.statistics', hourUtc: 3 },
  // Before the reminders: a request that closes unverified today is not in anyone's list.
  { kind: 'requests.close_unverified', hourUtc: 6 },
  // Erasures re-applied to any restored backup (CCPA §7022(d)), before anyone starts work.
  { kind: 'erasure.reapply', hourUtc: 4 },
  // With the reminders, after the recompute (fresh due dates) and the unverified closures (nothing listed that
  // closes today): the erasures near their deadline, to every privacy officer (issue 15, item 8).
  { kind: 'erasure.deadlines', hourUtc: 7 },
  // The record of accepted agents' messages forgets those long expired (issue 17).
  { kind: 'drp.prune', hourUtc: 5 },
  // Closed requests past the retention period lose their requesters' personal data (issue 18), at night
  // everywhere we handle requests from, before the recompute and the working day.
  { kind: 'requests.retention_scrub', hourUtc: 1 },
];

/** The first `hourUtc`:00 UTC strictly after `after`. */
export function nextDailyRun(hourUtc: number, after: Date): Date {
  const run = new Date(
    Date.UTC(after.getUTCFullYear(), after.getUTCMonth(), after.getUTCDate(), hourUtc, 0, 0, 0),
  );
  if (run.getTime() <= after.getTime()) run.setUTCDate(run.getUTCDate() + 1);
  return run;
}

export function recurringKey(kind: JobKind, runAt: Date): string {
  return `${kind}@${runAt.toISOString().slice(0, 10)}`;
}

async function scheduleRecurring(db: DbOrTx, kind: JobKind, hourUtc: number, after: Date): Promise<boolean> {
  const runAt = nextDailyRun(hourUtc, after);
  return scheduleJob(db, { kind, runAt, key: recurringKey(kind, runAt), payload: { recurring: true } });
}

/** At start-up: the next run of every daily job is queued (a no-op when it already is). */
export async function ensureRecurringJobs(db: DbOrTx, now: Date): Promise<void> {
  for (const { kind, hourUtc } of recurringJobs) await scheduleRecurring(db, kind, hourUtc, now);
}

/**
 * When a daily run ends — done, or failed for good (its last attempt failed, or its worker died during it) —
 * queue the next one, in the transaction that records the outcome: a run that fails does not stop the
 * series. After `now`, so a late catch-up run does not chain into the past; idempotent by its key, so
 * start-up or a second runner finding it queued adds nothing. Jobs not queued as recurring are left alone.
 */
export async function scheduleNextRun(
  db: DbOrTx,
  job: { kind: string; payload: Record<string, unknown> },
  now: Date,
): Promise<void> {
  if (job.payload.recurring !== true) return;
  const spec = recurringJobs.find((r) => r.kind === job.kind);
  if (spec) await scheduleRecurring(db, spec.kind, spec.hourUtc, now);
}

/**
 * At start-up: when the clock rules changed in a way that moves stored dates, one recompute of every open
 * request runs now rather than at the next night's run, so the queue and the request page agree from the
 * first minute. Keyed by the revision: it runs once per database, whichever instance starts first.
 */
export async function ensureRulesRecompute(db: DbOrTx, now: Date): Promise<boolean> {
  return scheduleJob(db, {
    kind: 'clocks.recompute',
    runAt: now,
    key: `clocks.recompute@rules-${clockRulesRevision}`,
    payload: { reason: `clock rules revised (${clockRulesRevision})` },
  });
}

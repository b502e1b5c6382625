import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, lt, lte, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { jobs } from '../db/schema.js';
import { jitteredJobKinds, jobKinds, type JobKind } from '../db/job-kinds.js';

/**
 * The durable job table's operations. A job is claimed by one worker at a time: the candidate row is
 * selected `FOR UPDATE SKIP LOCKED` inside the claiming UPDATE, so concurrent claimers never take the same
 * row (PostgreSQL and PGlite alike). A claim sets a lease (`locked_until`) and a fresh `claim_token`;
 * every later write of that run checks the token, so a worker whose lease ran out — and whose job another
 * worker has taken over — can no longer write anything for it.
 *
 * Leases are set and judged by the database's clock (`now()`), never a process's: two servers whose clocks
 * disagree by hours still agree on whether a lease is live, so one cannot take a job the other is running,
 * nor keep one whose worker died. The `now` the callers pass stays the app's clock for what is *due* (run_at
 * is a business instant: a daily run's hour, a retry's backoff) and for the started/finished records.
 */

// Defined in a leaf module the schema can import (the jobs table's CHECK constraints are built from them).
export { jobKinds, jobStatuses, type JobKind, type JobStatus } from '../db/job-kinds.js';

export type JobRecord = typeof jobs.$inferSelect;

export interface ClaimedJob {
  id: string;
  kind: JobKind;
  key: string | null;
  runAt: Date;
  attempts: number;
  maxAttempts: number;
  payload: Record<string, unknown>;
  progress: Record<string, unknown> | null;
  claimToken: string;
}

/** How long a claim holds a job before another worker may take it over (renewed at each checkpoint). */
export const defaultLeaseMs = 5 * 60_000;

export function isJobKind(value: string): value is JobKind {
  return (jobKinds as readonly string[]).includes(value);
}

/** The database's clock. Inside a transaction it is the transaction's start, so a renewed lease errs short. */
const dbNow = sql`now()`;

/** A lease's end: `leaseMs` from now by the database's clock. */
function leaseEnd(leaseMs: number) {
  return sql`now() + ${Math.round(leaseMs)}::integer * interval '1 millisecond'`;
}

/**
 * Queues a job. With a key, scheduling is idempotent: a second call with the same key does nothing and
 * returns false (one nightly run per day, one recompute per settings version).
 */
export async function scheduleJob(
  db: DbOrTx,
  job: { kind: JobKind; runAt: Date; key?: string; payload?: Record<string, unknown>; maxAttempts?: number },
): Promise<boolean> {
  const inserted = await db
    .insert(jobs)
    .values({
      kind: job.kind,
      key: job.key ?? null,
      runAt: job.runAt,
      payload: job.payload ?? {},
      ...(job.maxAttempts === undefined ? {} : { maxAttempts: job.maxAttempts }),
    })
    .onConflictDoNothing({ target: jobs.key })
    .returning({ id: jobs.id });
  return inserted.length > 0;
}

/**
 * A job whose lease ran out after its last attempt will not be retaken: it has failed. Returns the jobs it
 * failed, so that the caller can queue a recurring job's next run in the same transaction.
 */
export async function failAbandonedJobs(
  db: DbOrTx,
  now: Date,
): Promise<{ id: string; kind: string; payload: Record<string, unknown> }[]> {
  return db
    .update(jobs)
    .set({
      status: 'failed',
      lastError: 'The worker running the last attempt stopped before finishing (lease expired).',
      lockedUntil: null,
      claimToken: null,
      finishedAt: now,
    })
    .where(
      and(
        eq(jobs.status, 'running'),
        lt(jobs.lockedUntil, dbNow),
        sql`${jobs.attempts} >= ${jobs.maxAttempts}`,
      ),
    )
    .returning({ id: jobs.id, kind: jobs.kind, payload: jobs.payload });
}

/**
 * Claims the next due job: queued and due at `now` (the app's clock), or running with a lease expired by the
 * database's clock (its worker died; the job resumes from its saved progress). The lease runs `leaseMs` from
 * the database's now. Returns undefined when nothing is due.
 */
export async function claimNextJob(
  db: DbOrTx,
  now: Date,
  leaseMs = defaultLeaseMs,
): Promise<ClaimedJob | undefined> {
  const candidate = db
    .select({ id: jobs.id })
    .from(jobs)
    .where(
      and(
        inArray(jobs.status, ['queued', 'running']),
        or(
          and(eq(jobs.status, 'queued'), lte(jobs.runAt, now)),
          and(eq(jobs.status, 'running'), lt(jobs.lockedUntil, dbNow)),
        ),
        sql`${jobs.attempts} < ${jobs.maxAttempts}`,
      ),
    )
    .orderBy(asc(jobs.runAt), asc(jobs.id))
    .limit(1)
    .for('update', { skipLocked: true });
  const claimToken = randomUUID();
  // `id = (subquery)`, not `IN`: the one locked candidate, evaluated once.
  const [row] = await db
    .update(jobs)
    .set({
      status: 'running',
      attempts: sql`${jobs.attempts} + 1`,
      lockedUntil: leaseEnd(leaseMs),
      claimToken,
      startedAt: sql`coalesce(${jobs.startedAt}, ${now.toISOString()}::timestamptz)`,
    })
    .where(sql`${jobs.id} = (${candidate})`)
    .returning();
  if (!row) return undefined;
  // Typed as a known kind, but a newer build's migration may have allowed a kind this build does not know.
  const kind: string = row.kind;
  if (!isJobKind(kind)) {
    // A kind this build does not know (a newer build scheduled it): leave it failed and visible.
    await db
      .update(jobs)
      .set({
        status: 'failed',
        lastError: `Unknown job kind ${kind}.`,
        claimToken: null,
        lockedUntil: null,
      })
      .where(eq(jobs.id, row.id));
    return claimNextJob(db, now, leaseMs);
  }
  return {
    id: row.id,
    kind,
    key: row.key,
    runAt: row.runAt,
    attempts: row.attempts,
    maxAttempts: row.maxAttempts,
    payload: row.payload,
    progress: row.progress ?? null,
    claimToken,
  };
}

/** Thrown when a worker writes for a job whose lease it has lost: its transaction must roll back. */
export class LeaseLostError extends Error {
  constructor(jobId: string) {
    super(`The lease on job ${jobId} was lost; another worker has it now.`);
    this.name = 'LeaseLostError';
  }
}

/**
 * Saves progress and renews the lease for `leaseMs` from the database's now, in the caller's transaction;
 * throws LeaseLostError if another worker has claimed the job since. The claim token is the fence: a lease
 * that lapsed while nobody took the job over is still this worker's to renew, since nobody else ran it.
 */
export async function checkpointJob(
  db: DbOrTx,
  job: ClaimedJob,
  progress: Record<string, unknown>,
  leaseMs: number,
): Promise<void> {
  const updated = await db
    .update(jobs)
    .set({ progress, lockedUntil: leaseEnd(leaseMs) })
    .where(and(eq(jobs.id, job.id), eq(jobs.claimToken, job.claimToken), eq(jobs.status, 'running')))
    .returning({ id: jobs.id });
  if (updated.length === 0) throw new LeaseLostError(job.id);
}

export async function completeJob(db: DbOrTx, job: ClaimedJob, now: Date): Promise<boolean> {
  const updated = await db
    .update(jobs)
    .set({ status: 'done', finishedAt: now, lockedUntil: null, claimToken: null, lastError: null })
    .where(and(eq(jobs.id, job.id), eq(jobs.claimToken, job.claimToken)))
    .returning({ id: jobs.id });
  return updated.length > 0;
}

/** Retry delay after a failed attempt: 30 s, 1 min, 2 min … capped at an hour. */
/** The wait before a retry: the backoff, spread by up to a fifth for the kinds that call other servers. */
function retryDelayMs(job: ClaimedJob): number {
  const base = backoffMs(job.attempts);
  return jitteredJobKinds.includes(job.kind) ? base + Math.floor(Math.random() * base * 0.2) : base;
}

export function backoffMs(attempts: number): number {
  return Math.min(3_600_000, 30_000 * 2 ** Math.max(0, attempts - 1));
}

/**
 * Records a failed attempt: queued again after the backoff, or failed for good after the last attempt.
 * Returns undefined, having written nothing, when another worker has claimed the job since (lease lost).
 */
export async function failJob(
  db: DbOrTx,
  job: ClaimedJob,
  now: Date,
  message: string,
): Promise<'queued' | 'failed' | undefined> {
  const final = job.attempts >= job.maxAttempts;
  const updated = await db
    .update(jobs)
    .set({
      status: final ? 'failed' : 'queued',
      runAt: final ? job.runAt : new Date(now.getTime() + retryDelayMs(job)),
      lastError: message.slice(0, 500),
      lockedUntil: null,
      claimToken: null,
      ...(final ? { finishedAt: now } : {}),
    })
    .where(and(eq(jobs.id, job.id), eq(jobs.claimToken, job.claimToken)))
    .returning({ id: jobs.id });
  if (updated.length === 0) return undefined;
  return final ? 'failed' : 'queued';
}

/** Gives a job back unfinished (the worker is stopping): due again at once, the attempt not counted. */
export async function releaseJob(db: DbOrTx, job: ClaimedJob, now: Date): Promise<void> {
  await db
    .update(jobs)
    .set({
      status: 'queued',
      runAt: now,
      attempts: sql`greatest(${jobs.attempts} - 1, 0)`,
      lockedUntil: null,
      claimToken: null,
    })
    .where(and(eq(jobs.id, job.id), eq(jobs.claimToken, job.claimToken)));
}

/** Whether a job of this kind is running or due now (e.g. "dates are being recomputed" on the settings page). */
export async function hasDueJob(db: DbOrTx, kind: JobKind, now: Date): Promise<boolean> {
  const [row] = await db
    .select({ id: jobs.id })
    .from(jobs)
    .where(
      and(
        eq(jobs.kind, kind),
        or(eq(jobs.status, 'running'), and(eq(jobs.status, 'queued'), lte(jobs.runAt, now))),
      ),
    )
    .limit(1);
  return row !== undefined;
}

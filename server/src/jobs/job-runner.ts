import { performance } from 'node:perf_hooks';
import type { Db, Tx } from '../db/client.js';
import type { Logger } from '../lib/logger.js';
import {
  checkpointJob,
  claimNextJob,
  completeJob,
  defaultLeaseMs,
  failAbandonedJobs,
  failJob,
  LeaseLostError,
  releaseJob,
  type ClaimedJob,
  type JobKind,
  type JobStatus,
} from './job-queue.js';
import { scheduleNextRun } from './recurring.js';
import { onJobsQueued } from './job-wake.js';

/** What a job handler gets: the database, a logger, its job, and a clock anchored on the run's `now`. */
export interface JobContext {
  db: Db;
  log: Logger;
  job: ClaimedJob;
  /** The run's `now` plus the real time elapsed since the run began (tests pass a fixed `now`). */
  now(): Date;
  /** Set when the worker is stopping: a handler checks it between batches and throws JobInterruptedError. */
  signal: AbortSignal;
  /** Saves progress and renews the lease in the batch's transaction; throws if another worker took the job. */
  checkpoint(tx: Tx, progress: Record<string, unknown>): Promise<void>;
}

export type JobHandler = (ctx: JobContext) => Promise<void>;

/** A handler stopped between batches because the worker is stopping; its progress is kept. */
export class JobInterruptedError extends Error {
  constructor() {
    super('The worker is stopping.');
    this.name = 'JobInterruptedError';
  }
}

export interface JobDeps {
  db: Db;
  log: Logger;
  handlers: Readonly<Record<JobKind, JobHandler>>;
}

export interface JobRunResult {
  id: string;
  kind: JobKind;
  outcome: 'done' | 'interrupted' | 'lease_lost' | JobStatus;
}

function messageOf(error: unknown): string {
  // Our errors carry ids and rules, never personal data; a failed query's message is cut before its
  // parameters (drizzle appends them), which may hold anything the query was given.
  if (!(error instanceof Error)) return 'Unknown error';
  const message = error.message.split('\nparams:')[0] ?? '';
  return `${error.name}: ${message}`;
}

/**
 * Runs every job that is due at `now`, one after another, until none is left (or `maxJobs`). Tests call
 * this directly with the `now` they want; the worker calls it on an interval. `now` decides what is due and
 * is the clock handlers see; leases are judged by the database's clock whatever `now` says (job-queue.ts).
 */
export async function runDueJobs(
  deps: JobDeps,
  now: Date,
  opts: { signal?: AbortSignal; leaseMs?: number; maxJobs?: number } = {},
): Promise<JobRunResult[]> {
  const signal = opts.signal ?? new AbortController().signal;
  const leaseMs = opts.leaseMs ?? defaultLeaseMs;
  const started = performance.now();
  const clock = () => new Date(now.getTime() + (performance.now() - started));
  const results: JobRunResult[] = [];
  await deps.db.transaction(async (tx) => {
    for (const abandoned of await failAbandonedJobs(tx, now)) {
      deps.log.warn({ jobId: abandoned.id, jobKind: abandoned.kind }, 'job abandoned in its last attempt');
      await scheduleNextRun(tx, abandoned, now);
    }
  });
  while (!signal.aborted && results.length < (opts.maxJobs ?? 100)) {
    const job = await claimNextJob(deps.db, clock(), leaseMs);
    if (!job) break;
    results.push({ id: job.id, kind: job.kind, outcome: await runOne(deps, job, clock, signal, leaseMs) });
  }
  return results;
}

async function runOne(
  deps: JobDeps,
  job: ClaimedJob,
  clock: () => Date,
  signal: AbortSignal,
  leaseMs: number,
): Promise<JobRunResult['outcome']> {
  const log = deps.log.child({ jobId: job.id, jobKind: job.kind, attempt: job.attempts });
  const ctx: JobContext = {
    db: deps.db,
    log,
    job,
    now: clock,
    signal,
    checkpoint: (tx, progress) => checkpointJob(tx, job, progress, leaseMs),
  };
  const t0 = performance.now();
  try {
    await deps.handlers[job.kind](ctx);
  } catch (error) {
    if (error instanceof JobInterruptedError) {
      await releaseJob(deps.db, job, clock());
      log.info('job interrupted; it resumes from its progress');
      return 'interrupted';
    }
    if (error instanceof LeaseLostError) {
      log.warn('job lease lost; another worker carries on');
      return 'lease_lost';
    }
    const status = await deps.db.transaction(async (tx) => {
      const recorded = await failJob(tx, job, clock(), messageOf(error));
      // Failed for good: the series goes on (a retry, 'queued', is still this run).
      if (recorded === 'failed') await scheduleNextRun(tx, job, clock());
      return recorded;
    });
    if (status === undefined) {
      log.warn({ err: error }, 'job attempt failed after its lease was lost');
      return 'lease_lost';
    }
    log.error({ err: error, status }, 'job attempt failed');
    return status;
  }
  const completed = await deps.db.transaction(async (tx) => {
    const ok = await completeJob(tx, job, clock());
    if (ok) await scheduleNextRun(tx, job, clock());
    return ok;
  });
  if (!completed) {
    log.warn('job finished after its lease was lost');
    return 'lease_lost';
  }
  log.info({ ms: Math.round(performance.now() - t0) }, 'job done');
  return 'done';
}

export interface JobWorker {
  /** Stops polling, asks a running job to stop between batches, and waits for it. */
  stop(): Promise<void>;
}

/** Polls for due jobs every `pollMs` in this process; one run at a time. */
export function startJobWorker(
  deps: JobDeps,
  opts: { pollMs: number; leaseMs?: number; now?: () => Date },
): JobWorker {
  const clock = opts.now ?? (() => new Date());
  const controller = new AbortController();
  let running: Promise<void> | null = null;
  const tick = () => {
    if (running || controller.signal.aborted) return;
    running = runDueJobs(deps, clock(), {
      signal: controller.signal,
      ...(opts.leaseMs === undefined ? {} : { leaseMs: opts.leaseMs }),
    })
      .then(() => undefined)
      .catch((error: unknown) => deps.log.error({ err: error }, 'job worker tick failed'))
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, opts.pollMs);
  // The HTTP server keeps the process alive; the poll alone should not.
  timer.unref();
  tick();
  // A job queued in this process is looked for at once: shortly after (its transaction commits after the
  // hint), and once more a second later in case that commit took longer or a run was already going.
  const wakes = new Set<NodeJS.Timeout>();
  const later = (ms: number) => {
    const t = setTimeout(() => {
      wakes.delete(t);
      tick();
    }, ms);
    t.unref();
    wakes.add(t);
  };
  const unsubscribe = onJobsQueued(() => {
    later(100);
    later(1000);
  });
  return {
    async stop() {
      controller.abort();
      clearInterval(timer);
      unsubscribe();
      for (const t of wakes) clearTimeout(t);
      await running;
    },
  };
}

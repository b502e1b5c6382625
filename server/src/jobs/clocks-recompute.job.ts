import { and, asc, getTableColumns, gt, inArray, sql } from 'drizzle-orm';
import { ClockError, openRequestStatuses, type AppSettings } from '@privdesk/shared';
import type { Tx } from '../db/client.js';
import { requests } from '../db/schema.js';
import { recordAudit } from '../features/audit/audit.writer.js';
import {
  activeLedgersOf,
  deriveStored,
  storedColumnsOf,
  todayFor,
} from '../features/requests/clock-ledger.js';
import type { dueColumnsOf } from '../features/requests/request-derived.js';
import { readSettings } from '../features/settings/settings.store.js';
import { noteDrpStatusChange } from '../features/drp/drp-status.js';
import { JobInterruptedError, type JobContext } from './job-runner.js';

/**
 * `clocks.recompute`: re-derives the stored dates of every open request from its ledger and the settings
 * now — nightly (a holiday calendar's data, a time zone's rules) and after a settings change. Keyset
 * batches in id order, one transaction each: read the batch and its ledgers, write only the rows whose
 * dates changed, audit them, and save the last id done with the lease renewed. A crash loses at most the
 * batch in flight; whoever takes the job over continues after the saved id.
 *
 * It writes only derived columns and leaves `version` alone: nobody changed the request, and an officer
 * with the page open should not get a conflict for it. A row whose version moved while the batch was
 * computed (an officer's ledger change, which derived its own dates) is skipped by the version guard.
 */

export const recomputeBatchSize = 1000;
/** After rewriting at least this many rows, the table is vacuumed and analysed (see below). */
export const vacuumAfterRows = 1000;

export interface RecomputeProgress {
  lastId: string | null;
  scanned: number;
  changed: number;
  refused: number;
}

function progressOf(value: Record<string, unknown> | null): RecomputeProgress {
  const lastId = value?.lastId;
  const count = (key: string) => {
    const n = value?.[key];
    return typeof n === 'number' ? n : 0;
  };
  return {
    lastId: typeof lastId === 'string' ? lastId : null,
    scanned: count('scanned'),
    changed: count('changed'),
    refused: count('refused'),
  };
}

interface ChangedRow {
  id: string;
  version: number;
  companyDueOn: string;
  statutoryDueOn: string;
  effectiveDueOn: string;
  clockState: string;
}

async function writeChanged(tx: Tx, rows: readonly ChangedRow[], now: Date): Promise<string[]> {
  const values = sql.join(
    rows.map(
      (r) =>
        sql`(${r.id}::uuid, ${r.version}::int, ${r.companyDueOn}::date, ${r.statutoryDueOn}::date, ${r.effectiveDueOn}::date, ${r.clockState}::text)`,
    ),
    sql`, `,
  );
  const updated = await tx
    .update(requests)
    .set({
      companyDueOn: sql`v.company_due_on`,
      statutoryDueOn: sql`v.statutory_due_on`,
      effectiveDueOn: sql`v.effective_due_on`,
      clockState: sql`v.clock_state`,
    })
    .from(
      sql`(values ${values}) as v(id, version, company_due_on, statutory_due_on, effective_due_on, clock_state)`,
    )
    .where(sql`${requests.id} = v.id and ${requests.version} = v.version`)
    .returning(getTableColumns(requests));
  // A new due date is news to an agent that filed the request (its `expected_by`): queued for its callback.
  for (const row of updated) await noteDrpStatusChange(tx, row, now);
  return updated.map((u) => u.id);
}

async function recomputeBatch(
  ctx: JobContext,
  tx: Tx,
  settings: AppSettings,
  progress: RecomputeProgress,
  batchSize: number,
): Promise<{ progress: RecomputeProgress; done: boolean }> {
  const rows = await tx
    .select({
      id: requests.id,
      version: requests.version,
      regime: requests.regime,
      type: requests.type,
      receivedAt: requests.receivedAt,
      minor: requests.minor,
      companyDueOn: requests.companyDueOn,
      statutoryDueOn: requests.statutoryDueOn,
      effectiveDueOn: requests.effectiveDueOn,
      clockState: requests.clockState,
    })
    .from(requests)
    .where(
      and(
        inArray(requests.status, [...openRequestStatuses]),
        progress.lastId === null ? undefined : gt(requests.id, progress.lastId),
      ),
    )
    .orderBy(asc(requests.id))
    .limit(batchSize);
  const ledgers = await activeLedgersOf(
    tx,
    rows.map((r) => r.id),
  );
  const changed: ChangedRow[] = [];
  let refused = 0;
  for (const row of rows) {
    let columns: ReturnType<typeof dueColumnsOf>;
    try {
      const events = ledgers.get(row.id) ?? [];
      const today = todayFor(row.regime, settings, ctx.now());
      columns = storedColumnsOf(row, events, deriveStored(row, events, settings), settings, today);
    } catch (error) {
      if (!(error instanceof ClockError)) throw error;
      // The request itself is refused (a type no longer covered…): keep its dates, say which one.
      refused += 1;
      ctx.log.warn({ dsrId: row.id, code: error.code }, 'clock recompute refused a request; dates kept');
      continue;
    }
    if (
      columns.companyDueOn !== row.companyDueOn ||
      columns.statutoryDueOn !== row.statutoryDueOn ||
      columns.effectiveDueOn !== row.effectiveDueOn ||
      columns.clockState !== row.clockState
    ) {
      changed.push({ id: row.id, version: row.version, ...columns });
    }
  }
  const written = changed.length > 0 ? await writeChanged(tx, changed, ctx.now()) : [];
  if (written.length > 0) {
    await recordAudit(
      tx,
      { actorId: null, ip: null, requestId: `job:${ctx.job.id}` },
      {
        action: 'requests.clocks_recomputed',
        entityType: 'request',
        reason: typeof ctx.job.payload.reason === 'string' ? ctx.job.payload.reason : 'recompute',
        after: { jobId: ctx.job.id, changed: written.length, requestIds: written },
      },
      ctx.now(),
    );
  }
  const last = rows[rows.length - 1];
  const next: RecomputeProgress = {
    lastId: last?.id ?? progress.lastId,
    scanned: progress.scanned + rows.length,
    changed: progress.changed + written.length,
    refused: progress.refused + refused,
  };
  await ctx.checkpoint(tx, { ...next });
  return { progress: next, done: rows.length < batchSize };
}

export async function recomputeClocksJob(ctx: JobContext): Promise<void> {
  const batchSize =
    typeof ctx.job.payload.batchSize === 'number' ? ctx.job.payload.batchSize : recomputeBatchSize;
  let progress = progressOf(ctx.job.progress);
  // Read once per run: every batch derives with the same settings. A change made meanwhile queues its own run.
  const settings = await readSettings(ctx.db, ctx.log);
  for (;;) {
    if (ctx.signal.aborted) throw new JobInterruptedError();
    const batch = await ctx.db.transaction((tx) => recomputeBatch(ctx, tx, settings, progress, batchSize));
    progress = batch.progress;
    if (batch.done) break;
  }
  if (progress.changed >= vacuumAfterRows) {
    // PGlite has no autovacuum: a settings change rewrites every open row, and the dead versions would stay
    // in the table and its indexes for good, slowing the queue. On PostgreSQL this only runs autovacuum's job
    // early. Outside any transaction, as VACUUM must be.
    await ctx.db.execute(sql`vacuum analyze ${requests}`);
  }
  ctx.log.info({ ...progress }, 'clock recompute finished');
}

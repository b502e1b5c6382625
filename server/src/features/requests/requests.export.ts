import { randomUUID } from 'node:crypto';
import {
  checkFilterRanges,
  requestFiltersSchema,
  type FieldErrors,
  type RequestFilters,
} from '@privdesk/shared';
import { parseJsonQuery } from '../../lib/json-query.js';
import { originOf, type ActorDeps } from '../../lib/service.js';
import { recordAudit } from '../audit/audit.writer.js';
import { readSettings } from '../settings/settings.store.js';
import { presentRequester } from './request-presenters.js';
import {
  dueOnOf,
  priorityOf,
  queueBatchAfter,
  staffNames,
  type QueueRecord,
  type QueueScope,
} from './requests.queries.js';

/** Rows per keyset batch: large enough to keep round trips few, small enough to keep memory flat. */
export const exportBatchSize = 2000;

const header = [
  'reference',
  'type',
  'regime',
  'channel',
  'status',
  'priority',
  'minor',
  'requester_name',
  'requester_email',
  'requester_masked',
  'assignee',
  'received_at',
  'due_on',
  'company_due_on',
  'statutory_due_on',
  'effective_due_on',
  'clock_state',
];

/**
 * RFC 4180 quoting, and a leading apostrophe on cells a spreadsheet would run as a formula (CSV injection:
 * a requester can type their own name).
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function csvLine(cells: string[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/** The filter as the audit log records it: codes and ids only; a search term may be an email or a name. */
export function auditableFilters(f: RequestFilters) {
  const { search, ...rest } = f;
  return { ...rest, ...(search ? { search: '(search term)' as const } : {}) };
}

export interface ExportOptions {
  deps: ActorDeps;
  filters: RequestFilters;
}

/**
 * Streams the queue under `filters` as CSV, newest receipt first, in keyset batches (flat memory at any
 * size). Names and emails are masked unless the caller may see them in clear. The export is audited before
 * its first row leaves (`requests.export_started`, committed on its own), and again when the stream ends,
 * completed or abandoned, with how many rows went out (`requests.exported`): an export is never unaudited,
 * even if the process dies mid-way.
 */
export async function* exportRequestsCsv(opts: ExportOptions): AsyncGenerator<string> {
  const { deps, filters } = opts;
  const { actor } = deps;
  const settings = await readSettings(deps.db, deps.log);
  const scope: QueueScope = {
    staffId: actor.staffId,
    now: deps.now,
    handlings: Object.values(settings.handling),
    search: actor.can.seeClearPii ? 'prefix' : 'whole',
  };
  const exportId = randomUUID();
  await deps.db.transaction((tx) =>
    recordAudit(
      tx,
      originOf(actor),
      {
        action: 'requests.export_started',
        entityType: 'request',
        after: { exportId, format: 'csv', filters: auditableFilters(filters) },
      },
      deps.now,
    ),
  );
  // Staff are few: one lookup serves every batch.
  const names = new Map<string, string>();
  let rows = 0;
  let complete = false;
  try {
    yield `\uFEFF${csvLine(header)}`;
    let after: { receivedAt: Date; id: string } | null = null;
    for (;;) {
      const batch: QueueRecord[] = await queueBatchAfter(deps.db, filters, scope, after, exportBatchSize);
      if (batch.length === 0) break;
      const missing = batch
        .map((r) => r.assigneeId)
        .filter((id): id is string => id !== null && !names.has(id));
      if (missing.length > 0)
        for (const [id, name] of await staffNames(deps.db, missing)) names.set(id, name);
      let chunk = '';
      for (const r of batch) {
        const requester = presentRequester(r, actor.can);
        chunk += csvLine([
          r.reference,
          r.type,
          r.regime,
          r.channel,
          r.status,
          priorityOf(r.priority),
          r.minor ? 'yes' : 'no',
          requester.requesterName,
          requester.requesterEmail,
          requester.requesterMasked ? 'yes' : 'no',
          r.assigneeId === null ? '' : (names.get(r.assigneeId) ?? ''),
          r.receivedAt.toISOString(),
          dueOnOf(r),
          r.companyDueOn,
          r.statutoryDueOn,
          r.effectiveDueOn,
          r.clockState,
        ]);
      }
      rows += batch.length;
      yield chunk;
      const last = batch[batch.length - 1];
      if (!last || batch.length < exportBatchSize) break;
      after = { receivedAt: last.receivedAt, id: last.id };
    }
    complete = true;
  } finally {
    try {
      await deps.db.transaction((tx) =>
        recordAudit(tx, originOf(actor), {
          action: 'requests.exported',
          entityType: 'request',
          after: { exportId, format: 'csv', filters: auditableFilters(filters), rows, complete },
        }),
      );
    } catch (error) {
      deps.log.error({ err: error, exportId }, 'export audit failed');
    }
  }
}

/** The `input` query parameter: the queue's filters as JSON, like a tRPC GET. */
export function parseExportInput(
  raw: unknown,
): { ok: true; filters: RequestFilters } | { ok: false; fieldErrors: FieldErrors } {
  const parsed = parseJsonQuery(raw, requestFiltersSchema.superRefine(checkFilterRanges));
  return parsed.ok ? { ok: true, filters: parsed.value } : parsed;
}

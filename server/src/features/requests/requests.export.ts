import {
  permissionsOf,
  requestFiltersSchema,
  type FieldErrors,
  type RequestFilters,
  type Role,
} from '@privdesk/shared';
import type { Db } from '../../db/client.js';
import type { Logger } from '../../lib/logger.js';
import type { AuditOrigin } from '../audit/audit.writer.js';
import { recordAudit } from '../audit/audit.writer.js';
import { readSettings } from '../settings/settings.store.js';
import {
  dueOnOf,
  presentRequester,
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
export function auditableFilters(f: RequestFilters): Record<string, unknown> {
  const { search, ...rest } = f;
  return { ...rest, search: search ? '(search term)' : undefined };
}

export interface ExportOptions {
  db: Db;
  log: Logger;
  origin: AuditOrigin;
  roles: Role[];
  staffId: string;
  filters: RequestFilters;
  now: Date;
}

/**
 * Streams the queue under `filters` as CSV, newest receipt first, in keyset batches (flat memory at any
 * size). Names and emails are masked unless the caller holds `pii:read`. When the stream ends, completed or
 * abandoned, one `requests.exported` audit event records the filter and how many rows went out.
 */
export async function* exportRequestsCsv(opts: ExportOptions): AsyncGenerator<string> {
  const held = permissionsOf(opts.roles);
  const settings = await readSettings(opts.db, opts.log);
  const scope: QueueScope = {
    staffId: opts.staffId,
    held,
    now: opts.now,
    handlings: Object.values(settings.handling),
  };
  // Staff are few: one lookup serves every batch.
  const names = new Map<string, string>();
  let rows = 0;
  let complete = false;
  try {
    yield `\uFEFF${csvLine(header)}`;
    let after: { receivedAt: Date; id: string } | null = null;
    for (;;) {
      const batch: QueueRecord[] = await queueBatchAfter(
        opts.db,
        opts.filters,
        scope,
        after,
        exportBatchSize,
      );
      if (batch.length === 0) break;
      const missing = batch
        .map((r) => r.assigneeId)
        .filter((id): id is string => id !== null && !names.has(id));
      if (missing.length > 0)
        for (const [id, name] of await staffNames(opts.db, missing)) names.set(id, name);
      let chunk = '';
      for (const r of batch) {
        const requester = presentRequester(r, held);
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
      await opts.db.transaction((tx) =>
        recordAudit(tx, opts.origin, {
          action: 'requests.exported',
          entityType: 'request',
          after: { format: 'csv', filters: auditableFilters(opts.filters), rows, complete },
        }),
      );
    } catch (error) {
      opts.log.error({ err: error }, 'export audit failed');
    }
  }
}

/** The `input` query parameter: the queue's filters as JSON, like a tRPC GET. */
export function parseExportInput(
  raw: unknown,
): { ok: true; filters: RequestFilters } | { ok: false; fieldErrors: FieldErrors } {
  let value: unknown = {};
  if (typeof raw === 'string' && raw.length > 0) {
    try {
      value = JSON.parse(raw);
    } catch {
      return { ok: false, fieldErrors: { input: ['The filters are not valid JSON.'] } };
    }
  }
  const parsed = requestFiltersSchema.safeParse(value);
  if (parsed.success) return { ok: true, filters: parsed.data };
  const fieldErrors: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const key = issue.path.length > 0 ? issue.path.map(String).join('.') : '_';
    (fieldErrors[key] ??= []).push(issue.message);
  }
  return { ok: false, fieldErrors };
}

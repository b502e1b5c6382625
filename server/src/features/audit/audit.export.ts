import { randomUUID } from 'node:crypto';
import { and, asc, eq, gt } from 'drizzle-orm';
import {
  auditActionLabels,
  auditExportFiltersSchema,
  isAuditAction,
  type AuditExportFilters,
  type FieldErrors,
} from '@privdesk/shared';
import { auditEvents, staff } from '../../db/schema.js';
import { parseJsonQuery } from '../../lib/json-query.js';
import { originOf, type ActorDeps } from '../../lib/service.js';
import { csvCell } from '../requests/requests.export.js';
import { auditWhere, entityLabelsOf } from './audit.service.js';
import { recordAudit } from './audit.writer.js';

export type AuditExportFormat = 'csv' | 'json';
const batchSize = 2000;

const header = [
  'seq',
  'at',
  'actor_id',
  'actor',
  'action',
  'action_label',
  'entity_type',
  'entity_id',
  'entity',
  'ip',
  'request_id',
  'reason',
  'before',
  'after',
  'prev_hash',
  'hash',
];

/** The export's filters from the query string (`?input=<json>`), with field-level messages when refused. */
export function parseAuditExportInput(
  raw: unknown,
): { ok: true; filters: AuditExportFilters } | { ok: false; fieldErrors: FieldErrors } {
  const parsed = parseJsonQuery(raw, auditExportFiltersSchema);
  return parsed.ok ? { ok: true, filters: parsed.value } : parsed;
}

/**
 * Streams the audit log under `filters`, oldest first, in keyset batches by `seq`, as CSV or as a JSON
 * array (each event as stored, hashes included, so a copy can be checked outside the app). Audited before
 * its first row (`audit.export_started`, committed on its own) and again when the stream ends, complete or
 * not, with how many events went out (`audit.exported`). Events carry ids and codes only, never personal data.
 */
export async function* exportAuditLog(opts: {
  deps: ActorDeps;
  filters: AuditExportFilters;
  format: AuditExportFormat;
}): AsyncGenerator<string> {
  const { deps, filters, format } = opts;
  const where = await auditWhere(deps.db, filters);
  const exportId = randomUUID();
  const origin = originOf(deps.actor);
  await deps.db.transaction((tx) =>
    recordAudit(
      tx,
      origin,
      { action: 'audit.export_started', entityType: 'audit_log', after: { exportId, format, filters } },
      deps.now,
    ),
  );
  let rows = 0;
  let complete = false;
  try {
    yield format === 'csv' ? `${header.join(',')}\r\n` : '[';
    let after = 0;
    for (;;) {
      const page = await deps.db
        .select({ event: auditEvents, actorName: staff.name })
        .from(auditEvents)
        .leftJoin(staff, eq(staff.id, auditEvents.actorId))
        .where(and(where, gt(auditEvents.seq, after)))
        .orderBy(asc(auditEvents.seq))
        .limit(batchSize);
      const labels = await entityLabelsOf(
        deps.db,
        page.map((p) => p.event),
      );
      let chunk = '';
      for (const { event, actorName } of page) {
        const entity = event.entityId ? (labels.get(event.entityId) ?? null) : null;
        const label = isAuditAction(event.action) ? auditActionLabels[event.action] : event.action;
        if (format === 'csv') {
          const cells = [
            String(event.seq),
            event.at.toISOString(),
            event.actorId ?? '',
            actorName ?? '',
            event.action,
            label,
            event.entityType,
            event.entityId ?? '',
            entity ?? '',
            event.ip ?? '',
            event.requestId ?? '',
            event.reason ?? '',
            event.before ? JSON.stringify(event.before) : '',
            event.after ? JSON.stringify(event.after) : '',
            event.prevHash,
            event.hash,
          ];
          chunk += `${cells.map(csvCell).join(',')}\r\n`;
        } else {
          const item = {
            seq: event.seq,
            at: event.at.toISOString(),
            actorId: event.actorId,
            actorName,
            action: event.action,
            actionLabel: label,
            entityType: event.entityType,
            entityId: event.entityId,
            entityLabel: entity,
            ip: event.ip,
            requestId: event.requestId,
            reason: event.reason,
            before: event.before,
            after: event.after,
            prevHash: event.prevHash,
            hash: event.hash,
            chain: event.chain,
          };
          chunk += `${rows === 0 ? '\n' : ',\n'}${JSON.stringify(item)}`;
        }
        rows += 1;
      }
      if (chunk) yield chunk;
      const last = page.at(-1);
      if (!last || page.length < batchSize) break;
      after = last.event.seq;
    }
    if (format === 'json') yield '\n]\n';
    complete = true;
  } finally {
    await deps.db.transaction((tx) =>
      recordAudit(
        tx,
        origin,
        {
          action: 'audit.exported',
          entityType: 'audit_log',
          after: { exportId, format, filters, rows, complete },
        },
        new Date(),
      ),
    );
  }
}

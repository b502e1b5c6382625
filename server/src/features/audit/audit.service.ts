import { and, count, desc, eq, gte, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import { DomainError, type AuditExportFilters, type AuditFindInput } from '@privdesk/shared';
import type { z } from 'zod';
import type { auditFindInputSchema } from '@privdesk/shared';
import type { DbOrTx } from '../../db/client.js';
import { auditEvents, customers, requests, staff } from '../../db/schema.js';
import type { ActorDeps } from '../../lib/service.js';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A reference or account number, as the record it names; refused beside the field when there is none. */
async function recordIdOf(db: DbOrTx, record: string): Promise<string> {
  const [found] = record.startsWith('DSR-')
    ? await db.select({ id: requests.id }).from(requests).where(eq(requests.reference, record))
    : await db.select({ id: customers.id }).from(customers).where(eq(customers.accountNumber, record));
  if (found) return found.id;
  const message = record.startsWith('DSR-')
    ? 'No request has that reference.'
    : 'No customer has that account number.';
  throw new DomainError('BAD_REQUEST', message, { record: [message] });
}

/** The events about a record, and those that list it among others (a view of a page, a search, a recompute). */
export function aboutRecord(id: string): SQL | undefined {
  const listed = JSON.stringify([id]);
  return or(
    eq(auditEvents.entityId, id),
    sql`${auditEvents.after} -> 'ids' @> ${listed}::jsonb`,
    sql`${auditEvents.after} -> 'requestIds' @> ${listed}::jsonb`,
  );
}

/** Names for the records a page of events is about: references, account numbers, staff names. */
export async function entityLabelsOf(
  db: DbOrTx,
  events: readonly { entityType: string; entityId: string | null }[],
): Promise<Map<string, string>> {
  const idsOf = (type: string) => [
    ...new Set(
      events
        .filter((e) => e.entityType === type && e.entityId !== null && uuidPattern.test(e.entityId))
        .map((e) => e.entityId as string),
    ),
  ];
  const [requestIds, customerIds, staffIds] = [idsOf('request'), idsOf('customer'), idsOf('staff')];
  const [requestRows, customerRows, staffRows] = await Promise.all([
    requestIds.length > 0
      ? db
          .select({ id: requests.id, label: requests.reference })
          .from(requests)
          .where(inArray(requests.id, requestIds))
      : [],
    customerIds.length > 0
      ? db
          .select({ id: customers.id, label: customers.accountNumber })
          .from(customers)
          .where(inArray(customers.id, customerIds))
      : [],
    staffIds.length > 0
      ? db.select({ id: staff.id, label: staff.name }).from(staff).where(inArray(staff.id, staffIds))
      : [],
  ]);
  return new Map([...requestRows, ...customerRows, ...staffRows].map((r) => [r.id, r.label]));
}

function nextDay(date: string): Date {
  const d = new Date(`${date}T00:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d;
}

/** The WHERE of the log's filters, shared by the page and the export. */
export async function auditWhere(db: DbOrTx, input: AuditExportFilters): Promise<SQL | undefined> {
  const filters: SQL[] = [];
  if (input.actorId) filters.push(eq(auditEvents.actorId, input.actorId));
  if (input.action) filters.push(eq(auditEvents.action, input.action));
  if (input.entityType) filters.push(eq(auditEvents.entityType, input.entityType));
  if (input.entityId) filters.push(eq(auditEvents.entityId, input.entityId));
  // Dates are whole UTC days, inclusive at both ends.
  if (input.from) filters.push(gte(auditEvents.at, new Date(`${input.from}T00:00:00.000Z`)));
  if (input.to) filters.push(lt(auditEvents.at, nextDay(input.to)));
  if (input.record) {
    const about = aboutRecord(await recordIdOf(db, input.record));
    if (about) filters.push(about);
  }
  return filters.length > 0 ? and(...filters) : undefined;
}

export async function findAuditEvents(deps: ActorDeps, input: z.output<typeof auditFindInputSchema>) {
  const where = await auditWhere(deps.db, input);
  const [rows, [total]] = await Promise.all([
    deps.db
      .select({ event: auditEvents, actorName: staff.name })
      .from(auditEvents)
      .leftJoin(staff, eq(staff.id, auditEvents.actorId))
      .where(where)
      .orderBy(desc(auditEvents.seq))
      .limit(input.pageSize)
      .offset((input.page - 1) * input.pageSize),
    deps.db.select({ n: count() }).from(auditEvents).where(where),
  ]);
  const labels = await entityLabelsOf(
    deps.db,
    rows.map((r) => r.event),
  );
  return {
    items: rows.map(({ event, actorName }) => ({
      seq: event.seq,
      at: event.at.toISOString(),
      actorId: event.actorId,
      actorName,
      action: event.action,
      entityType: event.entityType,
      entityId: event.entityId,
      entityLabel: event.entityId ? (labels.get(event.entityId) ?? null) : null,
      ip: event.ip,
      requestId: event.requestId,
      reason: event.reason,
      before: event.before,
      after: event.after,
    })),
    total: total?.n ?? 0,
    page: input.page,
    pageSize: input.pageSize,
  };
}

export type { AuditFindInput };

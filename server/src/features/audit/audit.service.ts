import { and, count, desc, eq, gte, lt, type SQL } from 'drizzle-orm';
import type { AuditFindInput } from '@privdesk/shared';
import type { z } from 'zod';
import type { auditFindInputSchema } from '@privdesk/shared';
import { auditEvents, staff } from '../../db/schema.js';
import type { ActorDeps } from '../../lib/service.js';

function nextDay(date: string): Date {
  const d = new Date(`${date}T00:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d;
}

export async function findAuditEvents(deps: ActorDeps, input: z.output<typeof auditFindInputSchema>) {
  const filters: SQL[] = [];
  if (input.actorId) filters.push(eq(auditEvents.actorId, input.actorId));
  if (input.action) filters.push(eq(auditEvents.action, input.action));
  if (input.entityType) filters.push(eq(auditEvents.entityType, input.entityType));
  if (input.entityId) filters.push(eq(auditEvents.entityId, input.entityId));
  // Dates are whole UTC days, inclusive at both ends.
  if (input.from) filters.push(gte(auditEvents.at, new Date(`${input.from}T00:00:00.000Z`)));
  if (input.to) filters.push(lt(auditEvents.at, nextDay(input.to)));
  const where = filters.length > 0 ? and(...filters) : undefined;
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
  return {
    items: rows.map(({ event, actorName }) => ({
      seq: event.seq,
      at: event.at.toISOString(),
      actorId: event.actorId,
      actorName,
      action: event.action,
      entityType: event.entityType,
      entityId: event.entityId,
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

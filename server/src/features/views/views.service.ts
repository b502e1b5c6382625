import { and, asc, count, eq } from 'drizzle-orm';
import {
  builtInViews,
  DomainError,
  maxSavedViewsPerPerson,
  savedViewFiltersSchema,
  type SavedView,
  type viewCreateInputSchema,
} from '@privdesk/shared';
import type { z } from 'zod';
import { savedViews } from '../../db/schema.js';
import { originOf, type ActorDeps } from '../../lib/service.js';
import { recordAudit } from '../audit/audit.writer.js';

function toView(row: typeof savedViews.$inferSelect): SavedView | null {
  // A view saved under older filter rules is dropped from the list rather than breaking it.
  const filters = savedViewFiltersSchema.safeParse(row.filters);
  return filters.success
    ? { id: row.id, name: row.name, filters: filters.data, createdAt: row.createdAt.toISOString() }
    : null;
}

export async function findViews(deps: ActorDeps) {
  const staffId = deps.actor.staffId;
  const rows = await deps.db
    .select()
    .from(savedViews)
    .where(eq(savedViews.staffId, staffId))
    .orderBy(asc(savedViews.name));
  return {
    builtIn: builtInViews.map((v) => ({
      key: v.key,
      label: v.label,
      filters: savedViewFiltersSchema.parse(v.filters),
    })),
    saved: rows.map(toView).filter((v): v is SavedView => v !== null),
  };
}

export async function createView(
  deps: ActorDeps,
  input: z.output<typeof viewCreateInputSchema>,
): Promise<SavedView> {
  const staffId = deps.actor.staffId;
  const now = deps.now;
  return deps.db.transaction(async (tx) => {
    const [existing] = await tx
      .select({ id: savedViews.id })
      .from(savedViews)
      .where(and(eq(savedViews.staffId, staffId), eq(savedViews.name, input.name)));
    if (existing)
      throw new DomainError('CONFLICT', 'You already have a view with this name.', {
        name: ['You already have a view with this name.'],
      });
    const [countRow] = await tx
      .select({ n: count() })
      .from(savedViews)
      .where(eq(savedViews.staffId, staffId));
    if ((countRow?.n ?? 0) >= maxSavedViewsPerPerson) {
      throw new DomainError(
        'BAD_REQUEST',
        `You can keep at most ${maxSavedViewsPerPerson} saved views; delete one first.`,
      );
    }
    const [row] = await tx
      .insert(savedViews)
      .values({ staffId, name: input.name, filters: input.filters, createdAt: now })
      .returning();
    if (!row) throw new Error('view insert returned nothing');
    // The filters may hold a search term (an email, a name): the log records that the view exists, not what it holds.
    await recordAudit(
      tx,
      originOf(deps.actor),
      { action: 'views.created', entityType: 'saved_view', entityId: row.id },
      now,
    );
    return { id: row.id, name: row.name, filters: input.filters, createdAt: row.createdAt.toISOString() };
  });
}

export async function deleteView(deps: ActorDeps, id: string) {
  const staffId = deps.actor.staffId;
  const now = deps.now;
  return deps.db.transaction(async (tx) => {
    // Someone else's view is as good as missing: views are personal.
    const [deleted] = await tx
      .delete(savedViews)
      .where(and(eq(savedViews.id, id), eq(savedViews.staffId, staffId)))
      .returning({ id: savedViews.id });
    if (!deleted) throw new DomainError('NOT_FOUND', 'No saved view of yours with this id.');
    await recordAudit(
      tx,
      originOf(deps.actor),
      { action: 'views.deleted', entityType: 'saved_view', entityId: deleted.id },
      now,
    );
    return { ok: true as const };
  });
}

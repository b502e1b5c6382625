import { and, count, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import {
  notificationSchema,
  type AppNotification,
  type notificationsFindInputSchema,
  type notificationsMarkReadInputSchema,
} from '@privdesk/shared';
import type { z } from 'zod';
import type { DbOrTx } from '../../db/client.js';
import { notifications } from '../../db/schema.js';
import { originOf, type ActorDeps } from '../../lib/service.js';
import { recordAudit } from '../audit/audit.writer.js';

/** A person's own notifications only: every query is scoped to the actor's staff id, never to an input. */
function ownerOf(deps: ActorDeps): string {
  return deps.actor.staffId;
}

async function unreadOf(db: DbOrTx, staffId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(notifications)
    .where(and(eq(notifications.staffId, staffId), isNull(notifications.readAt)));
  return row?.n ?? 0;
}

export async function findNotifications(
  deps: ActorDeps,
  input: z.output<typeof notificationsFindInputSchema>,
) {
  const staffId = ownerOf(deps);
  const where = and(
    eq(notifications.staffId, staffId),
    input.unreadOnly ? isNull(notifications.readAt) : undefined,
  );
  const [rows, [total], unread] = await Promise.all([
    deps.db
      .select()
      .from(notifications)
      .where(where)
      .orderBy(desc(notifications.createdAt), desc(notifications.id))
      .limit(input.pageSize)
      .offset((input.page - 1) * input.pageSize),
    deps.db.select({ n: count() }).from(notifications).where(where),
    unreadOf(deps.db, staffId),
  ]);
  const items = rows.flatMap((r): AppNotification[] => {
    const parsed = notificationSchema.safeParse({
      id: r.id,
      kind: r.kind,
      title: r.title,
      body: r.body,
      data: r.data,
      createdAt: r.createdAt.toISOString(),
      readAt: r.readAt?.toISOString() ?? null,
    });
    // A row this build cannot read (a kind or shape from a newer one) is left out rather than failing the list.
    return parsed.success ? [parsed.data] : [];
  });
  return { items, total: total?.n ?? 0, page: input.page, pageSize: input.pageSize, unread };
}

export async function unreadNotificationCount(deps: ActorDeps) {
  return { unread: await unreadOf(deps.db, ownerOf(deps)) };
}

/**
 * Marks one's own notifications read. Reading a reminder changes no request, but it is a write, and the
 * house rule is that every mutation leaves an audit event: one per call, with the ids it marked.
 */
export async function markNotificationsRead(
  deps: ActorDeps,
  input: z.output<typeof notificationsMarkReadInputSchema>,
) {
  const staffId = ownerOf(deps);
  const now = deps.now;
  return deps.db.transaction(async (tx) => {
    const marked = await tx
      .update(notifications)
      .set({ readAt: now })
      .where(
        and(
          eq(notifications.staffId, staffId),
          isNull(notifications.readAt),
          input.ids ? inArray(notifications.id, input.ids) : sql`true`,
        ),
      )
      .returning({ id: notifications.id });
    if (marked.length > 0) {
      await recordAudit(
        tx,
        originOf(deps.actor),
        {
          action: 'notifications.read',
          entityType: 'notification',
          after: { ids: marked.map((m) => m.id), all: input.all === true },
        },
        now,
      );
    }
    return { marked: marked.length, unread: await unreadOf(tx, staffId) };
  });
}

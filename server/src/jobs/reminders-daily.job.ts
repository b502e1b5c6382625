import { and, asc, eq, inArray, isNotNull, isNull, lt, lte, sql } from 'drizzle-orm';
import {
  addDaysIso,
  dueSoonDays,
  maxRequestsPerNotification,
  openRequestStatuses,
  queueToday,
  unassignedAlertDays,
  type ReminderData,
  type NotificationKind,
} from '@privdesk/shared';
import type { Tx } from '../db/client.js';
import { notifications, requests, staff } from '../db/schema.js';
import { recordAudit } from '../features/audit/audit.writer.js';
import { readSettings } from '../features/settings/settings.store.js';
import type { JobContext } from './job-runner.js';

/**
 * `reminders.daily`: each assignee gets one in-app notification listing their open requests that are
 * overdue or due in 5 days or fewer (by the effective date), and each manager one about open requests
 * left unassigned for more than 2 days. Idempotent per person and day: the notification's `dedupe_key`
 * is `<kind>:<staff id>:<day>`, so a rerun (a retry, a second instance) adds nothing. Titles and bodies hold
 * references and counts only. Email follows once requester messaging (SMTP) exists.
 */

interface DueRow {
  id: string;
  reference: string;
  assigneeId: string | null;
  effectiveDueOn: string;
}

const DAY_MS = 86_400_000;

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function listed(parts: string[], total: number): string {
  const more = total - parts.length;
  return more > 0 ? `${parts.join(', ')} and ${more} more` : parts.join(', ');
}

export function dueReminder(
  rows: readonly DueRow[],
  day: string,
): { title: string; body: string; data: ReminderData } {
  const overdue = rows.filter((r) => r.effectiveDueOn < day);
  const soon = rows.filter((r) => r.effectiveDueOn >= day);
  const shown = [...overdue, ...soon].slice(0, maxRequestsPerNotification);
  const shownOverdue = shown.filter((r) => r.effectiveDueOn < day);
  const shownSoon = shown.filter((r) => r.effectiveDueOn >= day);
  const titleParts: string[] = [];
  if (overdue.length > 0) titleParts.push(`${overdue.length} overdue`);
  if (soon.length > 0) titleParts.push(`${soon.length} due in ${dueSoonDays} days or fewer`);
  const lines: string[] = [];
  if (shownOverdue.length > 0) {
    lines.push(
      `Overdue: ${listed(
        shownOverdue.map((r) => `${r.reference} (by ${plural(daysBetween(r.effectiveDueOn, day), 'day')})`),
        overdue.length,
      )}.`,
    );
  }
  if (shownSoon.length > 0) {
    lines.push(
      `Due soon: ${listed(
        shownSoon.map((r) => {
          const left = daysBetween(day, r.effectiveDueOn);
          return `${r.reference} (${left === 0 ? 'today' : `in ${plural(left, 'day')}`})`;
        }),
        soon.length,
      )}.`,
    );
  }
  return {
    title: `Your requests: ${titleParts.join(', ')}`,
    body: lines.join(' '),
    data: {
      on: day,
      counts: { overdue: overdue.length, dueSoon: soon.length, unassigned: 0 },
      requests: shown.map((r) => ({
        id: r.id,
        reference: r.reference,
        dueOn: r.effectiveDueOn,
        state: r.effectiveDueOn < day ? ('overdue' as const) : ('due_soon' as const),
      })),
      truncated: rows.length > shown.length,
    },
  };
}

async function insertNotification(
  tx: Tx,
  row: {
    staffId: string;
    kind: NotificationKind;
    day: string;
    title: string;
    body: string;
    data: ReminderData;
  },
  now: Date,
): Promise<boolean> {
  const inserted = await tx
    .insert(notifications)
    .values({
      staffId: row.staffId,
      kind: row.kind,
      title: row.title,
      body: row.body,
      data: row.data,
      dedupeKey: `${row.kind}:${row.staffId}:${row.day}`,
      createdAt: now,
    })
    .onConflictDoNothing({ target: notifications.dedupeKey })
    .returning({ id: notifications.id });
  return inserted.length > 0;
}

export async function sendDailyReminders(
  tx: Tx,
  now: Date,
  origin: { requestId: string },
): Promise<{ day: string; sent: number }> {
  const settings = await readSettings(tx);
  const day = queueToday(now, Object.values(settings.handling));
  const open = inArray(requests.status, [...openRequestStatuses]);
  const dueRows = await tx
    .select({
      id: requests.id,
      reference: requests.reference,
      assigneeId: requests.assigneeId,
      effectiveDueOn: requests.effectiveDueOn,
    })
    .from(requests)
    .innerJoin(staff, eq(staff.id, requests.assigneeId))
    .where(
      and(
        open,
        isNotNull(requests.assigneeId),
        isNull(staff.disabledAt),
        lte(requests.effectiveDueOn, addDaysIso(day, dueSoonDays)),
      ),
    )
    .orderBy(asc(requests.assigneeId), asc(requests.effectiveDueOn), asc(requests.id));
  const byAssignee = new Map<string, DueRow[]>();
  for (const row of dueRows) {
    if (row.assigneeId === null) continue;
    const list = byAssignee.get(row.assigneeId);
    if (list) list.push(row);
    else byAssignee.set(row.assigneeId, [row]);
  }
  let sent = 0;
  for (const [staffId, rows] of byAssignee) {
    const message = dueReminder(rows, day);
    if (await insertNotification(tx, { staffId, kind: 'reminders.due', day, ...message }, now)) sent += 1;
  }

  const cutoff = new Date(now.getTime() - unassignedAlertDays * DAY_MS);
  const unassignedWhere = and(open, isNull(requests.assigneeId), lt(requests.receivedAt, cutoff));
  const [counted] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(requests)
    .where(unassignedWhere);
  const unassignedCount = counted?.n ?? 0;
  if (unassignedCount > 0) {
    const oldest = await tx
      .select({ id: requests.id, reference: requests.reference, receivedAt: requests.receivedAt })
      .from(requests)
      .where(unassignedWhere)
      .orderBy(asc(requests.receivedAt), asc(requests.id))
      .limit(maxRequestsPerNotification);
    const managers = await tx
      .select({ id: staff.id })
      .from(staff)
      .where(and(sql`'manager' = any(${staff.roles})`, isNull(staff.disabledAt)));
    const data: ReminderData = {
      on: day,
      counts: { overdue: 0, dueSoon: 0, unassigned: unassignedCount },
      requests: oldest.map((r) => ({
        id: r.id,
        reference: r.reference,
        dueOn: null,
        state: 'unassigned' as const,
      })),
      truncated: unassignedCount > oldest.length,
    };
    const title = `${plural(unassignedCount, 'request')} unassigned for more than ${unassignedAlertDays} days`;
    const body = `Oldest first: ${listed(
      oldest.map((r) => `${r.reference} (received ${r.receivedAt.toISOString().slice(0, 10)})`),
      unassignedCount,
    )}.`;
    for (const manager of managers) {
      if (
        await insertNotification(
          tx,
          { staffId: manager.id, kind: 'reminders.unassigned', day, title, body, data },
          now,
        )
      )
        sent += 1;
    }
  }
  if (sent > 0) {
    await recordAudit(
      tx,
      { actorId: null, ip: null, requestId: origin.requestId },
      {
        action: 'notifications.sent',
        entityType: 'notification',
        reason: 'daily reminders',
        after: { day, sent },
      },
      now,
    );
  }
  return { day, sent };
}

export async function dailyRemindersJob(ctx: JobContext): Promise<void> {
  const now = ctx.now();
  const result = await ctx.db.transaction(async (tx) => {
    const out = await sendDailyReminders(tx, now, { requestId: `job:${ctx.job.id}` });
    await ctx.checkpoint(tx, { ...out });
    return out;
  });
  ctx.log.info(result, 'daily reminders sent');
}

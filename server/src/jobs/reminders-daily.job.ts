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
import { randomUUID } from 'node:crypto';
import { addressOf, MailRefused, messageIdFor, type Mailer } from '../integrations/mail/mailer.js';
import type { JobContext, JobHandler } from './job-runner.js';

/**
 * `reminders.daily`: each assignee gets one in-app notification listing their open requests that are
 * overdue or due in 5 days or fewer (by the effective date), and each manager one about open requests
 * left unassigned for more than 2 days. Idempotent per person and day: the notification's `dedupe_key`
 * is `<kind>:<staff id>:<day>`, so a rerun (a retry, a second instance) adds nothing. Titles and bodies hold
 * references and counts only. Where SMTP_URL is set, each also goes by email (see dailyRemindersJob).
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

/** A reminder written today: to whom, and its words (references and counts only). */
export interface WrittenReminder {
  staffId: string;
  title: string;
  body: string;
}

export async function sendDailyReminders(
  tx: Tx,
  now: Date,
  origin: { requestId: string },
): Promise<{ day: string; sent: number; written: WrittenReminder[] }> {
  const written: WrittenReminder[] = [];
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
    if (await insertNotification(tx, { staffId, kind: 'reminders.due', day, ...message }, now)) {
      sent += 1;
      written.push({ staffId, title: message.title, body: message.body });
    }
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
      ) {
        sent += 1;
        written.push({ staffId: manager.id, title, body });
      }
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
  return { day, sent, written };
}

/**
 * `reminders.daily`. Where mail goes to a real SMTP server (SMTP_URL), each reminder written today also
 * goes to its staff member by email (issue 13, item 5): after the notifications are committed, one mail
 * each, with the same references and counts. The in-app reminder is the record; a mail that fails is logged
 * by code and not retried (tomorrow's reminder follows), and the demo's capture server gets none.
 */
export function dailyRemindersJob(opts: { mailer?: Mailer } = {}): JobHandler {
  return async (ctx: JobContext) => {
    const now = ctx.now();
    const result = await ctx.db.transaction(async (tx) => {
      const out = await sendDailyReminders(tx, now, { requestId: `job:${ctx.job.id}` });
      await ctx.checkpoint(tx, { day: out.day, sent: out.sent });
      return out;
    });
    const mailer = opts.mailer;
    let mailed = 0;
    if (mailer?.kind === 'smtp' && result.written.length > 0) {
      const people = await ctx.db
        .select({ id: staff.id, email: staff.email })
        .from(staff)
        .where(inArray(staff.id, [...new Set(result.written.map((w) => w.staffId))]));
      const emailOf = new Map(people.map((p) => [p.id, p.email]));
      for (const reminder of result.written) {
        const to = emailOf.get(reminder.staffId);
        if (!to) continue;
        try {
          await mailer.send({
            to,
            replyTo: addressOf(mailer.from),
            subject: `Privacy Desk: ${reminder.title}`,
            text: `${reminder.body}\n\nOpen Privacy Desk to work on them. This reminder is also in the app, under the bell.`,
            messageId: messageIdFor(randomUUID(), mailer.from),
          });
          mailed += 1;
        } catch (error) {
          ctx.log.warn(
            { staffId: reminder.staffId, code: error instanceof MailRefused ? error.code : 'error' },
            'reminder email not accepted',
          );
        }
      }
    }
    ctx.log.info({ day: result.day, sent: result.sent, mailed }, 'daily reminders sent');
  };
}

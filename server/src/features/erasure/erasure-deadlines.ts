import { and, asc, isNull, lte, sql } from 'drizzle-orm';
import {
  addDaysIso,
  dueSoonDays,
  maxRequestsPerNotification,
  minorTargetApplies,
  notificationKindLabels,
  type ErasureDeadlineData,
} from '@privdesk/shared';
import type { Tx } from '../../db/client.js';
import { notifications, requests, staff } from '../../db/schema.js';
import type { JobContext, JobHandler } from '../../jobs/job-runner.js';
import { recordAudit } from '../audit/audit.writer.js';
import { daysBetween, deadlineDay, openErasures, unrequestedDeletions } from './pending-deletions.queries.js';

/**
 * `erasure.deadlines` (daily, issue 15, item 8): the promise is that an account's personal data goes within
 * 30 days, and a minor's within the short internal target, so every active privacy officer gets one in-app
 * notification listing the open erasures whose effective due date (which holds the minors' target) is past
 * or 5 days away or fewer — overdue first, then by due date. Not only the assignee's: an erasure nobody has
 * picked up, or whose assignee is away, must still reach someone who can act on it. Idempotent per officer
 * and day like the reminders (`dedupe_key` is `erasure.deadline:<staff id>:<day>`), so a retry or a second
 * instance adds nothing; nothing is sent when no erasure is near its deadline. References, dates and counts
 * only, never the requester.
 */

interface DeadlineRow {
  id: string;
  reference: string;
  effectiveDueOn: string;
  minor: boolean;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function listed(parts: string[], total: number): string {
  const more = total - parts.length;
  return more > 0 ? `${parts.join(', ')} and ${more} more` : parts.join(', ');
}

/** The alert's title, body and data for the erasures near their deadline (given in due-date order). */
export function deadlineAlert(
  rows: readonly DeadlineRow[],
  day: string,
  unrequested: { total: number; soonestPurgeOn: string } | null = null,
): { title: string; body: string; data: ErasureDeadlineData } {
  const overdue = rows.filter((r) => r.effectiveDueOn < day);
  const soon = rows.filter((r) => r.effectiveDueOn >= day);
  // Overdue first: the rows come by due date, so this only keeps them apart for the words.
  const shown = [...overdue, ...soon].slice(0, maxRequestsPerNotification);
  const shownOverdue = shown.filter((r) => r.effectiveDueOn < day);
  const shownSoon = shown.filter((r) => r.effectiveDueOn >= day);
  const minorNote = (r: DeadlineRow) => (r.minor ? ', minor' : '');
  const titleParts: string[] = [];
  if (overdue.length > 0) titleParts.push(`${overdue.length} overdue`);
  if (soon.length > 0) titleParts.push(`${soon.length} due in ${dueSoonDays} days or fewer`);
  if (unrequested) titleParts.push(`${plural(unrequested.total, 'account deletion')} without a request`);
  const lines: string[] = [];
  if (shownOverdue.length > 0) {
    lines.push(
      `Overdue: ${listed(
        shownOverdue.map(
          (r) => `${r.reference} (by ${plural(daysBetween(r.effectiveDueOn, day), 'day')}${minorNote(r)})`,
        ),
        overdue.length,
      )}.`,
    );
  }
  if (shownSoon.length > 0) {
    lines.push(
      `Due soon: ${listed(
        shownSoon.map((r) => {
          const left = daysBetween(day, r.effectiveDueOn);
          return `${r.reference} (${left === 0 ? 'today' : `in ${plural(left, 'day')}`}${minorNote(r)})`;
        }),
        soon.length,
      )}.`,
    );
  }
  if (unrequested) {
    const soonest = daysBetween(day, unrequested.soonestPurgeOn);
    lines.push(
      `No erasure request yet for ${plural(unrequested.total, 'account deletion')}, the soonest purge date ${unrequested.soonestPurgeOn} (${soonest < 0 ? `passed ${plural(-soonest, 'day')} ago` : soonest === 0 ? 'today' : `in ${plural(soonest, 'day')}`}): log each from Pending deletions.`,
    );
  }
  return {
    title: `Erasures: ${titleParts.join(', ')}`,
    body: lines.join(' '),
    data: {
      on: day,
      counts: { overdue: overdue.length, dueSoon: soon.length },
      requests: shown.map((r) => ({
        id: r.id,
        reference: r.reference,
        dueOn: r.effectiveDueOn,
        minor: r.minor,
        state: r.effectiveDueOn < day ? ('overdue' as const) : ('due_soon' as const),
      })),
      truncated: rows.length > shown.length,
      ...(unrequested ? { unrequested } : {}),
    },
  };
}

/** Writes today's alert to every active privacy officer; returns the day and how many were written. */
export async function sendErasureDeadlineAlerts(
  tx: Tx,
  deps: { now: Date; log: JobContext['log'] },
  origin: { requestId: string },
): Promise<{ day: string; listed: number; sent: number }> {
  const { now } = deps;
  const { today: day } = await deadlineDay({ db: tx, log: deps.log, now });
  const near = await tx
    .select({
      id: requests.id,
      reference: requests.reference,
      type: requests.type,
      minor: requests.minor,
      effectiveDueOn: requests.effectiveDueOn,
    })
    .from(requests)
    .where(and(openErasures, lte(requests.effectiveDueOn, addDaysIso(day, dueSoonDays))))
    .orderBy(asc(requests.effectiveDueOn), asc(requests.receivedAt), asc(requests.id));
  // Account deletions nobody has logged: no plan, so no deadline of their own yet; they are always worth a line.
  const unplanned = await unrequestedDeletions(tx, day);
  const soonest = unplanned.items[0]?.purgeOn;
  const unrequested =
    unplanned.total > 0 && soonest !== undefined ? { total: unplanned.total, soonestPurgeOn: soonest } : null;
  if (near.length === 0 && !unrequested) return { day, listed: 0, sent: 0 };
  // "Minor" where the minors' target applies (a minor's erasure), not for any request that has a minor flag.
  const message = deadlineAlert(
    near.map((r) => ({ ...r, minor: minorTargetApplies(r) })),
    day,
    unrequested,
  );
  const officers = await tx
    .select({ id: staff.id })
    .from(staff)
    .where(and(sql`'privacy_officer' = any(${staff.roles})`, isNull(staff.disabledAt)))
    .orderBy(asc(staff.id));
  let sent = 0;
  for (const officer of officers) {
    const inserted = await tx
      .insert(notifications)
      .values({
        staffId: officer.id,
        kind: 'erasure.deadline',
        title: message.title,
        body: message.body,
        data: message.data,
        dedupeKey: `erasure.deadline:${officer.id}:${day}`,
        createdAt: now,
      })
      .onConflictDoNothing({ target: notifications.dedupeKey })
      .returning({ id: notifications.id });
    sent += inserted.length;
  }
  if (sent > 0) {
    await recordAudit(
      tx,
      { actorId: null, ip: null, requestId: origin.requestId },
      {
        action: 'notifications.sent',
        entityType: 'notification',
        reason: notificationKindLabels['erasure.deadline'].toLowerCase(),
        after: { day, sent },
      },
      now,
    );
  }
  return { day, listed: near.length, sent };
}

/** `erasure.deadlines`: one transaction, checkpointed like the reminders, so a rerun finds the day's work done. */
export function erasureDeadlinesJob(): JobHandler {
  return async (ctx: JobContext) => {
    const now = ctx.now();
    const result = await ctx.db.transaction(async (tx) => {
      const out = await sendErasureDeadlineAlerts(
        tx,
        { now, log: ctx.log },
        { requestId: `job:${ctx.job.id}` },
      );
      await ctx.checkpoint(tx, { day: out.day, sent: out.sent });
      return out;
    });
    ctx.log.info(result, 'erasure deadline alerts sent');
  };
}

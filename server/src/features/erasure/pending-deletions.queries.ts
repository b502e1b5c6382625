import { and, asc, eq, gte, inArray, lt, lte, notInArray, sql, type SQL } from 'drizzle-orm';
import {
  addDaysIso,
  deletionStageOf,
  dueSoonDays,
  erasureRequestTypes,
  minorTargetApplies,
  openRequestStatuses,
  queueToday,
  type OpenRequestStatus,
  type PendingDeletions,
  type PendingDeletionsQuery,
  type RequestStatus,
  type UnrequestedDeletion,
  unrequestedDeletionsShown,
} from '@privdesk/shared';
import { customers, erasurePlans, requests, staff } from '../../db/schema.js';
import type { DbOrTx } from '../../db/client.js';
import type { Logger } from '../../lib/logger.js';
import type { ServiceDeps } from '../../lib/service.js';
import { readSettings } from '../settings/settings.store.js';

const DAY_MS = 86_400_000;

/**
 * Every open erasure: both erasure types (GDPR `erasure`, CCPA `delete`) go through a plan, so both are
 * deletions the 30-day promise covers. The view and the daily deadlines alert read the same set.
 */
export const openErasures: SQL | undefined = and(
  inArray(requests.status, [...openRequestStatuses]),
  inArray(requests.type, [...erasureRequestTypes]),
);

/** Calendar days from one `YYYY-MM-DD` to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/**
 * "Today" for deadlines, as the queue and the daily reminders count it: the latest date among the handling
 * entities' zones, so nothing shows as not yet overdue once its day has ended where it is handled.
 */
export async function deadlineDay(deps: { db: DbOrTx; log: Logger; now: Date }) {
  const settings = await readSettings(deps.db, deps.log);
  return { today: queueToday(deps.now, Object.values(settings.handling)), settings };
}

/**
 * Accounts whose deletion is pending in the directory with no erasure request that is open or completed:
 * a deletion nobody has planned. Denied, withdrawn and unverified requests do not count: the deletion is
 * still asked for and still unplanned.
 */
export async function unrequestedDeletions(
  db: DbOrTx,
  today: string,
): Promise<{ total: number; items: UnrequestedDeletion[] }> {
  const planned = db
    .select({ customerId: requests.customerId })
    .from(requests)
    .where(
      and(
        inArray(requests.type, [...erasureRequestTypes]),
        notInArray(requests.status, ['denied', 'withdrawn', 'closed_unverified']),
        sql`${requests.customerId} is not null`,
      ),
    );
  const unplanned = and(eq(customers.status, 'deletion_pending'), sql`${customers.id} not in (${planned})`);
  const [counted] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(customers)
    .where(unplanned);
  const rows = await db
    .select({ id: customers.id, accountNumber: customers.accountNumber, purgeOn: customers.purgeOn })
    .from(customers)
    .where(unplanned)
    .orderBy(asc(customers.purgeOn), asc(customers.accountNumber))
    .limit(unrequestedDeletionsShown);
  return {
    total: counted?.n ?? 0,
    items: rows.flatMap((r) =>
      r.purgeOn === null
        ? []
        : [
            {
              customerId: r.id,
              accountNumber: r.accountNumber,
              purgeOn: r.purgeOn,
              daysLeft: daysBetween(today, r.purgeOn),
            },
          ],
    ),
  };
}

function isOpen(status: RequestStatus): status is OpenRequestStatus {
  return (openRequestStatuses as readonly RequestStatus[]).includes(status);
}

/**
 * The pending-deletions view (issue 15, item 8): open erasures oldest first, each with its plan's stage and
 * its deadline, and counts over all of them. References, dates, account numbers and staff names only — no
 * requester — so there is nothing in clear to log as a view (see audit/view-log.ts), and no search to audit.
 */
export async function pendingDeletions(
  deps: Pick<ServiceDeps, 'db' | 'log' | 'now'>,
  input: PendingDeletionsQuery,
): Promise<PendingDeletions> {
  const { db, now } = deps;
  const { today, settings } = await deadlineDay(deps);
  const soonEnd = addDaysIso(today, dueSoonDays);
  const [counted] = await db
    .select({
      open: sql<number>`count(*)::int`,
      overdue: sql<number>`(count(*) filter (where ${lt(requests.effectiveDueOn, today)}))::int`,
      dueSoon: sql<number>`(count(*) filter (where ${and(
        gte(requests.effectiveDueOn, today),
        lte(requests.effectiveDueOn, soonEnd),
      )}))::int`,
    })
    .from(requests)
    .where(openErasures);
  const counts = { open: counted?.open ?? 0, overdue: counted?.overdue ?? 0, dueSoon: counted?.dueSoon ?? 0 };
  const rows =
    counts.open === 0
      ? []
      : await db
          .select({
            id: requests.id,
            reference: requests.reference,
            type: requests.type,
            minor: requests.minor,
            status: requests.status,
            receivedAt: requests.receivedAt,
            effectiveDueOn: requests.effectiveDueOn,
            accountNumber: customers.accountNumber,
            assigneeId: staff.id,
            assigneeName: staff.name,
            // One plan per request at most (erasure_plans_request_key), so the join never repeats a row.
            planId: erasurePlans.id,
          })
          .from(requests)
          .leftJoin(customers, eq(customers.id, requests.customerId))
          .leftJoin(staff, eq(staff.id, requests.assigneeId))
          .leftJoin(erasurePlans, eq(erasurePlans.requestId, requests.id))
          .where(openErasures)
          // The oldest first: the 30 days run from receipt, so age is what the promise is measured by.
          .orderBy(asc(requests.receivedAt), asc(requests.id))
          .limit(input.pageSize)
          .offset((input.page - 1) * input.pageSize);
  return {
    items: rows.flatMap((r) =>
      isOpen(r.status)
        ? [
            {
              id: r.id,
              reference: r.reference,
              receivedAt: r.receivedAt.toISOString(),
              ageDays: Math.max(0, Math.floor((now.getTime() - r.receivedAt.getTime()) / DAY_MS)),
              stage: deletionStageOf(r.status, r.planId !== null),
              dueOn: r.effectiveDueOn,
              minorTarget: minorTargetApplies(r),
              daysLeft: daysBetween(today, r.effectiveDueOn),
              accountNumber: r.accountNumber,
              assignee:
                r.assigneeId !== null && r.assigneeName !== null
                  ? { id: r.assigneeId, name: r.assigneeName }
                  : null,
            },
          ]
        : [],
    ),
    total: counts.open,
    page: input.page,
    pageSize: input.pageSize,
    today,
    counts,
    minorTargetHours: settings.minorTargetHours,
    unrequested: await unrequestedDeletions(db, today),
  };
}

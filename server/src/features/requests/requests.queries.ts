import { and, asc, count, desc, eq, gte, inArray, isNull, like, lt, lte, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import {
  addDaysIso,
  dueSoonDays,
  openRequestStatuses,
  queueDueBasis,
  queueToday,
  requestPriorities,
  respondedStatuses,
  type ClosureBasis,
  type CustomerFlagKind,
  type RegimeHandling,
  type RequestFilters,
  type RequestPriority,
  type RequestStatus,
  type RequestSortKey,
  type SortDirection,
} from '@privdesk/shared';
import { rowsOf, type DbOrTx } from '../../db/client.js';
import { requestSearchTerms, requests, staff } from '../../db/schema.js';
import { nameWordsOf, searchWordsOf } from './request-derived.js';
import { escapeLike } from '../../lib/like-pattern.js';

/** Who is asking, for the filters that depend on it ("me") and the fields they may see. */
export interface QueueScope {
  staffId: string;
  now: Date;
  /** The handling entities (settings), whose time zones decide "today" for the due filters. */
  handlings?: readonly RegimeHandling[];
  /**
   * How the search box may match names and emails: by word starts and email prefixes for readers who see
   * them in clear; otherwise whole words and whole emails only, so that no search tells a masked reader
   * more than the masked value shows (see `searchCondition`).
   */
  search: 'prefix' | 'whole';
}

export const dueColumn = queueDueBasis === 'company' ? requests.companyDueOn : requests.effectiveDueOn;

const referencePattern = /^dsr-\d{4}-\d{6}$/i;

/** Requests whose search row's `column` holds every one of `words` (a GIN lookup). */
function holdsAll(
  column: typeof requestSearchTerms.terms | typeof requestSearchTerms.words,
  words: string[],
): SQL {
  const wanted = sql`array[${sql.join(
    words.map((w) => sql`${w}`),
    sql`, `,
  )}]::text[]`;
  return sql`${requests.id} in (select ${requestSearchTerms.requestId} from ${requestSearchTerms} where ${column} @> ${wanted})`;
}

/** The search box: a whole reference, an email (prefix), or word starts of the name/email (GIN terms). */
function prefixSearch(term: string): SQL {
  if (term.includes('@')) return like(requests.requesterEmail, `${escapeLike(term.toLowerCase())}%`);
  const words = searchWordsOf(term);
  // Nothing searchable (a lone letter, punctuation): match nothing rather than everything.
  if (words.length === 0) return sql`false`;
  return holdsAll(requestSearchTerms.terms, words);
}

/**
 * For a reader who sees names and emails masked: a whole email (any case), a reference number, or whole
 * words of the name. Adding one letter at a time to a prefix would otherwise rebuild what the mask hides
 * (the row stays while the guess is right); here a row matches only once the guess is complete.
 */
function wholeSearch(term: string): SQL {
  if (term.includes('@')) return eq(requests.requesterEmail, term.toLowerCase());
  // A reference number alone ("123", "000123"): references are not masked, digits never match a name.
  if (/^\d{1,6}$/.test(term)) return sql`right(${requests.reference}, 6) = ${term.padStart(6, '0')}`;
  const words = nameWordsOf(term);
  if (words.length === 0) return sql`false`;
  return holdsAll(requestSearchTerms.words, words);
}

function searchCondition(search: string, how: QueueScope['search']): SQL | undefined {
  const term = search.trim();
  if (term.length === 0) return undefined;
  if (referencePattern.test(term)) return eq(requests.reference, term.toUpperCase());
  return how === 'prefix' ? prefixSearch(term) : wholeSearch(term);
}

/**
 * The statuses a filter keeps, or null for any. Closed requests are never overdue or due: they are done. A
 * due filter keeps the open statuses among those asked for, in one condition (two would make the planner
 * count the status twice and expect a third of the rows a "due this week" view has, then pick a plan for a
 * few).
 */
function statusesKept(f: RequestFilters): readonly RequestStatus[] | null {
  const asked = f.statuses && f.statuses.length > 0 ? f.statuses : null;
  return f.due ? openRequestStatuses.filter((s) => asked === null || asked.includes(s)) : asked;
}

/** Whether the filter keeps exactly the open statuses (the partial `open` indexes cover those rows). */
function keepsOpenOnly(f: RequestFilters): boolean {
  const kept = statusesKept(f);
  return (
    kept !== null &&
    kept.length === openRequestStatuses.length &&
    openRequestStatuses.every((s) => kept.includes(s))
  );
}

export function filterConditions(f: RequestFilters, scope: QueueScope): SQL[] {
  const where: SQL[] = [];
  const statuses = statusesKept(f);
  if (statuses !== null) {
    where.push(statuses.length > 0 ? inArray(requests.status, [...statuses]) : sql`false`);
  }
  if (f.type) where.push(eq(requests.type, f.type));
  if (f.regime) where.push(eq(requests.regime, f.regime));
  if (f.channel) where.push(eq(requests.channel, f.channel));
  if (f.assignee === 'me') where.push(eq(requests.assigneeId, scope.staffId));
  else if (f.assignee === 'nobody') where.push(isNull(requests.assigneeId));
  else if (f.assignee !== undefined && f.assignee !== 'anyone')
    where.push(eq(requests.assigneeId, f.assignee));
  if (f.minor !== undefined) where.push(eq(requests.minor, f.minor));
  if (f.customerId) where.push(eq(requests.customerId, f.customerId));
  if (f.due) {
    const today = queueToday(scope.now, scope.handlings);
    if (f.due === 'overdue') where.push(lt(dueColumn, today));
    else {
      where.push(gte(dueColumn, today));
      where.push(lte(dueColumn, addDaysIso(today, f.due === 'due_soon' ? dueSoonDays : 7)));
    }
  }
  if (f.due === 'overdue' && (f.overdueMin !== undefined || f.overdueMax !== undefined)) {
    const today = queueToday(scope.now, scope.handlings);
    if (f.overdueMin !== undefined) where.push(lte(dueColumn, addDaysIso(today, -f.overdueMin)));
    if (f.overdueMax !== undefined) where.push(gte(dueColumn, addDaysIso(today, -f.overdueMax)));
  }
  where.push(...drillConditions(f));
  if (f.search) {
    const condition = searchCondition(f.search, scope.search);
    if (condition) where.push(condition);
  }
  return where;
}

/** The first instant of a UTC calendar day, and of the day after. */
function startOfDay(date: string): Date {
  return new Date(`${date}T00:00:00.000Z`);
}
function startOfNextDay(date: string): Date {
  return startOfDay(addDaysIso(date, 1));
}

export const dueColumnOf: Record<ClosureBasis, AnyPgColumn> = {
  effective: requests.effectiveDueOn,
  statutory: requests.statutoryDueOn,
  company: requests.companyDueOn,
};

/** Answered by the team: see `respondedStatuses` (a merged duplicate is answered by its survivor). */
export const respondedCondition: SQL = sql`(${inArray(requests.status, [...respondedStatuses])} and ${isNull(requests.mergedIntoId)})`;

/** A noticed extension of the statutory clock that was not removed. Names in full: see `standingCustomerFlags`. */
export const extendedCondition: SQL = sql`exists (select 1 from request_clock_events ce where ce.request_id = "requests"."id" and ce.kind = 'extension_noticed' and ce.removed_at is null)`;

/** An identity check that passed. */
export const verifiedCondition: SQL = sql`exists (select 1 from request_verifications rv where rv.request_id = "requests"."id" and rv.outcome = 'passed')`;

/** Closed unverified, with no check that passed. */
export const unverifiedCondition: SQL = sql`(${eq(requests.status, 'closed_unverified')} and not ${verifiedCondition})`;

/** Erasure line states still to be worked: everything but done and justified. */
export const outstandingLineStatuses = ['pending', 'running', 'failed'] as const;

/** Requests with an outstanding erasure line for a data system. */
export function erasurePendingCondition(systemId: string): SQL {
  return sql`${requests.id} in (select ep.request_id from erasure_plans ep join erasure_plan_lines el on el.plan_id = ep.id where el.data_system_id = ${systemId} and el.status in ('pending', 'running', 'failed'))`;
}

/** The dashboard's drill-down filters (issue 18): periods, answers and their timeliness, extensions, checks. */
function drillConditions(f: RequestFilters): SQL[] {
  const where: SQL[] = [];
  if (f.receivedFrom) where.push(gte(requests.receivedAt, startOfDay(f.receivedFrom)));
  if (f.receivedTo) where.push(lt(requests.receivedAt, startOfNextDay(f.receivedTo)));
  if (f.closedFrom) where.push(gte(requests.closedAt, startOfDay(f.closedFrom)));
  if (f.closedTo) where.push(lt(requests.closedAt, startOfNextDay(f.closedTo)));
  if (f.responded !== undefined)
    where.push(f.responded ? respondedCondition : sql`not ${respondedCondition}`);
  if (f.late) where.push(sql`${requests.closedOn} > ${dueColumnOf[f.late]}`);
  if (f.onTime) where.push(sql`${requests.closedOn} <= ${dueColumnOf[f.onTime]}`);
  if (f.reasonCode) where.push(eq(requests.reasonCode, f.reasonCode));
  if (f.extended !== undefined) where.push(f.extended ? extendedCondition : sql`not ${extendedCondition}`);
  if (f.verification === 'passed') where.push(verifiedCondition);
  else if (f.verification === 'failed') where.push(unverifiedCondition);
  if (f.erasurePending) where.push(erasurePendingCondition(f.erasurePending));
  return where;
}

const queueColumns = {
  id: requests.id,
  reference: requests.reference,
  version: requests.version,
  type: requests.type,
  regime: requests.regime,
  channel: requests.channel,
  status: requests.status,
  priority: requests.priority,
  minor: requests.minor,
  requesterName: requests.requesterName,
  requesterEmail: requests.requesterEmail,
  assigneeId: requests.assigneeId,
  receivedAt: requests.receivedAt,
  companyDueOn: requests.companyDueOn,
  statutoryDueOn: requests.statutoryDueOn,
  effectiveDueOn: requests.effectiveDueOn,
  clockState: requests.clockState,
};
export type QueueRecord = Pick<typeof requests.$inferSelect, keyof typeof queueColumns>;

/**
 * The linked account's standing flags (a restriction, a legal hold, …), read with the page's rows: a
 * correlated subquery on the standing flags' unique index, for the page's 50 rows only. Written with its
 * names in full: Drizzle leaves a single table's columns unqualified, and an unqualified `customer_id`
 * inside the subquery is the flag's own — every row then showed every account's flags.
 */
const standingCustomerFlags = sql<
  CustomerFlagKind[]
>`coalesce((select array_agg(f.kind order by f.kind) from customer_flags f where f.customer_id = "requests"."customer_id" and f.lifted_at is null), '{}')`.as(
  'customer_flags',
);
/** The authorised agent that filed the request over the DRP (issue 17), by its directory name; else null. */
const filedByAgent = sql<
  string | null
>`case when "requests"."channel" = 'authorised_agent' then (select a.name from drp_requests d join drp_agents a on a.id = d.agent_id where d.request_id = "requests"."id") end`.as(
  'filed_by',
);
const pageColumns = { ...queueColumns, customerFlags: standingCustomerFlags, filedBy: filedByAgent };
/** A queue page's row: the queue's columns, the linked account's standing flags and the filing agent. */
export type QueuePageRecord = QueueRecord & { customerFlags: CustomerFlagKind[]; filedBy: string | null };

function ordered(dir: SortDirection) {
  return dir === 'asc' ? asc : desc;
}

export async function staffNames(db: DbOrTx, ids: Iterable<string | null>): Promise<Map<string, string>> {
  const wanted = [...new Set([...ids].filter((id): id is string => id !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await db
    .select({ id: staff.id, name: staff.name })
    .from(staff)
    .where(inArray(staff.id, wanted));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Sort keys other than assignee, as columns of the selected row (so they also work on a subquery). */
const sortFields: Record<Exclude<RequestSortKey, 'assignee'>, keyof typeof queueColumns> = {
  reference: 'reference',
  type: 'type',
  regime: 'regime',
  status: 'status',
  requester: 'requesterName',
  receivedAt: 'receivedAt',
  dueOn: queueDueBasis === 'company' ? 'companyDueOn' : 'effectiveDueOn',
  priority: 'priority',
};

/**
 * Up to this many matching rows, a page is cut from the whole matching set, sorted (top-N): the filter's
 * own indexes find the rows and the sort is cheap. Above it, the page is read in the sort column's index
 * order, which finds 50 matches quickly when matches are that common.
 */
export const smallSetLimit = 5000;

/** How far the total is counted: exactly up to this, "more than" beyond (the UI shows "5,000+"). */
export function countCapFor(offset: number, limit: number): number {
  return Math.max(smallSetLimit, offset + 10 * limit);
}

interface PlanNode {
  'Node Type'?: string;
  'Plan Rows'?: number;
  Filter?: string;
  Plans?: PlanNode[];
}

/** What the planner expects of a page: how many rows match, and whether it would walk the sort's order. */
export interface PagePlan {
  rows: number;
  /**
   * The planner would read rows in the sort's order, discarding those that do not match, until the page is
   * full (an index of the sort with the filter applied to each row read, or a join over such a walk). Fast
   * when matches are spread evenly, as it assumes; seconds at 1,000,000 when they cluster far down the order.
   */
  walksSortOrder: boolean;
}

function walksSortOrder(node: PlanNode | undefined): boolean {
  switch (node?.['Node Type']) {
    case 'Index Scan':
    case 'Index Only Scan':
      // Without a filter, the index's range holds only matches (a type sorted by its (type, regime) index).
      return node.Filter !== undefined;
    case 'Nested Loop':
    case 'Merge Join':
      // In the order of its outer side; the inner side (a search's words) decides which rows match.
      return isOrderedScan(node.Plans?.[0]);
    case 'Limit':
    case 'Incremental Sort':
    case 'Subquery Scan':
    case 'Result':
      return walksSortOrder(node.Plans?.[0]);
    default:
      // A sort over the matches gathered by their own indexes, or anything else not read in order.
      return false;
  }
}

function isOrderedScan(node: PlanNode | undefined): boolean {
  const type = node?.['Node Type'];
  if (type === 'Index Scan' || type === 'Index Only Scan') return true;
  return type === 'Incremental Sort' || type === 'Subquery Scan' ? isOrderedScan(node?.Plans?.[0]) : false;
}

/**
 * The planner's view of a page (one planning round trip, no execution): its estimate of the matches (the
 * rows under the page's limit) and the plan's shape.
 */
async function plannedPage(
  db: DbOrTx,
  where: SQL,
  filters: RequestFilters,
  page: { offset: number; limit: number },
): Promise<PagePlan> {
  const query =
    filters.sort === 'assignee'
      ? sql`select 1 from ${requests} where ${where}`
      : sql`select ${requests.id} from ${requests} where ${where} order by ${sql.join(sortOrder(filters), sql`, `)} limit ${page.limit} offset ${page.offset}`;
  const plan = rowsOf<Record<string, unknown>>(await db.execute(sql`explain (format json) ${query}`))[0];
  const raw = plan ? Object.values(plan)[0] : undefined;
  const parsed: unknown = typeof raw === 'string' ? JSON.parse(raw) : raw;
  const top = Array.isArray(parsed) ? (parsed[0] as { Plan?: PlanNode } | undefined)?.Plan : undefined;
  // Under the limit, the node's estimate is every match's (the limit's own is the page's).
  const matches = top?.['Node Type'] === 'Limit' ? top.Plans?.[0] : top;
  const rows = matches?.['Plan Rows'];
  return { rows: typeof rows === 'number' ? rows : 0, walksSortOrder: walksSortOrder(top) };
}

async function exactCount(db: DbOrTx, where: SQL | undefined): Promise<number> {
  const [row] = await db.select({ n: count() }).from(requests).where(where);
  return row?.n ?? 0;
}

async function cappedCount(db: DbOrTx, where: SQL | undefined, cap: number): Promise<number> {
  const matched = db
    .select({ one: sql`1` })
    .from(requests)
    .where(where)
    .limit(cap + 1)
    .as('matched');
  const [row] = await db.select({ n: count() }).from(matched);
  return row?.n ?? 0;
}

export interface QueuePage {
  rows: QueuePageRecord[];
  total: number;
  /** False when more rows match than were counted: `total` is then a lower bound. */
  totalExact: boolean;
}

/**
 * One page of the queue and its (capped) total, in at most a few index-driven queries:
 * 1. Take up to `smallSetLimit + 1` matches (the filter's own indexes find them; the LIMIT inside the
 *    subquery fences the planner off walking a sort index), count them with a window and sort them. When
 *    that many do not match, this one query is the page and its exact total. It matters because filters
 *    are correlated with sort orders (the open requests are the newest): walking a sort index while
 *    hoping to meet matches early can cross most of the table.
 * 2. Otherwise matches are common: walk the sort column's index (the partial `open` indexes when the
 *    filter is open statuses) and stop after the page; count up to a cap.
 * Sorting by assignee sorts by the assignee's name: a join for few matches; for many, assignees are
 * walked in name order, each read from the (assignee_id, id) index, with capped counts for skipped ones.
 */
export async function findQueuePage(
  db: DbOrTx,
  filters: RequestFilters,
  scope: QueueScope,
  page: { offset: number; limit: number },
  limits: WalkLimits = walkLimits,
): Promise<QueuePage> {
  const conditions = filterConditions(filters, scope);
  const where = conditions.length > 0 ? and(...conditions) : undefined;

  // The planner's estimate only picks the plan; either plan gives the same page. A customer narrows enough
  // to go without asking. A search is asked about: a first name or a two-letter prefix
  // matches thousands of requests, and the small-set page cut from the first few thousand of them would be
  // computed only to be thrown away (a search's statistics come from its words' most common elements).
  const narrow = filters.customerId !== undefined;
  const plan = where === undefined || narrow ? null : await plannedPage(db, where, filters, page);
  const estimate = plan?.rows ?? null;
  const likelyMany = where === undefined || (estimate !== null && estimate > 2 * smallSetLimit);
  if (!likelyMany) {
    // Few expected: the page is cut from every match, which are counted exactly, in one statement. Not from
    // the first few thousand, then walking the sort's index when there were more: the planner's estimate is
    // off when conditions go together (unassigned requests are new ones), and a walk that expects matches
    // spread evenly reads thousands of rows for 50 when they are not (unassigned by status: 14,000 read for
    // 50 at 100,000 requests; seconds at 1,000,000).
    const all = await fewMatchesPage(db, where, filters, page);
    const total = all.matched ?? (page.offset > 0 ? await exactCount(db, where) : 0);
    return { rows: all.rows, total, totalExact: true };
  }

  let rows: QueuePageRecord[] | null = null;
  if (filters.sort === 'assignee') rows = await pageByAssignee(db, where, filters.dir, page);
  else if (where !== undefined && plan?.walksSortOrder === true) {
    // Matches are many and the planner would walk the sort's order hoping to meet them early, but they may
    // sit far down it (minors are nearly all high priority, a first name's requesters sort together): the
    // walk is bounded, and when the start of the sort order does not hold the page, a set the filter's own
    // indexes can gather is paged from every match instead.
    const gatherable = estimate !== null && estimate <= limits.gatherLimit;
    const firstBound = limits.firstBound(page.offset, page.limit);
    rows = await boundedWalkPage(db, where, filters, page, firstBound);
    const secondBound = gatherable ? limits.secondBound(estimate) : 0;
    if (rows === null && secondBound > firstBound)
      rows = await boundedWalkPage(db, where, filters, page, secondBound);
    if (rows === null && gatherable) {
      const all = await fewMatchesPage(db, where, filters, page);
      if (all.matched !== undefined) return { rows: all.rows, total: all.matched, totalExact: true };
      rows = all.rows;
    }
  }
  rows ??= await db
    .select(pageColumns)
    .from(requests)
    .where(where)
    .orderBy(...sortOrder(filters))
    .limit(page.limit)
    .offset(page.offset);

  const cap = countCapFor(page.offset, page.limit);
  // The pager past a few thousand needs no exact figure (bulk work on "all matching" is refused unless the
  // count is exact, and recounted by the server): when the planner expects more than twice the cap, the
  // capped count is not run and the total is "more than the cap".
  const counted = estimate !== null && estimate > 2 * cap ? cap + 1 : await cappedCount(db, where, cap);
  const totalExact = counted <= cap;
  const total = totalExact ? counted : cap;
  return { rows, total, totalExact };
}

/** The ORDER BY of a sort other than by assignee: its column, then the id, both in the asked direction. */
function sortOrder(filters: RequestFilters): SQL[] {
  const direction = ordered(filters.dir);
  const field = sortFields[filters.sort === 'assignee' ? 'reference' : filters.sort];
  return [direction(queueColumns[field]), direction(requests.id)];
}

/** How far a walk in the sort's order goes before the page is gathered from the filter's matches instead. */
export interface WalkLimits {
  /**
   * Rows read at most by the first walk: when matches are as common as the planner expects, the page is
   * met within a few hundred.
   */
  firstBound: (offset: number, limit: number) => number;
  /**
   * Up to this many expected matches, a page the bounded walks did not meet is cut from every match
   * (gathered through the filter's own indexes, sorted top-N); beyond it, matches are common enough to
   * walk for.
   */
  gatherLimit: number;
  /**
   * Rows read at most by the second walk, for a set that could be gathered: matches that cluster a little
   * later (a regime's requests are not spread evenly over time) are still met sooner by walking on than by
   * gathering them all. Half of what a gather would read: at worst one and a half gathers in all.
   */
  secondBound: (estimate: number) => number;
}

export const walkLimits: WalkLimits = {
  firstBound: (offset, limit) => Math.max(2000, 20 * (offset + limit)),
  gatherLimit: 60_000,
  secondBound: (estimate) => estimate,
};

/**
 * The page read from the first `bound` rows of the sort order only (the open ones, when the filter
 * keeps just those: their partial index), or null when those rows do not hold it. Correct whenever it
 * answers: every match is among the rows walked, so the first matches among the first rows walked are the
 * first matches. The subquery takes the table's name, so the filter's conditions read its columns.
 */
async function boundedWalkPage(
  db: DbOrTx,
  where: SQL,
  filters: RequestFilters,
  page: { offset: number; limit: number },
  bound: number,
): Promise<QueuePageRecord[] | null> {
  const first = db
    .select()
    .from(requests)
    .where(keepsOpenOnly(filters) ? inArray(requests.status, [...openRequestStatuses]) : undefined)
    .orderBy(...sortOrder(filters))
    .limit(bound)
    .as('requests');
  const rows = await db
    .select(pageColumns)
    .from(first)
    .where(where)
    .orderBy(...sortOrder(filters))
    .limit(page.limit)
    .offset(page.offset);
  return rows.length === page.limit ? rows : null;
}

/**
 * The page cut from every match, and how many matched (undefined when the page is past the last match):
 * for sets the planner expects to be small. Only the id and the sort key go through the window count and
 * the sort; whole rows are read for the page's 50 alone. The matches' subquery has a limit no table reaches:
 * a subquery with a limit is not folded into the outer query, where the planner would walk the sort's index
 * after all (Drizzle leaves out an `offset 0`, the usual fence). Default NULL ordering (last going up, first
 * going down) puts unassigned requests after everyone's when sorting by assignee.
 */
async function fewMatchesPage(
  db: DbOrTx,
  where: SQL | undefined,
  filters: RequestFilters,
  page: { offset: number; limit: number },
): Promise<{ rows: QueuePageRecord[]; matched: number | undefined }> {
  const dir = sql.raw(filters.dir === 'asc' ? 'asc' : 'desc');
  const fence = 2 ** 31 - 1;
  const candidates =
    filters.sort === 'assignee'
      ? db
          .select({ id: requests.id, key: sql`${staff.name}`.as('key') })
          .from(requests)
          .leftJoin(staff, eq(staff.id, requests.assigneeId))
          .where(where)
          .limit(fence)
          .as('few')
      : db
          .select({ id: requests.id, key: sql`${queueColumns[sortFields[filters.sort]]}`.as('key') })
          .from(requests)
          .where(where)
          .limit(fence)
          .as('few');
  const pageIds = db
    .select({ id: candidates.id, key: candidates.key, matched: sql<number>`count(*) over ()`.as('matched') })
    .from(candidates)
    .orderBy(sql`${candidates.key} ${dir}`, sql`${candidates.id} ${dir}`)
    .limit(page.limit)
    .offset(page.offset)
    .as('page_ids');
  const rows = await db
    .select({ ...pageColumns, matched: sql<number>`${pageIds.matched}`.mapWith(Number) })
    .from(pageIds)
    .innerJoin(requests, eq(requests.id, pageIds.id))
    .orderBy(sql`${pageIds.key} ${dir}`, sql`${pageIds.id} ${dir}`);
  return { rows: rows.map(({ matched: _matched, ...row }) => row), matched: rows[0]?.matched };
}

async function pageByAssignee(
  db: DbOrTx,
  where: SQL | undefined,
  dir: SortDirection,
  page: { offset: number; limit: number },
): Promise<QueuePageRecord[]> {
  const people = await db
    .select({ id: staff.id })
    .from(staff)
    .orderBy(
      dir === 'asc' ? asc(staff.name) : desc(staff.name),
      dir === 'asc' ? asc(staff.id) : desc(staff.id),
    );
  const groups: (string | null)[] = people.map((p) => p.id);
  // Unassigned sorts last going up and first going down, as NULLS LAST would.
  if (dir === 'asc') groups.push(null);
  else groups.unshift(null);
  const direction = ordered(dir);
  const rows: QueuePageRecord[] = [];
  let skip = page.offset;
  for (const assigneeId of groups) {
    if (rows.length >= page.limit) break;
    const inGroup = and(
      where,
      assigneeId === null ? isNull(requests.assigneeId) : eq(requests.assigneeId, assigneeId),
    );
    if (skip > 0) {
      const inThisGroup = await cappedCount(db, inGroup, skip);
      if (inThisGroup <= skip) {
        skip -= inThisGroup;
        continue;
      }
    }
    const part = await db
      .select(pageColumns)
      .from(requests)
      .where(inGroup)
      // (assignee_id, id), not id alone: the planner then reads the assignee's index range instead of
      // walking the primary key and hoping to meet that assignee's rows early.
      .orderBy(direction(requests.assigneeId), direction(requests.id))
      .limit(page.limit - rows.length)
      .offset(skip);
    rows.push(...part);
    skip = 0;
  }
  return rows;
}

/** Keyset batches in receipt order (newest first) for the CSV export: flat memory at any size. */
export async function queueBatchAfter(
  db: DbOrTx,
  filters: RequestFilters,
  scope: QueueScope,
  after: { receivedAt: Date; id: string } | null,
  limit: number,
): Promise<QueueRecord[]> {
  const conditions = filterConditions(filters, scope);
  if (after)
    conditions.push(
      sql`(${requests.receivedAt}, ${requests.id}) < (${after.receivedAt.toISOString()}::timestamptz, ${after.id}::uuid)`,
    );
  return db
    .select(queueColumns)
    .from(requests)
    .where(conditions.length > 0 ? and(...conditions) : undefined)
    .orderBy(desc(requests.receivedAt), desc(requests.id))
    .limit(limit);
}

export function priorityOf(rank: number): RequestPriority {
  return requestPriorities[rank] ?? 'normal';
}

export function dueOnOf(record: { companyDueOn: string; effectiveDueOn: string }): string {
  return queueDueBasis === 'company' ? record.companyDueOn : record.effectiveDueOn;
}

import { z } from 'zod';
import {
  assigneeFilterKinds,
  closureBases,
  dueFilters,
  openRequestStatuses,
  regimes,
  requestChannels,
  requestReasonCodes,
  requestSortKeys,
  requestStatuses,
  requestTypes,
  sortDirections,
  verificationFilterValues,
  type RequestSortKey,
  type RequestStatus,
  type SortDirection,
} from '@privdesk/shared/constants';
import {
  dateOnlySchema,
  pageSizes,
  type RequestFilters,
  type RequestFiltersInput,
  type RequestFindInput,
} from '@privdesk/shared';

/** The status value meaning "every status" in the address bar (absent means the open ones). */
const allStatuses = 'all';

function sameStatuses(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return [...a].sort().join(',') === [...b].sort().join(',');
}

function isStatus(value: string): value is RequestStatus {
  return (requestStatuses as readonly string[]).includes(value);
}

/** `true`/`false` in the address bar; anything else is no filter. */
const booleanParam = z
  .enum(['true', 'false'])
  .transform((value) => value === 'true')
  .optional()
  .catch(undefined);

/** A calendar day (`2026-07-01`) the server accepts; anything else is no filter. */
const dayParam = dateOnlySchema.optional().catch(undefined);

/** A whole number of days, as the server takes it (1 to 100,000); `1.5`, `1e3` or `-2` are no filter. */
const daysParam = z
  .string()
  .regex(/^\d{1,6}$/)
  .transform(Number)
  .pipe(z.number().int().min(1).max(100_000))
  .optional()
  .catch(undefined);

/**
 * The queue's state in the address bar: a tolerant twin of `requestFindInputSchema`. Every field falls back
 * to its default on its own, so a hand-edited or outdated link still opens. Statuses travel as one
 * comma-separated value (`status=received,verifying`); an unknown one is dropped, the rest kept. The
 * dashboard's drill-downs (`queueHrefOf`) arrive here too, each filter under its own name.
 */
const queueSearchFields = z.object({
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
  pageSize: z.coerce
    .number()
    .refine((n) => (pageSizes as readonly number[]).includes(n))
    .catch(25),
  // Absent: the open statuses (the queue is work to do). `all`: every status. Otherwise the listed ones.
  status: z
    .preprocess(
      (raw) => (typeof raw === 'string' ? raw : openRequestStatuses.join(',')),
      z.string().transform((raw): RequestStatus[] | undefined => {
        if (raw === allStatuses) return undefined;
        const kept = [...new Set(raw.split(',').filter(isStatus))];
        return kept.length > 0 ? kept : [...openRequestStatuses];
      }),
    )
    .catch([...openRequestStatuses]),
  type: z.enum(requestTypes).optional().catch(undefined),
  regime: z.enum(regimes).optional().catch(undefined),
  channel: z.enum(requestChannels).optional().catch(undefined),
  assignee: z
    .union([z.enum(assigneeFilterKinds), z.uuid()])
    .optional()
    .catch(undefined)
    // "anyone" is no filter at all: one spelling in the URL, not two.
    .transform((value) => (value === 'anyone' ? undefined : value)),
  due: z.enum(dueFilters).optional().catch(undefined),
  minor: booleanParam,
  // The dashboard's drill-downs: UTC calendar days, inclusive.
  receivedFrom: dayParam,
  receivedTo: dayParam,
  closedFrom: dayParam,
  closedTo: dayParam,
  responded: booleanParam,
  late: z.enum(closureBases).optional().catch(undefined),
  onTime: z.enum(closureBases).optional().catch(undefined),
  // Only with `due=overdue` (see `consistentSearch`).
  overdueMin: daysParam,
  overdueMax: daysParam,
  reasonCode: z.enum(requestReasonCodes).optional().catch(undefined),
  extended: booleanParam,
  verification: z.enum(verificationFilterValues).optional().catch(undefined),
  erasurePending: z.uuid().optional().catch(undefined),
  search: z.string().trim().min(1).max(200).optional().catch(undefined),
  // Most urgent first: the effective due date ascending, so the most overdue lead.
  sort: z.enum(requestSortKeys).catch('dueOn'),
  dir: z.enum(sortDirections).catch('asc'),
});

type QueueSearchFields = z.output<typeof queueSearchFields>;

/**
 * What the server would refuse as a whole (`checkFilterRanges`) loses only its offending part: a period that
 * ends before it starts keeps its start, days overdue without the Overdue filter go, as does an "at most"
 * below the "at least".
 */
function consistentSearch<S extends QueueSearchFields>(search: S): S {
  const next = { ...search };
  if (next.receivedFrom && next.receivedTo && next.receivedFrom > next.receivedTo)
    next.receivedTo = undefined;
  if (next.closedFrom && next.closedTo && next.closedFrom > next.closedTo) next.closedTo = undefined;
  if (next.due !== 'overdue') {
    next.overdueMin = undefined;
    next.overdueMax = undefined;
  }
  if (next.overdueMin !== undefined && next.overdueMax !== undefined && next.overdueMin > next.overdueMax)
    next.overdueMax = undefined;
  return next;
}

const queueSearchSchema = queueSearchFields.transform(consistentSearch);

export type QueueSearch = z.output<typeof queueSearchSchema>;

/** The dashboard's drill-down filters: not in the filter bar, shown as removable chips over the table. */
export const drillFilterKeys = [
  'receivedFrom',
  'receivedTo',
  'closedFrom',
  'closedTo',
  'responded',
  'late',
  'onTime',
  'overdueMin',
  'overdueMax',
  'reasonCode',
  'extended',
  'verification',
  'erasurePending',
] as const satisfies readonly (keyof QueueSearch)[];
export type DrillFilterKey = (typeof drillFilterKeys)[number];

export type QueueFilterKey =
  'status' | 'type' | 'regime' | 'channel' | 'assignee' | 'due' | 'minor' | 'search' | DrillFilterKey;

export const defaultQueueSearch: QueueSearch = queueSearchSchema.parse({});

export function parseQueueSearch(params: URLSearchParams): QueueSearch {
  return queueSearchSchema.parse(Object.fromEntries(params));
}

/** Only what differs from the defaults goes into the URL, so shared links stay short and readable. */
export function queueSearchToParams(given: QueueSearch): URLSearchParams {
  // A change of the Due filter may leave days overdue behind: they go rather than linger in the link.
  const search = consistentSearch(given);
  const params = new URLSearchParams();
  const keys = Object.keys(queueSearchFields.shape) as (keyof QueueSearch)[];
  for (const key of keys) {
    const value = search[key];
    if (key === 'status') {
      if (!sameStatuses(search.status, defaultQueueSearch.status))
        params.set('status', search.status ? search.status.join(',') : allStatuses);
      continue;
    }
    if (value === undefined || value === defaultQueueSearch[key]) continue;
    params.set(key, Array.isArray(value) ? value.join(',') : String(value));
  }
  return params;
}

export interface QueueAccess {
  /** Holders of `requests:read` only: summary readers may not filter or sort by internals. */
  canReadInternals: boolean;
  /** Holders of `pii:read` only: the order of masked names would tell what the masks hide. */
  seesClearPii: boolean;
}

const internalSorts: readonly RequestSortKey[] = ['assignee', 'priority'];

/**
 * The filters and sort of a search, as `requests.find`, the CSV export and saved views take them. For a
 * summary reader the internal filters are left out (the server would refuse them): a link an officer shared
 * then opens as the nearest view this person may see.
 */
export function requestFiltersOf(given: QueueSearch, access: QueueAccess): RequestFiltersInput {
  const search = consistentSearch(given);
  const internal = access.canReadInternals;
  const sortAllowed =
    (internal || !internalSorts.includes(search.sort)) &&
    (access.seesClearPii || search.sort !== 'requester');
  return {
    ...(search.status ? { statuses: search.status } : {}),
    ...(search.type ? { type: search.type } : {}),
    ...(search.regime ? { regime: search.regime } : {}),
    ...(search.channel ? { channel: search.channel } : {}),
    ...(internal && search.assignee ? { assignee: search.assignee } : {}),
    ...(search.due ? { due: search.due } : {}),
    ...(internal && search.minor !== undefined ? { minor: search.minor } : {}),
    ...(search.receivedFrom ? { receivedFrom: search.receivedFrom } : {}),
    ...(search.receivedTo ? { receivedTo: search.receivedTo } : {}),
    ...(search.overdueMin !== undefined ? { overdueMin: search.overdueMin } : {}),
    ...(search.overdueMax !== undefined ? { overdueMax: search.overdueMax } : {}),
    // When and how a request was closed, its reason, extension, identity check and erasure lines are
    // internals: a summary reader's filter on them would tell what the summary leaves out.
    ...(internal && search.closedFrom ? { closedFrom: search.closedFrom } : {}),
    ...(internal && search.closedTo ? { closedTo: search.closedTo } : {}),
    ...(internal && search.responded !== undefined ? { responded: search.responded } : {}),
    ...(internal && search.late ? { late: search.late } : {}),
    ...(internal && search.onTime ? { onTime: search.onTime } : {}),
    ...(internal && search.reasonCode ? { reasonCode: search.reasonCode } : {}),
    ...(internal && search.extended !== undefined ? { extended: search.extended } : {}),
    ...(internal && search.verification ? { verification: search.verification } : {}),
    ...(internal && search.erasurePending ? { erasurePending: search.erasurePending } : {}),
    ...(search.search ? { search: search.search } : {}),
    sort: sortAllowed ? search.sort : defaultQueueSearch.sort,
    dir: sortAllowed ? search.dir : defaultQueueSearch.dir,
  };
}

export function requestFindInputOf(search: QueueSearch, access: QueueAccess): RequestFindInput {
  return { ...requestFiltersOf(search, access), page: search.page, pageSize: search.pageSize };
}

/** A saved or built-in view's filters as a search (first page, the person's page size kept). */
export function searchOfFilters(filters: RequestFilters, pageSize: number): QueueSearch {
  return consistentSearch({
    ...defaultQueueSearch,
    pageSize,
    status: filters.statuses && filters.statuses.length > 0 ? [...filters.statuses] : undefined,
    type: filters.type,
    regime: filters.regime,
    channel: filters.channel,
    assignee: filters.assignee === 'anyone' ? undefined : filters.assignee,
    due: filters.due,
    minor: filters.minor,
    receivedFrom: filters.receivedFrom,
    receivedTo: filters.receivedTo,
    closedFrom: filters.closedFrom,
    closedTo: filters.closedTo,
    responded: filters.responded,
    late: filters.late,
    onTime: filters.onTime,
    overdueMin: filters.overdueMin,
    overdueMax: filters.overdueMax,
    reasonCode: filters.reasonCode,
    extended: filters.extended,
    verification: filters.verification,
    erasurePending: filters.erasurePending,
    search: filters.search,
    sort: filters.sort,
    dir: filters.dir,
  });
}

/** Whether a view's filters are what the queue shows now (that view's button is then pressed). */
export function matchesFilters(search: QueueSearch, filters: RequestFilters): boolean {
  const asSearch = searchOfFilters(filters, search.pageSize);
  const keys: (keyof QueueSearch)[] = [
    'type',
    'regime',
    'channel',
    'assignee',
    'due',
    'minor',
    ...drillFilterKeys,
    'search',
    'sort',
    'dir',
  ];
  return sameStatuses(asSearch.status, search.status) && keys.every((key) => asSearch[key] === search[key]);
}

const filterKeys = ['status', 'type', 'regime', 'channel', 'assignee', 'due', 'minor', 'search'] as const;

/** The drill-down filters as people count them: a period (or a span of days overdue) is one filter. */
export const drillFilterGroups = [
  ['receivedFrom', 'receivedTo'],
  ['closedFrom', 'closedTo'],
  ['responded'],
  ['late'],
  ['onTime'],
  ['overdueMin', 'overdueMax'],
  ['reasonCode'],
  ['extended'],
  ['verification'],
  ['erasurePending'],
] as const satisfies readonly (readonly DrillFilterKey[])[];

/** How many filters differ from the default view (the collapsed filter panel on a phone says so). */
export function countQueueFilters(search: QueueSearch): number {
  const barFilters = filterKeys.filter((key) =>
    key === 'status' ? !sameStatuses(search.status, defaultQueueSearch.status) : search[key] !== undefined,
  ).length;
  const drillFilters = drillFilterGroups.filter((group) =>
    group.some((key) => search[key] !== undefined),
  ).length;
  return barFilters + drillFilters;
}

export function hasQueueFilters(search: QueueSearch): boolean {
  return countQueueFilters(search) > 0;
}

/** Newest receipts and most urgent priorities first; everything else (due dates included: soonest) ascending. */
export function firstDirectionOf(column: RequestSortKey): SortDirection {
  return column === 'receivedAt' || column === 'priority' ? 'desc' : 'asc';
}

/** The address of the CSV export for these filters: every matching row, streamed, masked as the role requires. */
export function exportHrefOf(filters: RequestFiltersInput): string {
  return `/export/requests.csv?${new URLSearchParams({ input: JSON.stringify(filters) }).toString()}`;
}

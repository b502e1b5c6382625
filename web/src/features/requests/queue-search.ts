import { z } from 'zod';
import {
  assigneeFilterKinds,
  dueFilters,
  openRequestStatuses,
  regimes,
  requestChannels,
  requestSortKeys,
  requestStatuses,
  requestTypes,
  sortDirections,
  type RequestSortKey,
  type RequestStatus,
  type SortDirection,
} from '@privdesk/shared/constants';
import {
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

/**
 * The queue's state in the address bar: a tolerant twin of `requestFindInputSchema`. Every field falls back
 * to its default on its own, so a hand-edited or outdated link still opens. Statuses travel as one
 * comma-separated value (`status=received,verifying`); an unknown one is dropped, the rest kept.
 */
const queueSearchSchema = z.object({
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
  minor: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .optional()
    .catch(undefined),
  search: z.string().trim().min(1).max(200).optional().catch(undefined),
  // Most urgent first: the effective due date ascending, so the most overdue lead.
  sort: z.enum(requestSortKeys).catch('dueOn'),
  dir: z.enum(sortDirections).catch('asc'),
});

export type QueueSearch = z.output<typeof queueSearchSchema>;
export type QueueFilterKey =
  'status' | 'type' | 'regime' | 'channel' | 'assignee' | 'due' | 'minor' | 'search';

export const defaultQueueSearch: QueueSearch = queueSearchSchema.parse({});

export function parseQueueSearch(params: URLSearchParams): QueueSearch {
  return queueSearchSchema.parse(Object.fromEntries(params));
}

/** Only what differs from the defaults goes into the URL, so shared links stay short and readable. */
export function queueSearchToParams(search: QueueSearch): URLSearchParams {
  const params = new URLSearchParams();
  const keys = Object.keys(queueSearchSchema.shape) as (keyof QueueSearch)[];
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
export function requestFiltersOf(search: QueueSearch, access: QueueAccess): RequestFiltersInput {
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
  return {
    ...defaultQueueSearch,
    pageSize,
    status: filters.statuses && filters.statuses.length > 0 ? [...filters.statuses] : undefined,
    type: filters.type,
    regime: filters.regime,
    channel: filters.channel,
    assignee: filters.assignee === 'anyone' ? undefined : filters.assignee,
    due: filters.due,
    minor: filters.minor,
    search: filters.search,
    sort: filters.sort,
    dir: filters.dir,
  };
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
    'search',
    'sort',
    'dir',
  ];
  return sameStatuses(asSearch.status, search.status) && keys.every((key) => asSearch[key] === search[key]);
}

const filterKeys = ['status', 'type', 'regime', 'channel', 'assignee', 'due', 'minor', 'search'] as const;

/** How many filters differ from the default view (the collapsed filter panel on a phone says so). */
export function countQueueFilters(search: QueueSearch): number {
  return filterKeys.filter((key) =>
    key === 'status' ? !sameStatuses(search.status, defaultQueueSearch.status) : search[key] !== undefined,
  ).length;
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

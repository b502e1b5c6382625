import { z } from 'zod';
import {
  isIsoCountry,
  registrySorts,
  subprocessorCategories,
  subprocessorStatuses,
  transferMechanisms,
  type RegistrySort,
  type SubprocessorStatus,
} from '@privdesk/shared/constants';
import { pageSizes, type RegistryFindInput } from '@privdesk/shared';

export type SortDirection = 'asc' | 'desc';

function isStatus(value: string): value is SubprocessorStatus {
  return (subprocessorStatuses as readonly string[]).includes(value);
}

/**
 * The registry table's state in the address bar: a tolerant twin of `registryFindInputSchema`. Each field
 * falls back to its default on its own, so a hand-edited or outdated link still opens. Statuses travel as
 * one comma-separated value (`status=proposed,active`); an unknown one is dropped, the rest kept.
 */
const registrySearchSchema = z.object({
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
  pageSize: z.coerce
    .number()
    .refine((n) => (pageSizes as readonly number[]).includes(n))
    .catch(25),
  status: z
    .string()
    .transform((raw): SubprocessorStatus[] | undefined => {
      const kept = subprocessorStatuses.filter((s) => raw.split(',').filter(isStatus).includes(s));
      return kept.length > 0 ? kept : undefined;
    })
    .optional()
    .catch(undefined),
  category: z.enum(subprocessorCategories).optional().catch(undefined),
  country: z.string().trim().toUpperCase().refine(isIsoCountry).optional().catch(undefined),
  mechanism: z.enum(transferMechanisms).optional().catch(undefined),
  search: z.string().trim().min(1).max(100).optional().catch(undefined),
  sort: z.enum(registrySorts).catch('name'),
  dir: z.enum(['asc', 'desc']).catch('asc'),
});

export type RegistrySearch = z.output<typeof registrySearchSchema>;
export type RegistryFilterKey = 'status' | 'category' | 'country' | 'mechanism' | 'search';

export const defaultRegistrySearch: RegistrySearch = registrySearchSchema.parse({});

export function parseRegistrySearch(params: URLSearchParams): RegistrySearch {
  return registrySearchSchema.parse(Object.fromEntries(params));
}

/** Only what differs from the defaults goes into the URL, so shared links stay short and readable. */
export function registrySearchToParams(search: RegistrySearch): URLSearchParams {
  const params = new URLSearchParams();
  const keys = Object.keys(registrySearchSchema.shape) as (keyof RegistrySearch)[];
  for (const key of keys) {
    const value = search[key];
    if (value === undefined || value === defaultRegistrySearch[key]) continue;
    if (Array.isArray(value)) {
      if (value.length > 0) params.set(key, value.join(','));
      continue;
    }
    params.set(key, String(value));
  }
  return params;
}

/** The filters and sort, as `registry.find` and the exports take them (without the page). */
export function registryFiltersOf(search: RegistrySearch): Omit<RegistryFindInput, 'page' | 'pageSize'> {
  return {
    ...(search.status ? { statuses: search.status } : {}),
    ...(search.category ? { category: search.category } : {}),
    ...(search.country ? { country: search.country } : {}),
    ...(search.mechanism ? { mechanism: search.mechanism } : {}),
    ...(search.search ? { search: search.search } : {}),
    sort: search.sort,
    direction: search.dir,
  };
}

export function registryFindInputOf(search: RegistrySearch): RegistryFindInput {
  return { ...registryFiltersOf(search), page: search.page, pageSize: search.pageSize };
}

const filterKeys: readonly RegistryFilterKey[] = ['status', 'category', 'country', 'mechanism', 'search'];

/** How many filters are set (the folded filter panel on a phone says so). */
export function countRegistryFilters(search: RegistrySearch): number {
  return filterKeys.filter((key) => search[key] !== undefined).length;
}

export function hasRegistryFilters(search: RegistrySearch): boolean {
  return countRegistryFilters(search) > 0;
}

/** Names A→Z; the most recently changed and the latest deadlines are more useful newest first. */
export function firstDirectionOf(sort: RegistrySort): SortDirection {
  return sort === 'updated' ? 'desc' : 'asc';
}

/**
 * The address of an export for these filters: the same rows as the table, every page of them. Without
 * filters, the plain address (the whole registry).
 */
export function registryExportHrefOf(format: 'csv' | 'json', search: RegistrySearch): string {
  const base = `/export/registry.${format}`;
  if (!hasRegistryFilters(search)) return base;
  return `${base}?${new URLSearchParams({ input: JSON.stringify(registryFiltersOf(search)) }).toString()}`;
}

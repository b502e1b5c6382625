import { z } from 'zod';
import { pageSizes, type PendingDeletionsInput } from '@privdesk/shared';

/** The pending-deletions page's paging in the address bar; a tolerant twin of `pendingDeletionsInputSchema`. */
const pendingDeletionsSearchSchema = z.object({
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
  pageSize: z.coerce
    .number()
    .refine((n) => (pageSizes as readonly number[]).includes(n))
    .catch(25),
});

export type PendingDeletionsSearch = z.output<typeof pendingDeletionsSearchSchema>;

export const defaultPendingDeletionsSearch: PendingDeletionsSearch = pendingDeletionsSearchSchema.parse({});

export function parsePendingDeletionsSearch(params: URLSearchParams): PendingDeletionsSearch {
  return pendingDeletionsSearchSchema.parse(Object.fromEntries(params));
}

export function pendingDeletionsSearchToParams(search: PendingDeletionsSearch): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of ['page', 'pageSize'] as const) {
    if (search[key] !== defaultPendingDeletionsSearch[key]) params.set(key, String(search[key]));
  }
  return params;
}

export function pendingDeletionsInputOf(search: PendingDeletionsSearch): PendingDeletionsInput {
  return { page: search.page, pageSize: search.pageSize };
}

import { z } from 'zod';
import { roles } from '@privdesk/shared/constants';
import { pageSizes, type StaffFindInput } from '@privdesk/shared';

/** The staff page's state in the address bar; a tolerant twin of `staffFindInputSchema`. */
const staffSearchSchema = z.object({
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
  pageSize: z.coerce
    .number()
    .refine((n) => (pageSizes as readonly number[]).includes(n))
    .catch(25),
  search: z.string().trim().min(1).max(200).optional().catch(undefined),
  role: z.enum(roles).optional().catch(undefined),
  status: z.enum(['active', 'disabled', 'all']).catch('all'),
});

export type StaffSearch = z.output<typeof staffSearchSchema>;
export type StaffFilterKey = 'search' | 'role' | 'status';
export type StaffStatusFilter = StaffSearch['status'];

export const defaultStaffSearch: StaffSearch = staffSearchSchema.parse({});

export function parseStaffSearch(params: URLSearchParams): StaffSearch {
  return staffSearchSchema.parse(Object.fromEntries(params));
}

export function staffSearchToParams(search: StaffSearch): URLSearchParams {
  const params = new URLSearchParams();
  const keys = Object.keys(staffSearchSchema.shape) as (keyof StaffSearch)[];
  for (const key of keys) {
    const value = search[key];
    if (value !== undefined && value !== defaultStaffSearch[key]) params.set(key, String(value));
  }
  return params;
}

export function staffFindInputOf(search: StaffSearch): StaffFindInput {
  return search;
}

export function hasStaffFilters(search: StaffSearch): boolean {
  return search.search !== undefined || search.role !== undefined || search.status !== 'all';
}

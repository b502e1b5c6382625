import { z } from 'zod';
import { pageSizes, type InboxFindInput } from '@privdesk/shared';

export const inboxShows = ['new', 'handled', 'all'] as const;
export type InboxShow = (typeof inboxShows)[number];

/**
 * The inbox's state in the address bar: which messages are listed, the page, and the message open beside
 * them. A tolerant twin of `inboxFindInputSchema` plus the selection, so a bad link shows the new mail
 * instead of an error.
 */
const inboxSearchSchema = z.object({
  show: z.enum(inboxShows).catch('new'),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
  pageSize: z.coerce
    .number()
    .refine((n) => (pageSizes as readonly number[]).includes(n))
    .catch(25),
  mail: z.uuid().optional().catch(undefined),
});

export type InboxSearch = z.output<typeof inboxSearchSchema>;
export type InboxFilterKey = 'show' | 'mail';

export const defaultInboxSearch: InboxSearch = inboxSearchSchema.parse({});

export function parseInboxSearch(params: URLSearchParams): InboxSearch {
  return inboxSearchSchema.parse(Object.fromEntries(params));
}

export function inboxSearchToParams(search: InboxSearch): URLSearchParams {
  const params = new URLSearchParams();
  const keys = Object.keys(inboxSearchSchema.shape) as (keyof InboxSearch)[];
  for (const key of keys) {
    const value = search[key];
    if (value !== undefined && value !== defaultInboxSearch[key]) params.set(key, String(value));
  }
  return params;
}

export function inboxInputOf(search: InboxSearch): InboxFindInput {
  return { show: search.show, page: search.page, pageSize: search.pageSize };
}

import { z } from 'zod';
import { messageKinds, messageStatuses } from '@privdesk/shared/constants';
import { pageSizes, type MailboxInput } from '@privdesk/shared';

/** The mailbox's state in the address bar; a tolerant twin of `mailboxInputSchema`. */
const mailboxSearchSchema = z.object({
  view: z.enum(['outbox', 'inbox']).catch('outbox'),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
  pageSize: z.coerce
    .number()
    .refine((n) => (pageSizes as readonly number[]).includes(n))
    .catch(25),
  status: z.enum(messageStatuses).optional().catch(undefined),
  kind: z.enum(messageKinds).optional().catch(undefined),
});

export type MailboxSearch = z.output<typeof mailboxSearchSchema>;
export type MailboxFilterKey = 'view' | 'status' | 'kind';

export const defaultMailboxSearch: MailboxSearch = mailboxSearchSchema.parse({});

export function parseMailboxSearch(params: URLSearchParams): MailboxSearch {
  return mailboxSearchSchema.parse(Object.fromEntries(params));
}

export function mailboxSearchToParams(search: MailboxSearch): URLSearchParams {
  const params = new URLSearchParams();
  const keys = Object.keys(mailboxSearchSchema.shape) as (keyof MailboxSearch)[];
  for (const key of keys) {
    const value = search[key];
    if (value !== undefined && value !== defaultMailboxSearch[key]) params.set(key, String(value));
  }
  return params;
}

export function mailboxInputOf(search: MailboxSearch): MailboxInput {
  const { view: _view, ...input } = search;
  return input;
}

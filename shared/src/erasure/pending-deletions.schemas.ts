import { z } from 'zod';
import { calendarDateFieldSchema, idSchema } from '../common/fields.js';
import { pageInputSchema, pageOutputSchema } from '../common/pagination.js';
import { referenceSchema } from '../requests/requests.schemas.js';
import { deletionStages } from './pending-deletions.constants.js';

/**
 * The pending-deletions view (issue 15, item 8): every open erasure, oldest first. The page's own bounds
 * with words a person understands; the shape is the shared page input's.
 */
export const pendingDeletionsInputSchema = pageInputSchema.extend({
  page: z
    .number({ message: 'Give a page number.' })
    .int('Give a whole page number.')
    .min(1, 'Pages start at 1.')
    .max(100_000, 'There are not that many pages.')
    .default(1),
  pageSize: z
    .number({ message: 'Give a page size.' })
    .int('Give a whole page size.')
    .min(1, 'Show at least 1 row a page.')
    .max(100, 'Show at most 100 rows a page.')
    .default(25),
});
export type PendingDeletionsInput = z.input<typeof pendingDeletionsInputSchema>;
export type PendingDeletionsQuery = z.output<typeof pendingDeletionsInputSchema>;

/**
 * One open erasure as the view lists it. The allow-list holds no personal data — no requester's name or
 * email — so every reader of requests sees the same rows: the account number names an account, not a person,
 * and the assignee is a member of staff.
 */
export const pendingDeletionSchema = z.object({
  id: idSchema,
  reference: referenceSchema,
  receivedAt: z.iso.datetime(),
  /** Whole days since receipt, by the server's clock (a day is 24 hours, not a calendar date). */
  ageDays: z.number().int().min(0),
  stage: z.enum(deletionStages),
  /** The date that applies: the request's effective due date (the earliest of its clocks). */
  dueOn: calendarDateFieldSchema,
  /** Whether the minors' short internal target applies (a minor's erasure): it is then in `dueOn`. */
  minorTarget: z.boolean(),
  /** Calendar days from today to `dueOn`; negative once overdue. */
  daysLeft: z.number().int(),
  accountNumber: z.string().nullable(),
  assignee: z.object({ id: idSchema, name: z.string() }).nullable(),
});
export type PendingDeletion = z.infer<typeof pendingDeletionSchema>;

/**
 * An account whose deletion is pending in the directory (the product's "delete my account") with no erasure
 * request behind it: nothing may be purged without an approved plan, so it waits for an officer to log the
 * request. The account number and dates only.
 */
export const unrequestedDeletionSchema = z.object({
  customerId: idSchema,
  accountNumber: z.string(),
  /** When the directory says the account is to be purged: the promise's 30 days. */
  purgeOn: calendarDateFieldSchema,
  daysLeft: z.number().int(),
});
export type UnrequestedDeletion = z.infer<typeof unrequestedDeletionSchema>;

/** How many accounts the view lists by name of number; the count covers them all. */
export const unrequestedDeletionsShown = 20;

export const pendingDeletionsOutputSchema = pageOutputSchema(pendingDeletionSchema).extend({
  /** "Today" as the queue counts it (the latest date among the handling entities' zones). */
  today: calendarDateFieldSchema,
  /** Over every open erasure, not the page: overdue, and due in 5 days or fewer but not yet overdue. */
  counts: z.object({
    open: z.number().int().min(0),
    overdue: z.number().int().min(0),
    dueSoon: z.number().int().min(0),
  }),
  /** The minors' target as set (hours from receipt), for the badge that names it. */
  minorTargetHours: z.number().int().min(1),
  /** Account deletions with no erasure request yet: the soonest purge dates first, and how many in all. */
  unrequested: z.object({
    total: z.number().int().min(0),
    items: z.array(unrequestedDeletionSchema).max(unrequestedDeletionsShown),
  }),
});
export type PendingDeletions = z.infer<typeof pendingDeletionsOutputSchema>;

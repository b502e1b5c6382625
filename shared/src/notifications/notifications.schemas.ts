import { z } from 'zod';
import { idSchema } from '../common/fields.js';
import { pageInputSchema } from '../common/pagination.js';
import { reminderNotificationKinds } from './notifications.constants.js';

/** A request a notification is about: references and dates only, never the requester. */
export const notificationRequestSchema = z.object({
  id: z.uuid(),
  reference: z.string(),
  /** The effective due date, for due reminders; null for unassigned ones. */
  dueOn: z.iso.date().nullable(),
  state: z.enum(['overdue', 'due_soon', 'unassigned']),
});

export const reminderDataSchema = z.object({
  /** The day (latest handling-zone date) the reminder was made for. */
  on: z.iso.date(),
  counts: z.object({
    overdue: z.number().int().min(0),
    dueSoon: z.number().int().min(0),
    unassigned: z.number().int().min(0),
  }),
  requests: z.array(notificationRequestSchema),
  /** True when more requests matched than are listed (the counts cover them all). */
  truncated: z.boolean(),
});
export type ReminderData = z.infer<typeof reminderDataSchema>;

/**
 * A reader who sees personal data masked ran into the search limit: flagged to every admin, once an hour per
 * person. Who and how many, never what was searched (the audit log holds keyed hashes only).
 */
export const searchBurstDataSchema = z.object({
  searcher: z.object({ id: z.uuid(), name: z.string() }),
  surface: z.enum(['queue', 'duplicates', 'customer_picker', 'customer_directory']),
  /** Searches in the minute before the refusal, and the limit. */
  searches: z.number().int().min(0),
  perMinute: z.number().int().min(1),
  at: z.iso.datetime(),
});
export type SearchBurstData = z.infer<typeof searchBurstDataSchema>;

/** A manual erasure line for a system's owner (issue 15, item 5): the request and system, no personal data. */
export const erasureTaskDataSchema = z.object({
  request: z.object({ id: z.uuid(), reference: z.string() }),
  lineId: z.uuid(),
  system: z.string(),
});
export type ErasureTaskData = z.infer<typeof erasureTaskDataSchema>;

/**
 * The daily erasure deadlines alert to privacy officers (issue 15, item 8): open erasures whose effective
 * due date is past or 5 days away or fewer, overdue first, then by due date. References and dates only.
 */
export const erasureDeadlineDataSchema = z.object({
  /** The day (latest handling-zone date) the alert was made for. */
  on: z.iso.date(),
  counts: z.object({
    overdue: z.number().int().min(0),
    dueSoon: z.number().int().min(0),
  }),
  requests: z.array(
    z.object({
      id: z.uuid(),
      reference: z.string(),
      /** The effective due date, which holds the minors' target where it applies. */
      dueOn: z.iso.date(),
      /** A minor's erasure: its date is the short internal target, not the 30 days. */
      minor: z.boolean(),
      state: z.enum(['overdue', 'due_soon']),
    }),
  ),
  /** True when more erasures matched than are listed (the counts cover them all). */
  truncated: z.boolean(),
  /**
   * Account deletions with no erasure request at all (pending in the directory, nobody has logged them):
   * how many, and the soonest purge date. Absent when there are none.
   */
  unrequested: z.object({ total: z.number().int().min(1), soonestPurgeOn: z.iso.date() }).optional(),
});
export type ErasureDeadlineData = z.infer<typeof erasureDeadlineDataSchema>;

const notificationFields = {
  id: z.uuid(),
  title: z.string(),
  body: z.string(),
  createdAt: z.iso.datetime(),
  readAt: z.iso.datetime().nullable(),
};
export const notificationSchema = z.discriminatedUnion('kind', [
  z.object({ ...notificationFields, kind: z.enum(reminderNotificationKinds), data: reminderDataSchema }),
  z.object({ ...notificationFields, kind: z.literal('security.search_burst'), data: searchBurstDataSchema }),
  z.object({ ...notificationFields, kind: z.literal('erasure.task'), data: erasureTaskDataSchema }),
  z.object({ ...notificationFields, kind: z.literal('erasure.deadline'), data: erasureDeadlineDataSchema }),
]);
export type AppNotification = z.infer<typeof notificationSchema>;

export const notificationsFindInputSchema = pageInputSchema.extend({
  unreadOnly: z.boolean().default(false),
});
export type NotificationsFindInput = z.input<typeof notificationsFindInputSchema>;

export const notificationsFindOutputSchema = z.object({
  items: z.array(notificationSchema),
  total: z.number().int().nonnegative(),
  page: z.number().int().min(1),
  pageSize: z.number().int().min(1),
  unread: z.number().int().nonnegative(),
});

/** Mark some of one's own notifications read, or all of them. */
export const notificationsMarkReadInputSchema = z
  .object({
    ids: z.array(idSchema).min(1, 'Choose at least one notification.').max(100).optional(),
    all: z.literal(true).optional(),
  })
  .refine((v) => (v.ids !== undefined) !== (v.all === true), {
    path: ['ids'],
    message: 'Give the notifications to mark read, or all: true.',
  });
export type NotificationsMarkReadInput = z.input<typeof notificationsMarkReadInputSchema>;

export const notificationsMarkReadOutputSchema = z.object({
  marked: z.number().int().nonnegative(),
  unread: z.number().int().nonnegative(),
});
export const notificationsUnreadCountOutputSchema = z.object({ unread: z.number().int().nonnegative() });

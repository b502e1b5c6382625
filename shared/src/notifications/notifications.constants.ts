// Zod-free: the web's bell and list import these through `@privdesk/shared/constants`.

/** In-app notifications; the same reminders go by email once requester messaging (SMTP) exists. */
export const notificationKinds = [
  'reminders.due',
  'reminders.unassigned',
  'security.search_burst',
  'erasure.task',
  'erasure.deadline',
] as const;
export type NotificationKind = (typeof notificationKinds)[number];

export const notificationKindLabels: Record<NotificationKind, string> = {
  'reminders.due': 'Due and overdue requests',
  'reminders.unassigned': 'Unassigned requests',
  'security.search_burst': 'Unusual searching',
  'erasure.task': 'Erasure task',
  'erasure.deadline': 'Erasures nearing their deadline',
};

/** Reminder kinds carry request lists; the others carry their own data (see notifications.schemas.ts). */
export const reminderNotificationKinds = ['reminders.due', 'reminders.unassigned'] as const;

/** Unassigned requests older than this are flagged to managers by the daily reminder. */
export const unassignedAlertDays = 2;
/** How many requests one notification lists; the counts still cover all of them. */
export const maxRequestsPerNotification = 50;

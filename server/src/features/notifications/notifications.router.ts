import { router } from '../../trpc/init.js';
import { unreadNotificationCountProcedure } from './procedures/count-unread-notifications.js';
import { findNotificationsProcedure } from './procedures/find-notifications.js';
import { markNotificationsReadProcedure } from './procedures/mark-notifications-read.js';

export const notificationsRouter = router({
  find: findNotificationsProcedure,
  unreadCount: unreadNotificationCountProcedure,
  markRead: markNotificationsReadProcedure,
});

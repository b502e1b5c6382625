import { notificationsUnreadCountOutputSchema } from '@privdesk/shared';
import { staffProcedure } from '../../../trpc/init.js';
import { unreadNotificationCount } from '../notifications.service.js';

export const unreadNotificationCountProcedure = staffProcedure
  .output(notificationsUnreadCountOutputSchema)
  .query(({ ctx }) => unreadNotificationCount(ctx.service));

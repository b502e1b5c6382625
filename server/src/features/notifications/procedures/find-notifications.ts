import { notificationsFindInputSchema, notificationsFindOutputSchema } from '@privdesk/shared';
import { staffProcedure } from '../../../trpc/init.js';
import { findNotifications } from '../notifications.service.js';

export const findNotificationsProcedure = staffProcedure
  .input(notificationsFindInputSchema)
  .output(notificationsFindOutputSchema)
  .query(({ ctx, input }) => findNotifications(ctx.service, input));

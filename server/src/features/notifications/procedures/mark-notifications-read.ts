import { notificationsMarkReadInputSchema, notificationsMarkReadOutputSchema } from '@privdesk/shared';
import { staffProcedure } from '../../../trpc/init.js';
import { markNotificationsRead } from '../notifications.service.js';

export const markNotificationsReadProcedure = staffProcedure
  .input(notificationsMarkReadInputSchema)
  .output(notificationsMarkReadOutputSchema)
  .mutation(({ ctx, input }) => markNotificationsRead(ctx.service, input));

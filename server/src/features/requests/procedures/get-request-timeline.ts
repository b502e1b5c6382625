import { requestIdInputSchema, requestTimelineOutputSchema } from '@privdesk/shared';
import { permissionProcedure } from '../../../trpc/init.js';
import { requestTimeline } from '../request-timeline.js';

export const requestTimelineProcedure = permissionProcedure('requests:read')
  .input(requestIdInputSchema)
  .output(requestTimelineOutputSchema)
  .query(({ ctx, input }) => requestTimeline(ctx.service, input.id));

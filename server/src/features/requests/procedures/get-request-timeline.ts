import { requestIdInputSchema, requestTimelineOutputSchema } from '@privdesk/shared';
import { permissionProcedure } from '../../../trpc/init.js';
import { viewLogged } from '../../audit/view-log.js';
import { requestTimeline } from '../request-timeline.js';

export const requestTimelineProcedure = permissionProcedure('requests:read')
  .input(requestIdInputSchema)
  .output(requestTimelineOutputSchema)
  .query(({ ctx, input }) =>
    viewLogged(
      ctx.service,
      ctx.config.secretBox,
      { surface: 'timeline', entityType: 'request' },
      (deps) => requestTimeline(deps, input.id),
      () => [input.id],
    ),
  );

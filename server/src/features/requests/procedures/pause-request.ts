import { requestPauseInputSchema, requestClockChangeOutputSchema } from '@privdesk/shared';
import { permissionProcedure } from '../../../trpc/init.js';
import { pauseRequest } from '../requests.clocks.js';

export const pauseRequestProcedure = permissionProcedure('requests:work')
  .input(requestPauseInputSchema)
  .output(requestClockChangeOutputSchema)
  .mutation(({ ctx, input }) => pauseRequest(ctx, input));

import { requestPauseInputSchema, requestClockChangeOutputSchema } from '@privdesk/shared';
import { permissionProcedure } from '../../../trpc/init.js';
import { pauseRequest } from '../clock-ledger.service.js';

export const pauseRequestProcedure = permissionProcedure('requests:work')
  .input(requestPauseInputSchema)
  .output(requestClockChangeOutputSchema)
  .mutation(({ ctx, input }) => pauseRequest(ctx.service, input));

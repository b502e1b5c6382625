import { requestUpdateReceivedAtInputSchema, requestClockChangeOutputSchema } from '@privdesk/shared';
import { permissionProcedure } from '../../../trpc/init.js';
import { updateRequestReceivedAt } from '../requests.clocks.js';

export const updateRequestReceivedAtProcedure = permissionProcedure('requests:work')
  .input(requestUpdateReceivedAtInputSchema)
  .output(requestClockChangeOutputSchema)
  .mutation(({ ctx, input }) => updateRequestReceivedAt(ctx, input));

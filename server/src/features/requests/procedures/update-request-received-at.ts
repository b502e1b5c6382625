import { requestUpdateReceivedAtInputSchema, requestClockChangeOutputSchema } from '@privdesk/shared';
import { permissionProcedure } from '../../../trpc/init.js';
import { updateRequestReceivedAt } from '../clock-ledger.service.js';

export const updateRequestReceivedAtProcedure = permissionProcedure('requests:work')
  .input(requestUpdateReceivedAtInputSchema)
  .output(requestClockChangeOutputSchema)
  .mutation(({ ctx, input }) => updateRequestReceivedAt(ctx.service, input));

import { requestBulkTransitionInputSchema, requestBulkOutputSchema } from '@privdesk/shared';
import { permissionProcedure } from '../../../trpc/init.js';
import { bulkTransitionRequests } from '../request-bulk.js';

export const bulkTransitionRequestsProcedure = permissionProcedure('requests:work')
  .input(requestBulkTransitionInputSchema)
  .output(requestBulkOutputSchema)
  .mutation(({ ctx, input }) => bulkTransitionRequests(ctx.service, input));

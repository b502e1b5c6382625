import { requestBulkAssignInputSchema, requestBulkOutputSchema } from '@privdesk/shared';
import { permissionProcedure } from '../../../trpc/init.js';
import { bulkAssignRequests } from '../request-bulk.js';

export const bulkAssignRequestsProcedure = permissionProcedure('requests:assign')
  .input(requestBulkAssignInputSchema)
  .output(requestBulkOutputSchema)
  .mutation(({ ctx, input }) => bulkAssignRequests(ctx.service, input));

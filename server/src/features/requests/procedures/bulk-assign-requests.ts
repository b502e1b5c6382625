import { requestBulkAssignInputSchema, requestBulkOutputSchema } from '@privdesk/shared';
import { permissionProcedure } from '../../../trpc/init.js';
import { bulkAssignRequests } from '../requests.service.js';

export const bulkAssignRequestsProcedure = permissionProcedure('requests:assign')
  .input(requestBulkAssignInputSchema)
  .output(requestBulkOutputSchema)
  .mutation(({ ctx, input }) => bulkAssignRequests(ctx, input));

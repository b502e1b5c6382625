import { requestAssignInputSchema, requestChangeOutputSchema } from '@privdesk/shared';
import { permissionProcedure } from '../../../trpc/init.js';
import { assignRequest } from '../request-assign.js';

export const assignRequestProcedure = permissionProcedure('requests:assign')
  .input(requestAssignInputSchema)
  .output(requestChangeOutputSchema)
  .mutation(({ ctx, input }) => assignRequest(ctx.service, input));

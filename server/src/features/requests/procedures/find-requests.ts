import { requestFindInputSchema, requestFindOutputSchema } from '@privdesk/shared';
import { permissionProcedure } from '../../../trpc/init.js';
import { findRequests } from '../request-read.js';

export const findRequestsProcedure = permissionProcedure('requests:read_summary')
  .input(requestFindInputSchema)
  .output(requestFindOutputSchema)
  .query(({ ctx, input }) => findRequests(ctx.service, input));

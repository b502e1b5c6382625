import { requestIdInputSchema, requestDetailSchema } from '@privdesk/shared';
import { permissionProcedure } from '../../../trpc/init.js';
import { getRequest } from '../request-read.js';

export const getRequestProcedure = permissionProcedure('requests:read')
  .input(requestIdInputSchema)
  .output(requestDetailSchema)
  .query(({ ctx, input }) => getRequest(ctx.service, input.id));

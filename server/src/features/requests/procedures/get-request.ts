import { requestIdInputSchema, requestDetailSchema } from '@privdesk/shared';
import { permissionProcedure } from '../../../trpc/init.js';
import { getRequest } from '../requests.service.js';

export const getRequestProcedure = permissionProcedure('requests:read')
  .input(requestIdInputSchema)
  .output(requestDetailSchema)
  .query(({ ctx, input }) => getRequest(ctx, input.id));

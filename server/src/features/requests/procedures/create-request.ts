import { requestCreateInputSchema, requestCreateOutputSchema } from '@privdesk/shared';
import { permissionProcedure } from '../../../trpc/init.js';
import { createRequest } from '../requests.service.js';

export const createRequestProcedure = permissionProcedure('requests:create')
  .input(requestCreateInputSchema)
  .output(requestCreateOutputSchema)
  .mutation(({ ctx, input }) => createRequest(ctx, input));

import { requestCreateInputSchema, requestCreateOutputSchema } from '@privdesk/shared';
import { permissionProcedure } from '../../../trpc/init.js';
import { createRequest } from '../request-intake.js';

export const createRequestProcedure = permissionProcedure('requests:create')
  .input(requestCreateInputSchema)
  .output(requestCreateOutputSchema)
  .mutation(({ ctx, input }) => createRequest(ctx.service, input));

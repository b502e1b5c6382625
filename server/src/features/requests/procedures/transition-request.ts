import { requestTransitionInputSchema, requestChangeOutputSchema } from '@privdesk/shared';
import { permissionProcedure } from '../../../trpc/init.js';
import { transitionRequest } from '../request-moves.js';

export const transitionRequestProcedure = permissionProcedure('requests:work')
  .input(requestTransitionInputSchema)
  .output(requestChangeOutputSchema)
  .mutation(({ ctx, input }) => transitionRequest(ctx.service, input));

import { revealRequesterInputSchema, revealRequesterOutputSchema } from '@privdesk/shared';
import { permissionProcedure } from '../../../trpc/init.js';
import { revealRequester } from '../requests.service.js';

export const revealRequesterProcedure = permissionProcedure('requests:reveal_requester')
  .input(revealRequesterInputSchema)
  .output(revealRequesterOutputSchema)
  .mutation(({ ctx, input }) => revealRequester(ctx, input));

import { revealRequesterInputSchema, revealRequesterOutputSchema } from '@privdesk/shared';
import { permissionProcedure } from '../../../trpc/init.js';
import { revealRequester } from '../request-reveal.js';

export const revealRequesterProcedure = permissionProcedure('requests:reveal_requester')
  .input(revealRequesterInputSchema)
  .output(revealRequesterOutputSchema)
  .mutation(({ ctx, input }) => revealRequester(ctx.service, input));

import { requestExtendInputSchema, requestClockChangeOutputSchema } from '@privdesk/shared';
import { permissionProcedure } from '../../../trpc/init.js';
import { extendRequest } from '../clock-ledger.service.js';

export const extendRequestProcedure = permissionProcedure('requests:work')
  .input(requestExtendInputSchema)
  .output(requestClockChangeOutputSchema)
  .mutation(({ ctx, input }) => extendRequest(ctx.service, input));

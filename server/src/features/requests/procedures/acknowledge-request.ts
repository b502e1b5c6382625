import { requestAcknowledgeInputSchema, requestClockChangeOutputSchema } from '@privdesk/shared';
import { permissionProcedure } from '../../../trpc/init.js';
import { acknowledgeRequest } from '../clock-ledger.service.js';

export const acknowledgeRequestProcedure = permissionProcedure('requests:work')
  .input(requestAcknowledgeInputSchema)
  .output(requestClockChangeOutputSchema)
  .mutation(({ ctx, input }) => acknowledgeRequest(ctx.service, input));

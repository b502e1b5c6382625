import { requestResumeInputSchema, requestClockChangeOutputSchema } from '@privdesk/shared';
import { permissionProcedure } from '../../../trpc/init.js';
import { resumeRequest } from '../clock-ledger.service.js';

export const resumeRequestProcedure = permissionProcedure('requests:work')
  .input(requestResumeInputSchema)
  .output(requestClockChangeOutputSchema)
  .mutation(({ ctx, input }) => resumeRequest(ctx.service, input));

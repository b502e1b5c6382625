import { confirmMfaInputSchema, recoveryCodesOutputSchema } from '@privdesk/shared';
import { pendingSessionProcedure } from '../../../trpc/init.js';
import { confirmEnrolment } from '../auth.service.js';

export const confirmMfaEnrolmentProcedure = pendingSessionProcedure
  .input(confirmMfaInputSchema)
  .output(recoveryCodesOutputSchema)
  .mutation(async ({ ctx, input }) => ({
    recoveryCodes: await confirmEnrolment(ctx, ctx.session, input.code),
  }));

import { okOutputSchema, verifyMfaInputSchema } from '@privdesk/shared';
import { pendingSessionProcedure } from '../../../trpc/init.js';
import { verifyMfa } from '../auth.service.js';

export const verifyMfaProcedure = pendingSessionProcedure
  .input(verifyMfaInputSchema)
  .output(okOutputSchema)
  .mutation(async ({ ctx, input }) => {
    await verifyMfa(ctx, ctx.session, input);
    return { ok: true as const };
  });

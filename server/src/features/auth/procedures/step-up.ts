import { stepUpInputSchema, stepUpOutputSchema } from '@privdesk/shared';
import { staffProcedure } from '../../../trpc/init.js';
import { stepUp } from '../auth.service.js';

export const stepUpProcedure = staffProcedure
  .input(stepUpInputSchema)
  .output(stepUpOutputSchema)
  .mutation(async ({ ctx, input }) => ({
    validUntil: (await stepUp(ctx, ctx.session, input.code)).toISOString(),
  }));

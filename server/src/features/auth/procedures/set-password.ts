import { okOutputSchema, setPasswordInputSchema } from '@privdesk/shared';
import { publicProcedure } from '../../../trpc/init.js';
import { setPassword } from '../auth.service.js';

export const setPasswordProcedure = publicProcedure
  .input(setPasswordInputSchema)
  .output(okOutputSchema)
  .mutation(async ({ ctx, input }) => {
    await setPassword(ctx, input);
    return { ok: true as const };
  });

import { signInInputSchema, signInOutputSchema } from '@privdesk/shared';
import { publicProcedure } from '../../../trpc/init.js';
import { signIn } from '../auth.service.js';

export const signInProcedure = publicProcedure
  .input(signInInputSchema)
  .output(signInOutputSchema)
  .mutation(({ ctx, input }) => signIn(ctx, input));

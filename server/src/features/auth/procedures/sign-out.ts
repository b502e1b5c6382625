import { okOutputSchema } from '@privdesk/shared';
import { z } from 'zod';
import { publicProcedure } from '../../../trpc/init.js';
import { signOut } from '../auth.service.js';

export const signOutProcedure = publicProcedure
  .input(z.void())
  .output(okOutputSchema)
  .mutation(async ({ ctx }) => {
    await signOut(ctx);
    return { ok: true as const };
  });

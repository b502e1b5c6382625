import { meOutputSchema } from '@privdesk/shared';
import { z } from 'zod';
import { publicProcedure } from '../../../trpc/init.js';
import { me } from '../auth.service.js';

export const getMeProcedure = publicProcedure
  .input(z.void())
  .output(meOutputSchema)
  .query(({ ctx }) => me(ctx));

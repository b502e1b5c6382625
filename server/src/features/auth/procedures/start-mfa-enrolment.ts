import { mfaEnrolmentSchema } from '@privdesk/shared';
import { z } from 'zod';
import { pendingSessionProcedure } from '../../../trpc/init.js';
import { startEnrolment } from '../auth.service.js';

export const startMfaEnrolmentProcedure = pendingSessionProcedure
  .input(z.void())
  .output(mfaEnrolmentSchema)
  .mutation(({ ctx }) => startEnrolment(ctx, ctx.session));

import { findOpenDuplicatesInputSchema, findOpenDuplicatesOutputSchema } from '@privdesk/shared';
import { permissionProcedure } from '../../../trpc/init.js';
import { findOpenDuplicates } from '../request-intake.js';

export const findOpenDuplicatesProcedure = permissionProcedure('requests:create')
  .input(findOpenDuplicatesInputSchema)
  .output(findOpenDuplicatesOutputSchema)
  .query(({ ctx, input }) => findOpenDuplicates(ctx.service, input));

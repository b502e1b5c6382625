import { findOpenDuplicatesInputSchema, findOpenDuplicatesOutputSchema } from '@privdesk/shared';
import { permissionProcedure } from '../../../trpc/init.js';
import { findOpenDuplicates } from '../requests.service.js';

export const findOpenDuplicatesProcedure = permissionProcedure('requests:create')
  .input(findOpenDuplicatesInputSchema)
  .output(findOpenDuplicatesOutputSchema)
  .query(({ ctx, input }) => findOpenDuplicates(ctx, input));

import { okOutputSchema, viewDeleteInputSchema } from '@privdesk/shared';
import { permissionProcedure } from '../../../trpc/init.js';
import { deleteView } from '../views.service.js';

export const deleteViewProcedure = permissionProcedure('requests:read_summary')
  .input(viewDeleteInputSchema)
  .output(okOutputSchema)
  .mutation(({ ctx, input }) => deleteView(ctx.service, input.id));

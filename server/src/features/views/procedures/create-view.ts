import { savedViewSchema, viewCreateInputSchema } from '@privdesk/shared';
import { permissionProcedure } from '../../../trpc/init.js';
import { createView } from '../views.service.js';

export const createViewProcedure = permissionProcedure('requests:read_summary')
  .input(viewCreateInputSchema)
  .output(savedViewSchema)
  .mutation(({ ctx, input }) => createView(ctx.service, input));

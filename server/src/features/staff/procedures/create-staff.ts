import { staffCreateInputSchema, staffCreateOutputSchema } from '@privdesk/shared';
import { permissionProcedure } from '../../../trpc/init.js';
import { createStaff } from '../staff.service.js';

export const createStaffProcedure = permissionProcedure('staff:manage')
  .input(staffCreateInputSchema)
  .output(staffCreateOutputSchema)
  .mutation(({ ctx, input }) => createStaff(ctx.service, input));

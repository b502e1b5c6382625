import { staffOutputSchema, staffUpdateInputSchema } from '@privdesk/shared';
import { permissionProcedure } from '../../../trpc/init.js';
import { updateStaff } from '../staff.service.js';

export const updateStaffProcedure = permissionProcedure('staff:manage')
  .input(staffUpdateInputSchema)
  .output(staffOutputSchema)
  .mutation(({ ctx, input }) => updateStaff(ctx.service, input));

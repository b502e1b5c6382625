import { staffIdReasonInputSchema, staffOutputSchema } from '@privdesk/shared';
import { permissionProcedure } from '../../../trpc/init.js';
import { setStaffDisabled } from '../staff.service.js';

export const disableStaffProcedure = permissionProcedure('staff:manage')
  .input(staffIdReasonInputSchema)
  .output(staffOutputSchema)
  .mutation(({ ctx, input }) => setStaffDisabled(ctx.service, input, true));

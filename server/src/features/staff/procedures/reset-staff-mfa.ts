import { staffIdReasonInputSchema, staffOutputSchema } from '@privdesk/shared';
import { permissionProcedure } from '../../../trpc/init.js';
import { resetStaffMfa } from '../staff.service.js';

export const resetStaffMfaProcedure = permissionProcedure('staff:manage')
  .input(staffIdReasonInputSchema)
  .output(staffOutputSchema)
  .mutation(({ ctx, input }) => resetStaffMfa(ctx.service, input));

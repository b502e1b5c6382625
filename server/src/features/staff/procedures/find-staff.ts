import { staffFindInputSchema, staffFindOutputSchema } from '@privdesk/shared';
import { permissionProcedure } from '../../../trpc/init.js';
import { findStaff } from '../staff.service.js';

export const findStaffProcedure = permissionProcedure('staff:read')
  .input(staffFindInputSchema)
  .output(staffFindOutputSchema)
  .query(({ ctx, input }) => findStaff(ctx.service, input));

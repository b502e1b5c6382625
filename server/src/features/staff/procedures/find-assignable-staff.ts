import { assignableStaffOutputSchema } from '@privdesk/shared';
import { permissionProcedure } from '../../../trpc/init.js';
import { findAssignableStaff } from '../staff.service.js';

export const findAssignableStaffProcedure = permissionProcedure('requests:read')
  .output(assignableStaffOutputSchema)
  .query(({ ctx }) => findAssignableStaff(ctx.service));

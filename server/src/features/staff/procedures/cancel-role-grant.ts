import { roleGrantInputSchema, staffOutputSchema } from '@privdesk/shared';
import { permissionProcedure } from '../../../trpc/init.js';
import { cancelRoleGrant } from '../role-grants.js';
import { staffRowById } from '../staff.service.js';

/** Withdraws a pending role grant: the asker changing their mind, or another admin saying no. */
export const cancelRoleGrantProcedure = permissionProcedure('staff:manage')
  .input(roleGrantInputSchema)
  .output(staffOutputSchema)
  .mutation(async ({ ctx, input }) => {
    const { staffId } = await cancelRoleGrant(ctx.service, input.grantId);
    return staffRowById(ctx.service, staffId);
  });

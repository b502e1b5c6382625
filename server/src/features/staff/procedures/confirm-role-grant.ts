import { roleGrantInputSchema, staffOutputSchema } from '@privdesk/shared';
import { permissionProcedure } from '../../../trpc/init.js';
import { confirmRoleGrant } from '../role-grants.js';
import { staffRowById } from '../staff.service.js';

/** The second admin's yes to a pending role grant (step-up required; never one's own request or grant). */
export const confirmRoleGrantProcedure = permissionProcedure('staff:manage')
  .input(roleGrantInputSchema)
  .output(staffOutputSchema)
  .mutation(async ({ ctx, input }) => {
    const { staffId } = await confirmRoleGrant(ctx.service, input.grantId);
    return staffRowById(ctx.service, staffId);
  });

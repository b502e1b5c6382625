import { staffIdInputSchema, staffIssueLinkOutputSchema } from '@privdesk/shared';
import { permissionProcedure } from '../../../trpc/init.js';
import { issueSetPasswordLink } from '../staff.service.js';

export const issuePasswordLinkProcedure = permissionProcedure('staff:manage')
  .input(staffIdInputSchema)
  .output(staffIssueLinkOutputSchema)
  .mutation(({ ctx, input }) => issueSetPasswordLink(ctx.service, input.id));

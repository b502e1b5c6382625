import { pendingDeletionsInputSchema, pendingDeletionsOutputSchema } from '@privdesk/shared';
import { permissionProcedure } from '../../../trpc/init.js';
import { pendingDeletions } from '../pending-deletions.queries.js';

/**
 * Every open erasure against its deadline, for whoever reads request internals (officers, managers,
 * auditors): references, dates, stages, account numbers and assignees, never the requester, so the same
 * answer for all of them and no view to log.
 */
export const pendingDeletionsProcedure = permissionProcedure('requests:read')
  .input(pendingDeletionsInputSchema)
  .output(pendingDeletionsOutputSchema)
  .query(({ ctx, input }) => pendingDeletions(ctx.service, input));

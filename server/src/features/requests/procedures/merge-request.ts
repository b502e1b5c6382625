import { requestMergeInputSchema, requestMergeOutputSchema } from '@privdesk/shared';
import { permissionProcedure } from '../../../trpc/init.js';
import { mergeRequest } from '../request-merge.js';

/** A duplicate merged into the open request it repeats: closed as denied (`duplicate`), linked to it. */
export const mergeRequestProcedure = permissionProcedure('requests:work')
  .input(requestMergeInputSchema)
  .output(requestMergeOutputSchema)
  .mutation(({ ctx, input }) => mergeRequest(ctx.service, input));

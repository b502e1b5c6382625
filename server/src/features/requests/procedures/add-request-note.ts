import { requestAddNoteInputSchema, timelineEventSchema } from '@privdesk/shared';
import { permissionProcedure } from '../../../trpc/init.js';
import { addRequestNote } from '../request-notes.js';

export const addRequestNoteProcedure = permissionProcedure('requests:work')
  .input(requestAddNoteInputSchema)
  .output(timelineEventSchema)
  .mutation(({ ctx, input }) => addRequestNote(ctx.service, input));

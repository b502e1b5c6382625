import { requestAddNoteInputSchema, timelineEventSchema } from '@privdesk/shared';
import { permissionProcedure } from '../../../trpc/init.js';
import { addRequestNote } from '../requests.service.js';

export const addRequestNoteProcedure = permissionProcedure('requests:work')
  .input(requestAddNoteInputSchema)
  .output(timelineEventSchema)
  .mutation(({ ctx, input }) => addRequestNote(ctx, input));

import { requestRemoveExtensionInputSchema, requestClockChangeOutputSchema } from '@privdesk/shared';
import { permissionProcedure } from '../../../trpc/init.js';
import { removeRequestExtension } from '../clock-ledger.service.js';

export const removeRequestExtensionProcedure = permissionProcedure('requests:work')
  .input(requestRemoveExtensionInputSchema)
  .output(requestClockChangeOutputSchema)
  .mutation(({ ctx, input }) => removeRequestExtension(ctx.service, input));

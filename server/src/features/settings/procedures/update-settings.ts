import { settingsOutputSchema, settingsUpdateInputSchema } from '@privdesk/shared';
import { permissionProcedure } from '../../../trpc/init.js';
import { updateSettings } from '../settings.service.js';

export const updateSettingsProcedure = permissionProcedure('settings:manage')
  .input(settingsUpdateInputSchema)
  .output(settingsOutputSchema)
  .mutation(({ ctx, input }) => updateSettings(ctx.service, input));

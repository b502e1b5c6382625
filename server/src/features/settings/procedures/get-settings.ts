import { settingsOutputSchema } from '@privdesk/shared';
import { permissionProcedure } from '../../../trpc/init.js';
import { getSettings } from '../settings.service.js';

export const getSettingsProcedure = permissionProcedure('settings:read')
  .output(settingsOutputSchema)
  .query(({ ctx }) => getSettings(ctx.service));

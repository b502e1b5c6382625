import { settingsImpactOutputSchema, settingsPreviewInputSchema } from '@privdesk/shared';
import { permissionProcedure } from '../../../trpc/init.js';
import { previewSettingsImpact } from '../settings-impact.js';

/** How many open requests a settings change would move, and how many it would make overdue or due soon. */
export const previewSettingsImpactProcedure = permissionProcedure('settings:manage')
  .input(settingsPreviewInputSchema)
  .output(settingsImpactOutputSchema)
  .query(({ ctx, input }) => previewSettingsImpact(ctx.service, input));

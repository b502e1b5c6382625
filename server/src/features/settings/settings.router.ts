import { router } from '../../trpc/init.js';
import { getSettingsProcedure } from './procedures/get-settings.js';
import { previewSettingsImpactProcedure } from './procedures/preview-settings-impact.js';
import { updateSettingsProcedure } from './procedures/update-settings.js';

export const settingsRouter = router({
  get: getSettingsProcedure,
  update: updateSettingsProcedure,
  previewImpact: previewSettingsImpactProcedure,
});

import { intakeContextInputSchema, intakeContextOutputSchema } from '@privdesk/shared';
import { permissionProcedure } from '../../../trpc/init.js';
import { readSettings } from '../../settings/settings.store.js';

/** Where each regime is handled (zone and holiday calendar), for the intake form's receipt time. */
export const getIntakeContextProcedure = permissionProcedure('requests:create')
  .input(intakeContextInputSchema)
  .output(intakeContextOutputSchema)
  .query(async ({ ctx }) => {
    const settings = await readSettings(ctx.service.db, ctx.service.log);
    return { handling: settings.handling };
  });

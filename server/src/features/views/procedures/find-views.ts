import { viewsFindOutputSchema } from '@privdesk/shared';
import { permissionProcedure } from '../../../trpc/init.js';
import { findViews } from '../views.service.js';

export const findViewsProcedure = permissionProcedure('requests:read_summary')
  .output(viewsFindOutputSchema)
  .query(({ ctx }) => findViews(ctx.service));

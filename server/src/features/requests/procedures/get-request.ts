import { requestIdInputSchema, requestDetailSchema } from '@privdesk/shared';
import { permissionProcedure } from '../../../trpc/init.js';
import { viewLogged } from '../../audit/view-log.js';
import { getRequest } from '../request-read.js';

export const getRequestProcedure = permissionProcedure('requests:read')
  .input(requestIdInputSchema)
  .output(requestDetailSchema)
  .query(({ ctx, input }) =>
    viewLogged(
      ctx.service,
      ctx.config.secretBox,
      { surface: 'request', entityType: 'request' },
      (deps) => getRequest(deps, input.id),
      (out) => [out.id],
    ),
  );

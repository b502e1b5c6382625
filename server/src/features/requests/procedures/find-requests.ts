import { requestFindInputSchema, requestFindOutputSchema } from '@privdesk/shared';
import { permissionProcedure } from '../../../trpc/init.js';
import { guardedSearch, searchGuardOf } from '../../audit/search-audit.js';
import { findRequests } from '../request-read.js';

export const findRequestsProcedure = permissionProcedure('requests:read_summary')
  .input(requestFindInputSchema)
  .output(requestFindOutputSchema)
  .query(({ ctx, input }) =>
    guardedSearch(
      ctx.service,
      searchGuardOf(ctx.config),
      { action: 'requests.searched', surface: 'queue', term: input.search },
      () => findRequests(ctx.service, input),
      (out) => out.items.map((r) => r.id),
    ),
  );

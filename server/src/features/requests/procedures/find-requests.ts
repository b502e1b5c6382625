import { requestFindInputSchema, requestFindOutputSchema } from '@privdesk/shared';
import { permissionProcedure } from '../../../trpc/init.js';
import { guardedSearch, searchGuardOf } from '../../audit/search-audit.js';
import { viewLogged } from '../../audit/view-log.js';
import { findRequests } from '../request-read.js';

export const findRequestsProcedure = permissionProcedure('requests:read_summary')
  .input(requestFindInputSchema)
  .output(requestFindOutputSchema)
  .query(({ ctx, input }) =>
    // Shown in clear (officers): the view is logged; masked: the search is audited and limited.
    viewLogged(
      ctx.service,
      ctx.config.secretBox,
      { surface: 'queue', entityType: 'request', term: input.search },
      (deps) =>
        guardedSearch(
          deps,
          searchGuardOf(ctx.config),
          { action: 'requests.searched', surface: 'queue', term: input.search },
          () => findRequests(deps, input),
          (out) => out.items.map((r) => r.id),
        ),
      (out) => out.items.map((r) => r.id),
    ),
  );

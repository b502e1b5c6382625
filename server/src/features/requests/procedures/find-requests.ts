import { requestFindInputSchema, requestFindOutputSchema } from '@privdesk/shared';
import { permissionProcedure } from '../../../trpc/init.js';
import { searchSurface } from '../../audit/view-log.js';
import { findRequests } from '../request-read.js';

export const findRequestsProcedure = permissionProcedure('requests:read_summary')
  .input(requestFindInputSchema)
  .output(requestFindOutputSchema)
  // Shown in clear (officers): a logged view; masked: a rate-limited, audited search.
  .query(({ ctx, input }) =>
    searchSurface(
      ctx.service,
      ctx.config,
      {
        view: { surface: 'queue', entityType: 'request', term: input.search },
        search: { action: 'requests.searched', surface: 'queue', term: input.search },
      },
      (deps) => findRequests(deps, input),
      (out) => out.items.map((r) => r.id),
    ),
  );

import { findOpenDuplicatesInputSchema, findOpenDuplicatesOutputSchema } from '@privdesk/shared';
import { permissionProcedure } from '../../../trpc/init.js';
import { searchSurface } from '../../audit/view-log.js';
import { findOpenDuplicates } from '../request-intake.js';

export const findOpenDuplicatesProcedure = permissionProcedure('requests:create')
  .input(findOpenDuplicatesInputSchema)
  .output(findOpenDuplicatesOutputSchema)
  // Shown in clear (officers): a logged view; masked: a rate-limited, audited search.
  .query(({ ctx, input }) =>
    searchSurface(
      ctx.service,
      ctx.config,
      {
        view: { surface: 'duplicates', entityType: 'request', term: input.email },
        // The account id was picked from the (audited) customer search; the email is what was typed.
        search: { action: 'requests.searched', surface: 'duplicates', term: input.email },
      },
      (deps) => findOpenDuplicates(deps, input),
      (out) => out.items.map((r) => r.id),
    ),
  );

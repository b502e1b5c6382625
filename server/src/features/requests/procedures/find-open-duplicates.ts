import { findOpenDuplicatesInputSchema, findOpenDuplicatesOutputSchema } from '@privdesk/shared';
import { permissionProcedure } from '../../../trpc/init.js';
import { guardedSearch, searchGuardOf } from '../../audit/search-audit.js';
import { viewLogged } from '../../audit/view-log.js';
import { findOpenDuplicates } from '../request-intake.js';

export const findOpenDuplicatesProcedure = permissionProcedure('requests:create')
  .input(findOpenDuplicatesInputSchema)
  .output(findOpenDuplicatesOutputSchema)
  .query(({ ctx, input }) =>
    // Shown in clear (officers): the view is logged; masked: the search is audited and limited.
    viewLogged(
      ctx.service,
      ctx.config.secretBox,
      { surface: 'duplicates', entityType: 'request', term: input.email },
      (deps) =>
        guardedSearch(
          deps,
          searchGuardOf(ctx.config),
          // The account id was picked from the (audited) customer search; the email is what was typed.
          { action: 'requests.searched', surface: 'duplicates', term: input.email },
          () => findOpenDuplicates(deps, input),
          (out) => out.items.map((r) => r.id),
        ),
      (out) => out.items.map((r) => r.id),
    ),
  );

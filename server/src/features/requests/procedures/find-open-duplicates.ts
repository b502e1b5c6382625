import { findOpenDuplicatesInputSchema, findOpenDuplicatesOutputSchema } from '@privdesk/shared';
import { permissionProcedure } from '../../../trpc/init.js';
import { guardedSearch, searchGuardOf } from '../../audit/search-audit.js';
import { findOpenDuplicates } from '../request-intake.js';

export const findOpenDuplicatesProcedure = permissionProcedure('requests:create')
  .input(findOpenDuplicatesInputSchema)
  .output(findOpenDuplicatesOutputSchema)
  .query(({ ctx, input }) =>
    guardedSearch(
      ctx.service,
      searchGuardOf(ctx.config),
      // The account id was picked from the (audited) customer search; the email is what was typed.
      { action: 'requests.searched', surface: 'duplicates', term: input.email },
      () => findOpenDuplicates(ctx.service, input),
      (out) => out.items.map((r) => r.id),
    ),
  );

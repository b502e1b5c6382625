import { customerSearchInputSchema, customerSearchOutputSchema } from '@privdesk/shared';
import { permissionProcedure } from '../../../trpc/init.js';
import { guardedSearch, searchGuardOf } from '../../audit/search-audit.js';
import { viewLogged } from '../../audit/view-log.js';
import { searchCustomers } from '../customers.service.js';

export const searchCustomersProcedure = permissionProcedure('customers:read')
  .input(customerSearchInputSchema)
  .output(customerSearchOutputSchema)
  .query(({ ctx, input }) =>
    // Shown in clear (officers): the view is logged; masked: the search is audited and limited.
    viewLogged(
      ctx.service,
      ctx.config.secretBox,
      { surface: 'customer_search', entityType: 'customer', term: input.q },
      (deps) =>
        guardedSearch(
          deps,
          searchGuardOf(ctx.config),
          { action: 'customers.searched', surface: 'customer_picker', term: input.q },
          () => searchCustomers(deps, input),
          (out) => out.items.map((c) => c.id),
        ),
      (out) => out.items.map((c) => c.id),
    ),
  );

import { customerSearchInputSchema, customerSearchOutputSchema } from '@privdesk/shared';
import { permissionProcedure } from '../../../trpc/init.js';
import { searchSurface } from '../../audit/view-log.js';
import { searchCustomers } from '../customer-search.js';

export const searchCustomersProcedure = permissionProcedure('customers:read')
  .input(customerSearchInputSchema)
  .output(customerSearchOutputSchema)
  // Shown in clear (officers): a logged view; masked: a rate-limited, audited search.
  .query(({ ctx, input }) =>
    searchSurface(
      ctx.service,
      ctx.config,
      {
        view: { surface: 'customer_search', entityType: 'customer', term: input.q },
        search: { action: 'customers.searched', surface: input.from, term: input.q },
      },
      (deps) => searchCustomers(deps, input),
      (out) => out.items.map((c) => c.id),
    ),
  );

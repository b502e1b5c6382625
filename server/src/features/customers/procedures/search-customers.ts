import { customerSearchInputSchema, customerSearchOutputSchema } from '@privdesk/shared';
import { permissionProcedure } from '../../../trpc/init.js';
import { guardedSearch, searchGuardOf } from '../../audit/search-audit.js';
import { searchCustomers } from '../customers.service.js';

export const searchCustomersProcedure = permissionProcedure('customers:read')
  .input(customerSearchInputSchema)
  .output(customerSearchOutputSchema)
  .query(({ ctx, input }) =>
    guardedSearch(
      ctx.service,
      searchGuardOf(ctx.config),
      { action: 'customers.searched', surface: 'customer_picker', term: input.q },
      () => searchCustomers(ctx.service, input),
      (out) => out.items.map((c) => c.id),
    ),
  );

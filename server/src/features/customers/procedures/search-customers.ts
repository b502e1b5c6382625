import { customerSearchInputSchema, customerSearchOutputSchema } from '@privdesk/shared';
import { permissionProcedure } from '../../../trpc/init.js';
import { searchCustomers } from '../customers.service.js';

export const searchCustomersProcedure = permissionProcedure('customers:read')
  .input(customerSearchInputSchema)
  .output(customerSearchOutputSchema)
  .query(({ ctx, input }) => searchCustomers(ctx.service, input));

import { summaryForCustomerInputSchema, summaryForCustomerOutputSchema } from '@privdesk/shared';
import { permissionProcedure } from '../../../trpc/init.js';
import { summaryForCustomer } from '../request-read.js';

export const summaryForCustomerProcedure = permissionProcedure('requests:read_summary')
  .input(summaryForCustomerInputSchema)
  .output(summaryForCustomerOutputSchema)
  .query(({ ctx, input }) => summaryForCustomer(ctx.service, input.customerId));

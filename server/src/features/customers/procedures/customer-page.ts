import {
  customerIdInputSchema,
  customerLogRequestInputSchema,
  customerLogRequestOutputSchema,
  customerPageSchema,
  customerRevealInputSchema,
  customerRevealOutputSchema,
} from '@privdesk/shared';
import { permissionProcedure } from '../../../trpc/init.js';
import { viewLogged } from '../../audit/view-log.js';
import { logRequestForCustomer } from '../customer-log-request.js';
import { getCustomerPage } from '../customer-page.js';
import { revealCustomer } from '../customer-reveal.js';

/** The customer page; for readers in clear, opening it is a recorded view of personal data (product.md §9). */
export const getCustomerProcedure = permissionProcedure('customers:read')
  .input(customerIdInputSchema)
  .output(customerPageSchema)
  .query(({ ctx, input }) =>
    viewLogged(
      ctx.service,
      ctx.config.secretBox,
      { surface: 'customer_page', entityType: 'customer' },
      (deps) => getCustomerPage(deps, input.id),
      (out) => [out.customer.id],
    ),
  );

export const revealCustomerProcedure = permissionProcedure('customers:reveal_pii')
  .input(customerRevealInputSchema)
  .output(customerRevealOutputSchema)
  .mutation(({ ctx, input }) => revealCustomer(ctx.service, input));

export const logCustomerRequestProcedure = permissionProcedure('requests:create')
  .input(customerLogRequestInputSchema)
  .output(customerLogRequestOutputSchema)
  .mutation(({ ctx, input }) => logRequestForCustomer(ctx.service, input));

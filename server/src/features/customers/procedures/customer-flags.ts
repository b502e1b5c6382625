import {
  customerFlagLiftInputSchema,
  customerFlagSetInputSchema,
  customerFlagsInputSchema,
  customerFlagsOutputSchema,
} from '@privdesk/shared';
import { permissionProcedure } from '../../../trpc/init.js';
import { customerFlagsFor, liftCustomerFlag, setCustomerFlag } from '../customer-flags.js';

/** An account's flags, standing and lifted, with who set them, when and why: for everyone who reads customers. */
export const customerFlagsProcedure = permissionProcedure('customers:read')
  .input(customerFlagsInputSchema)
  .output(customerFlagsOutputSchema)
  .query(({ ctx, input }) => customerFlagsFor(ctx.service, input.customerId));

export const setCustomerFlagProcedure = permissionProcedure('customers:flag')
  .input(customerFlagSetInputSchema)
  .output(customerFlagsOutputSchema)
  .mutation(({ ctx, input }) => setCustomerFlag(ctx.service, input));

export const liftCustomerFlagProcedure = permissionProcedure('customers:flag')
  .input(customerFlagLiftInputSchema)
  .output(customerFlagsOutputSchema)
  .mutation(({ ctx, input }) => liftCustomerFlag(ctx.service, input));

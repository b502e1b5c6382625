import { router } from '../../trpc/init.js';
import {
  customerFlagsProcedure,
  liftCustomerFlagProcedure,
  setCustomerFlagProcedure,
} from './procedures/customer-flags.js';
import { searchCustomersProcedure } from './procedures/search-customers.js';

export const customersRouter = router({
  search: searchCustomersProcedure,
  flags: customerFlagsProcedure,
  setFlag: setCustomerFlagProcedure,
  liftFlag: liftCustomerFlagProcedure,
});

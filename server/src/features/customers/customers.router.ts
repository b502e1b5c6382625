import { router } from '../../trpc/init.js';
import {
  getCustomerProcedure,
  logCustomerRequestProcedure,
  revealCustomerProcedure,
} from './procedures/customer-page.js';
import {
  customerFlagsProcedure,
  liftCustomerFlagProcedure,
  setCustomerFlagProcedure,
} from './procedures/customer-flags.js';
import { searchCustomersProcedure } from './procedures/search-customers.js';

export const customersRouter = router({
  search: searchCustomersProcedure,
  get: getCustomerProcedure,
  reveal: revealCustomerProcedure,
  logRequest: logCustomerRequestProcedure,
  flags: customerFlagsProcedure,
  setFlag: setCustomerFlagProcedure,
  liftFlag: liftCustomerFlagProcedure,
});

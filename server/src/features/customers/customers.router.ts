import { router } from '../../trpc/init.js';
import { searchCustomersProcedure } from './procedures/search-customers.js';

export const customersRouter = router({
  search: searchCustomersProcedure,
});

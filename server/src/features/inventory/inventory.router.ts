import { router } from '../../trpc/init.js';
import {
  createDataSystemProcedure,
  getDataSystemProcedure,
  inventoryChoicesProcedure,
  listDataSystemsProcedure,
  updateDataSystemProcedure,
} from './procedures/inventory.js';

export const inventoryRouter = router({
  list: listDataSystemsProcedure,
  get: getDataSystemProcedure,
  choices: inventoryChoicesProcedure,
  create: createDataSystemProcedure,
  update: updateDataSystemProcedure,
});

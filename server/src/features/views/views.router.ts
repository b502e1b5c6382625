import { router } from '../../trpc/init.js';
import { createViewProcedure } from './procedures/create-view.js';
import { deleteViewProcedure } from './procedures/delete-view.js';
import { findViewsProcedure } from './procedures/find-views.js';

export const viewsRouter = router({
  find: findViewsProcedure,
  create: createViewProcedure,
  delete: deleteViewProcedure,
});

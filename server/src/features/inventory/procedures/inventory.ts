import {
  dataSystemCreateInputSchema,
  dataSystemIdInputSchema,
  dataSystemUpdateInputSchema,
  dataSystemViewSchema,
  inventoryChoicesOutputSchema,
  inventoryListOutputSchema,
} from '@privdesk/shared';
import { permissionProcedure } from '../../../trpc/init.js';
import { getDataSystem, inventoryChoices, listDataSystems } from '../inventory.queries.js';
import { createDataSystem, updateDataSystem } from '../inventory.service.js';

/** The data inventory is read with the registry it feeds (every staff role); no personal data in it. */
export const listDataSystemsProcedure = permissionProcedure('registry:read')
  .output(inventoryListOutputSchema)
  .query(({ ctx }) => listDataSystems(ctx.service));

export const getDataSystemProcedure = permissionProcedure('registry:read')
  .input(dataSystemIdInputSchema)
  .output(dataSystemViewSchema)
  .query(({ ctx, input }) => getDataSystem(ctx.service, input.id));

export const inventoryChoicesProcedure = permissionProcedure('registry:manage')
  .output(inventoryChoicesOutputSchema)
  .query(({ ctx }) => inventoryChoices(ctx.service));

/** Officers and admins keep it (issue 15, item 1): the registry's keepers. */
export const createDataSystemProcedure = permissionProcedure('registry:manage')
  .input(dataSystemCreateInputSchema)
  .output(dataSystemViewSchema)
  .mutation(async ({ ctx, input }) => {
    const row = await createDataSystem({ ...ctx.service, secretBox: ctx.config.secretBox }, input.fields);
    return getDataSystem(ctx.service, row.id);
  });

export const updateDataSystemProcedure = permissionProcedure('registry:manage')
  .input(dataSystemUpdateInputSchema)
  .output(dataSystemViewSchema)
  .mutation(async ({ ctx, input }) => {
    const row = await updateDataSystem({ ...ctx.service, secretBox: ctx.config.secretBox }, input);
    return getDataSystem(ctx.service, row.id);
  });

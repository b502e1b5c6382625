import { registryImportInputSchema, registryImportOutputSchema } from '@privdesk/shared';
import { permissionProcedure } from '../../../trpc/init.js';
import { importRegistryCsv } from '../registry-import.js';

/**
 * The registry from a CSV file (issue 14, item 7): a dry run reports every row by row and column and writes
 * nothing; a real run writes every row or, when any is refused, none.
 */
export const importRegistryProcedure = permissionProcedure('registry:manage')
  .input(registryImportInputSchema)
  .output(registryImportOutputSchema)
  .mutation(({ ctx, input }) => importRegistryCsv(ctx.service, input));

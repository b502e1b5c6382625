import { auditVerifyOutputSchema } from '@privdesk/shared';
import { z } from 'zod';
import { permissionProcedure } from '../../../trpc/init.js';
import { verifyAuditChain } from '../audit.verify.js';

export const verifyAuditChainProcedure = permissionProcedure('audit:read')
  .input(z.void())
  .output(auditVerifyOutputSchema)
  .query(({ ctx }) => verifyAuditChain(ctx.db));

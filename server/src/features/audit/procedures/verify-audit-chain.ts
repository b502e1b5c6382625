import { auditVerifyOutputSchema } from '@privdesk/shared';
import { z } from 'zod';
import { permissionProcedure } from '../../../trpc/init.js';
import { latestAuditCheckpoint, verifyAgainstCheckpoint } from '../audit-checkpoints.js';

export const verifyAuditChainProcedure = permissionProcedure('audit:read')
  .input(z.void())
  .output(auditVerifyOutputSchema)
  .query(({ ctx }) => {
    const { checkpoint } = ctx.config.auditCheckpointFile
      ? latestAuditCheckpoint(ctx.config.auditCheckpointFile, ctx.config.secretBox)
      : { checkpoint: null };
    return verifyAgainstCheckpoint(ctx.db, checkpoint);
  });

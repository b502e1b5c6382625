import { auditFindInputSchema, auditFindOutputSchema } from '@privdesk/shared';
import { permissionProcedure } from '../../../trpc/init.js';
import { findAuditEvents } from '../audit.service.js';

export const findAuditEventsProcedure = permissionProcedure('audit:read')
  .input(auditFindInputSchema)
  .output(auditFindOutputSchema)
  .query(({ ctx, input }) => findAuditEvents(ctx.service, input));

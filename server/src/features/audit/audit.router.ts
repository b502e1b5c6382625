import { router } from '../../trpc/init.js';
import { findAuditEventsProcedure } from './procedures/find-audit-events.js';
import { verifyAuditChainProcedure } from './procedures/verify-audit-chain.js';

export const auditRouter = router({
  find: findAuditEventsProcedure,
  verify: verifyAuditChainProcedure,
});

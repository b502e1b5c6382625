import { router } from '../../trpc/init.js';
import {
  recordAccountMatchProcedure,
  recordAgentAuthorityProcedure,
  recordDataPointsProcedure,
  recordDocumentProcedure,
  setVerificationScopeProcedure,
} from './procedures/record-verification.js';

export const verificationRouter = router({
  recordDataPoints: recordDataPointsProcedure,
  recordDocument: recordDocumentProcedure,
  recordAccountMatch: recordAccountMatchProcedure,
  recordAgentAuthority: recordAgentAuthorityProcedure,
  setScope: setVerificationScopeProcedure,
});

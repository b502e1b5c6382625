import { router } from '../../trpc/init.js';
import {
  recordAccountMatchProcedure,
  recordAgentAuthorityProcedure,
  recordDataPointsProcedure,
  recordDocumentProcedure,
  setVerificationScopeProcedure,
} from './procedures/record-verification.js';
import {
  checkOneTimeCodeProcedure,
  sendOneTimeCodeProcedure,
  sendVerificationLinkProcedure,
} from './procedures/email-checks.js';

export const verificationRouter = router({
  recordDataPoints: recordDataPointsProcedure,
  recordDocument: recordDocumentProcedure,
  recordAccountMatch: recordAccountMatchProcedure,
  recordAgentAuthority: recordAgentAuthorityProcedure,
  setScope: setVerificationScopeProcedure,
  sendLink: sendVerificationLinkProcedure,
  sendCode: sendOneTimeCodeProcedure,
  checkCode: checkOneTimeCodeProcedure,
});

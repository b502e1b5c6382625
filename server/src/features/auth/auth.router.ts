import { router } from '../../trpc/init.js';
import { confirmMfaEnrolmentProcedure } from './procedures/confirm-mfa-enrolment.js';
import { getMeProcedure } from './procedures/get-me.js';
import { setPasswordProcedure } from './procedures/set-password.js';
import { signInProcedure } from './procedures/sign-in.js';
import { signOutProcedure } from './procedures/sign-out.js';
import { startMfaEnrolmentProcedure } from './procedures/start-mfa-enrolment.js';
import { stepUpProcedure } from './procedures/step-up.js';
import { verifyMfaProcedure } from './procedures/verify-mfa.js';

export const authRouter = router({
  me: getMeProcedure,
  signIn: signInProcedure,
  verifyMfa: verifyMfaProcedure,
  startMfaEnrolment: startMfaEnrolmentProcedure,
  confirmMfaEnrolment: confirmMfaEnrolmentProcedure,
  stepUp: stepUpProcedure,
  signOut: signOutProcedure,
  setPassword: setPasswordProcedure,
});

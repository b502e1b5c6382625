import {
  verificationCheckCodeInputSchema,
  verificationCheckCodeOutputSchema,
  verificationSendCodeInputSchema,
  verificationSendLinkInputSchema,
  verificationSendOutputSchema,
} from '@privdesk/shared';
import { permissionProcedure } from '../../../trpc/init.js';
import { checkOneTimeCode, sendOneTimeCode, sendVerificationLink } from '../verification-email.js';

/** A link to the requester's address that opens their confirmation page (single use, 7 days). */
export const sendVerificationLinkProcedure = permissionProcedure('requests:verify')
  .input(verificationSendLinkInputSchema)
  .output(verificationSendOutputSchema)
  .mutation(({ ctx, input }) =>
    sendVerificationLink({ ...ctx.service, secretBox: ctx.config.secretBox }, input),
  );

/** A six-digit code to the requester's address, read back on a live call (10 minutes, 5 attempts). */
export const sendOneTimeCodeProcedure = permissionProcedure('requests:verify')
  .input(verificationSendCodeInputSchema)
  .output(verificationSendOutputSchema)
  .mutation(({ ctx, input }) => sendOneTimeCode({ ...ctx.service, secretBox: ctx.config.secretBox }, input));

export const checkOneTimeCodeProcedure = permissionProcedure('requests:verify')
  .input(verificationCheckCodeInputSchema)
  .output(verificationCheckCodeOutputSchema)
  .mutation(({ ctx, input }) => checkOneTimeCode({ ...ctx.service, secretBox: ctx.config.secretBox }, input));

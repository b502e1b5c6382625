import {
  verificationAccountMatchInputSchema,
  verificationAgentInputSchema,
  verificationChangeOutputSchema,
  verificationDataPointsInputSchema,
  verificationDocumentInputSchema,
  verificationScopeInputSchema,
} from '@privdesk/shared';
import { permissionProcedure } from '../../../trpc/init.js';
import {
  recordAccountMatch,
  recordAgentAuthority,
  recordDataPoints,
  recordDocumentReview,
  setVerificationScope,
} from '../verification-record.js';

/** What the requester supplied, compared by the server with the linked account. */
export const recordDataPointsProcedure = permissionProcedure('requests:verify')
  .input(verificationDataPointsInputSchema)
  .output(verificationChangeOutputSchema)
  .mutation(({ ctx, input }) => recordDataPoints(ctx.service, input));

export const recordDocumentProcedure = permissionProcedure('requests:verify')
  .input(verificationDocumentInputSchema)
  .output(verificationChangeOutputSchema)
  .mutation(({ ctx, input }) => recordDocumentReview(ctx.service, input));

export const recordAccountMatchProcedure = permissionProcedure('requests:verify')
  .input(verificationAccountMatchInputSchema)
  .output(verificationChangeOutputSchema)
  .mutation(({ ctx, input }) => recordAccountMatch(ctx.service, input));

export const recordAgentAuthorityProcedure = permissionProcedure('requests:verify')
  .input(verificationAgentInputSchema)
  .output(verificationChangeOutputSchema)
  .mutation(({ ctx, input }) => recordAgentAuthority(ctx.service, input));

export const setVerificationScopeProcedure = permissionProcedure('requests:verify')
  .input(verificationScopeInputSchema)
  .output(verificationChangeOutputSchema)
  .mutation(({ ctx, input }) => setVerificationScope(ctx.service, input));

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '../../../lib/trpc';

/**
 * Every request mutation. A success refreshes the requests (queue, page, timeline) and the audit log, which
 * just grew. A failure refreshes nothing: after a CONFLICT the person reloads on purpose, seeing what
 * changed, instead of the page shifting under an open form.
 */
export function useRequestMutations() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const onSuccess = async () => {
    await Promise.all([
      queryClient.invalidateQueries(trpc.requests.pathFilter()),
      queryClient.invalidateQueries(trpc.messages.pathFilter()),
      queryClient.invalidateQueries(trpc.audit.pathFilter()),
      queryClient.invalidateQueries(trpc.inbox.pathFilter()),
      // What an authorised agent reads of the request follows its status and dates.
      queryClient.invalidateQueries(trpc.drp.forRequest.pathFilter()),
    ]);
  };
  return {
    create: useMutation(trpc.requests.create.mutationOptions({ onSuccess })),
    assign: useMutation(trpc.requests.assign.mutationOptions({ onSuccess })),
    transition: useMutation(trpc.requests.transition.mutationOptions({ onSuccess })),
    addNote: useMutation(trpc.requests.addNote.mutationOptions({ onSuccess })),
    bulkAssign: useMutation(trpc.requests.bulkAssign.mutationOptions({ onSuccess })),
    bulkTransition: useMutation(trpc.requests.bulkTransition.mutationOptions({ onSuccess })),
    // The clock ledger: each answers the re-derived dates and the engine's warnings.
    acknowledge: useMutation(trpc.requests.acknowledge.mutationOptions({ onSuccess })),
    extend: useMutation(trpc.requests.extend.mutationOptions({ onSuccess })),
    removeExtension: useMutation(trpc.requests.removeExtension.mutationOptions({ onSuccess })),
    pause: useMutation(trpc.requests.pause.mutationOptions({ onSuccess })),
    resume: useMutation(trpc.requests.resume.mutationOptions({ onSuccess })),
    updateReceivedAt: useMutation(trpc.requests.updateReceivedAt.mutationOptions({ onSuccess })),
    merge: useMutation(trpc.requests.merge.mutationOptions({ onSuccess })),
    // A reply in the privacy mailbox resumes the request, dated the day it arrived (issue 16).
    informationReceived: useMutation(trpc.inbox.informationReceived.mutationOptions({ onSuccess })),
    // Identity checks: each answers the request's verification block as it now stands.
    recordDataPoints: useMutation(trpc.verification.recordDataPoints.mutationOptions({ onSuccess })),
    recordDocument: useMutation(trpc.verification.recordDocument.mutationOptions({ onSuccess })),
    recordAccountMatch: useMutation(trpc.verification.recordAccountMatch.mutationOptions({ onSuccess })),
    recordAgentAuthority: useMutation(trpc.verification.recordAgentAuthority.mutationOptions({ onSuccess })),
    setVerificationScope: useMutation(trpc.verification.setScope.mutationOptions({ onSuccess })),
    // Identity checks by email: a link to the requester's page, a code they read back on a call.
    sendLink: useMutation(trpc.verification.sendLink.mutationOptions({ onSuccess })),
    sendCode: useMutation(trpc.verification.sendCode.mutationOptions({ onSuccess })),
    checkCode: useMutation(trpc.verification.checkCode.mutationOptions({ onSuccess })),
    // A message that failed, back to the outbox.
    retryMessage: useMutation(trpc.messages.retry.mutationOptions({ onSuccess })),
  };
}

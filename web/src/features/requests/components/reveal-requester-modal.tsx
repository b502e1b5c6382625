import { revealReasonProblem } from '@privdesk/shared';
import { useMutation } from '@tanstack/react-query';
import { ReasonModal } from '../../../components/reason-modal';
import { useTRPC } from '../../../lib/trpc';

export interface RevealedRequester {
  requesterName: string;
  requesterEmail: string;
  agentName: string | null;
  agentEmail: string | null;
}

interface RevealRequesterModalProps {
  requestId: string;
  reference: string;
  onRevealed: (values: RevealedRequester) => void;
  onClose: () => void;
}

/** Shows one request's requester in clear, with a typed reason that the audit log records. */
export function RevealRequesterModal({
  requestId,
  reference,
  onRevealed,
  onClose,
}: RevealRequesterModalProps) {
  const trpc = useTRPC();
  // gcTime 0: the clear values live in the page's own state and nowhere else once this form is gone.
  const reveal = useMutation(trpc.requests.revealRequester.mutationOptions({ gcTime: 0 }));
  return (
    <ReasonModal
      title={`Reveal the requester of ${reference}`}
      body="The name and email are shown on this page only, until you leave it. Your reason is recorded in the audit log with the fields shown, never their values."
      reasonDescription="For example: the requester is on the phone and must be identified."
      confirmLabel="Reveal"
      problemTitle="Not revealed"
      // The same rule as the server's: a sentence, not a word typed to get past the field.
      validate={revealReasonProblem}
      onConfirm={async (reason) => onRevealed(await reveal.mutateAsync({ id: requestId, reason }))}
      onClose={onClose}
    />
  );
}

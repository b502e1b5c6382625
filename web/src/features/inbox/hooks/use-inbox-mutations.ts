import { useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { isTrpcError, trpcCodeOf, useTRPC, type AppTrpc } from '../../../lib/trpc';

/**
 * The inbox (the list, its count and the message), the requests (a message put on one is on its timeline)
 * and the audit log.
 */
function refreshAfterChange(queryClient: QueryClient, trpc: AppTrpc) {
  return Promise.all([
    queryClient.invalidateQueries(trpc.inbox.pathFilter()),
    queryClient.invalidateQueries(trpc.requests.pathFilter()),
    queryClient.invalidateQueries(trpc.audit.pathFilter()),
  ]);
}

/**
 * Putting a message on a request and saying it is not one. A refusal because someone else handled the
 * message meanwhile (CONFLICT, or BAD_REQUEST for "already handled") refetches too, so the page shows what
 * became of it.
 */
export function useInboxMutations() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const onSuccess = () => refreshAfterChange(queryClient, trpc);
  const onError = async (error: unknown) => {
    const code = trpcCodeOf(error);
    const isFieldError = isTrpcError(error) && Boolean(error.data?.fieldErrors);
    if (code === 'CONFLICT' || (code === 'BAD_REQUEST' && !isFieldError))
      await refreshAfterChange(queryClient, trpc);
  };
  return {
    attach: useMutation(trpc.inbox.attach.mutationOptions({ onSuccess, onError })),
    dismiss: useMutation(trpc.inbox.dismiss.mutationOptions({ onSuccess, onError })),
  };
}

import { useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { trpcCodeOf, useTRPC, type AppTrpc } from '../../../lib/trpc';
import type { PlanOutput } from '../types';

/** The plan, the request (its status, version and timeline moved with it, and the queue) and the audit log. */
function refreshAfterChange(queryClient: QueryClient, trpc: AppTrpc) {
  return Promise.all([
    queryClient.invalidateQueries(trpc.erasure.pathFilter()),
    queryClient.invalidateQueries(trpc.requests.pathFilter()),
    queryClient.invalidateQueries(trpc.audit.pathFilter()),
  ]);
}

/** The plan a mutation answered replaces the cached one at once; an uncached plan stays uncached. */
function placePlan(
  queryClient: QueryClient,
  trpc: AppTrpc,
  requestId: string,
  plan: NonNullable<PlanOutput['plan']>,
) {
  queryClient.setQueryData(trpc.erasure.plan.queryKey({ requestId }), (old: PlanOutput | undefined) =>
    old ? { ...old, plan, canPrepare: false, prepareBlocker: null } : old,
  );
}

/**
 * Every plan mutation. Each answers the plan as it now is, which replaces the cached one at once (the
 * buttons below the table follow the new state without waiting); then the plan, the request and the audit
 * log are refetched.
 *
 * A refusal for a stale version (CONFLICT) refetches them too: the message asks the person to review the
 * plan again, and they review what is now there, not the version they saw.
 */
export function useErasureMutations(requestId: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const onSuccess = async (out: { plan: NonNullable<PlanOutput['plan']> }) => {
    placePlan(queryClient, trpc, requestId, out.plan);
    await refreshAfterChange(queryClient, trpc);
  };
  const onError = async (error: unknown) => {
    if (trpcCodeOf(error) === 'CONFLICT') await refreshAfterChange(queryClient, trpc);
  };
  const handlers = { onSuccess, onError };
  return {
    prepare: useMutation(trpc.erasure.prepare.mutationOptions(handlers)),
    changeLine: useMutation(trpc.erasure.changeLine.mutationOptions(handlers)),
    submit: useMutation(trpc.erasure.submit.mutationOptions(handlers)),
    approve: useMutation(trpc.erasure.approve.mutationOptions(handlers)),
    reject: useMutation(trpc.erasure.reject.mutationOptions(handlers)),
    cancel: useMutation(trpc.erasure.cancel.mutationOptions(handlers)),
  };
}

/**
 * Closing a manual task, from the plan or from the task list (where tasks of several requests sit side by
 * side, so the request comes with each call). A refusal refetches too: a task already closed by someone else,
 * or one the reader no longer owns, leaves the list and the plan as they now are.
 */
export function useCloseTask() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useMutation(
    trpc.erasure.closeTask.mutationOptions({
      onSuccess: async (out, input) => {
        placePlan(queryClient, trpc, input.requestId, out.plan);
        await refreshAfterChange(queryClient, trpc);
      },
      onError: () => refreshAfterChange(queryClient, trpc),
    }),
  );
}

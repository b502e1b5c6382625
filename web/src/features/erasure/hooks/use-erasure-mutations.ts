import { useMutation, useQueryClient } from '@tanstack/react-query';
import { trpcCodeOf, useTRPC } from '../../../lib/trpc';
import type { PlanOutput } from '../types';

/**
 * Every plan mutation. Each answers the plan as it now is, which replaces the cached one at once (the
 * buttons below the table follow the new state without waiting); then the plan, the request (its status,
 * version and timeline moved with it, and the queue) and the audit log are refetched.
 *
 * A refusal for a stale version (CONFLICT) refetches them too: the message asks the person to review the
 * plan again, and they review what is now there, not the version they saw.
 */
export function useErasureMutations(requestId: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries(trpc.erasure.pathFilter()),
      queryClient.invalidateQueries(trpc.requests.pathFilter()),
      queryClient.invalidateQueries(trpc.audit.pathFilter()),
    ]);
  const onSuccess = async (out: { plan: PlanOutput['plan'] }) => {
    queryClient.setQueryData(trpc.erasure.plan.queryKey({ requestId }), (old: PlanOutput | undefined) =>
      old ? { ...old, plan: out.plan, canPrepare: false, prepareBlocker: null } : old,
    );
    await refresh();
  };
  const onError = async (error: unknown) => {
    if (trpcCodeOf(error) === 'CONFLICT') await refresh();
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

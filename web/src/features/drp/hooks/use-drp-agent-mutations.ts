import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '../../../lib/trpc';

/**
 * Adding, disabling or enabling an agent and giving it a new key. Each refreshes the directory (its
 * counts of tokens change with a disable or a new key) and the audit log, which just grew.
 */
export function useDrpAgentMutations() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const onSettled = async () => {
    await Promise.all([
      queryClient.invalidateQueries(trpc.drp.agents.pathFilter()),
      queryClient.invalidateQueries(trpc.audit.pathFilter()),
    ]);
  };
  return {
    add: useMutation(trpc.drp.addAgent.mutationOptions({ onSettled })),
    setStatus: useMutation(trpc.drp.setAgentStatus.mutationOptions({ onSettled })),
    rotateKey: useMutation(trpc.drp.rotateAgentKey.mutationOptions({ onSettled })),
  };
}

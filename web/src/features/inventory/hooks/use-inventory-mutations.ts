import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '../../../lib/trpc';
import type { DataSystemView } from '../types';

/**
 * Adding and editing a data system. Each answers with the system as its page shows it: that answer goes
 * straight into the page's cache, then the inventory (list, choices), the registry (its rows name the
 * systems they are linked to) and the audit log, which just grew, are refreshed through their routers' path
 * filters.
 */
export function useInventoryMutations() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = async () => {
    await Promise.all([
      queryClient.invalidateQueries(trpc.inventory.pathFilter()),
      queryClient.invalidateQueries(trpc.registry.pathFilter()),
      queryClient.invalidateQueries(trpc.audit.pathFilter()),
    ]);
  };
  const onSuccess = (detail: DataSystemView) => {
    queryClient.setQueryData(trpc.inventory.get.queryKey({ id: detail.id }), detail);
  };
  return {
    create: useMutation(trpc.inventory.create.mutationOptions({ onSuccess, onSettled: refresh })),
    update: useMutation(trpc.inventory.update.mutationOptions({ onSuccess, onSettled: refresh })),
  };
}

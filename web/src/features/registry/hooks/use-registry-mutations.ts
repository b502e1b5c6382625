import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '../../../lib/trpc';
import type { SubprocessorView } from '../types';

/**
 * Every registry change. Each answers with the subprocessor as its page now shows it: that answer goes
 * straight into the page's cache, then the registry's queries (the table, the choices, the subscribers)
 * and the audit log, which just grew, are refreshed through their routers' path filters.
 */
export function useRegistryMutations() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = async () => {
    await Promise.all([
      queryClient.invalidateQueries(trpc.registry.pathFilter()),
      queryClient.invalidateQueries(trpc.audit.pathFilter()),
    ]);
  };
  const onSuccess = (detail: SubprocessorView) => {
    queryClient.setQueryData(trpc.registry.get.queryKey({ id: detail.id }), detail);
  };
  // A notice by email writes messages: the mailbox shows them.
  const refreshWithMail = async () => {
    await Promise.all([refresh(), queryClient.invalidateQueries(trpc.messages.pathFilter())]);
  };
  return {
    create: useMutation(trpc.registry.create.mutationOptions({ onSuccess, onSettled: refresh })),
    update: useMutation(trpc.registry.update.mutationOptions({ onSuccess, onSettled: refresh })),
    sendNotice: useMutation(
      trpc.registry.sendNotice.mutationOptions({ onSuccess, onSettled: refreshWithMail }),
    ),
    activate: useMutation(trpc.registry.activate.mutationOptions({ onSuccess, onSettled: refresh })),
    retire: useMutation(trpc.registry.retire.mutationOptions({ onSuccess, onSettled: refresh })),
    recordObjection: useMutation(
      trpc.registry.recordObjection.mutationOptions({ onSuccess, onSettled: refresh }),
    ),
    decideObjection: useMutation(
      trpc.registry.decideObjection.mutationOptions({ onSuccess, onSettled: refresh }),
    ),
    addSubscriber: useMutation(trpc.registry.addSubscriber.mutationOptions({ onSettled: refresh })),
    removeSubscriber: useMutation(trpc.registry.removeSubscriber.mutationOptions({ onSettled: refresh })),
  };
}

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '../../../lib/trpc';

/** While a recompute of due dates is pending, ask again every few seconds so the notice clears by itself. */
const recomputePollMs = 5_000;

export function useSettingsQuery() {
  const trpc = useTRPC();
  return useQuery({
    ...trpc.settings.get.queryOptions(),
    refetchInterval: (query) => (query.state.data?.recomputePending ? recomputePollMs : false),
  });
}

/**
 * Saving answers with the new settings, which go straight into the cache. Due dates and the audit log
 * change with them, so those are refreshed too. A failure refreshes nothing: after a CONFLICT the person
 * reloads on purpose, seeing what changed.
 */
export function useUpdateSettings() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useMutation(
    trpc.settings.update.mutationOptions({
      onSuccess: (saved) => {
        queryClient.setQueryData(trpc.settings.get.queryKey(), saved);
        void queryClient.invalidateQueries(trpc.requests.pathFilter());
        void queryClient.invalidateQueries(trpc.audit.pathFilter());
      },
    }),
  );
}

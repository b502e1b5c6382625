import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '../../../lib/trpc';

/** Every staff mutation, each refreshing the staff lists (and the audit log, which just grew). */
export function useStaffMutations() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const onSettled = async () => {
    await Promise.all([
      queryClient.invalidateQueries(trpc.staff.pathFilter()),
      queryClient.invalidateQueries(trpc.audit.pathFilter()),
    ]);
  };
  return {
    create: useMutation(trpc.staff.create.mutationOptions({ onSettled })),
    update: useMutation(trpc.staff.update.mutationOptions({ onSettled })),
    disable: useMutation(trpc.staff.disable.mutationOptions({ onSettled })),
    enable: useMutation(trpc.staff.enable.mutationOptions({ onSettled })),
    resetMfa: useMutation(trpc.staff.resetMfa.mutationOptions({ onSettled })),
    issuePasswordLink: useMutation(trpc.staff.issuePasswordLink.mutationOptions({ onSettled })),
    confirmRoleGrant: useMutation(trpc.staff.confirmRoleGrant.mutationOptions({ onSettled })),
    cancelRoleGrant: useMutation(trpc.staff.cancelRoleGrant.mutationOptions({ onSettled })),
  };
}

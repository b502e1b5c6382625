import type { LoaderFunctionArgs } from 'react-router';
import { RequirePermission } from '../../components/require-permission';
import { ErasureTasksPage } from '../../features/erasure/components/erasure-tasks-page';
import type { AppServices } from '../services';
import { activeStaffOf, can, signInRedirect, warm } from './route-helpers';

export function createErasureTasksRoute(services: AppServices) {
  const { queryClient, trpc } = services;
  return {
    loader: async ({ request }: LoaderFunctionArgs) => {
      const staff = await activeStaffOf(services);
      if (!staff) return signInRedirect(request);
      if (!can(staff, 'erasure:tasks')) return null;
      await warm([queryClient.ensureQueryData(trpc.erasure.myTasks.queryOptions())]);
      return null;
    },
    Component: ErasureTasksRoutePage,
  };
}

function ErasureTasksRoutePage() {
  return (
    <RequirePermission permission="erasure:tasks">
      <ErasureTasksPage />
    </RequirePermission>
  );
}

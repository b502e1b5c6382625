import type { LoaderFunctionArgs } from 'react-router';
import { RequirePermission } from '../../components/require-permission';
import { DrpAgentsPage } from '../../features/drp/components/drp-agents-page';
import type { AppServices } from '../services';
import { activeStaffOf, can, signInRedirect, warm } from './route-helpers';

export function createDrpAgentsRoute(services: AppServices) {
  const { queryClient, trpc } = services;
  return {
    loader: async ({ request }: LoaderFunctionArgs) => {
      const staff = await activeStaffOf(services);
      if (!staff) return signInRedirect(request);
      if (!can(staff, 'settings:read')) return null;
      await warm([queryClient.ensureQueryData(trpc.drp.agents.queryOptions({}))]);
      return null;
    },
    Component: DrpAgentsRoutePage,
  };
}

function DrpAgentsRoutePage() {
  return (
    <RequirePermission permission="settings:read">
      <DrpAgentsPage />
    </RequirePermission>
  );
}

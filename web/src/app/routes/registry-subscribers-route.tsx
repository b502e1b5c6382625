import type { LoaderFunctionArgs } from 'react-router';
import { RequirePermission } from '../../components/require-permission';
import { SubscribersPage } from '../../features/registry/components/subscribers-page';
import type { AppServices } from '../services';
import { activeStaffOf, can, signInRedirect, warm } from './route-helpers';

export function createRegistrySubscribersRoute(services: AppServices) {
  const { queryClient, trpc } = services;
  return {
    loader: async ({ request }: LoaderFunctionArgs) => {
      const staff = await activeStaffOf(services);
      if (!staff) return signInRedirect(request);
      if (!can(staff, 'registry:manage')) return null;
      await warm([queryClient.ensureQueryData(trpc.registry.subscribers.queryOptions())]);
      return null;
    },
    Component: RegistrySubscribersRoutePage,
  };
}

function RegistrySubscribersRoutePage() {
  return (
    <RequirePermission permission="registry:manage">
      <SubscribersPage />
    </RequirePermission>
  );
}

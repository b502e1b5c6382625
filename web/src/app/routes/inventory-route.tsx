import type { LoaderFunctionArgs } from 'react-router';
import { RequirePermission } from '../../components/require-permission';
import { InventoryPage } from '../../features/inventory/components/inventory-page';
import type { AppServices } from '../services';
import { activeStaffOf, can, signInRedirect, warm } from './route-helpers';

export function createInventoryRoute(services: AppServices) {
  const { queryClient, trpc } = services;
  return {
    loader: async ({ request }: LoaderFunctionArgs) => {
      const staff = await activeStaffOf(services);
      if (!staff) return signInRedirect(request);
      if (!can(staff, 'registry:read')) return null;
      await warm([queryClient.ensureQueryData(trpc.inventory.list.queryOptions())]);
      return null;
    },
    Component: InventoryRoutePage,
  };
}

function InventoryRoutePage() {
  return (
    <RequirePermission permission="registry:read">
      <InventoryPage />
    </RequirePermission>
  );
}
